"""Lecture slides: one reveal.js deck per chapter, made with nbconvert's slides exporter.

``make slides`` writes ``_build/slides/NN_name.slides.html`` for every chapter notebook of the
toc, with reveal.js and MathJax beside the decks (from ``_build/web``, see ``make web``), so the
decks work with the network off. The notebooks in ``book/`` are never changed: each deck is made
from a new notebook whose cells carry nbconvert's ``slideshow`` metadata, set by these rules.

- **A slide per section.** The title slide, then the learning objectives; every ``##`` section
  starts a slide (with the site's number, "4.2 Eight decays"), every ``###`` a vertical
  sub-slide; the *In PyTorch* box, the key takeaways and the exercises get slides of their own.
- **The prose goes to the speaker notes.** A slide shows the first sentence of each paragraph
  and list item (the first clause of a learning objective), every displayed equation (numbered
  as on the site), tables, code in the prose, and each figure on a sub-slide of its own with the
  first sentence of its caption. The speaker notes of a slide hold everything it shortened:
  whole paragraphs, lists and captions. Exercises are shown whole; solutions never reach a deck,
  so a deck can be handed to students.
- **Code is hidden** unless a code cell is tagged ``slide-show-code``; a cell's figure or printed
  output is shown, widget controls (which need a kernel) are not. Cells the site removes
  (``remove-cell``: the setup cell, claim checks) are not on a slide either.
- **Readable on a projector.** Slides are 1280x720 with text at 26 px (the page's is 16 px); a
  slide takes at most ``MAX_BULLET_LINES`` estimated lines of text and no more than its height,
  and what does not fit continues on a sub-slide. ``tests/test_slides_browser.py`` measures every
  slide in headless Chromium.
- **MyST made plain.** Roles become what the site shows (``{numref}`` -> "Fig. 4.2", ``{eq}`` ->
  "(4.1)", ``{cite}`` -> "[Bengio, 2012]", ``{py:func}`` -> code), admonitions become boxes,
  links to chapters point at their decks (``editions.book``).
"""

from __future__ import annotations

import argparse
import base64
import html
import math
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

from editions.book import ROOT, Block, Book, Chapter, UnknownMarkup, blocks, split_solutions

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from offline_mathjax import NODE_MODULES, copy_mathjax

TEMPLATES = Path(__file__).resolve().parent / "templates"
OUT = ROOT / "_build" / "slides"
SHOW_CODE_TAG = "slide-show-code"

# Slide geometry and type sizes (px, at 1280x720; templates/lrcourse_reveal/static/*.css uses
# the same numbers). The estimates below decide where a slide continues; the browser test
# checks the result.
WIDTH, HEIGHT = 1280, 720
TEXT_PX, LINE_PX = 26, 34  # body text and its line height
CHARS_PER_LINE = 85  # of body text in a bullet (about 93 fit at 26 px Source Sans Pro)
MONO_LINE_PX = 25  # code and printed output at 18 px
MAX_BULLET_LINES = 8
BODY_PX = 560  # below the heading, above the slide number
MAX_CODE_LINES = 20
MAX_TABLE_ROWS = 9
LEAD_MAX_CHARS = 200  # a lead sentence longer than this is cut at a clause


# ---------------------------------------------------------------------------------------------
# Shortening prose

_ABBREVIATIONS = ("e.g.", "i.e.", "Fig.", "Figs.", "Eq.", "al.", "vs.", "cf.", "Ch.", "approx.",
                  "resp.", "No.")


def lead(text: str, *, clause: bool = False) -> str:
    """The first sentence of ``text`` (or, with ``clause``, what comes before its first colon
    or semicolon, if that is shorter), with math, code, links and brackets kept whole."""
    depth, i, n = 0, 0, len(text)
    in_math = in_code = False
    while i < n:
        char = text[i]
        if char == "`" and not in_math:
            in_code = not in_code
        elif char == "$" and not in_code:
            if text.startswith("$$", i):
                i += 1
            in_math = not in_math
        elif not (in_math or in_code):
            if char in "([":
                depth += 1
            elif char in ")]":
                depth = max(0, depth - 1)
            elif depth == 0 and char in ".?!":
                end = i + 1
                while end < n and text[end] == "*":  # the end of a bold sentence
                    end += 1
                before = text[:i + 1].split()[-1] if text[:i + 1].split() else ""
                if (end == n or text[end] in " \n") and before.lstrip("*") not in _ABBREVIATIONS:
                    return _close_emphasis(text[:end])
            elif depth == 0 and clause and char in ":;" and (i + 1 < n and text[i + 1] in " \n"):
                return _close_emphasis(text[:i])
        i += 1
    return _close_emphasis(text)


