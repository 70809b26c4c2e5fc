// Social post cards: "Load original post" swaps one card for the platform's own embed, on the reader's
// click only (nothing is requested from a platform before that). The card works without this script: it
// is the archived post with a link to the original. The frame gets the platform's size through CSS
// classes (site.css, "Social post cards"), the same box the card reserves, so the page does not jump.
"use strict";
(function () {
  function swap(card) {
    const platform = card.dataset.platform;
    const still = card.querySelector(".social-card__still");
    const frame = document.createElement("iframe");
    frame.src = card.dataset.embedSrc;
    frame.title = card.dataset.embedTitle;
    frame.className = "social-embed__frame social-embed__frame--" + platform;
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    if (platform === "youtube" && still) {
      // A YouTube frame is the still's own 16:9 box: the card keeps its author, text and link around it.
      still.replaceWith(frame);
      const button = card.querySelector(".social-card__load");
      if (button) button.remove();
    } else {
      const embed = document.createElement("div");
      embed.className = "social-embed social-embed--" + platform;
      embed.tabIndex = -1;
      embed.appendChild(frame);
      const link = card.querySelector(".social-card__original");
      if (link) {
        const caption = document.createElement("p");
        caption.className = "social-embed__link";
        caption.appendChild(link.cloneNode(true));
        embed.appendChild(caption);
      }
      card.replaceWith(embed);
      embed.focus();
    }
  }

  document.addEventListener("click", function (event) {
    const trigger = event.target.closest("[data-social-load]");
    const card = trigger && trigger.closest("[data-social-card]");
    if (!card || !card.dataset.embedSrc) return;
    event.preventDefault();
    swap(card);
  });

  document.querySelectorAll("[data-social-card] .social-card__load[hidden]").forEach(function (button) {
    button.hidden = false;
  });
})();
