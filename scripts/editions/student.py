"""The student edition: the chapters without solutions and without the hidden claim checks.

``make student`` writes into ``_build/student/``

- ``notebooks/NN_name.ipynb``: every chapter of the toc with its exercise solutions and its
  claim checks removed and its outputs cleared; the setup cell stays, so the notebook installs
  ``lrcourse`` on Colab and runs anywhere;
- ``html/``: a second build of the site with sphinx-exercise's ``hide_solutions`` (and no page
  sources, no launch or edit buttons, which would lead to the notebooks with solutions);

and then runs the leak check, which fails the build if anything of a solution or a claim check
reached a student file. What is a solution is decided by the ``{solution}``,
``{solution-start}`` and ``{solution-end}`` directives themselves, and a claim check by the tags
the course already uses (``remove-cell`` or ``remove-input``, with ``silent``): there is no
marker an author could mistype. A misspelt directive fails ``make book`` (Sphinx does not know
it), so it cannot slip through either.

The check looks for every directive of a solution, for every line of a solution (prose and
code) and of a claim check that the rest of the chapter does not also contain, in the student
notebooks as text and in every text file of the student site with its HTML markup removed.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from editions.book import (
    ROOT,
    SOLUTION_DIRECTIVES,
    Book,
    is_claim_check,
    needed_names,
    split_claim_check,
    split_markdown,
)

OUT = ROOT / "_build" / "student"
#: Sphinx configuration of the student site, merged into the book's ``_config.yml``.
STUDENT_SPHINX_CONFIG = {
    "hide_solutions": True,  # sphinx-exercise removes every solution from the pages
    "html_copy_source": False,  # no _sources/*.ipynb with the solutions to download
    "html_theme_options": {"use_download_button": False},
}
TEXT_SUFFIXES = {".ipynb", ".html", ".js", ".txt", ".json", ".md", ".py", ".xml", ".css"}
MIN_FRAGMENT = 20  # characters: shorter lines ("x = 1", "```") say nothing about a leak
MIN_WORDS = 8  # a run of plain words looked for in the rendered HTML


# ---------------------------------------------------------------------------------------------
# Student notebooks


def roles(nb: nbformat.NotebookNode) -> list[str]:
    """Each cell's role: "markdown", "solution" (a code cell inside a gated solution),
    "check" (a claim check) or "code"."""
    found, inside = [], False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            _, inside = split_markdown(cell.source, inside)
            found.append("markdown")
        elif inside:
            found.append("solution")
        else:
            found.append("check" if is_claim_check(cell, index) else "code")
    return found


def claim_checks(nb: nbformat.NotebookNode) -> dict[int, tuple[str, str]]:
    """Cell index -> (definitions the cells after it need, the check) for every claim check
    (see ``editions.book.split_claim_check``)."""
    role = roles(nb)
    found = {}
    for index in (i for i, r in enumerate(role) if r == "check"):
        later = [nb.cells[j].source for j in range(index + 1, len(nb.cells))
                 if role[j] == "code"]
        found[index] = split_claim_check(nb.cells[index].source, needed_names(later))
    return found


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without solutions and claim checks, with outputs cleared. A claim
    check that also defines something a later cell uses leaves just that definition."""
    role, checks = roles(nb), claim_checks(nb)
    cells = []
    inside = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            parts, inside = split_markdown(cell.source, inside)
            kept = "\n".join(text for kind, text in parts if kind == "text").strip("\n")
            if kept.strip():
                new = nbformat.v4.new_markdown_cell(kept)
                new.metadata = dict(cell.metadata)
                new.id = cell.get("id", new.id)
                cells.append(new)
            continue
        source = cell.source
        if role[index] == "solution":
            continue
        if role[index] == "check":
            source = checks[index][0]
            if not source.strip():
                continue
            source = "# definitions the cells below use\n" + source
        new = nbformat.v4.new_code_cell(source)  # outputs and execution count cleared
        new.metadata = dict(cell.metadata)
        new.id = cell.get("id", new.id)
        cells.append(new)
    student = nbformat.v4.new_notebook(cells=cells)
    student.metadata = {key: value for key, value in nb.metadata.items() if key != "widgets"}
    nbformat.validate(student)
    return student