def _continues_sentence(text: str) -> bool:
    """Whether a paragraph goes on with a sentence begun before it (after an equation)."""
    return bool(re.match(r"^[a-z(,;:.]", text.strip()))


def _close_emphasis(text: str) -> str:
    text = text.strip().rstrip(",;")
    if text.count("**") % 2:
        text += "**"
    if text.replace("**", "").count("*") % 2:
        text += "*"
    return text


def shorten(text: str) -> str:
    """``text`` cut at a clause, then a word, to at most ``LEAD_MAX_CHARS`` visible characters
    (math and code are not cut)."""
    if visible_length(text) <= LEAD_MAX_CHARS:
        return text
    cut = ""
    for match in re.finditer(r"[,;:–—](?=\s)|\s", text):
        candidate = text[:match.start()]
        if visible_length(candidate) > LEAD_MAX_CHARS:
            break
        if _balanced(candidate):
            cut = candidate
    return _close_emphasis(cut.rstrip(" ,;:–—")) + " …" if cut else text


def _balanced(text: str) -> bool:
    unescaped = text.replace("$$", "")
    return (unescaped.count("$") % 2 == 0 and text.count("`") % 2 == 0
            and text.count("(") == text.count(")") and text.count("[") == text.count("]"))


def visible_length(markdown: str) -> float:
    """About how many characters of body text ``markdown`` shows (TeX is shorter rendered)."""
    text = re.sub(r"\$([^$]*)\$", lambda m: "x" * math.ceil(_tex_width(m.group(1))), markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return len(re.sub(r"[*`]", "", text))


def _tex_width(tex: str) -> float:
    shown = re.sub(r"\\(left|right|,|;|!|quad|qquad|mathrm|text|operatorname|mathcal)\b", "", tex)
    shown = re.sub(r"\\[A-Za-z]+", "x", shown)  # a command is one symbol
    return len(re.sub(r"[{}_^\s]", "", shown)) * 1.1 + 1


def text_lines(markdown: str, chars: int = CHARS_PER_LINE) -> int:
    """Estimated lines of body text that ``markdown`` fills."""
    return max(1, math.ceil(visible_length(" ".join(markdown.split())) / chars))


def chunks(lines: list[str], limit: int) -> list[list[str]]:
    """``lines`` in about equal pieces of at most ``limit`` lines, cut at blank lines where
    possible (so that a block of code is not split in its middle)."""
    count = max(1, math.ceil(len(lines) / limit))
    size = math.ceil(len(lines) / count)
    pieces, start = [], 0
    while start < len(lines):
        end = min(start + size, len(lines))
        if end < len(lines):
            blank = [i for i in range(start + size // 2, min(start + limit, len(lines)))
                     if not lines[i].strip()]
            if blank:
                end = min(blank, key=lambda i: abs(i - (start + size)))
        pieces.append(lines[start:end])
        start = end + 1 if end < len(lines) and not lines[end].strip() else end
    return pieces


def math_height(tex: str) -> int:
    """Estimated height in px of a displayed equation."""
    rows = 1 + tex.count("\\\\")
    tall = re.search(r"\\(frac|dfrac|sum|prod|int|begin\{pmatrix\}|underbrace|overbrace|sqrt)",
                     tex)
    return rows * (78 if tall else 48) + 24


# ---------------------------------------------------------------------------------------------
# Slides


@dataclass
class Slide:
    """One reveal.js slide (``top``) or vertical sub-slide, as Markdown and speaker notes."""

    heading: str
    top: bool
    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: int = 0
    height: int = 0
    kind: str = "text"  # text, title, figure, output, code
    cell: nbformat.NotebookNode | None = None

    def fits(self, lines: int, height: int) -> bool:
        return (self.lines + lines <= MAX_BULLET_LINES and self.height + height <= BODY_PX
                and self.kind == "text")


class Deck:
    """The slides of one chapter, planned from its notebook's cells (see the module's rules)."""

    def __init__(self, book: Book, chapter: Chapter) -> None:
        self.book = book
        self.chapter = chapter
        self.slides: list[Slide] = []
        self.section: list[int] = []
        self.heading = ""
        self.exercise_overview: Slide | None = None
        self.in_exercises = False
        nb = nbformat.read(chapter.path, as_version=4)
        self.metadata = nb.metadata
        for kind, piece in split_solutions(nb.cells):
            if kind == "text":
                self._blocks(blocks(piece))
            elif kind == "cell":
                self._code_cell(piece)
            # solutions ("solution-text", "solution-cell") never reach a deck

    # --- structure ---------------------------------------------------------------------------

    def _number(self, level: int) -> str:
        prefix = "" if self.chapter.number is None else f"{self.chapter.number}."
        return prefix + ".".join(str(n) for n in self.section[:level])

    def _start(self, heading: str, *, top: bool, kind: str = "text") -> Slide:
        self.heading = heading
        slide = Slide(heading, top, kind=kind)
        self.slides.append(slide)
        return slide

    def _continued(self) -> Slide:
        base = self.heading.removesuffix(" (continued)")
        slide = Slide(f"{base} (continued)", top=False)
        self.slides.append(slide)
        return slide

    def _current(self, lines: int, height: int) -> Slide:
        """The slide that takes content of this size: the last one, or a continuation."""
        if not self.slides:
            return self._start(self.chapter.title, top=True)
        last = self.slides[-1]
        if last.fits(lines, height) or (last.kind == "text" and not last.body):
            return last
        return self._continued()

    def _add(self, markdown: str, notes: str = "", *, lines: int = 0, height: int = 0) -> None:
        slide = self._current(lines, height)
        slide.body.append(markdown)
        if notes:
            slide.notes.append(notes)
        slide.lines += lines
        slide.height += height

    def _note(self, notes: str) -> None:
        if self.slides:
            self.slides[-1].notes.append(notes)

    # --- markdown ----------------------------------------------------------------------------

    def _blocks(self, found: list[Block], *, whole: bool = False) -> None:
        for index, block in enumerate(found):
            after = found[index + 1].kind if index + 1 < len(found) else ""
            self._block(block, whole=whole, before_list=after == "list")

    def _block(self, block: Block, *, whole: bool = False, before_list: bool = False) -> None:
        plain = self.book.plain
        if block.kind == "heading":
            self._heading(block)
        elif block.kind == "paragraph":
            text = plain(block.text)
            if whole:
                self._bullets([text], marker=False)
            elif _continues_sentence(text):  # the end of a sentence an equation interrupted
                self._note(text)
            else:
                shown = shorten(lead(text))
                self._bullets([shown], notes=text if shown != text else "",
                              marker=not before_list)
        elif block.kind == "list":
            items = [plain(item) for item in block.items]
            shown = items if whole else [shorten(lead(item)) for item in items]
            full = "\n".join(("1. " if block.ordered else "- ") + item for item in items)
            self._bullets(shown, notes=full if shown != items else "", ordered=block.ordered)
        elif block.kind == "math":
            self._math(block)
        elif block.kind == "table":
            self._table(plain(block.text))
        elif block.kind == "code":
            self._code(block.text, block.lang)
        elif block.kind == "quote":
            self._bullets([shorten(lead(plain(block.text)))], notes=plain(block.text))
        elif block.kind == "directive":
            self._directive(block)
        elif block.kind == "html":
            self._add(block.text, lines=2, height=2 * LINE_PX)
        # targets and rules show nothing

    def _heading(self, block: Block) -> None:
        text = self.book.plain(block.text)
        if block.level == 1:
            slide = self._start(text, top=True, kind="title")
            if self.chapter.number is not None:
                slide.body.append(f'<p class="lr-chapter">Chapter {self.chapter.number}</p>')
            slide.body.append(f'<p class="lr-book">{html.escape(self.book.title)}</p>')
            return
        if block.level == 2:
            self.section = [self.section[0] + 1] if self.section else [1]
            self.in_exercises = block.text.strip() == "Exercises"
            slide = self._start(f"{self._number(1)} {text}", top=True)
            if self.in_exercises:
                self.exercise_overview = slide
            return
        if block.level == 3 and self.section:
            self.section = [self.section[0], (self.section[1] + 1 if len(self.section) > 1
                                              else 1)]
            self._start(f"{self._number(2)} {text}", top=False)
            return
        self._bullets([f"**{text}**"], marker=False)

    def _bullets(self, items: list[str], *, notes: str = "", ordered: bool = False,
                 marker: bool = True) -> None:
        for index, item in enumerate(items):
            lines = text_lines(item)
            if ordered:
                shown = f"{index + 1}. {item}"
            elif marker:
                shown = f"- {item}"
            else:
                shown = item
            self._add(shown, lines=lines, height=lines * LINE_PX + 10)
        if notes:
            self._note(notes)

    def _math(self, block: Block) -> None:
        tex = block.text
        if block.label:
            number = self.book.equations.get(block.label)
            if number is None:
                raise UnknownMarkup(f"equation label {block.label!r} not numbered")
            tex = f"{tex} \\tag{{{number}}}"
        self._add(f"$$\n{tex}\n$$", height=math_height(tex))

    def _table(self, table: str) -> None:
        rows = table.splitlines()
        header, body = rows[:2], rows[2:]
        for start in range(0, max(len(body), 1), MAX_TABLE_ROWS):
            chunk = body[start:start + MAX_TABLE_ROWS]
            height = sum(40 * max(1, math.ceil(visible_length(r) / 95)) for r in header + chunk)
            self._add("\n".join(header + chunk), height=height + 20)

    def _code(self, code: str, lang: str) -> None:
        for chunk in chunks(code.splitlines(), MAX_CODE_LINES):
            self._add(f"```{lang}\n{chr(10).join(chunk)}\n```",
                      height=MONO_LINE_PX * len(chunk) + 30)

    def _directive(self, block: Block) -> None:
        name, css = block.name, block.options.get("class", "").split()
        if name == "admonition" and "objectives" in css:
            self._start("Learning objectives", top=False)
            self._box_body(block.text, clause=True)
            self._start(self.chapter.title, top=False)  # the introduction, if there is one
        elif name == "admonition" and "takeaways" in css:
            self._start("Key takeaways", top=True)
            self._box_body(block.text)
        elif name == "admonition" and "pytorch" in css:
            self._start("In PyTorch", top=True)
            self._blocks(blocks(block.text))
        elif name in ("admonition", "note", "tip", "important", "warning", "caution",
                      "attention", "hint", "seealso"):
            title = block.arg if name == "admonition" else name.capitalize()
            self._bullets([f"**{self.book.plain(title)}**"], marker=False)
            self._blocks(blocks(block.text))
        elif name in ("exercise", "exercise-start"):
            label = block.options.get("label", "")
            number, title = self.book.exercises.get(label, ("", block.arg))
            heading = f"Exercise {number}: {self.book.plain(title)}"
            if self.exercise_overview is not None:
                self.exercise_overview.body.append(f"- {heading}")
                self.exercise_overview.lines += 1
            self._start(heading, top=not self.in_exercises)
            self._blocks(blocks(block.text), whole=True)
        elif name == "exercise-end":
            return
        else:
            raise UnknownMarkup(f"{self.chapter.path.name}: the directive {{{name}}} is not "
                                "known to the slides")

    def _box_body(self, text: str, *, clause: bool = False) -> None:
        found = blocks(text)
        for index, inner in enumerate(found):
            if inner.kind == "list":
                items = [self.book.plain(item) for item in inner.items]
                shown = [shorten(lead(item, clause=clause)) for item in items]
                self._bullets(shown, notes="\n".join(f"- {item}" for item in items))
            else:
                after = found[index + 1].kind if index + 1 < len(found) else ""
                self._block(inner, before_list=after == "list")

    # --- code cells --------------------------------------------------------------------------

    def _code_cell(self, cell: nbformat.NotebookNode) -> None:
        tags = set(cell.metadata.get("tags", []))
        if "remove-cell" in tags:
            return
        if SHOW_CODE_TAG in tags:
            slide = self._start(self.heading.removesuffix(" (continued)") + " (continued)",
                                top=False, kind="code")
            slide.cell = cell
            return
        if "remove-output" in tags:
            return
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        for output in cell.outputs:
            data = output.get("data", {})
            if "image/png" in data:
                self._figure(data["image/png"], figure.get("caption", ""), alt)
            elif output.output_type == "stream":
                self._printed(output.text)
            elif "application/vnd.jupyter.widget-view+json" in data:
                continue  # controls need a kernel; the explorer's picture is the next cell
            elif "text/html" in data:
                self._printed_html(data["text/html"])
            elif "text/plain" in data:
                self._printed(data["text/plain"])

    def _figure(self, png: str, caption: str, alt: str) -> None:
        caption = self.book.plain(caption)
        slide = self._start(self.heading.removesuffix(" (continued)"), top=False, kind="figure")
        self.heading = slide.heading
        source = png if isinstance(png, str) else base64.b64encode(png).decode()
        slide.body.append(f'<img class="lr-figure" src="data:image/png;base64,{source.strip()}"'
                          f' alt="{html.escape(alt, quote=True)}">')
        if caption:
            slide.body.append(f'<div class="lr-caption">\n\n{shorten(lead(caption))}\n\n</div>')
            slide.notes.append(caption)

    def _printed(self, text: str) -> None:
        for chunk in chunks(text.rstrip("\n").splitlines(), MAX_CODE_LINES):
            self._add(f'<pre class="lr-output">{html.escape(chr(10).join(chunk))}</pre>',
                      height=MONO_LINE_PX * len(chunk) + 30)

    def _printed_html(self, markup: str) -> None:
        slide = self._start(self.heading.removesuffix(" (continued)"), top=False, kind="output")
        slide.body.append(markup)

    # --- the notebook nbconvert exports ------------------------------------------------------

    def notebook(self) -> nbformat.NotebookNode:
        """A notebook whose cells carry the slides and nbconvert's ``slideshow`` metadata."""
        cells = []
        for slide in self.slides:
            if not slide.body and slide.cell is None:
                continue  # a heading with nothing under it yet (its notes, if any, go along)
            kind = "slide" if slide.top else "subslide"
            if slide.kind == "title":
                source = f"# {slide.heading}\n\n" + "\n\n".join(slide.body)
            else:
                source = f"## {slide.heading}\n\n" + "\n\n".join(slide.body)
            cell = nbformat.v4.new_markdown_cell(source)
            cell.metadata["slideshow"] = {"slide_type": kind}
            cells.append(cell)
            if slide.cell is not None:
                code = nbformat.v4.new_code_cell(slide.cell.source)
                code.outputs = slide.cell.outputs
                code.execution_count = slide.cell.execution_count
                code.metadata["slideshow"] = {"slide_type": "-"}
                cells.append(code)
            if slide.notes:
                notes = nbformat.v4.new_markdown_cell("\n\n".join(slide.notes))
                notes.metadata["slideshow"] = {"slide_type": "notes"}
                cells.append(notes)
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata = {key: value for key, value in self.metadata.items()
                       if key in ("kernelspec", "language_info")}
        number = f"{self.chapter.number}. " if self.chapter.number is not None else ""
        nb.metadata["title"] = f"{number}{self.chapter.title}"
        return nb


# ---------------------------------------------------------------------------------------------
# Export


def exporter() -> SlidesExporter:
    """nbconvert's slides exporter with the course's template (local reveal.js and MathJax)."""
    return SlidesExporter(
        template_name="lrcourse_reveal",
        extra_template_basedirs=[str(TEMPLATES)],
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def copy_assets(out: Path) -> None:
    """reveal.js (its script, styles, white theme with fonts, speaker notes) and MathJax beside
    the decks."""
    reveal = NODE_MODULES / "reveal.js"
    if not (reveal / "dist" / "reveal.js").is_file():
        raise FileNotFoundError(f"{reveal} is missing: run `make web`")
    for part in ("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                 "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE"):
        source, target = reveal / part, out / "reveal.js" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    copy_mathjax(out / "mathjax")


def build(out: Path = OUT, root: Path = ROOT, only: list[str] | None = None) -> list[Path]:
    """Write one deck per chapter of the toc (or the chapters named in ``only``) into ``out``."""
    book = Book.load(root)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    export = exporter()
    written = []
    for stem, chapter in book.chapters.items():
        if only and stem not in only:
            continue
        deck = Deck(book, chapter)
        body, _ = export.from_notebook_node(deck.notebook())
        path = out / f"{stem}.slides.html"
        path.write_text(body, encoding="utf-8")
        written.append(path)
        shown = [slide for slide in deck.slides if slide.body or slide.cell is not None]
        print(f"{path.relative_to(root) if path.is_relative_to(root) else path}: "
              f"{sum(slide.top for slide in shown)} slides, {len(shown)} with the sub-slides")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter stems, e.g. 04_decay (all if none)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    build(args.out, only=args.chapters or None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
