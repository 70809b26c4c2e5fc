// Comments: the form opens in a dialog, replies reuse it, "Show more comments" loads the next page in
// place. Without this file everything still works: the form is a plain section of the page, "Reply"
// opens a reply page and "Show more comments" goes to the next page of comments.
(function () {
  "use strict";

  function setUpDialog(section) {
    var compose = section.querySelector("[data-comment-compose]");
    var openButton = section.querySelector("[data-comment-open]");
    if (!compose || !openButton || typeof HTMLDialogElement !== "function") {
      return;
    }
    var form = compose.querySelector("form");
    var heading = compose.querySelector(".comment-compose__heading");
    var replying = compose.querySelector("[data-comment-replying]");
    var dialog = document.createElement("dialog");
    dialog.className = "comment-dialog";
    dialog.setAttribute("aria-labelledby", heading.id);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "comment-dialog__close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    dialog.appendChild(close);
    compose.parentNode.insertBefore(dialog, compose);
    dialog.appendChild(compose);
    openButton.hidden = false;
    var opener = null;

    function open(trigger, parentId, parentName) {
      opener = trigger;
      form.elements.parent.value = parentId || "";
      heading.textContent = parentId ? "Reply to " + parentName : "Share your comment";
      replying.hidden = !parentId;
      replying.textContent = parentId ? "Your reply will appear under " + parentName + "’s comment." : "";
      dialog.showModal();
      form.elements.name.focus();
    }

    openButton.addEventListener("click", function () {
      open(openButton, "", "");
    });
    close.addEventListener("click", function () {
      dialog.close();
    });
    // Escape closes a modal dialog natively; either way focus goes back to what opened it.
    dialog.addEventListener("close", function () {
      if (opener) {
        opener.focus();
      }
    });
    section.addEventListener("click", function (event) {
      var link = event.target.closest("[data-comment-reply]");
      if (!link) {
        return;
      }
      event.preventDefault();
      open(link, link.getAttribute("data-comment-reply"), link.getAttribute("data-comment-reply-name"));
    });
  }

  function setUpShowMore(section) {
    section.addEventListener("click", function (event) {
      var link = event.target.closest("[data-comment-more]");
      if (!link || !window.fetch) {
        return;
      }
      event.preventDefault();
      link.setAttribute("aria-busy", "true");
      fetch(link.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var list = section.querySelector("[data-comment-list]");
          var first = null;
          page.querySelectorAll("[data-comment-list] > .comment-thread").forEach(function (item) {
            var node = document.importNode(item, true);
            list.appendChild(node);
            first = first || node;
          });
          var wrap = link.closest("[data-comment-more-wrap]");
          var next = page.querySelector("[data-comment-more-wrap]");
          if (next) {
            wrap.replaceWith(document.importNode(next, true));
          } else {
            wrap.remove();
          }
          if (first) {
            var target = first.querySelector(".comment__name");
            target.setAttribute("tabindex", "-1");
            target.focus();
          }
        })
        .catch(function () {
          window.location.href = link.href;
        });
    });
  }

  // A second click while the first post is on its way would send the comment twice.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches(".comment-form")) {
      return;
    }
    event.target.querySelectorAll("[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });

  document.querySelectorAll("#comments").forEach(function (section) {
    setUpDialog(section);
    setUpShowMore(section);
  });
})();
