"""The offline course: the site, the decks and the student edition in one zip.

``make offline`` builds the three (``make book``, ``make slides``, ``make student``) and packs
them into ``_build/lrcourse-offline.zip``::

    lrcourse-offline/index.html          what is where, with links
    lrcourse-offline/site/               the website (open site/index.html)
    lrcourse-offline/slides/             one deck per chapter, reveal.js and MathJax beside them
    lrcourse-offline/student/notebooks/  the notebooks without solutions and claim checks
    lrcourse-offline/student/site/       the website without solutions

Everything opens from the unpacked folder in a browser with the network off: the site and the
decks serve their own MathJax and reveal.js. (The explorers' controls on the site need a kernel
or their scripts; the pictures they show are plain images.)
"""

from __future__ import annotations

import argparse
import html
import zipfile
from pathlib import Path

from editions.book import ROOT, Book

BUILD = ROOT / "_build"
ZIP = BUILD / "lrcourse-offline.zip"
TOP = "lrcourse-offline"
PARTS = {  # folder in the zip -> what it is built from
    "site": BUILD / "html",
    "slides": BUILD / "slides",
    "student/notebooks": BUILD / "student" / "notebooks",
    "student/site": BUILD / "student" / "html",
}


def index_page(book: Book) -> str:
    """The zip's start page: links to the site, every deck and the student edition."""
    rows = "\n".join(
        f'<li><a href="slides/{stem}.slides.html">'
        f"{html.escape(f'{c.number}. ' if c.number else '')}{html.escape(c.title)}</a>"
        f' (<a href="student/notebooks/{stem}.ipynb">student notebook</a>)</li>'
        for stem, c in book.chapters.items())
    title = html.escape(book.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}: offline</title>
<style>body {{font: 18px/1.5 sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em}}</style>
</head><body>
<h1>{title}</h1>
<p>Everything here works with the network off.</p>
<ul>
<li><a href="site/index.html">The course website</a> (with folded solutions)</li>
<li><a href="student/site/index.html">The student website</a> (without solutions)</li>
</ul>
<h2>Lecture slides and student notebooks</h2>
<p>Press <kbd>S</kbd> in a deck for the speaker notes, <kbd>Esc</kbd> for an overview.
The notebooks open in Jupyter; their first cell installs <code>lrcourse</code> where it is
missing.</p>
<ol>
{rows}
</ol>
</body></html>
"""


def pack(out: Path = ZIP, root: Path = ROOT) -> Path:
    """Write the zip; every part must have been built."""
    missing = [str(path) for path in PARTS.values() if not path.is_dir()]
    if missing:
        raise FileNotFoundError(f"build these first (make book slides student): {missing}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(f"{TOP}/index.html", index_page(Book.load(root)))
        for folder, source in PARTS.items():
            for path in sorted(source.rglob("*")):
                if path.is_file() and not path.name.startswith(".lr-check-"):
                    zf.write(path, f"{TOP}/{folder}/{path.relative_to(source).as_posix()}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ZIP)
    args = parser.parse_args(argv)
    path = pack(args.out)
    with zipfile.ZipFile(path) as zf:
        count = len(zf.namelist())
    print(f"{path}: {path.stat().st_size / 2**20:.1f} MiB, {count} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
