/* The course's explorers on the static site (book/_ext/static_explorers.py writes their
   controls and frames). Each <div class="lrcourse-explorer"> holds range inputs and menus, one
   per primary control, each choosing an index into that control's grid of values; moving one
   shows the frame drawn for the chosen indices, f<i>_<j>.png in the explorer's folder. No
   frame loads before a control moves; nothing is fetched from the network (plain <img> loads
   of files next to the page, so it works from file:// too). Without JavaScript the controls
   stay hidden and the page shows the picture the notebook stored. */
(function () {
  "use strict";

  function setUp(box) {
    var spec = JSON.parse(box.getAttribute("data-explorer"));
    var image = document.getElementById(spec.image);
    if (!image) {
      return;
    }
    var fields = box.querySelectorAll("[data-control]");

    function show() {
      var indices = [];
      for (var k = 0; k < fields.length; k++) {
        var field = fields[k];
        var i = parseInt(field.value, 10);
        indices.push(i);
        var readout = field.nextElementSibling;
        if (readout && readout.tagName === "OUTPUT") {
          readout.textContent = spec.controls[k].labels[i];
        }
      }
      image.src = spec.frames + "f" + indices.join("_") + ".png";
      image.removeAttribute("srcset");
    }

    for (var k = 0; k < fields.length; k++) {
      fields[k].addEventListener("input", show);
      fields[k].addEventListener("change", show);
    }
    box.hidden = false;
  }

  function setUpAll() {
    var boxes = document.querySelectorAll("div.lrcourse-explorer");
    for (var k = 0; k < boxes.length; k++) {
      setUp(boxes[k]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
