"""Headless Chromium with the network off, to look at decks and pages as a reader would.

``inspect(page, script)`` opens a built page (a deck or a site page) in Debian's ``chromium``
with every host unresolvable and a dead proxy, and, where the machine allows it (root, as in
CI), inside a network namespace of its own that has no network at all. ``script`` is a
JavaScript function body that runs once the page has loaded and returns what it measured; its
result comes back as a dict. Everything the page loaded is listed too, so a test can show that
nothing came from the network. The page is copied beside itself with the script added (so its
relative links still resolve) and the copy is removed afterwards.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "install Chromium: apt-get install -y chromium (Debian), then rerun"

_HARNESS = """
<script>
(function () {
  function done(value) {
    var pre = document.createElement("pre");
    pre.id = "lr-report";
    pre.textContent = JSON.stringify(value);
    document.documentElement.appendChild(pre);
  }
  function measure() {
    try {
      var result = (function () { %(script)s })();
      Promise.resolve(result).then(function (value) {
        value.resources = performance.getEntriesByType("resource").map(function (e) {
          return e.name; });
        value.mathjax = window.MathJax && MathJax.version ? MathJax.version : null;
        done(value);
      }, function (error) { done({error: String(error)}); });
    } catch (error) { done({error: String(error) + " " + error.stack}); }
  }
  function ready() {
    var mathjax = window.MathJax && MathJax.startup && MathJax.startup.promise;
    return mathjax ? mathjax : Promise.resolve();
  }
  window.addEventListener("load", function () {
    setTimeout(function () { ready().then(measure, measure); }, 500);
  });
})();
</script>
"""


@functools.cache
def chromium() -> str | None:
    """The Chromium executable, or None."""
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    return None


@functools.cache
def network_namespace() -> list[str]:
    """``unshare --net`` where this user may make a network namespace (root), else nothing."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True,
                                  check=False).returncode == 0:
        return [unshare, "--net"]
    return []


def inspect(page: Path, script: str, *, width: int = 1280, height: int = 720,
            budget_ms: int = 20000) -> dict:
    """Open ``page`` offline at ``width`` x ``height`` and return what ``script`` returns."""
    browser = chromium()
    if browser is None:
        raise RuntimeError(f"headless Chromium is needed for this check: {INSTALL_HINT}")
    html = page.read_text(encoding="utf-8")
    harness = _HARNESS.replace("%(script)s", script)
    marker = "</body>" if "</body>" in html else "</html>"
    head, _, tail = html.rpartition(marker)
    with tempfile.NamedTemporaryFile("w", suffix=".html", prefix=".lr-check-", dir=page.parent,
                                     delete=False, encoding="utf-8") as copy:
        copy.write(head + harness + marker + tail)
    profile = tempfile.mkdtemp(prefix="lr-chromium-")
    try:
        command = [
            *network_namespace(), browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
            f"--window-size={width},{height}", f"--virtual-time-budget={budget_ms}",
            "--dump-dom", Path(copy.name).as_uri(),
        ]
        run = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False,
                             env={**os.environ, "HOME": profile})
    finally:
        Path(copy.name).unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
    # Chromium adds tabindex="0" to a report long enough to scroll
    match = re.search(r'<pre id="lr-report"[^>]*>(.*?)</pre>', run.stdout, re.DOTALL)
    if not match:
        raise RuntimeError(f"{page}: no report from Chromium (exit {run.returncode}): "
                           f"{run.stderr[-2000:]}")
    report = json.loads(_unescape(match.group(1)))
    if "error" in report:
        raise RuntimeError(f"{page}: the measuring script failed: {report['error']}")
    report["offline_by"] = "network namespace" if network_namespace() else "blocked hosts"
    return report


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&amp;", "&"))


def remote(resources: list[str]) -> list[str]:
    """The resources a page loaded from anywhere but files beside it."""
    return [url for url in resources if not url.startswith(("file:", "data:", "blob:"))]


