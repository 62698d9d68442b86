"""The explorers of the built site, moved in headless Chromium from file:// with the network off.

Run by ``make test-browser`` (and so by .ci/run), which builds the site first and sets
``LRCOURSE_BROWSER=1``: there, a missing build or a missing Chromium fails. Elsewhere
(``make test``) these tests are skipped with that reason.

On every chapter page with an explorer picture: the course's controls are shown (the script
ran) and no ipywidgets control is left; no frame is loaded before a control moves; moving each
primary control through every value of its grid shows the frame of those values, at the size
of the stored picture; a sampled frame is exactly what the explorer draws for its values; and
the page loads nothing from the network.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import static_explorers  # noqa: E402
from editions import browser  # noqa: E402

pytestmark = pytest.mark.browser

SITE = ROOT / "_build" / "html"
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
WITH_EXPLORERS = [nb for nb in NOTEBOOKS if list(static_explorers._explorer_outputs(nb))]

#: Moves every control of every explorer of the page through its grid, the others at their
#: starting values, and reports the picture's source and size after each move.
MOVE_SCRIPT = r"""
var boxes = Array.prototype.slice.call(document.querySelectorAll("div.lrcourse-explorer"));
// before any move: no element points at a frame (a frame loads only through an <img>)
var framesBefore = Array.prototype.map.call(document.querySelectorAll("img[src], link[href]"),
    function (e) { return e.src || e.href; })
  .filter(function (url) { return url.indexOf("/_static/explorers/") >= 0; });
function settle(image) {
  return new Promise(function (resolve) {
    if (image.complete) { resolve(); return; }
    image.addEventListener("load", function () { resolve(); }, {once: true});
    image.addEventListener("error", function () { resolve(); }, {once: true});
  });
}
async function run() {
  var out = {framesBefore: framesBefore, widgetViews: document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets').length,
    explorers: []};
  for (var b = 0; b < boxes.length; b++) {
    var box = boxes[b];
    var spec = JSON.parse(box.getAttribute("data-explorer"));
    var image = document.getElementById(spec.image);
    await settle(image);
    var report = {shown: !box.hidden && box.offsetHeight > 0, image: spec.image,
                  storedSrc: image.src, storedWidth: image.naturalWidth,
                  storedHeight: image.naturalHeight, moves: []};
    var fields = box.querySelectorAll("[data-control]");
    for (var k = 0; k < fields.length; k++) {
      var field = fields[k];
      var start = field.value;
      var count = spec.controls[k].labels.length;
      for (var i = 0; i < count; i++) {
        field.value = String(i);
        field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input"));
        await settle(image);
        var readout = field.nextElementSibling;
        report.moves.push({control: spec.controls[k].name, index: i, src: image.src,
                           width: image.naturalWidth, height: image.naturalHeight,
                           readout: readout && readout.tagName === "OUTPUT" ?
                             readout.textContent : null});
      }
      field.value = start;
      field.dispatchEvent(new Event(field.tagName === "SELECT" ? "change" : "input"));
      await settle(image);
    }
    report.starts = Array.prototype.map.call(fields, function (f) { return +f.value; });
    out.explorers.push(report);
  }
  // what the page loads from, after every move: scripts, stylesheets, icons, pictures, frames
  // (Chromium's resource timing lists no file:// load, so the elements are read too)
  out.sources = Array.prototype.map.call(document.querySelectorAll(
      'script[src], img[src], iframe[src], source[src], link[rel~="stylesheet"], ' +
      'link[rel~="preload"], link[rel~="icon"], link[rel~="modulepreload"]'),
    function (e) { return e.src || e.href; });
  return out;
}
return run();
"""


@pytest.fixture(scope="session", autouse=True)
def _built() -> None:
    required = os.environ.get("LRCOURSE_BROWSER") == "1"
    problem = ""
    if not (SITE / "index.html").exists():
        problem = "the site is not built (run make test-browser)"
    elif browser.chromium() is None:
        problem = f"no headless Chromium: {browser.INSTALL_HINT}"
    if problem and required:
        pytest.fail(f"LRCOURSE_BROWSER=1 but {problem}")
    if problem or not required:
        pytest.skip(problem or "the site's explorers are checked by make test-browser")


def _page(notebook: Path) -> Path:
    return SITE / "book" / (notebook.stem + ".html")


def _controls(page: Path) -> list[dict]:
    """The explorer specifications written into the page (the data-explorer attributes)."""
    import html
    import re

    text = page.read_text(encoding="utf-8")
    return [json.loads(html.unescape(m)) for m in re.findall(r'data-explorer="([^"]*)"', text)]


def test_some_chapters_have_explorers_with_records() -> None:
    assert len(WITH_EXPLORERS) >= 3, [nb.name for nb in NOTEBOOKS]


@pytest.mark.parametrize("notebook", WITH_EXPLORERS, ids=[nb.stem for nb in WITH_EXPLORERS])
def test_every_primary_control_moves_the_picture_offline(notebook: Path) -> None:
    page = _page(notebook)
    specs = _controls(page)
    stored = list(static_explorers._explorer_outputs(notebook))
    assert len(specs) == len(stored), "one set of controls per stored explorer picture"
    report = browser.inspect(page, MOVE_SCRIPT, budget_ms=60000)
    assert browser.remote(report["resources"]) == [], "the page loaded from the network"
    assert report["sources"] and browser.remote(report["sources"]) == [], report["sources"]
    assert report["framesBefore"] == [], "a frame loaded before any control moved"
    assert report["widgetViews"] == 0, "ipywidgets controls left on the page"
    assert len(report["explorers"]) == len(specs)
    for explorer, spec, (_, _, stored_png) in zip(report["explorers"], specs, stored,
                                                  strict=True):
        assert explorer["shown"], f"{spec['image']}: its controls stay hidden"
        starts = explorer["starts"]
        folder = (page.parent / spec["frames"]).resolve()
        changed = set()
        for move in explorer["moves"]:
            k = [c["name"] for c in spec["controls"]].index(move["control"])
            indices = list(starts)
            indices[k] = move["index"]
            expected = folder / static_explorers.frame_name(tuple(indices))
            shown = Path(unquote(urlparse(move["src"]).path))
            assert shown == expected, (move, expected)
            assert expected.is_file()
            assert (move["width"], move["height"]) == (explorer["storedWidth"],
                                                       explorer["storedHeight"]), move
            if move["readout"] is not None:
                assert move["readout"] == spec["controls"][k]["labels"][move["index"]]
            if expected.read_bytes() != stored_png:
                changed.add(move["control"])
        assert changed == {c["name"] for c in spec["controls"]}, "a control never changed it"


@pytest.mark.parametrize("notebook", WITH_EXPLORERS, ids=[nb.stem for nb in WITH_EXPLORERS])
def test_a_sampled_frame_is_what_the_explorer_draws(notebook: Path) -> None:
    """The site's last frame of each explorer equals the PNG the explorer draws after `set`
    to that frame's values, built afresh from the notebook's record."""
    from lrcourse.widgets import explorer_from_record

    page = _page(notebook)
    for spec, (_, record, _png) in zip(_controls(page), static_explorers._explorer_outputs(
            notebook), strict=True):
        explorer = explorer_from_record(record)
        last = {name: values[-1] for name, values in explorer.grid.items()}
        explorer.set(**last)
        indices = tuple(len(values) - 1 for values in explorer.grid.values())
        frame = (page.parent / spec["frames"]).resolve() / static_explorers.frame_name(indices)
        assert frame.read_bytes() == explorer.png()
