"""The instructor editions (scripts/editions), checked without a browser: the rules that make a
deck from a notebook, the student notebooks and the leak check, the repository named the same
everywhere and ``make retarget``. The built editions are checked in headless Chromium by
tests/test_editions_built.py (``make test-editions``)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from editions import retarget, slides, student  # noqa: E402
from editions.book import (  # noqa: E402
    SOLUTION_DIRECTIVES,
    Book,
    Chapter,
    UnknownMarkup,
    directive_names,
    is_claim_check,
    needed_names,
    split_claim_check,
    split_solutions,
)

BOOK = Book.load()
CHAPTERS = list(BOOK.chapters.values())
IDS = [c.stem for c in CHAPTERS]
SETUP = nbformat.read(CHAPTERS[0].path, as_version=4).cells[0] if CHAPTERS else None

# Any MyST role or directive, which must never reach a slide raw.
RAW_MYST = re.compile(r"\{[\w:-]+\}`|^\s*(?:`{3,}|:{3,})\{[\w:-]+\}|^:{3,}", re.MULTILINE)


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _markdown_of(deck: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in deck.cells if c.cell_type == "markdown")


# ---------------------------------------------------------------------------------------------
# Shortening prose


@pytest.mark.parametrize(("text", "expected"), [
    ("One sentence. Another one.", "One sentence."),
    ("A rate $\\eta = 0.5.$ Then more.", "A rate $\\eta = 0.5.$ Then more."),  # no cut in math
    ("It falls, e.g. by half. Then it stays.", "It falls, e.g. by half."),
    ("See (Fig. 4.2. too) here. Next.", "See (Fig. 4.2. too) here."),
    ("**Every decay helped.** The constant rate ends at 0.29.", "**Every decay helped.**"),
    ("Use `x.y. z` here. Next.", "Use `x.y. z` here."),
    ("no full stop at all", "no full stop at all"),
])
def test_lead_is_the_first_sentence(text: str, expected: str) -> None:
    assert slides.lead(text) == expected


def test_lead_of_an_objective_is_its_first_clause() -> None:
    item = "explain why a rate is too large at the end: minibatch noise keeps SGD hovering;"
    assert slides.lead(item, clause=True) == "explain why a rate is too large at the end"
    assert slides.lead("**bold: still bold** then", clause=True) == "**bold**"


def test_shorten_cuts_long_leads_at_a_clause_and_keeps_math_whole() -> None:
    long = ", ".join(f"part {i} with $a_{{{i}}} + b$" for i in range(30)) + "."
    short = slides.shorten(long)
    assert short.endswith(" …") and slides.visible_length(short) <= slides.LEAD_MAX_CHARS + 2
    assert short.count("$") % 2 == 0
    assert slides.shorten("short.") == "short."


def test_chunks_are_about_equal_and_cut_at_blank_lines() -> None:
    lines = [f"line {i}" if i % 6 else "" for i in range(1, 44)]
    pieces = slides.chunks(lines, 20)
    assert all(len(p) <= 20 for p in pieces) and len(pieces) == 3
    assert sum(len(p) for p in pieces) + len(pieces) - 1 == len(lines)  # blank cut lines dropped
    assert [len(p) for p in slides.chunks(["x"] * 21, 20)] == [11, 10]  # no orphan line


# ---------------------------------------------------------------------------------------------
# MyST made plain, with the site's numbers


def test_roles_become_what_the_site_shows() -> None:
    figure, number = next(iter(BOOK.figures.items()))
    equation, eq_number = next(iter(BOOK.equations.items()))
    exercise, (ex_number, _) = next(iter(BOOK.exercises.items()))
    key = next(iter(BOOK.citations))
    text = BOOK.plain(f"{{numref}}`{figure}`, {{numref}}`Figure %s <{figure}>`, "
                      f"{{eq}}`{equation}`, {{ref}}`{exercise}`, {{cite}}`{key}`, "
                      "{py:func}`lrcourse.train.fit`, {py:class}`~lrcourse.schedules.StepDecay`"
                      ", [Chapter](04_decay.ipynb), [sheet](cheatsheet.md)")
    authors, year = BOOK.citations[key]
    assert text == (f"Fig. {number}, Figure {number}, ({eq_number}), Exercise {ex_number}, "
                    f"[{authors}, {year}], `lrcourse.train.fit()`, `StepDecay`, "
                    "[Chapter](04_decay.slides.html), sheet")
    assert not RAW_MYST.search(text)


@pytest.mark.parametrize("markup", ["{numref}`fig-does-not-exist`", "{cite}`nobody2099`",
                                    "{ref}`ex-none`", "{unknownrole}`x`"])
def test_unknown_markup_fails_instead_of_reaching_a_slide(markup: str) -> None:
    with pytest.raises(UnknownMarkup):
        BOOK.plain(markup)


def test_chapters_are_numbered_as_in_the_toc() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [Path(ch["file"]).name for part in toc["parts"] if part.get("numbered")
                for ch in part["chapters"] if (ROOT / f"{ch['file']}.ipynb").is_file()]
    assert [c.stem for c in CHAPTERS if c.number] == numbered
    assert [c.number for c in CHAPTERS if c.number] == list(range(1, len(numbered) + 1))


# ---------------------------------------------------------------------------------------------
# Decks


def _section_headings(chapter: Chapter) -> list[str]:
    headings = []
    for cell in _read(chapter.path).cells:
        if cell.cell_type == "markdown":
            headings += [m.group(1).strip() for m in
                         re.finditer(r"^## (.+)$", "\n".join(_outside_code(cell.source)),
                                     re.MULTILINE)]
    return headings


def _outside_code(markdown: str) -> list[str]:
    lines, fence = [], None
    for line in markdown.splitlines():
        marker = re.match(r"\s*(`{3,})", line)
        if fence is None and marker and not re.match(r"\s*`{3,}\{", line):
            fence = marker.group(1)
        elif fence is not None and line.strip() == fence:
            fence = None
        elif fence is None:
            lines.append(line)
    return lines


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_section_starts_a_slide(chapter: Chapter) -> None:
    deck = slides.Deck(BOOK, chapter)
    tops = [s.heading for s in deck.slides if s.top]
    assert tops[0] == chapter.title
    numbered = [h for h in tops if re.match(r"^\d+(\.\d+)* ", h)]
    expected = [f"{chapter.number}.{i} {BOOK.plain(h)}"
                for i, h in enumerate(_section_headings(chapter), 1)]
    assert numbered == expected
    assert "Key takeaways" in tops and "In PyTorch" in tops
    assert all(s.lines <= slides.MAX_BULLET_LINES for s in deck.slides)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_a_deck_has_no_raw_myst_no_solution_and_no_claim_check(chapter: Chapter,
                                                                tmp_path: Path) -> None:
    deck = slides.Deck(BOOK, chapter).notebook()
    markdown = _markdown_of(deck)
    assert not RAW_MYST.search(markdown), RAW_MYST.search(markdown)
    assert {c.metadata["slideshow"]["slide_type"] for c in deck.cells} <= {
        "slide", "subslide", "notes", "-"}
    assert not [c for c in deck.cells if c.cell_type == "code"], "no cell is tagged to show"
    html, _ = slides.exporter().from_notebook_node(deck)
    page = tmp_path / f"{chapter.stem}.slides.html"
    page.write_text(html, encoding="utf-8")
    assert student.find_leaks([page], student.Secrets.of(BOOK)) == []
    remote = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//[^"]*', html)
    assert not remote, f"a deck loads nothing from the network: {remote}"


def _synthetic_chapter(tmp_path: Path, cells: list[nbformat.NotebookNode]) -> Chapter:
    nb = nbformat.v4.new_notebook(cells=[SETUP, *cells])
    nb.metadata = _read(CHAPTERS[0].path).metadata
    path = tmp_path / "99_synthetic.ipynb"
    nbformat.write(nb, path)
    return Chapter("99_synthetic", path, 99, "Synthetic")


def _code(source: str, text: str = "", tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = list(tags)
    if text:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return cell


def test_code_is_hidden_unless_tagged_and_prose_goes_to_the_notes(tmp_path: Path) -> None:
    paragraph = ("The first sentence stays on the slide. The second one goes to the notes "
                 "only, with everything else the slide leaves out.")
    chapter = _synthetic_chapter(tmp_path, [
        nbformat.v4.new_markdown_cell("# Synthetic\n\n## A section\n\n" + paragraph),
        _code("hidden_source_line = 1\nprint('printed')", "printed\n"),
        _code("shown_source_line = 2", "two\n", tags=(slides.SHOW_CODE_TAG,)),
        _code("assert claim_check_line", tags=("remove-input", "silent")),
        _code("removed_cell_line = 3", "gone\n", tags=("remove-cell",)),
    ])
    deck = slides.Deck(BOOK, chapter).notebook()
    code = [c for c in deck.cells if c.cell_type == "code"]
    assert [c.source for c in code] == ["shown_source_line = 2"]
    html, _ = slides.exporter().from_notebook_node(deck)
    assert "shown_source_line" in html and "printed" in html
    for hidden in ("hidden_source_line", "claim_check_line", "removed_cell_line", "gone"):
        assert hidden not in html
    slide_text = "\n".join(c.source for c in deck.cells
                           if c.metadata["slideshow"]["slide_type"] != "notes")
    notes = "\n".join(c.source for c in deck.cells
                      if c.metadata["slideshow"]["slide_type"] == "notes")
    assert "The first sentence stays on the slide." in slide_text
    assert "The second one goes to the notes" not in slide_text
    assert paragraph in notes
    assert '<aside class="notes">' in html


def test_a_long_section_continues_on_sub_slides(tmp_path: Path) -> None:
    items = "\n".join(f"- Point number {i} of a long list that a slide cannot hold whole."
                      for i in range(30))
    chapter = _synthetic_chapter(tmp_path, [
        nbformat.v4.new_markdown_cell("# Synthetic\n\n## Long\n\n" + items)])
    deck = slides.Deck(BOOK, chapter)
    long = [s for s in deck.slides if s.heading.startswith("99.1 Long")]
    assert len(long) >= 30 // slides.MAX_BULLET_LINES
    assert long[0].top and not any(s.top for s in long[1:])
    assert all(s.lines <= slides.MAX_BULLET_LINES for s in long)


def test_unknown_directive_fails(tmp_path: Path) -> None:
    chapter = _synthetic_chapter(tmp_path, [
        nbformat.v4.new_markdown_cell("# Synthetic\n\n```{mystery}\nbody\n```")])
    with pytest.raises(UnknownMarkup, match="mystery"):
        slides.Deck(BOOK, chapter)


# ---------------------------------------------------------------------------------------------
# Student notebooks and the leak check


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_student_notebook_drops_solutions_and_claim_checks_only(chapter: Chapter,
                                                                tmp_path: Path) -> None:
    source = _read(chapter.path)
    nb = student.student_notebook(source)
    assert nb.cells[0].source == source.cells[0].source, "the setup cell stays first"
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not set(directive_names(text)) & set(SOLUTION_DIRECTIVES)
    assert directive_names(text).count("exercise") == directive_names(
        "\n".join(c.source for c in source.cells if c.cell_type == "markdown")).count("exercise")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "widgets" not in nb.metadata
    role, checks = student.roles(source), student.claim_checks(source)
    kept = [c.source if role[i] == "code" else "# definitions the cells below use\n"
            + checks[i][0] for i, c in enumerate(source.cells)
            if role[i] == "code" or (role[i] == "check" and checks[i][0].strip())]
    assert [c.source for c in code] == kept
    assert not any(re.search(r"^\s*assert\b", c.source, re.MULTILINE) for c in code[1:])
    path = tmp_path / chapter.path.name
    nbformat.write(nb, path)
    assert student.find_leaks([path], student.Secrets.of(BOOK)) == []


def test_a_claim_check_keeps_only_the_definitions_later_cells_need() -> None:
    check = ("helper_base = 2.0\n"
             "def helper(x):\n    return helper_base * x\n"
             "# \"the rate doubles\"\n"
             "assert helper(1) == 2, 'the rate doubles'\n"
             "unused = helper(3)\n"
             "for k in range(3):\n    table = k\n    assert k < 3\n")
    later = ["print(helper(4))", "table = 1\nprint(table)"]  # table rebound before its use
    definitions, rest = split_claim_check(check, needed_names(later))
    assert definitions == "helper_base = 2.0\ndef helper(x):\n    return helper_base * x"
    assert "assert helper(1) == 2" in rest and "unused" in rest and "table = k" in rest
    assert split_claim_check("assert (", {"x"}) == ("", "assert (")


def _planted(tmp_path: Path, chapter: Chapter, text: str, *, code: bool = False) -> Path:
    nb = student.student_notebook(_read(chapter.path))
    cell = nbformat.v4.new_code_cell(text) if code else nbformat.v4.new_markdown_cell(text)
    nb.cells.insert(3, cell)
    path = tmp_path / f"{chapter.stem}.ipynb"
    nbformat.write(nb, path)
    return path


def _solution_pieces(chapter: Chapter) -> tuple[str, str]:
    pieces = split_solutions(_read(chapter.path).cells)
    prose = next(t for k, t in pieces if k == "solution-text" and len(t) > 200)
    code = next(c.source for k, c in pieces if k == "solution-cell" and len(c.source) > 40)
    return prose, code


@pytest.mark.parametrize("chapter", CHAPTERS[:2], ids=IDS[:2])
def test_the_leak_check_finds_every_kind_of_leak(chapter: Chapter, tmp_path: Path) -> None:
    secrets = student.Secrets.of(BOOK)
    prose, code = _solution_pieces(chapter)
    source = _read(chapter.path)
    check = next(c.source for i, c in enumerate(source.cells) if is_claim_check(c, i))
    body = "\n".join(line for line in prose.splitlines()
                     if not re.match(r"^(`{3,}|:{3,}|:\w+:)", line.strip()))
    cases = {
        "solution prose": (body, False),
        "solution code": (code, True),
        "claim check": (check, True),
        "a bare solution directive": ("```{solution} ex-any\nAnything at all.\n```", False),
        "a gated one": ("```{solution-start} ex-any\n```\nx\n```{solution-end}\n```", False),
    }
    for name, (text, is_code) in cases.items():
        path = _planted(tmp_path, chapter, text, code=is_code)
        assert student.find_leaks([path], secrets), f"the leak check missed {name}"
    clean = _planted(tmp_path, chapter, "A harmless note the chapter does not contain.")
    assert student.find_leaks([clean], secrets) == []


def test_the_leak_check_reads_the_rendered_site(tmp_path: Path) -> None:
    secrets = student.Secrets.of(BOOK)
    run = next(run for runs in secrets.words.values() for run in sorted(runs))
    page = tmp_path / "page.html"
    words = run.split()  # as a page shows a solution sentence: in markup, with entities
    page.write_text(f"<p>{' '.join(words[:3])} <em>{' '.join(words[3:])}</em>&nbsp;.</p>",
                    encoding="utf-8")
    assert student.find_leaks([page], secrets)
    page.write_text("<p>" + " ".join(words[: student.MIN_WORDS - 1]) + "</p>", encoding="utf-8")
    assert student.find_leaks([page], secrets) == []  # a few words in common are no leak
    page.write_text('<div class="solution dropdown admonition">x</div>', encoding="utf-8")
    assert student.find_leaks([page], secrets)


def test_solutions_are_found_by_their_directive_whatever_else_is_written() -> None:
    """No author-typed marker: a solution with a mistyped label or class is still a solution."""
    cells = [nbformat.v4.new_markdown_cell(
        "```{exercise} E\n:label: ex-a\n\nQuestion.\n```\n\n"
        "```{solution} ex-mistyped-lable\n:class: drpdown\n\nSECRET ANSWER\n```\n\nAfter."),
        nbformat.v4.new_markdown_cell("```{solution-start} ex-a\n```\nSECRET PROSE"),
        nbformat.v4.new_code_cell("secret_code = 1"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```\nVisible again.")]
    nb = nbformat.v4.new_notebook(cells=[SETUP, *cells])
    kept = student.student_notebook(nb)
    text = "\n".join(c.source for c in kept.cells)
    assert "SECRET" not in text and "secret_code" not in text
    assert "Question." in text and "After." in text and "Visible again." in text


def test_student_site_config_hides_solutions_and_the_way_to_them() -> None:
    config = student.student_config()
    sphinx = config["sphinx"]["config"]
    assert sphinx["hide_solutions"] is True and sphinx["html_copy_source"] is False
    assert sphinx["html_theme_options"]["use_download_button"] is False
    assert config["launch_buttons"] == {"binderhub_url": "", "colab_url": "", "thebe": False}
    assert not any(config["html"][b] for b in ("use_repository_button", "use_issues_button",
                                                "use_edit_page_button"))
    assert "hide_gated_solutions" in config["sphinx"]["local_extensions"]
    main = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert main["sphinx"]["config"].get("hide_solutions", False) is False  # the site keeps them


# ---------------------------------------------------------------------------------------------
# One repository everywhere, and make retarget


def test_every_place_names_the_same_repository() -> None:
    repo = retarget.current_repo()
    found = retarget.mentions()
    others = sorted({(p.relative_to(ROOT).as_posix(), s) for p, s in found if s != repo})
    assert not others, (f"these files name another repository than _config.yml ({repo}); "
                        f"run make retarget, or list a third-party link here: {others}")
    places = {p.relative_to(ROOT).as_posix() for p, _ in found}
    expected = {"_config.yml", "CONTRIBUTING.md", "tests/test_book.py",
                *(f"book/{c.path.name}" for c in CHAPTERS)}
    assert expected <= places, f"no mention of the repository in {expected - places}"


GITHUB = "https://github.com/"  # joined with a name here, so this file names no repository


def _copy_of_the_repository(tmp_path: Path) -> Path:
    copy = tmp_path / "fork"
    for path in retarget.text_files(ROOT):
        target = copy / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return copy


def test_retarget_rewrites_every_place_and_only_those(tmp_path: Path) -> None:
    copy = _copy_of_the_repository(tmp_path)
    before = {p: p.read_text(encoding="utf-8") for p in retarget.text_files(copy)}
    old = retarget.current_repo(copy)
    changed = retarget.retarget(GITHUB + "a-teacher/lr-course.git/", copy)
    assert retarget.current_repo(copy) == "a-teacher/lr-course"
    assert {s for _, s in retarget.mentions(copy)} == {"a-teacher/lr-course"}
    assert set(changed) == {p for p, _ in retarget.mentions(copy)}
    for path, text in before.items():
        now = path.read_text(encoding="utf-8")
        if path in changed:  # the same text but for the repository
            assert now.replace("a-teacher/lr-course", old) == text
        else:
            assert now == text
    # the copy's own book test agrees with its notebooks and configuration
    spec = importlib.util.spec_from_file_location("fork_test_book", copy / "tests/test_book.py")
    fork_test = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fork_test)
    assert fork_test.REPO_URL == GITHUB + "a-teacher/lr-course"
    assert fork_test.CONFIG["repository"]["url"] == fork_test.REPO_URL
    for notebook in sorted((copy / "book").glob("*.ipynb")):
        assert _read(notebook).cells[0].source.strip() == fork_test.SETUP_CELL.strip()
    assert fork_test.SETUP_CELL in (copy / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # and back again, byte for byte
    retarget.retarget(GITHUB + old, copy)
    assert all(p.read_text(encoding="utf-8") == t for p, t in before.items())


@pytest.mark.parametrize("bad", ["https://gitlab.com/you/fork", GITHUB[8:] + "you/fork",
                                 GITHUB + "onlyowner", GITHUB + "a/b/c", "not a url", ""])
def test_retarget_rejects_what_is_not_a_github_repository(bad: str, tmp_path: Path) -> None:
    copy = _copy_of_the_repository(tmp_path)
    before = {p: p.read_text(encoding="utf-8") for p in retarget.text_files(copy)}
    with pytest.raises(ValueError, match=r"REPO=.*https://github.com/<owner>/<name>"):
        retarget.retarget(bad, copy)
    assert all(p.read_text(encoding="utf-8") == t for p, t in before.items())
    with pytest.raises(TypeError, match="REPO must be a string"):
        retarget.parse_repo(None)  # type: ignore[arg-type]
