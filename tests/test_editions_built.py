"""The built instructor editions, looked at in headless Chromium with the network off.

Run by ``make test-editions`` (and so by .ci/run), which builds the site, the decks and the
student edition first and sets ``LRCOURSE_EDITIONS=1``: there, a missing build or a missing
Chromium fails. Elsewhere (``make test``) these tests are skipped with that reason.

- Every slide of every deck stays inside 1280x720 (nothing below or beside it, nothing behind
  a scrollbar), has at most 8 lines of text, and no text smaller than the page's body text;
  each deck has a slide per section, its math is typeset by the deck's own MathJax, no MyST
  shows raw, and nothing is loaded from the network.
- A chapter page of the site typesets all its math offline, with the site's own MathJax.
- A student page has its exercises, no solution, and typeset math offline; no file of the
  student edition (nor a deck) holds a solution or a claim check; every student notebook runs
  top to bottom on a fresh kernel.
- The numbers the decks give figures, equations and exercises are the site's.
"""

from __future__ import annotations

import html
import os
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from editions import browser, offline, slides, student  # noqa: E402
from editions.book import Book, Chapter  # noqa: E402

pytestmark = pytest.mark.editions

BOOK = Book.load()
CHAPTERS = list(BOOK.chapters.values())
IDS = [c.stem for c in CHAPTERS]
SITE, DECKS, STUDENT = ROOT / "_build" / "html", ROOT / "_build" / "slides", ROOT / "_build" / (
    "student")
TOLERANCE_PX = 1.0


@pytest.fixture(scope="session", autouse=True)
def _built() -> None:
    required = os.environ.get("LRCOURSE_EDITIONS") == "1"
    missing = [str(p) for p in (SITE / "index.html", DECKS, STUDENT / "html", STUDENT /
                                "notebooks", offline.ZIP) if not p.exists()]
    problem = ""
    if missing:
        problem = f"not built (run make test-editions): {missing}"
    elif browser.chromium() is None:
        problem = f"no headless Chromium: {browser.INSTALL_HINT}"
    if problem and required:
        pytest.fail(f"LRCOURSE_EDITIONS=1 but {problem}")
    if problem or not required:
        pytest.skip(problem or "the built editions are checked by make test-editions")


@pytest.fixture(scope="session")
def page_fonts() -> dict:
    """Type sizes of a chapter page of the site at 1280 px."""
    report = browser.inspect(SITE / "book" / f"{CHAPTERS[0].stem}.html", browser.PAGE_SCRIPT)
    assert report["body_font"] and report["code_font"]
    return report


@pytest.fixture(scope="session")
def decks() -> dict[str, dict]:
    return {c.stem: browser.inspect(DECKS / f"{c.stem}.slides.html", browser.DECK_SCRIPT)
            for c in CHAPTERS}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_every_slide_fits_1280x720_and_is_readable(chapter: Chapter, decks: dict,
                                                     page_fonts: dict) -> None:
    report = decks[chapter.stem]
    assert (report["width"], report["height"]) == (slides.WIDTH, slides.HEIGHT)
    problems = []
    for s in report["slides"]:
        where = f"slide {s['h']}/{s['v']} {s['title'].rstrip('¶')!r}"
        if s["over_bottom"] > TOLERANCE_PX or s["over_right"] > TOLERANCE_PX:
            problems.append(f"{where} overflows by {s['over_bottom']:.0f} px below, "
                            f"{s['over_right']:.0f} px right ({s.get('culprit')})")
        if s["scrolled"]:
            problems.append(f"{where} hides content behind a scrollbar: {s['scrolled']}")
        if s["lines"] > slides.MAX_BULLET_LINES:
            problems.append(f"{where} has {s['lines']} lines of text")
        if s["min_font"] < page_fonts["body_font"]:
            problems.append(f"{where} has text at {s['min_font']:.1f} px, below the page's "
                            f"{page_fonts['body_font']} px")
        if s["raw"] or s["math_errors"]:
            problems.append(f"{where}: raw markup {s['raw']} or TeX errors {s['math_errors']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_a_deck_has_a_slide_per_section_and_typeset_math_offline(chapter: Chapter,
                                                                   decks: dict) -> None:
    report = decks[chapter.stem]
    deck = slides.Deck(BOOK, chapter)
    shown = [s for s in deck.slides if s.body or s.cell is not None]
    assert report["top"] == sum(s.top for s in shown)
    assert len(report["slides"]) == len(shown)
    sections = [s for s in report["slides"] if re.match(rf"^{chapter.number}\.\d+ ", s["title"])
                and s["v"] == 0]
    assert len(sections) == sum(1 for s in shown if s.top and s.heading[:1].isdigit())
    source = (DECKS / f"{chapter.stem}.slides.html").read_text(encoding="utf-8")
    tex = len(re.findall(r"\$\$|(?<!\$)\$(?!\$)", re.sub(r"<aside.*?</aside>", "", source,
                                                         flags=re.S)))
    typeset = sum(s["math"] for s in report["slides"])
    assert typeset > 0 and typeset >= tex // 4, (typeset, tex)
    assert report["mathjax"] == "3.2.2"
    assert browser.remote(report["resources"]) == []


