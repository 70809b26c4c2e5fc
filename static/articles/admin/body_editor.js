// Live preview of the article body: posts the text to the admin's preview view, which renders it with
// the same code as a save, and shows the sanitised HTML it returns in the story body of the preview frame,
// a page of this site styled by the reader's stylesheet (body_preview_frame.html).
"use strict";
(function () {
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(editor) {
    const input = editor.querySelector("textarea");
    const frame = editor.querySelector(".body-editor__frame");
    let timer = null;
    let controller = null;

    // The frame's story body, once the frame page has loaded; null until then.
    function preview() {
      const frameDocument = frame.contentDocument;
      if (!frameDocument || frameDocument.readyState !== "complete") return null;
      return frameDocument.querySelector(".story__body");
    }

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
        const html = await response.text();
        const target = preview();
        // The view returns HTML sanitised by nh3 on the server, the same HTML readers get.
        if (target) target.innerHTML = html;
      } catch (error) {
        const target = preview();
        if (error.name !== "AbortError" && target) target.textContent = "The preview is not available right now.";
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    // The frame may finish loading before or after this script runs: refresh once it has.
    frame.addEventListener("load", refresh);
    if (preview()) refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".body-editor").forEach(attach);
  });
})();
