// Live preview of the article body: posts the text to the admin's preview view, which renders it with
// the same code as a save, and shows the sanitised HTML it returns.
"use strict";
(function () {
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(editor) {
    const input = editor.querySelector("textarea");
    const preview = editor.querySelector(".body-editor__preview");
    let timer = null;
    let controller = null;

    async function refresh() {
      if (controller) controller.abort();
      controller = new AbortController();
      const body = new FormData();
      body.append("body", input.value);
      try {
        const response = await fetch(editor.dataset.previewUrl, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) throw new Error(response.statusText);
        // The view returns HTML sanitised by nh3 on the server, the same HTML readers get.
        preview.innerHTML = await response.text();
      } catch (error) {
        if (error.name !== "AbortError") preview.textContent = "The preview is not available right now.";
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".body-editor").forEach(attach);
  });
})();
