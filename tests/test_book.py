"""The book's structure and the chapter conventions of CONTRIBUTING.md, checked on the files.

Nothing here executes a notebook (``make test``'s nbval run does that). Only the launch-link test
at the end builds the site, once per session and into a temporary directory (the outputs stored
in the notebooks are rendered, nothing is executed), so it never depends on a stale ``_build``.

The per-notebook tests are parametrized over the notebooks in ``book/``: with no notebook there
is no case to run, and pytest reports them as skipped ("got empty parameter set"), never passed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

REPO_URL = "https://github.com/lrcourse/lrcourse-book"  # `make retarget REPO=...` rewrites it
REPO = REPO_URL.removeprefix("https://github.com/")  # owner/name
BRANCH = "main"

# The first cell of every notebook, verbatim (CONTRIBUTING.md shows the same text), tagged
# remove-cell (not on the site) and silent (no output where lrcourse is installed). It runs first
# everywhere: on Colab it installs lrcourse; everywhere it makes matplotlib Figures display as
# PNG, also the ones lrcourse.plots builds without pyplot.
SETUP_CELL = f"""\
# Setup: install the course's package where it is missing (Colab), show figures inline.
try:
    import lrcourse  # noqa: F401
except ImportError:
    %pip install --quiet "lrcourse[plots,data] @ git+{REPO_URL}"
%matplotlib inline
"""
SILENT = "silent"  # the tag of a code cell that rightly has no output

# The course's parts (COURSE.md), in order: the toc may only use these captions, in this order,
# each holding (some of) its own files in this order.
PARTS = {
    "Part I: Foundations": ["01_learning_rate", "02_lr_in_training", "03_finding_lr"],
    "Part II: Schedules": ["04_decay", "05_warmup_cyclic", "06_plateau"],
    "Part III: Momentum and adaptive methods": ["07_momentum", "08_adaptive"],
    "Part IV: When training stalls": ["09_saddle_points", "10_plateaus", "11_dying_relu"],
    "Reference": ["cheatsheet", "api", "references"],
}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _toc_files(node: object) -> list[str]:
    """Every ``file:`` entry of the toc (any nesting), in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if "file" in node:
            found.append(node["file"])
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []):
                found.extend(_toc_files(child))
    return found


def _toc_pages() -> list[str]:
    return [TOC["root"], *_toc_files(TOC)]


TOC_NOTEBOOKS = [BOOK / f"{Path(f).name}.ipynb" for f in _toc_pages()
                 if (ROOT / f"{f}.ipynb").is_file()]


def _source(path: Path) -> str:
    """The page's file for a toc entry (which has no suffix)."""
    matches = [p for p in (ROOT / f"{path}.md", ROOT / f"{path}.ipynb") if p.is_file()]
    return matches[0].name if len(matches) == 1 else ""


# ---------------------------------------------------------------------------------------------
# The table of contents and the configuration


def test_toc_entries_exist_exactly_once() -> None:
    assert TOC["format"] == "jb-book"
    assert TOC["root"] == "book/intro"
    pages = _toc_pages()
    assert len(pages) == len(set(pages)), f"a page is listed twice in _toc.yml: {pages}"
    for page in pages:
        assert _source(page), f"_toc.yml lists {page!r}: no single {page}.md or {page}.ipynb"


def test_every_page_in_book_is_in_the_toc() -> None:
    listed = {Path(p).name for p in _toc_pages()}
    files = sorted(BOOK.glob("*.md")) + NOTEBOOKS
    missing = [f.name for f in files if f.stem not in listed]
    assert not missing, f"in book/ but not in _toc.yml (so not built): {missing}"


