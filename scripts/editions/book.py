"""What the book's sources hold, read the way Jupyter Book reads them.

``Book.load(root)`` follows ``_toc.yml``: chapters in numbered parts get the numbers the site
gives them (1, 2, ... across parts), and in each chapter the figures, labelled equations and
exercises are numbered in order, as Sphinx numbers them ("Fig. 4.2", "(4.1)", "Exercise 4.1").
``Book.plain`` turns MyST's inline markup into plain Markdown that nbconvert renders, with those
numbers and the site's author-year citations; ``blocks`` splits a cell's MyST markdown into its
top-level blocks with MyST's own parser. Markup this module does not know raises
``UnknownMarkup`` rather than reaching a slide raw.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "latex" codec for the bibliography's names)
import nbformat
import yaml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[2]


class UnknownMarkup(ValueError):
    """MyST markup that the editions do not know how to render."""


# ---------------------------------------------------------------------------------------------
# Blocks of a markdown cell

_PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"amsmath", "colon_fence", "deflist", "dollarmath",
                                      "html_image", "linkify", "substitution"}),
    RendererHTML,
)
_DIRECTIVE_INFO = re.compile(r"^\{([\w:-]+)\}\s*(.*)$")
_OPTION_LINE = re.compile(r"^:([\w-]+):\s*(.*)$")


@dataclass(frozen=True)
class Block:
    """One top-level block of MyST markdown.

    ``kind`` is one of heading, paragraph, list, math, table, code, directive, target, html,
    rule, quote. ``text`` is the block's MyST source (a heading's or paragraph's text, a math
    block's TeX, a directive's body without its options); ``items`` holds a list's items;
    ``name``/``arg``/``options`` describe a directive; ``label`` is a math block's or target's
    label; ``level`` a heading's level; ``lang`` a code fence's language.
    """

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    name: str = ""
    arg: str = ""
    options: dict[str, str] = field(default_factory=dict)
    label: str = ""
    level: int = 0
    lang: str = ""


def _directive(token: Token) -> Block:
    match = _DIRECTIVE_INFO.match(token.info.strip())
    assert match is not None
    lines = token.content.splitlines()
    options: dict[str, str] = {}
    while lines and (option := _OPTION_LINE.match(lines[0].strip())):
        options[option.group(1)] = option.group(2).strip()
        lines.pop(0)
    return Block("directive", text="\n".join(lines).strip("\n"), name=match.group(1),
                 arg=match.group(2).strip(), options=options)


def blocks(markdown: str) -> list[Block]:
    """The top-level blocks of ``markdown`` in order, found by MyST's own parser."""
    tokens = _PARSER.parse(markdown)
    lines = markdown.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        depth = 1 if token.nesting == 1 else 0
        j = i + 1
        while depth and j < len(tokens):  # the tokens up to this block's closing token
            depth += tokens[j].nesting
            j += 1
        inner = tokens[i:j]
        kind = token.type
        if kind == "heading_open":
            found.append(Block("heading", text=inner[1].content, level=int(token.tag[1])))
        elif kind == "paragraph_open":
            found.append(Block("paragraph", text=inner[1].content))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items, item_depth, start = [], 0, 0
            for k, tok in enumerate(inner):
                if tok.type == "list_item_open":
                    if item_depth == 0:
                        start = k
                    item_depth += 1
                elif tok.type == "list_item_close":
                    item_depth -= 1
                    if item_depth == 0:
                        items.append(_item_text(lines, inner[start]))
            found.append(Block("list", items=tuple(items), ordered=kind == "ordered_list_open"))
        elif kind in ("math_block", "math_block_label"):
            found.append(Block("math", text=token.content.strip(), label=token.info.strip()))
        elif kind == "amsmath":
            found.append(Block("math", text=token.content.strip()))
        elif kind == "table_open":
            assert token.map is not None
            found.append(Block("table", text="\n".join(lines[token.map[0]:token.map[1]])))
        elif kind in ("fence", "colon_fence", "code_block"):
            if _DIRECTIVE_INFO.match(token.info.strip()):
                found.append(_directive(token))
            else:
                found.append(Block("code", text=token.content.rstrip("\n"),
                                   lang=token.info.strip()))
        elif kind == "myst_target":
            found.append(Block("target", label=token.content.strip()))
        elif kind == "html_block":
            found.append(Block("html", text=token.content.strip()))
        elif kind == "hr":
            found.append(Block("rule"))
        elif kind == "blockquote_open":
            assert token.map is not None
            quoted = [re.sub(r"^\s*> ?", "", line) for line in lines[token.map[0]:token.map[1]]]
            found.append(Block("quote", text="\n".join(quoted).strip()))
        else:
            raise UnknownMarkup(f"a {kind!r} block is not known to the editions: {markdown!r}")
        i = j
    return found