def write_notebooks(book: Book, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, chapter in book.chapters.items():
        nb = student_notebook(nbformat.read(chapter.path, as_version=4))
        path = out / f"{stem}.ipynb"
        nbformat.write(nb, path)
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Student site


def student_config(root: Path = ROOT) -> dict:
    """The book's configuration with solutions hidden and the ways to the full notebooks
    (page sources, launch, edit and repository buttons) removed."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config.get('title', '')} (student edition)"
    config["launch_buttons"] = {"binderhub_url": "", "colab_url": "", "thebe": False}
    html_options = config.setdefault("html", {})
    for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
        html_options[button] = False
    sphinx = config.setdefault("sphinx", {})
    sphinx["recursive_update"] = True
    # local extensions are found relative to the book, not to this configuration's folder
    extensions = {name: str((root / path).resolve()) for name, path in
                  sphinx.get("local_extensions", {}).items()}
    # hide_solutions also for gated solutions (sphinx-exercise#89): book/_ext/hide_gated_...
    extensions["hide_gated_solutions"] = str((root / "book" / "_ext").resolve())
    sphinx["local_extensions"] = extensions
    merged = sphinx.setdefault("config", {})
    for key, value in STUDENT_SPHINX_CONFIG.items():
        if isinstance(value, dict):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return config


def build_site(out: Path, root: Path = ROOT) -> Path:
    """Build the student site into ``out / "html"`` (the book's build, another config)."""
    work = out / ".build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = work / "_config.yml"
    config.write_text(yaml.safe_dump(student_config(root), sort_keys=False), encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jupyter_book), "build", str(root), "--config", str(config),
                    "--path-output", str(work), "-W", "-n", "--keep-going", "--all"], check=True)
    site = out / "html"
    shutil.rmtree(site, ignore_errors=True)
    shutil.move(str(work / "_build" / "html"), site)
    shutil.rmtree(work)
    return site


# ---------------------------------------------------------------------------------------------
# The leak check


@dataclass
class Secrets:
    """What must not reach a student: solution and claim-check text, per chapter."""

    lines: dict[str, set[str]] = field(default_factory=dict)  # chapter -> source lines
    words: dict[str, set[str]] = field(default_factory=dict)  # chapter -> runs of plain words

    @classmethod
    def of(cls, book: Book) -> Secrets:
        """The lines and word runs of solutions and claim checks that nothing else in the book
        (other chapters and pages included) also says."""
        secrets = cls()
        hidden: dict[str, tuple[list[str], list[str]]] = {}
        shown = [page.read_text(encoding="utf-8") for page in sorted(book.root.glob("book/*.md"))]
        for stem, chapter in book.chapters.items():
            prose, code, visible = _hidden_and_shown(nbformat.read(chapter.path, as_version=4))
            hidden[stem] = (prose, code)
            shown += visible
        shown_lines = _normal("\n".join(shown))
        shown_words = _words(" ".join(shown))
        for stem, (prose, code) in hidden.items():
            secrets.lines[stem] = {
                line for text in prose + code for line in map(_normal, text.splitlines())
                if len(line) >= MIN_FRAGMENT and line not in shown_lines
                and not _is_directive_line(line)}
            secrets.words[stem] = {run for text in prose for run in _word_runs(text)
                                   if run not in shown_words}
        return secrets