def test_toc_parts_follow_the_course_plan() -> None:
    captions = [part["caption"] for part in TOC["parts"]]
    planned = [c for c in PARTS if c in captions]
    assert captions == planned, f"parts must be a subset of {list(PARTS)}, in that order"
    for part in TOC["parts"]:
        names = [Path(ch["file"]).name for ch in part["chapters"]]
        allowed = PARTS[part["caption"]]
        assert set(names) <= set(allowed), f"{part['caption']}: {names} not all in {allowed}"
        assert names == [n for n in allowed if n in names], f"{part['caption']}: out of order"
        # Chapters are numbered 1 to 11 across the four parts; the reference pages are not.
        assert part.get("numbered", False) is (part["caption"] != "Reference")


def test_config_renders_stored_outputs_of_toc_pages_only() -> None:
    assert CONFIG["execute"]["execute_notebooks"] == "off"  # the site shows what nbval checked
    assert CONFIG["only_build_toc_files"] is True
    assert CONFIG["repository"] == {"url": REPO_URL, "branch": BRANCH, "path_to_book": ""}
    assert (ROOT / CONFIG["logo"]).is_file()
    assert (ROOT / CONFIG["html"]["favicon"]).is_file()
    for bib in CONFIG["bibtex_bibfiles"]:
        assert (ROOT / bib).is_file()


def test_course_map_links_every_chapter() -> None:
    intro = (BOOK / "intro.md").read_text(encoding="utf-8")
    unlinked = [p.name for p in TOC_NOTEBOOKS if f"]({p.name})" not in intro]
    assert not unlinked, f"link these chapters from the course map in book/intro.md: {unlinked}"


def test_citations_exist_in_the_bibliography() -> None:
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.MULTILINE))
    assert len(keys) == len(re.findall(r"^@\w+\{", bib, flags=re.MULTILINE)), "duplicate key"
    texts = [p.read_text(encoding="utf-8") for p in BOOK.glob("*.md")]
    texts += [cell.source for nb in map(_read, NOTEBOOKS) for cell in nb.cells
              if cell.cell_type == "markdown"]
    cited = {key.strip() for text in texts
             for group in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", text)
             for key in group.split(",")}
    assert cited, "the book cites nothing (intro.md cites at least two works)"
    assert cited <= keys, f"cited but not in book/references.bib: {sorted(cited - keys)}"


def test_contributing_shows_the_setup_cell_verbatim() -> None:
    assert SETUP_CELL in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Every notebook


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


_DIRECTIVE = re.compile(r"^(?:`{3,}|:{3,})\{([\w:-]+)\}[ \t]*(.*)$", re.MULTILINE)
_OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")


def _directives(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    """The MyST directives ``name`` in ``text``: (argument, options given as ``:key: value``)."""
    found = []
    for match in _DIRECTIVE.finditer(text):
        if match.group(1) != name:
            continue
        options = {}
        for line in text[match.end():].lstrip("\n").splitlines():
            option = _OPTION.match(line.strip())
            if not option:
                break
            options[option.group(1)] = option.group(2).strip()
        found.append((match.group(2).strip(), options))
    return found


def _has_box(nb: nbformat.NotebookNode, title: str, css_class: str) -> bool:
    return any(arg == title and css_class in opts.get("class", "").split()
               for text in _markdown(nb) for arg, opts in _directives(text, "admonition"))


def _outside_fences(markdown: str) -> list[str]:
    """The lines of ``markdown`` that are not inside a fenced block (a ``# comment`` in a code
    fence is not a heading)."""
    lines, fence = [], None
    for line in markdown.splitlines():
        marker = re.match(r"\s*(`{3,}|~{3,}|:{3,})", line)
        if fence is None and marker and marker.group(1)[0] == "`":
            fence = marker.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            lines.append(line)
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_valid(path: Path) -> None:
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    titles = [line for text in _markdown(nb) for line in _outside_fences(text)
              if line.startswith("# ")]
    assert len(titles) == 1, f"one '# Title' heading per chapter, found {titles}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_executed_in_order_with_outputs(path: Path) -> None:
    """Stored outputs are what nbval compares: an unexecuted cell would test nothing."""
    cells = _code_cells(_read(path))
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"cells not executed top to bottom on a fresh kernel (run make execute NB={path.name}): "
        f"execution counts {counts}"
    )
    for i, cell in enumerate(cells):
        where = f"code cell {i} ({cell.source[:50]!r})"
        if SILENT in _tags(cell):
            assert not cell.outputs, f"{where} is tagged {SILENT!r} but has output"
        else:
            assert cell.outputs, f"{where} has no output: tag it {SILENT!r} if that is intended"
        for out in cell.outputs:
            assert out.output_type != "error", f"{where} stored an error"
            assert out.get("name") != "stderr", f"{where} wrote to stderr: {out.text[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_first_cell_is_the_setup_cell(path: Path) -> None:
    first = _read(path).cells[0]
    assert first.cell_type == "code"
    assert first.source.strip() == SETUP_CELL.strip(), "first cell: see CONTRIBUTING.md"
    assert {"remove-cell", SILENT} <= set(_tags(first))