def _item_text(lines: list[str], item: Token) -> str:
    """A list item's source without its marker, continuation lines dedented."""
    assert item.map is not None
    body = lines[item.map[0]:item.map[1]]
    first = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", body[0])
    rest = [line.strip() for line in body[1:]]
    return "\n".join([first, *rest]).strip()


# ---------------------------------------------------------------------------------------------
# Solutions and claim checks: what a student never sees

SOLUTION_DIRECTIVES = ("solution", "solution-start", "solution-end")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}")


def directive_names(markdown: str) -> list[str]:
    """The names of every MyST directive opened in ``markdown`` (any fence, any nesting)."""
    return [m.group("name") for line in markdown.splitlines()
            if (m := _FENCE_OPEN.match(line.strip()))]


def split_solutions(cells: list[nbformat.NotebookNode]) -> list[tuple[str, object]]:
    """The notebook as a sequence of ("text", markdown), ("solution-text", markdown),
    ("cell", cell) and ("solution-cell", cell) pieces, in order.

    Solutions are found by the directives themselves: a ``{solution}`` block, and everything
    from a ``{solution-start}`` directive to its ``{solution-end}`` (also across cells), the
    directives included. No marker an author types decides what is a solution.
    """
    pieces: list[tuple[str, object]] = []
    inside = False
    for cell in cells:
        if cell.cell_type != "markdown":
            pieces.append(("solution-cell" if inside else "cell", cell))
            continue
        parts, inside = split_markdown(cell.source, inside)
        pieces.extend(part for part in parts if part[1].strip())
    return pieces


def split_markdown(markdown: str, inside: bool) -> tuple[list[tuple[str, str]], bool]:
    """One markdown cell cut into solution and other text (see ``split_solutions``), and
    whether a solution is still open at its end."""
    out: list[tuple[str, str]] = []
    current: list[str] = []
    lines = markdown.splitlines()

    def flush() -> None:
        if current:
            out.append(("solution-text" if inside else "text", "\n".join(current)))
            current.clear()

    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i].strip())
        if not match or match.group("name") not in SOLUTION_DIRECTIVES:
            current.append(lines[i])
            i += 1
            continue
        flush()
        end = i + 1
        while end < len(lines) and lines[end].strip() != match.group("fence"):
            end += 1
        out.append(("solution-text", "\n".join(lines[i:end + 1])))
        if match.group("name") == "solution-start":
            inside = True
        elif match.group("name") == "solution-end":
            inside = False
        i = end + 1
    flush()
    return out, inside


def is_claim_check(cell: nbformat.NotebookNode, index: int) -> bool:
    """A hidden, silent code cell after the setup cell: the course's claim checks (and their
    helpers), tagged remove-cell or remove-input, and silent."""
    tags = set(cell.metadata.get("tags", []))
    return (cell.cell_type == "code" and index > 0 and "silent" in tags
            and bool({"remove-cell", "remove-input"} & tags))


def needed_names(later: list[str]) -> set[str]:
    """Names that the code ``later`` reads before it binds them itself (at top level)."""
    needed: set[str] = set()
    bound: set[str] = set()
    for source in later:
        try:
            tree = ast.parse(re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE))
        except SyntaxError:
            needed |= set(re.findall(r"[A-Za-z_]\w*", source)) - bound
            continue
        for statement in tree.body:
            needed |= _loads(statement) - bound - _inner_stores(statement)
            bound |= _stores(statement)
    return needed


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