def _hidden_and_shown(nb: nbformat.NotebookNode) -> tuple[list[str], list[str], list[str]]:
    """The prose of solutions, the code of solutions and claim checks, and all the other text
    of the notebook (outputs and the definitions a claim check keeps included)."""
    prose, code, shown = [], [], []
    role, checks = roles(nb), claim_checks(nb)
    inside = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            parts, inside = split_markdown(cell.source, inside)
            for kind, text in parts:
                (prose if kind == "solution-text" else shown).append(text)
        elif role[index] == "solution":
            code.append(cell.source)
        elif role[index] == "check":
            definitions, check = checks[index]
            shown.append(definitions)
            code.append(check)
        else:
            shown.append(cell.source)
            for output in cell.get("outputs", []):
                shown.append(output.get("text", "") or output.get("data", {}).get(
                    "text/plain", ""))
    return prose, code, shown


def _is_directive_line(line: str) -> bool:
    return bool(re.match(r"^(`{3,}|:{3,})", line)) or bool(re.match(r"^:\w+:", line))


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "\u00a0": " ", "¶": " "})


def _normal(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def _words(text: str) -> str:
    """``text`` as lower-case words only: markup, math and punctuation dropped."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", " ", text, flags=re.S)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`", " ", text)
    return " ".join(re.findall(r"[a-z]+(?:'[a-z]+)?", text.translate(_QUOTES).lower()))


def _word_runs(text: str) -> set[str]:
    """Runs of ``MIN_WORDS`` or more plain words within one stretch of prose (between math,
    code and roles), as the rendered page shows them."""
    runs = set()
    stretches = re.split(r"\$\$.*?\$\$|\$[^$]*\$|\{[\w:-]+\}`[^`]*`|`[^`]*`|\n\s*\n|[()\[\]]",
                         text, flags=re.S)
    for stretch in stretches:
        words = _words(stretch).split()
        if len(words) >= MIN_WORDS:
            runs.add(" ".join(words))
    return runs


def _page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        nb = nbformat.reads(text, as_version=4)
        return "\n".join(cell.source for cell in nb.cells)
    if path.suffix == ".html":
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


_SOLUTION_DIRECTIVE = re.compile(r"\{(?:" + "|".join(map(re.escape, SOLUTION_DIRECTIVES)) + r")\}")
_SOLUTION_CLASS = re.compile(r"""class="[^"]*\bsolution\b""")


def find_leaks(files: list[Path], secrets: Secrets) -> list[str]:
    """Every place in ``files`` where a solution or claim check shows, as readable lines."""
    all_lines = set().union(*secrets.lines.values()) if secrets.lines else set()
    all_words = set().union(*secrets.words.values()) if secrets.words else set()
    leaks = []
    for path in files:
        if path.suffix not in TEXT_SUFFIXES:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if match := _SOLUTION_DIRECTIVE.search(raw):
            leaks.append(f"{path}: a solution directive {match.group(0)}")
        if path.suffix == ".html" and _SOLUTION_CLASS.search(raw):
            leaks.append(f"{path}: an element of class 'solution'")
        text = _normal(_page_text(path))
        words = _words(_page_text(path)) if path.suffix != ".ipynb" else ""
        leaks += [f"{path}: solution or claim-check text: {line[:90]!r}"
                  for line in sorted(all_lines) if line in text]
        leaks += [f"{path}: solution text: {run[:90]!r}" for run in sorted(all_words)
                  if words and run in words]
    return leaks


def student_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and ".build" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-site", action="store_true", help="the notebooks only")
    parser.add_argument("--check-only", action="store_true",
                        help="run the leak check on what is already in --out")
    args = parser.parse_args(argv)
    book = Book.load()
    if not args.check_only:
        shutil.rmtree(args.out / "notebooks", ignore_errors=True)
        notebooks = write_notebooks(book, args.out / "notebooks")
        print(f"{len(notebooks)} student notebooks in {args.out / 'notebooks'}")
        if not args.no_site:
            print(f"student site in {build_site(args.out)}")
    files = student_files(args.out)
    leaks = find_leaks(files, Secrets.of(book))
    if leaks:
        print(f"LEAK CHECK FAILED: {len(leaks)} leaks in the student edition", file=sys.stderr)
        print("\n".join(leaks[:100]), file=sys.stderr)
        return 1
    print(f"leak check: no solution or claim check in {len(files)} student files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
