// Counts the characters of each box that has data-count-limit (the headline, the standfirst) as the editor
// types, and says when the text passes what search engines show (data-count-mark) or the limit itself. The
// form refuses a text over the limit on save, with everything typed kept; nothing is cut here.
"use strict";
(function () {
  // Characters as the server counts them (code points), so an emoji counts once.
  function length(text) {
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function attach(input) {
    const limit = Number(input.dataset.countLimit);
    const mark = Number(input.dataset.countMark || 0);
    const counter = document.createElement("p");
    counter.id = input.id + "_count";
    counter.setAttribute("aria-live", "polite");
    // Below the label and box, not beside them in their row; "help" lines it up as the admin's help text.
    (input.closest(".flex-container") || input).after(counter);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));

    function update() {
      const count = length(input.value);
      let text = count + " of " + limit + " characters";
      counter.className = "help char-count";
      if (count > limit) {
        text += ": " + (count - limit) + " too many, shorten it to save";
        counter.classList.add("char-count--over");
      } else if (mark && count > mark) {
        text += ": search engines show about the first " + mark;
        counter.classList.add("char-count--past-mark");
      } else if (mark) {
        text += " (search engines show about " + mark + ")";
      }
      counter.textContent = text;
    }

    input.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-count-limit]").forEach(attach);
  });
})();