def _stores(statement: ast.stmt) -> set[str]:
    """The names a top-level statement binds."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in statement.names}
    found = set()
    for node in ast.walk(statement):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
    return found


def _inner_stores(statement: ast.stmt) -> set[str]:
    """Names bound inside a statement for its own use: loop and comprehension targets,
    parameters and locals of functions."""
    found = set()
    for node in ast.walk(statement):
        if isinstance(node, (ast.For, ast.comprehension)):
            found |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            found |= {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
            found |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Store)}
    return found


def split_claim_check(source: str, needed: set[str]) -> tuple[str, str]:
    """A claim-check cell as (definitions the code after it needs, everything else).

    A claim-check cell may also define a name that a shown cell uses later (a helper, a
    table). Its top-level statements that bind a ``needed`` name (and the ones those depend
    on, in the same cell) are kept, unless they contain an ``assert``; the asserts and all the
    rest are the check. Without a parse, the whole cell is the check.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "", source
    lines = source.splitlines()
    wanted = set(needed)
    kept: list[ast.stmt] = []
    for statement in reversed(tree.body):
        has_assert = any(isinstance(n, ast.Assert) for n in ast.walk(statement))
        if not has_assert and _stores(statement) & wanted:
            kept.insert(0, statement)
            wanted |= _loads(statement) - _inner_stores(statement)
    keep_lines = {i for st in kept for i in range(st.lineno - 1, st.end_lineno or st.lineno)}
    definitions = "\n".join(lines[i] for i in sorted(keep_lines))
    check = "\n".join(line for i, line in enumerate(lines) if i not in keep_lines)
    return definitions, check


# ---------------------------------------------------------------------------------------------
# The book: chapters, numbers, citations


@dataclass
class Chapter:
    """One page of the toc that is a notebook."""

    stem: str
    path: Path
    number: int | None
    title: str


@dataclass
class Book:
    """The book's pages and everything a reference on a slide may point at."""

    root: Path
    title: str
    chapters: dict[str, Chapter]
    figures: dict[str, str] = field(default_factory=dict)
    equations: dict[str, str] = field(default_factory=dict)
    exercises: dict[str, tuple[str, str]] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, root: Path = ROOT) -> Book:
        """Read ``_config.yml``, ``_toc.yml``, every chapter notebook and the bibliography."""
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
        toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
        book = cls(root=root, title=config.get("title", ""), chapters={})
        book._label_sections((root / toc["root"]).with_suffix(".md"))
        number = 0
        for part in toc.get("parts", []):
            for entry in part.get("chapters", []):
                page = root / entry["file"]
                book.pages.add(page.name)
                book._label_sections(page.with_suffix(".md"))
                notebook = page.with_suffix(".ipynb")
                if not notebook.is_file():
                    continue
                nb = nbformat.read(notebook, as_version=4)
                chapter_number = None
                if part.get("numbered", False):
                    number += 1
                    chapter_number = number
                book.chapters[page.name] = Chapter(page.name, notebook, chapter_number,
                                                   _title(nb))
                book._number_labels(nb, chapter_number)
        for bib in config.get("bibtex_bibfiles", []):
            book.citations.update(_citations(root / bib))
        return book

    def _label_sections(self, page: Path) -> None:
        """The section labels of a Markdown page (the welcome page's notation table, say): a
        ``(label)=`` line followed by a heading."""
        if page.is_file():
            for label, heading in _SECTION_TARGET.findall(page.read_text(encoding="utf-8")):
                self.targets[label] = heading.strip()

    def _number_labels(self, nb: nbformat.NotebookNode, chapter: int | None) -> None:
        prefix = f"{chapter}." if chapter is not None else ""
        figures = equations = exercises = 0
        pending_target = ""
        for cell in nb.cells:
            if cell.cell_type == "code":
                name = cell.metadata.get("mystnb", {}).get("figure", {}).get("name")
                shows_image = any("image/png" in out.get("data", {}) for out in cell.outputs)
                if name and shows_image:
                    figures += 1
                    self.figures[name] = f"{prefix}{figures}"
                continue
            if cell.cell_type != "markdown":
                continue
            for block in _all_blocks(cell.source):
                if block.kind == "math" and block.label:
                    equations += 1
                    self.equations[block.label] = f"{prefix}{equations}"
                elif block.kind == "directive" and block.name in ("exercise", "exercise-start"):
                    exercises += 1
                    self.exercises[block.options.get("label", "")] = (
                        f"{prefix}{exercises}", block.arg)
                elif block.kind == "target":
                    pending_target = block.label
                    continue
                elif block.kind == "heading" and pending_target:
                    self.targets[pending_target] = block.text
                pending_target = ""

    # -----------------------------------------------------------------------------------------
    # Inline markup

    def plain(self, text: str, *, link_suffix: str = ".slides.html") -> str:
        """``text`` with MyST roles replaced by what the site shows and links to other chapters
        pointed at their decks (``link_suffix``); plain Markdown and TeX math stay."""
        text = _ROLE.sub(lambda m: self._role(m.group("name"), m.group("content")), text)
        return _LINK.sub(lambda m: self._link(m.group("text"), m.group("target"), link_suffix),
                         text)

    def _role(self, name: str, content: str) -> str:
        title, target = _title_and_target(content)
        if name in ("cite", "cite:p", "cite:t"):
            keys = [key.strip() for key in target.split(",")]
            missing = [key for key in keys if key not in self.citations]
            if missing:
                raise UnknownMarkup(f"{{{name}}}`{content}`: not in the bibliography: {missing}")
            if name == "cite:t":
                return "; ".join(f"{self.citations[k][0]} [{self.citations[k][1]}]"
                                 for k in keys)
            return "[" + "; ".join(", ".join(self.citations[k]) for k in keys) + "]"
        if name == "numref":
            return self._numbered(content, target, title, self.figures, "Fig. {}")
        if name == "eq":
            return self._numbered(content, target, "", self.equations, "({})")
        if name == "ref":
            if target in self.exercises:
                return title or f"Exercise {self.exercises[target][0]}"
            if target in self.targets:
                return title or self.targets[target]
            raise UnknownMarkup(f"{{ref}}`{content}`: no exercise or section has that label")
        if name.startswith("py:"):
            shown = title or (target[1:].rsplit(".", 1)[-1] if target.startswith("~")
                              else target)
            if name in ("py:func", "py:meth") and not title:
                shown += "()"
            return f"`{shown}`"
        if name in ("math",):
            return f"${content}$"
        if name in ("doc", "download"):
            return title or Path(target).stem
        raise UnknownMarkup(f"the role {{{name}}} is not known to the editions: {content!r}")

    @staticmethod
    def _numbered(content: str, target: str, title: str, table: dict[str, str],
                  default: str) -> str:
        if target not in table:
            raise UnknownMarkup(f"`{content}`: no figure or equation has the label {target!r}")
        if title:
            return title.replace("%s", table[target]).replace("{number}", table[target])
        return default.format(table[target])

    def _link(self, text: str, target: str, suffix: str) -> str:
        if re.match(r"^[a-z]+:", target):  # http:, https:, mailto: stay links
            return f"[{text}]({target})"
        page = Path(target.split("#", 1)[0]).stem
        if page in self.chapters:
            return f"[{text}]({page}{suffix})"
        return text  # another page of the site (the cheat sheet, the API): the words only