_GLOBAL_RANDOM = re.compile(
    r"\b(?:np|numpy)\.random\.(?!default_rng\b|Generator\b)\w+"  # global-state numpy calls
    r"|\bdefault_rng\(\s*\)"  # a generator without a seed
    r"|^\s*(?:import random\b|from random import)",  # Python's global random module
    re.MULTILINE,
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_seeded(path: Path) -> None:
    code = "\n".join(c.source for c in _code_cells(_read(path)))
    assert not _GLOBAL_RANDOM.findall(code), "use np.random.default_rng(seed), not global state"
    assert re.search(r"default_rng\(\s*\w|\bseed\s*=", code), "no seeded randomness found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_objectives_in_title_cell_and_takeaways_box(path: Path) -> None:
    nb = _read(path)
    first_md = next(c for c in nb.cells if c.cell_type == "markdown")
    assert first_md.source.startswith("# "), "the first markdown cell starts with the title"
    assert _has_box(nbformat.v4.new_notebook(cells=[first_md]), "Learning objectives",
                    "objectives"), "learning objectives belong in the title cell"
    assert _has_box(nb, "Key takeaways", "takeaways")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_claims_are_checked_by_hidden_asserts(path: Path) -> None:
    checks = [c for c in _code_cells(_read(path))[1:]
              if {"remove-input", "remove-cell"} & set(_tags(c))
              and re.search(r"^\s*assert\b", c.source, re.MULTILINE)]
    assert checks, "no claim check (an assert in a cell tagged remove-input or remove-cell)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_exercises_have_folded_solutions(path: Path) -> None:
    nb = _read(path)
    text = "\n".join(_markdown(nb))
    exercises = _directives(text, "exercise") + _directives(text, "exercise-start")
    assert 2 <= len(exercises) <= 5, f"{len(exercises)} exercises: the course asks for 2 to 5"
    labels = [opts.get("label", "") for _, opts in exercises]
    assert all(labels), "every exercise needs a :label:"
    solutions = _directives(text, "solution") + _directives(text, "solution-start")
    solved = {arg for arg, _ in solutions}
    assert set(labels) <= solved, f"exercises without a solution: {set(labels) - solved}"
    assert all("dropdown" in opts.get("class", "").split() for _, opts in solutions), (
        "every solution needs :class: dropdown (folded on the site)"
    )
    # At least one solution runs code: a code cell between solution-start and solution-end.
    inside, ran = False, False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if _directives(cell.source, "solution-start"):
                inside = True
            if _directives(cell.source, "solution-end"):
                inside = False
        elif inside:
            ran = True
    assert ran, "no computational exercise: no code cell inside solution-start/solution-end"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_has_an_in_pytorch_box(path: Path) -> None:
    nb = _read(path)
    boxes = [text for text in _markdown(nb)
             if any(arg == "In PyTorch" and "pytorch" in opts.get("class", "").split()
                    for arg, opts in _directives(text, "admonition"))]
    assert boxes, "no ':::{admonition} In PyTorch' box with ':class: pytorch'"
    assert any("```python" in box and "torch" in box for box in boxes)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_widgets_have_stored_state(path: Path) -> None:
    """A widget view without its model in the notebook's widget state shows nothing on the site."""
    nb = _read(path)
    views = [out.data[WIDGET_VIEW]["model_id"] for cell in _code_cells(nb)
             for out in cell.outputs if WIDGET_VIEW in out.get("data", {})]
    assert views, "no widget output: every chapter has at least one widget"
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    missing = [m for m in views if m not in state]
    assert not missing, "widget state not stored: re-run with make execute"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_images_are_captioned_figures_with_alt_text(path: Path) -> None:
    for i, cell in enumerate(_code_cells(_read(path))):
        shown = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
        if not any("image/png" in o.data for o in shown):
            continue
        where = f"code cell {i} ({cell.source[:50]!r})"
        meta = cell.metadata.get("mystnb", {})
        figure, image = meta.get("figure", {}), meta.get("image", {})
        assert figure.get("caption") and figure.get("name"), f"{where}: mystnb.figure missing"
        assert image.get("alt"), f"{where}: mystnb.image.alt missing"
        assert len(shown) == 1, (
            f"{where}: {len(shown)} displayed outputs; a figure cell shows exactly one image "
            "(each output would get the caption)"
        )


# ---------------------------------------------------------------------------------------------
# Launch links on the built site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML of the whole book, built into a temporary directory."""
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), "--all"],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return out / "_build" / "html"


