// Social post cards: "Load original post" lays the platform's own embed over one card, on the reader's
// click only (nothing is requested from a platform before that). The card works without this script: it
// is the archived post with a link to the original.
//
// Nothing on the page moves when the embed loads: a video's player takes the still's own 16:9 box, and
// any other embed is laid over its card in one grid cell while the card stays there, invisible, holding
// its height (social/cards.css). Where the card's footer was, a bar keeps the link to the original and
// offers our archived copy back: an embed may never load (the platform is down, or the reader's network
// blocks it), and a frame does not say so to the page, so the way back is always there, and after a while
// without the frame's load event the bar says that it has not loaded.
"use strict";
(function () {
  const STALLED_AFTER_MS = 10000;

  function frameFor(card) {
    const frame = document.createElement("iframe");
    frame.src = card.dataset.embedSrc;
    frame.title = card.dataset.embedTitle;
    frame.className =
      "social-embed__frame social-embed__frame--" + card.dataset.platform + " social-embed__frame--" + card.dataset.embedBox;
    frame.setAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    return frame;
  }

  function restoreButton(restore) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "social-embed__restore";
    button.textContent = "Show our archived copy";
    button.addEventListener("click", restore);
    return button;
  }

  function whenStalled(frame, status) {
    let loaded = false;
    frame.addEventListener("load", function () {
      loaded = true;
    });
    setTimeout(function () {
      if (!loaded && frame.isConnected) {
        status.textContent = "The original post has not loaded. Our archived copy is one click away.";
      }
    }, STALLED_AFTER_MS);
  }

  // A video: the player takes the still's place in the card, and the card's button brings the still back.
  function playInPlace(card, still) {
    const frame = frameFor(card);
    const button = card.querySelector(".social-card__load");
    still.replaceWith(frame);
    if (button) {
      const restore = restoreButton(function () {
        frame.replaceWith(still);
        restore.replaceWith(button);
        still.focus();
      });
      button.replaceWith(restore);
    }
    frame.focus();
  }

  // Any other embed: laid over the card, which keeps its room; the bar takes the place of its footer.
  function layOver(card) {
    const frame = frameFor(card);
    const embed = document.createElement("div");
    embed.className = "social-embed social-embed--" + card.dataset.platform + " social-embed--" + card.dataset.embedBox;
    if (card.classList.contains("social-card--compact") || card.dataset.embedBox === "picture") {
      embed.classList.add("social-embed--unreserved");
    }
    const bar = document.createElement("p");
    bar.className = "social-embed__bar";
    const status = document.createElement("span");
    status.className = "social-embed__status";
    status.setAttribute("role", "status");
    const original = document.createElement("a");
    original.href = card.dataset.originalUrl;
    original.rel = "nofollow noopener";
    original.textContent = card.querySelector(".social-card__original").textContent;
    bar.append(status, original, restoreButton(restore));
    card.before(embed);
    embed.append(card, frame, bar);
    card.classList.add("social-card--covered");
    card.setAttribute("aria-hidden", "true");
    // The frame fills the card's room above the bar (or more, where the card reserved none).
    frame.style.height = card.offsetHeight - bar.offsetHeight + "px";
    frame.style.marginBottom = bar.offsetHeight + "px";
    whenStalled(frame, status);
    frame.focus();

    function restore() {
      embed.replaceWith(card);
      card.classList.remove("social-card--covered");
      card.removeAttribute("aria-hidden");
      card.querySelector(".social-card__load").focus();
    }
  }

  document.addEventListener("click", function (event) {
    const trigger = event.target.closest("[data-social-load]");
    const card = trigger && trigger.closest("[data-social-card]");
    if (!card || !card.dataset.embedSrc || card.classList.contains("social-card--covered")) return;
    event.preventDefault();
    const still = card.querySelector(".social-card__still");
    if (card.dataset.embedBox === "video" && still) {
      playInPlace(card, still);
    } else {
      layOver(card);
    }
  });

  // The buttons take their room from the start (invisible), so showing them moves nothing.
  document.querySelectorAll("[data-social-card] .social-card__load--waiting").forEach(function (button) {
    button.classList.remove("social-card__load--waiting");
  });
})();
