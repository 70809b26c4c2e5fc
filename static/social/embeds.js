// Social post cards: "Load original post" swaps one card for the platform's own embed, on the reader's
// click only (nothing is requested from a platform before that). The card works without this script: it
// is the archived post with a link to the original.
//
// Nothing on the page moves when the embed loads: a video's player takes the still's own 16:9 box, and
// any other embed is laid over its card in one grid cell while the card stays there, invisible, holding
// its height (site.css, "Social post cards": .social-embed and .social-card--covered).
"use strict";
(function () {
  function frameFor(card) {
    const frame = document.createElement("iframe");
    frame.src = card.dataset.embedSrc;
    frame.title = card.dataset.embedTitle;
    frame.className = "social-embed__frame social-embed__frame--" + card.dataset.platform;
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    return frame;
  }

  function swap(card) {
    const frame = frameFor(card);
    const still = card.querySelector(".social-card__still");
    const button = card.querySelector(".social-card__load");
    if (card.dataset.platform === "youtube" && still) {
      still.replaceWith(frame);
      if (button) button.classList.add("social-card__load--used");
      frame.focus();
      return;
    }
    const embed = document.createElement("div");
    embed.className = "social-embed social-embed--" + card.dataset.platform;
    card.before(embed);
    embed.append(card, frame);
    card.classList.add("social-card--covered");
    card.setAttribute("aria-hidden", "true");
    card.querySelectorAll("a, button").forEach(function (element) {
      element.tabIndex = -1;
    });
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    const trigger = event.target.closest("[data-social-load]");
    const card = trigger && trigger.closest("[data-social-card]");
    if (!card || !card.dataset.embedSrc || card.classList.contains("social-card--covered")) return;
    event.preventDefault();
    swap(card);
  });

  // The buttons take their room from the start (invisible), so showing them moves nothing.
  document.querySelectorAll("[data-social-card] .social-card__load--waiting").forEach(function (button) {
    button.classList.remove("social-card__load--waiting");
  });
})();
