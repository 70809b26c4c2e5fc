// Fills a slug box from its source field (the headline, a name) as the editor types, with the slug the
// server makes (articles/slugs.py, through the admin's slug view), so that a Hindi or Tamil headline gets
// the same readable Latin address here as on save. A box that had a value when the page opened, or that
// the editor has typed into, is left alone: a published address does not change by itself.
"use strict";
(function () {
  function attach(slug) {
    const source = document.getElementById(slug.dataset.slugSource);
    if (!source) return;
    let edited = slug.value !== "";
    let timer = null;
    let controller = null;
    slug.addEventListener("input", function () {
      edited = slug.value !== "";
    });

    async function fill() {
      if (edited) return;
      if (controller) controller.abort();
      controller = new AbortController();
      const url = new URL(slug.dataset.slugUrl, window.location.href);
      url.searchParams.set("text", source.value);
      url.searchParams.set("max_length", slug.dataset.slugMaxLength || "");
      try {
        const response = await fetch(url, { credentials: "same-origin", signal: controller.signal });
        if (!response.ok) return;
        const answer = await response.json();
        if (!edited) slug.value = answer.slug;
      } catch (error) {
        // Left empty, the slug is made on save from the same text: nothing is lost.
      }
    }

    source.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fill, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-slug-source]").forEach(attach);
  });
})();
