"""Sphinx extension: the site serves MathJax itself, so its math renders with the network off.

MathJax comes from the npm package ``mathjax`` at the version pinned in
``scripts/editions/package-lock.json``, which ``make web`` (a prerequisite of ``make book``)
installs into ``_build/web/node_modules``. This extension points Sphinx's ``mathjax_path`` at
``_static/mathjax/tex-mml-chtml.js`` (the component Sphinx loads from a CDN by default) and
copies the files that component loads into the built site. Without the package it warns before
writing any page, which fails ``make book`` (``-W``) and says what to run.

The lecture decks (``scripts/editions/slides.py``) copy the same files with ``copy_mathjax``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "_build" / "web" / "node_modules"
MATHJAX = NODE_MODULES / "mathjax" / "es5"
#: The component a page loads, relative to MathJax's es5 folder, and the folders of the files
#: it loads on demand: TeX extensions (autoload), the CommonHTML fonts, the menu and the
#: accessibility extensions. Speech (``sre``, 4 MB) is left out; it loads only when a reader
#: turns it on in MathJax's menu.
MATHJAX_ENTRY = "tex-mml-chtml.js"
MATHJAX_PARTS = (MATHJAX_ENTRY, "input/tex/extensions", "input/mml/extensions",
                 "output/chtml/fonts/woff-v2", "ui", "a11y", "adaptors")
STATIC_SUBDIR = "mathjax"

logger = logging.getLogger(__name__)


def copy_mathjax(dest: Path) -> None:
    """Copy the MathJax files a page needs into ``dest`` (which then holds ``MATHJAX_ENTRY``)."""
    if not (MATHJAX / MATHJAX_ENTRY).is_file():
        raise FileNotFoundError(f"{MATHJAX / MATHJAX_ENTRY} is missing: run `make web`")
    for part in MATHJAX_PARTS:
        source, target = MATHJAX / part, dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


def _use_local_mathjax(app: Sphinx, config: object) -> None:
    config.mathjax_path = f"{STATIC_SUBDIR}/{MATHJAX_ENTRY}"  # relative: under _static


def _check_installed(app: Sphinx) -> None:
    # warned before the pages are written, so that -W fails the build
    if not (MATHJAX / MATHJAX_ENTRY).is_file():
        logger.warning("MathJax is not installed in %s: run `make web` (npm ci of "
                       "scripts/editions/package-lock.json); the pages would load no MathJax",
                       NODE_MODULES)


def _copy_into_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if (MATHJAX / MATHJAX_ENTRY).is_file():
        copy_mathjax(Path(app.outdir) / "_static" / STATIC_SUBDIR)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _use_local_mathjax)
    app.connect("builder-inited", _check_installed)
    app.connect("build-finished", _copy_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