_SECTION_TARGET = re.compile(r"^\(([\w-]+)\)=[ \t]*\n+#+[ \t]+(.+)$", re.MULTILINE)
_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
_LINK = re.compile(r"(?<![!\]])\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")


def _title_and_target(content: str) -> tuple[str, str]:
    """``"title <target>"`` -> (title, target); ``"target"`` -> ("", target)."""
    match = re.match(r"^(.*?)\s*<([^<>]+)>$", content.strip())
    return (match.group(1).strip(), match.group(2).strip()) if match else ("", content.strip())


def _all_blocks(markdown: str) -> list[Block]:
    """Every block, directive bodies included (an equation may sit inside a box)."""
    found = []
    for block in blocks(markdown):
        found.append(block)
        if block.kind == "directive":
            found.extend(_all_blocks(block.text))
    return found


def _title(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in blocks(cell.source):
                if block.kind == "heading" and block.level == 1:
                    return block.text
    return ""


def _citations(bibfile: Path) -> dict[str, tuple[str, str]]:
    """Key -> (authors as the site's author-year style shows them, year)."""
    found = {}
    for key, entry in parse_file(str(bibfile)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_decode(" ".join(p.last_names)) for p in people]
        if len(names) >= 3:
            shown = f"{names[0]} et al."
        elif len(names) == 2:
            shown = f"{names[0]} and {names[1]}"
        else:
            shown = names[0] if names else key
        found[key] = (shown, entry.fields.get("year", "n.d."))
    return found


def _decode(latex: str) -> str:
    return latex.encode("utf-8").decode("latex").replace("{", "").replace("}", "")
