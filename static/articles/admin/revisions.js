// No lost work on the article form. What the editor types in the headline, standfirst and body is kept in
// this browser's localStorage (per article, or "new") and, every 15 seconds of typing, posted to the
// server as their autosave of the article (saved articles only; readers never see it). When the form opens
// with text older than what was kept, the editor is offered what they typed. The form works without this
// script; it only keeps copies and offers them back.
"use strict";
(function () {
  const FIELDS = ["headline", "standfirst", "body"];
  const AUTOSAVE_AFTER = 15000;
  const KEEP_LOCALLY_AFTER = 400;

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function storageKey(articleId) {
    return "newsroom:article:" + articleId;
  }

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage full or refused (private browsing): the server's autosave still keeps the text.
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // As above.
    }
  }

  function timeLabel(milliseconds) {
    return new Date(milliseconds).toLocaleString([], {
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function attach(form, history) {
    const inputs = {};
    FIELDS.forEach(function (name) {
      inputs[name] = form.querySelector("[name=" + name + "]");
    });
    if (!inputs.headline) return;
    const versionInput = form.querySelector("input[name=version]");
    const articleId = history.dataset.article;
    const key = storageKey(articleId);
    const saved = !!history.dataset.autosaveUrl;
    const offers = document.createElement("div");
    offers.className = "revision-offers";
    offers.setAttribute("role", "status");
    const firstFieldset = form.querySelector("fieldset");
    firstFieldset.parentNode.insertBefore(offers, firstFieldset);
    const status = document.createElement("span");
    status.className = "autosave-status";
    status.setAttribute("aria-live", "polite");
    history.appendChild(status);

    function version() {
      return versionInput && versionInput.value ? Number(versionInput.value) : 0;
    }

    function typed() {
      const text = {};
      FIELDS.forEach(function (name) {
        text[name] = inputs[name] ? inputs[name].value : "";
      });
      return text;
    }

    function sameText(copy) {
      const current = typed();
      return FIELDS.every(function (name) {
        return (copy[name] || "") === current[name];
      });
    }

    function fill(copy) {
      FIELDS.forEach(function (name) {
        if (inputs[name] && typeof copy[name] === "string") {
          inputs[name].value = copy[name];
          // The body's preview, the counters and the slug listen for typing.
          inputs[name].dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    }

    function offer(message, onRestore, onDiscard) {
      const box = document.createElement("div");
      box.className = "autosave-offer";
      const text = document.createElement("p");
      text.textContent = message;
      const restore = document.createElement("button");
      restore.type = "button";
      restore.className = "button";
      restore.textContent = "Restore";
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button";
      discard.textContent = "Discard";
      text.append(" ", restore, " ", discard);
      box.appendChild(text);
      restore.addEventListener("click", function () {
        onRestore();
        box.remove();
      });
      discard.addEventListener("click", function () {
        onDiscard();
        box.remove();
      });
      offers.appendChild(box);
    }

    function keepLocally(extra) {
      write(key, Object.assign(typed(), { savedAt: Date.now(), version: version() }, extra || {}));
    }

    let autosaveTimer = null;

    async function autosave() {
      autosaveTimer = null;
      const body = new FormData();
      const text = typed();
      FIELDS.forEach(function (name) {
        body.append(name, text[name]);
      });
      body.append("version", String(version()));
      try {
        const response = await fetch(history.dataset.autosaveUrl, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": csrfToken(form) },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(response.statusText);
        const answer = await response.json();
        status.textContent = " Autosaved at " + answer.saved_at + ".";
      } catch (error) {
        status.textContent = " Not autosaved: your text is kept in this browser until you save.";
      }
    }

    function scheduleAutosave() {
      if (saved && autosaveTimer === null) autosaveTimer = setTimeout(autosave, AUTOSAVE_AFTER);
    }

    // A save just went through: the copies kept for it are not needed any more.
    if (document.querySelector(".messagelist .success")) {
      forget(key);
      const fresh = read(storageKey("new"));
      if (fresh && fresh.submitted) forget(storageKey("new"));
    } else if (form.querySelector(".errornote")) {
      // A refused save (an error, or another editor's save): the form holds the text; keep it too.
      keepLocally();
      if (saved) autosave();
    } else {
      const copy = read(key);
      if (copy && (sameText(copy) || (copy.submitted && copy.version < version()))) {
        // Saved as typed, or submitted and saved since (the form's version moved on).
        forget(key);
      } else if (copy) {
        offer(
          "Restore what you typed on " + timeLabel(copy.savedAt) + "?",
          function () {
            fill(copy);
            keepLocally();
          },
          function () {
            forget(key);
          },
        );
      }
    }

    if (saved) {
      fetch(history.dataset.autosaveUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { autosave: null };
        })
        .then(function (answer) {
          const pending = answer.autosave;
          if (!pending || sameText(pending)) return;
          offer(
            "You have unsaved changes from " + pending.saved_at + ".",
            function () {
              fill(pending);
              keepLocally();
            },
            function () {
              const body = new FormData();
              fetch(history.dataset.discardUrl, {
                method: "POST",
                body: body,
                headers: { "X-CSRFToken": csrfToken(form) },
                credentials: "same-origin",
              });
            },
          );
        })
        .catch(function () {
          // No offer then; the autosave is still listed in the history of the text.
        });
    }

    FIELDS.forEach(function (name) {
      if (!inputs[name]) return;
      let timer = null;
      inputs[name].addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(keepLocally, KEEP_LOCALLY_AFTER);
        scheduleAutosave();
      });
    });

    form.addEventListener("submit", function () {
      keepLocally({ submitted: true });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const history = document.querySelector(".text-history");
    const form = history && history.closest("form");
    if (form) {
      attach(form, history);
    } else if (document.querySelector(".messagelist .success")) {
      // The list after "Save" on a new article: what was typed into it is saved now.
      const fresh = read(storageKey("new"));
      if (fresh && fresh.submitted) forget(storageKey("new"));
    }
  });
})();