#: Measures every slide of a reveal.js deck: content beyond the 1280x720 slide or scrolling
#: inside it, lines of text, the smallest text on screen, math typeset or not, MyST left raw.
DECK_SCRIPT = r"""
var frame = document.querySelector(".reveal .slides");
var config = Reveal.getConfig();
var raw = new RegExp("\\{(numref|eq|cite|cite:t|ref|py:\\w+|solution|exercise|admonition)\\}"
                     + "|^:::|```|\\$\\$|\\\\\\(", "m");
var out = {slides: [], top: Reveal.getHorizontalSlides().length, width: config.width,
           height: config.height, viewport: [innerWidth, innerHeight]};
Reveal.getSlides().forEach(function (slide) {
  var where = Reveal.getIndices(slide);
  Reveal.slide(where.h, where.v || 0);
  var box = frame.getBoundingClientRect();
  var scale = box.width / config.width;
  // the scale reveal.js gives a slide on a 1280x720 screen, whatever this window's size
  var projected = Math.min(1280 / config.width, 720 / config.height) / (1 + config.margin);
  var heading = slide.querySelector("h1, h2");
  var info = {h: where.h, v: where.v || 0, title: heading ? heading.textContent : "",
              over_bottom: 0, over_right: 0, scrolled: [], lines: 0, min_font: 1e9, raw: [],
              math: slide.querySelectorAll("mjx-container").length,
              math_errors: slide.querySelectorAll("mjx-merror").length};
  slide.querySelectorAll("*").forEach(function (el) {
    // MathJax's parts are measured as their container (its assistive MathML is off-screen)
    var inside_math = el.parentElement && el.parentElement.closest("mjx-container");
    if (el.closest("aside.notes") || inside_math) return;
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    var bottom = (r.bottom - box.bottom) / scale, right = (r.right - box.right) / scale;
    if (bottom > info.over_bottom || right > info.over_right)
      info.culprit = el.tagName + "." + el.className;
    info.over_bottom = Math.max(info.over_bottom, bottom);
    info.over_right = Math.max(info.over_right, right);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
      info.scrolled.push(el.tagName);
  });
  slide.querySelectorAll("li, p").forEach(function (el) {
    if (el.closest("aside.notes") || el.querySelector("li, p, img, mjx-container[display='true']"))
      return;  // a paragraph holding a figure or a displayed equation is not a line of text
    var style = getComputedStyle(el);
    var own = el.getBoundingClientRect().height / scale;
    info.lines += Math.round(own / parseFloat(style.lineHeight));
  });
  var walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest("aside.notes, script, style")) continue;
    if (parent.closest("mjx-container")) continue;
    var size = parseFloat(getComputedStyle(parent).fontSize) * projected;
    info.min_font = Math.min(info.min_font, size);
    if (raw.test(node.textContent) && !parent.closest("pre, code"))
      info.raw.push(node.textContent.slice(0, 80));
  }
  info.scale = scale;
  out.slides.push(info);
});
return out;
"""

#: A page of the site: math typeset, solutions present or not, the body's type sizes.
PAGE_SCRIPT = r"""
var math = document.querySelectorAll("span.math, div.math");
var typeset = 0;
math.forEach(function (el) { if (el.querySelector("mjx-container")) typeset += 1; });
var body = document.querySelector("main p, article p");
var code = document.querySelector("div.highlight pre, div.cell_output pre");
var text = document.body.innerText;
return {math: math.length, typeset: typeset,
        math_errors: document.querySelectorAll("mjx-merror").length,
        exercises: document.querySelectorAll(".exercise").length,
        solutions: document.querySelectorAll(".solution").length,
        solution_titles: (text.match(/Solution to Exercise/g) || []).length,
        body_font: body ? parseFloat(getComputedStyle(body).fontSize) : null,
        code_font: code ? parseFloat(getComputedStyle(code).fontSize) : null,
        title: document.title};
"""
