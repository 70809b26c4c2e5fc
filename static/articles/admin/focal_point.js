// The focal point on the image's change form: a click on the picture (or the arrow keys on its marker)
// sets the two number fields, the marker follows, and the three crop previews show what the task will
// write when the form is saved. The form works without this script: the numbers are the fields saved.
// Positions go through CSS custom properties set with style.setProperty, which the strict Content
// Security Policy allows (it refuses style="" attributes in the markup, not the CSSOM).
"use strict";
(function () {
  const SHAPES = { "16:9": [16, 9], "4:3": [4, 3], "1:1": [1, 1] };
  const STEP = 0.01;
  const BIG_STEP = 0.1;

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function round(value) {
    return Math.round(value * 1000) / 1000;
  }

  // articles/images.py crop_box, as fractions of the free room the crop can move in (object-position).
  // Without its rounding to whole pixels: a preview has no pixels to round to.
  function cropPosition(width, height, shape, x, y) {
    const [across, down] = shape;
    const cropWidth = Math.min(width, (height * across) / down);
    const cropHeight = Math.min(height, (width * down) / across);
    const left = Math.min(Math.max(x * width - cropWidth / 2, 0), width - cropWidth);
    const top = Math.min(Math.max(y * height - cropHeight / 2, 0), height - cropHeight);
    const share = (offset, room) => (room > 0.5 ? Math.round((1000 * offset) / room) / 10 : 50);
    return [share(left, width - cropWidth), share(top, height - cropHeight)];
  }

  function setUp(picker) {
    const form = picker.closest("form");
    const fieldX = form.querySelector("input[name=focal_x]");
    const fieldY = form.querySelector("input[name=focal_y]");
    const frame = picker.querySelector(".focal-point__frame");
    const marker = picker.querySelector(".focal-point__marker");
    const width = Number(picker.dataset.width);
    const height = Number(picker.dataset.height);
    const previews = picker.querySelectorAll(".focal-point__crop img");
    if (!fieldX || !fieldY) {
      return;
    }

    function current() {
      const x = Number.parseFloat(fieldX.value);
      const y = Number.parseFloat(fieldY.value);
      return [Number.isFinite(x) ? clamp(x) : 0.5, Number.isFinite(y) ? clamp(y) : 0.5];
    }

    function show() {
      const [x, y] = current();
      picker.style.setProperty("--focal-x", String(x));
      picker.style.setProperty("--focal-y", String(y));
      marker.setAttribute(
        "aria-label",
        `Focal point, ${Math.round(x * 100)}% across and ${Math.round(y * 100)}% down: use the arrow keys to move it`,
      );
      previews.forEach(function (preview) {
        const [left, top] = cropPosition(width, height, SHAPES[preview.dataset.shape], x, y);
        preview.style.setProperty("--crop-x", `${left}%`);
        preview.style.setProperty("--crop-y", `${top}%`);
      });
    }

    function moveTo(x, y) {
      fieldX.value = String(round(clamp(x)));
      fieldY.value = String(round(clamp(y)));
      show();
    }

    // The previews crop the picture itself from now on: the files written last follow the saved point only.
    previews.forEach(function (preview) {
      preview.src = picker.dataset.original;
      preview.classList.add("focal-point__live");
    });
    marker.hidden = false;
    picker.classList.add("focal-point--ready");

    frame.addEventListener("click", function (event) {
      if (event.detail === 0) {
        return; // Enter or Space on the marker: a click with no position, not a click on the picture
      }
      const box = frame.getBoundingClientRect();
      moveTo((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      marker.focus();
    });
    marker.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? BIG_STEP : STEP;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const move = moves[event.key];
      if (!move) {
        return;
      }
      event.preventDefault();
      const [x, y] = current();
      moveTo(x + move[0], y + move[1]);
    });
    fieldX.addEventListener("input", show);
    fieldY.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point]").forEach(setUp);
  });
})();
