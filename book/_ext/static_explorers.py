"""Sphinx extension: the course's explorers move on the static site, with no kernel and no
network.

An explorer's picture cell (``explorer.show()``) stores, in its output's metadata, how to build
the explorer again and its control values (`lrcourse.widgets.Explorer.show`). For each such
output of a notebook page this extension

1. builds the explorer again (`lrcourse.widgets.explorer_from_record`) and checks that it draws
   exactly the stored picture (a warning otherwise, which fails ``make book``: re-execute the
   notebook);
2. draws its frames, one PNG per combination of the values of its primary controls
   (`lrcourse.widgets.Explorer.frames`), cached in ``_build/.explorer-frames/<key>/`` by a hash
   of the record, of lrcourse's source and of the matplotlib version (a rebuild draws nothing
   new); at most `MAX_BYTES` of frames per explorer;
3. gives the picture an id and puts HTML controls (range inputs and menus, hidden until the
   course's script ``book/_static/lrcourse-explorers.js`` runs) under it, and removes the
   ipywidgets controls, which do nothing without a kernel.

The frames are copied into ``_static/explorers/<key>/`` of the built site. A page loads none
until a reader moves a control; without JavaScript the page shows the stored picture.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "_build" / ".explorer-frames"
STATIC_SUBDIR = "explorers"
#: Budget of one explorer's frames, in bytes.
MAX_BYTES = 3_000_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

logger = logging.getLogger(__name__)


def source_hash() -> str:
    """A hash of what draws the frames: lrcourse's source and the matplotlib version."""
    import matplotlib

    digest = hashlib.sha256(matplotlib.__version__.encode())
    for path in sorted((ROOT / "lrcourse").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def frame_name(indices: tuple[int, ...]) -> str:
    """The file of the frame at these grid indices (the script builds the same name)."""
    return "f" + "_".join(map(str, indices)) + ".png"


def render(record: dict, stored_png: bytes | None, key: str, warn=logger.warning) -> dict:
    """The explorer's frames in ``CACHE / key`` (drawn unless cached) and its index: the
    controls (name, label, kind, value labels, starting index) and the bytes of all frames."""
    folder = CACHE / key
    index_file = folder / "index.json"
    if index_file.is_file():
        return json.loads(index_file.read_text())
    from lrcourse.widgets import explorer_from_record
    from lrcourse.widgets._explorer import _number

    explorer = explorer_from_record(record)
    if stored_png is not None and explorer.png() != stored_png:
        warn("the stored picture differs from what the explorer draws now: re-execute the "
             "notebook (make execute NB=...), so that its frames match it")
    controls = []
    for name, values in explorer.grid.items():
        widget = explorer._widgets[name]
        menu = hasattr(widget, "options") and type(widget).__name__ != "SelectionSlider"
        labels = [v if isinstance(v, str) else _number(v, 3) for v in values]
        controls.append({"name": name, "label": widget.description, "menu": menu,
                         "labels": labels, "start": values.index(explorer.values[name])})
    partial = folder.with_name(key + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    total = 0
    for indices, png in explorer.frames():
        (partial / frame_name(indices)).write_bytes(png)
        total += len(png)
    index = {"controls": controls, "bytes": total}
    (partial / "index.json").write_text(json.dumps(index))
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return index


def _explorer_outputs(path: Path):
    """(cell index, record, stored PNG) of every explorer picture stored in a notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("lrcourse", {}).get("explorer")
            if record is not None:
                png = output.get("data", {}).get("image/png")
                yield i, record, base64.b64decode(png) if png else None


def _cells(doctree: nodes.document) -> dict[int, nodes.Element]:
    return {node["cell_index"]: node for node in doctree.findall(nodes.container)
            if node.get("nb_element") == "cell_code"}


def _remove_widget_views(doctree: nodes.document) -> None:
    """ipywidgets' controls need a kernel: on the site they would be dead (or, offline, an
    empty box). Their output bundles go."""
    for bundle in list(doctree.findall(nodes.container)):
        if bundle.get("nb_element") == "mime_bundle" and any(
                child.get("mime_type") == WIDGET_VIEW for child in bundle.children):
            bundle.parent.remove(bundle)


def _controls_html(index: dict, image_id: str, frames: str) -> str:
    spec = json.dumps({"image": image_id, "frames": frames,
                       "controls": [{"name": c["name"], "labels": c["labels"]}
                                    for c in index["controls"]]})
    rows = []
    for c in index["controls"]:
        label = html.escape(c["label"] or c["name"])
        start = c["start"]
        if c["menu"]:
            options = "".join(f'<option value="{i}"{" selected" if i == start else ""}>'
                              f"{html.escape(text)}</option>"
                              for i, text in enumerate(c["labels"]))
            field = f'<select data-control="{html.escape(c["name"])}">{options}</select>'
        else:
            field = (f'<input type="range" data-control="{html.escape(c["name"])}" min="0" '
                     f'max="{len(c["labels"]) - 1}" step="1" value="{start}">'
                     f'<output>{html.escape(c["labels"][start])}</output>')
        rows.append(f"<label><span>{label}</span>{field}</label>")
    return (f'<div class="lrcourse-explorer" hidden data-explorer="{html.escape(spec)}">'
            + "".join(rows) + "</div>")


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    path = Path(env.doc2path(docname))
    if path.suffix != ".ipynb":
        return
    _remove_widget_views(doctree)
    found = list(_explorer_outputs(path))
    if not found:
        return
    code = source_hash()
    cells = _cells(doctree)
    depth = "../" * docname.count("/")
    keys = env.lrcourse_explorer_frames.setdefault(docname, [])
    for number, (cell_index, record, png) in enumerate(found):
        where = f"{docname}, cell {cell_index}"
        key = hashlib.sha256((json.dumps(record, sort_keys=True) + code).encode()).hexdigest()[:20]

        def warn(message, where=where):
            logger.warning(f"{where}: {message}", location=docname)

        index = render(record, png, key, warn)
        if index["bytes"] > MAX_BYTES:
            warn(f"its frames take {index['bytes']} bytes, over the {MAX_BYTES} of the budget")
        digest = hashlib.sha256(png).hexdigest() if png else None
        cell = cells.get(cell_index)
        images = [] if cell is None else [
            node for node in cell.findall(nodes.image) if digest and digest in node["uri"]]
        if len(images) != 1:
            warn("its picture was not found on the page: no controls drawn")
            continue
        image = images[0]
        image_id = f"lrcourse-explorer-{number}"
        image["ids"].append(image_id)
        anchor = image.parent  # the image's output bundle (inside a figure if it has a caption)
        while anchor.parent is not None and anchor.get("nb_element") != "mime_bundle":
            anchor = anchor.parent
        raw = nodes.raw("", _controls_html(index, image_id,
                                           f"{depth}_static/{STATIC_SUBDIR}/{key}/"),
                        format="html")
        anchor.parent.insert(anchor.parent.index(anchor) + 1, raw)
        keys.append((key, record))


def _copy_frames(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / STATIC_SUBDIR
    shutil.rmtree(target, ignore_errors=True)
    for keys in app.env.lrcourse_explorer_frames.values():
        for key, record in keys:
            if not (CACHE / key / "index.json").is_file():  # the cache was cleared meanwhile
                render(record, None, key)
            shutil.copytree(CACHE / key, target / key, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("index.json"))


def _init_env(app: Sphinx, env, docnames) -> None:
    if not hasattr(env, "lrcourse_explorer_frames"):
        env.lrcourse_explorer_frames = {}


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "lrcourse_explorer_frames", {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.lrcourse_explorer_frames:
            env.lrcourse_explorer_frames[docname] = other.lrcourse_explorer_frames[docname]


def setup(app: Sphinx) -> dict:
    app.add_js_file("lrcourse-explorers.js")
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _doctree_read)
    app.connect("build-finished", _copy_frames)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