def test_the_overflow_check_sees_an_overflowing_slide(tmp_path: Path) -> None:
    """The measurement itself: a slide with far too much on it must be reported."""
    deck = slides.Deck(BOOK, CHAPTERS[0])
    crowded = slides.Slide("Too much", top=True)
    crowded.body = [f"- line {i} " + "word " * 30 for i in range(25)]
    deck.slides = [crowded]
    page = DECKS / ".lr-test-overflow.slides.html"
    body, _ = slides.exporter().from_notebook_node(deck.notebook())
    page.write_text(body, encoding="utf-8")
    try:
        report = browser.inspect(page, browser.DECK_SCRIPT)
    finally:
        page.unlink()
    (slide,) = report["slides"]
    assert slide["over_bottom"] > 100 and slide["lines"] > slides.MAX_BULLET_LINES


def _page(report: dict) -> str:
    return ", ".join(f"{k}={report[k]}" for k in ("math", "typeset", "math_errors", "mathjax"))


@pytest.mark.parametrize("chapter", CHAPTERS[:2], ids=IDS[:2])
def test_a_chapter_page_typesets_its_math_offline(chapter: Chapter) -> None:
    report = browser.inspect(SITE / "book" / f"{chapter.stem}.html", browser.PAGE_SCRIPT)
    assert report["math"] > 0 and report["typeset"] == report["math"], _page(report)
    assert report["math_errors"] == 0 and report["mathjax"] == "3.2.2"
    assert not [u for u in browser.remote(report["resources"]) if "mathjax" in u.lower()]
    assert report["solutions"] > 0  # the site keeps its folded solutions


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_a_student_page_has_exercises_and_no_solution(chapter: Chapter) -> None:
    report = browser.inspect(STUDENT / "html" / "book" / f"{chapter.stem}.html",
                             browser.PAGE_SCRIPT)
    assert report["exercises"] >= 2
    assert report["solutions"] == 0 and report["solution_titles"] == 0
    assert report["math"] > 0 and report["typeset"] == report["math"], _page(report)


def test_no_student_file_and_no_deck_holds_a_solution_or_claim_check() -> None:
    files = student.student_files(STUDENT) + sorted(DECKS.glob("*.slides.html"))
    assert len(files) > len(CHAPTERS) * 2
    assert student.find_leaks(files, student.Secrets.of(BOOK)) == []
    assert not list((STUDENT / "html").rglob("_sources")), "page sources hold the solutions"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=IDS)
def test_a_student_notebook_runs_top_to_bottom(chapter: Chapter, tmp_path: Path) -> None:
    """Without its solutions and claim checks, the notebook still runs (nothing later needed
    what they defined). Run as make execute runs notebooks: a fresh kernel in book/."""
    nb = nbformat.read(STUDENT / "notebooks" / f"{chapter.stem}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors


_NUMBERED = {
    "figures": (r'id="(fig-[\w-]+)".*?caption-number">Fig\. ([\d.]+) ', lambda b: b.figures),
    "equations": (r'id="equation-([\w-]+)">\s*<span class="eqno">\(([\d.]+)\)',
                  lambda b: b.equations),
    "exercises": (r'id="(ex-[\w-]+)">\s*<p class="admonition-title"><span class="caption-number">'
                  r"Exercise ([\d.]+) ", lambda b: {k: v[0] for k, v in b.exercises.items()}),
}


@pytest.mark.parametrize("kind", list(_NUMBERED))
def test_decks_number_things_as_the_site_does(kind: str) -> None:
    pattern, table = _NUMBERED[kind]
    on_site = {}
    for chapter in CHAPTERS:
        page = html.unescape((SITE / "book" / f"{chapter.stem}.html").read_text(encoding="utf-8"))
        on_site.update(dict(re.findall(pattern, page, flags=re.S)))
    ours = table(BOOK)
    assert ours and {k: ours[k] for k in on_site} == on_site
    assert set(ours) == set(on_site)


def test_the_offline_zip_holds_site_decks_and_student_edition() -> None:
    with zipfile.ZipFile(offline.ZIP) as zf:
        names = set(zf.namelist())
        index = zf.read(f"{offline.TOP}/index.html").decode()
    top = offline.TOP
    expected = {f"{top}/site/index.html", f"{top}/student/site/index.html",
                f"{top}/site/_static/mathjax/tex-mml-chtml.js",
                f"{top}/slides/mathjax/tex-mml-chtml.js", f"{top}/slides/reveal.js/dist/reveal.js",
                *(f"{top}/slides/{c}.slides.html" for c in IDS),
                *(f"{top}/student/notebooks/{c}.ipynb" for c in IDS)}
    assert expected <= names, expected - names
    assert all(f'href="slides/{c}.slides.html"' in index for c in IDS)
    assert not [n for n in names if "/.lr-check-" in n or "/.build/" in n]