@pytest.mark.parametrize("path", TOC_NOTEBOOKS, ids=_ids(TOC_NOTEBOOKS))
def test_launch_links_open_this_notebook(path: Path, built_site: Path) -> None:
    page = built_site / "book" / f"{path.stem}.html"
    assert page.is_file(), f"{page} was not built"
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    notebook = f"book/{path.name}"
    binder = f"https://mybinder.org/v2/gh/{REPO}/{BRANCH}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{REPO}/blob/{BRANCH}/{notebook}"
    assert binder in parser.hrefs
    assert colab in parser.hrefs
    assert f"{REPO_URL}/edit/{BRANCH}/{notebook}" in parser.hrefs


#: Characters of monospace text that fit without a horizontal scrollbar, measured in headless
#: Chromium at 1280 px: a 74-character line fills the page column's code box, a 68-character
#: one the narrower box inside a solution or an admonition such as the PyTorch box.
PAGE_COLUMNS, BOX_COLUMNS = 74, 68


def _too_wide(text: str, limit: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > limit]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_code_and_printed_output_fit_the_page_column(path: Path) -> None:
    """A scrollbar hides the end of a line: shown code and printed text must fit their box."""
    wide, in_solution = [], False
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            if _directives(cell.source, "solution-start"):
                in_solution = True
            if _directives(cell.source, "solution-end"):
                in_solution = False
            fence = None
            for line in cell.source.splitlines():  # code fences: inside a box on every page
                marker = re.match(r"\s*(`{3,})(\w*)", line)
                if marker and fence is None and marker.group(2) == "python":
                    fence = marker.group(1)
                elif fence is not None and line.strip() == fence:
                    fence = None
                elif fence is not None and len(line) > BOX_COLUMNS:
                    wide.append(f"cell {index} (python fence): {line}")
            continue
        limit = BOX_COLUMNS if in_solution else PAGE_COLUMNS
        tags = set(_tags(cell))
        if not {"remove-input", "remove-cell"} & tags:
            wide += [f"cell {index} (code): {line}" for line in _too_wide(cell.source, limit)]
        if not {"remove-output", "remove-cell"} & tags:
            for out in cell.outputs:
                if out.output_type == "stream":
                    wide += [f"cell {index} (output): {line}"
                             for line in _too_wide(out.text, limit)]
    assert not wide, "\n".join(wide)
