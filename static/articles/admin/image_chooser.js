// The body editor's picture button: opens the image library's chooser (articles/admin.py,
// image_chooser_view) in a dialog, and inserts the chosen picture's reference, ![description](image:ID),
// on a line of its own where the caret was. "Upload a new picture" opens the image form in Django's
// add-another popup; once the picture is saved, its reference is inserted the same way.
"use strict";
(function () {
  function reference(id, alt) {
    // Brackets and backslashes in the description would end the Markdown link text early.
    return "![" + alt.replace(/[\\[\]]/g, "\\$&").replace(/\s+/g, " ") + "](image:" + id + ")";
  }

  function insertBlock(textarea, text) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    textarea.value = before + lead + text + tail + after;
    const caret = (before + lead + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    // The live preview and anything else listening see the change as typing.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function attach(editor) {
    const textarea = editor.querySelector("textarea");
    const tools = editor.querySelector(".body-editor__tools");
    const button = editor.querySelector(".body-editor__choose-image");
    const dialog = editor.querySelector(".image-chooser-dialog");
    const content = dialog.querySelector(".image-chooser-dialog__content");
    if (typeof dialog.showModal !== "function") return; // the help text still says how
    tools.hidden = false;
    // Out of the article's form, so that the chooser's search form is a form of its own: one inside
    // another is dropped by the HTML parser, and its button would submit the article.
    document.body.append(dialog);

    async function load(url) {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) throw new Error(response.statusText);
        // Rendered by the server's templates, every description and credit escaped there.
        content.innerHTML = await response.text();
        const search = content.querySelector("input[type=search]");
        if (search && !content.contains(document.activeElement)) search.focus();
      } catch (error) {
        content.textContent = "The image library is not available right now. Try again in a moment.";
      }
    }

    button.addEventListener("click", function () {
      content.textContent = "Loading the image library…";
      dialog.showModal();
      load(button.dataset.chooserUrl);
    });
    dialog.querySelector(".image-chooser-dialog__close").addEventListener("click", function () {
      dialog.close();
    });
    content.addEventListener("submit", function (event) {
      const form = event.target.closest(".image-chooser__search");
      if (!form) return;
      event.preventDefault();
      const url = new URL(form.action, window.location.href);
      url.search = new URLSearchParams(new FormData(form)).toString();
      load(url);
    });
    content.addEventListener("click", function (event) {
      const link = event.target.closest(".image-chooser__pages a");
      if (link) {
        event.preventDefault();
        load(link.href);
        return;
      }
      const pick = event.target.closest(".image-chooser__pick");
      if (!pick) return;
      dialog.close();
      insertBlock(textarea, reference(pick.dataset.imageId, pick.dataset.imageAlt));
    });

    // Django's popup sets this hidden input to the new picture's number and triggers a jQuery change
    // event (RelatedObjectLookups.js, dismissAddRelatedObjectPopup), with its description as the window's
    // text; the event's handlers are jQuery's, so this one is too.
    const uploaded = editor.querySelector(".body-editor__uploaded-image");
    const upload = editor.querySelector(".body-editor__upload-image");
    if (window.django && window.django.jQuery && window.dismissAddRelatedObjectPopup) {
      const original = window.dismissAddRelatedObjectPopup;
      window.dismissAddRelatedObjectPopup = function (win, newId, newRepr) {
        if (uploaded.value === "" && win.name.startsWith(uploaded.id + "__")) uploaded.dataset.alt = newRepr;
        return original(win, newId, newRepr);
      };
      window.django.jQuery(uploaded).on("change", function () {
        if (!uploaded.value) return;
        insertBlock(textarea, reference(uploaded.value, uploaded.dataset.alt || "Describe the picture"));
        uploaded.value = "";
      });
    } else {
      upload.hidden = true; // without Django's popup script the link would open a whole page
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".body-editor").forEach(attach);
  });
})();
