// Comments: the form opens in a dialog, replies reuse it, "Show more comments" loads the next page in
// place; the form counts characters, remembers the reader's name and email on this device, and is posted
// with fetch so that the server's errors come back into the form. Without this file everything still
// works: "Share your comment" opens the form's page, "Reply" opens a reply page, "Show more comments" goes
// to the next page of comments, and an error comes back on a page of its own.
(function () {
  "use strict";

  // The page is the same for every reader, so it holds no form: "Share your comment" is a link to the
  // form's page. Here it opens a dialog, and the form (with this reader's CSRF token and timestamp) is
  // asked for from that address the first time the reader opens it, never on page load.
  var LOADING = "Loading the form…";
  var NOT_LOADED = "The form could not be loaded. Please check your connection and try again.";

  // A page of this site, parsed: the form's fragment, or the next page of comments.
  function fetchDocument(url, headers) {
    return fetch(url, { credentials: "same-origin", headers: headers })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
  }

  function setUpDialog(section) {
    var openButton = section.querySelector("[data-comment-open]");
    if (!openButton || typeof HTMLDialogElement !== "function" || !window.fetch) {
      return;
    }
    var dialog = document.createElement("dialog");
    dialog.className = "comment-dialog";
    dialog.setAttribute("aria-label", "Share your comment");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "comment-dialog__close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    var status = document.createElement("p");
    status.className = "comment-dialog__status";
    status.setAttribute("role", "status");
    dialog.append(close, status);
    section.appendChild(dialog);
    openButton.setAttribute("role", "button");
    var compose = null;
    var loading = null;
    var opener = null;

    function loadForm() {
      if (!loading) {
        status.textContent = LOADING;
        loading = fetchDocument(openButton.href, { "X-Requested-With": "fetch" })
          .then(function (answer) {
            var fragment = answer.querySelector("[data-comment-compose]");
            if (!fragment) {
              throw new Error("no form");
            }
            compose = document.importNode(fragment, true);
            status.textContent = "";
            dialog.appendChild(compose);
            dialog.removeAttribute("aria-label");
            dialog.setAttribute("aria-labelledby", compose.querySelector(".comment-compose__heading").id);
            enhanceForm(compose.querySelector("form"));
            return compose;
          })
          .catch(function (error) {
            loading = null;
            status.textContent = NOT_LOADED;
            throw error;
          });
      }
      return loading;
    }

    function fill(parentId, parentName) {
      // Looked up each time: an answer from the server may have replaced the form.
      var form = compose.querySelector("form");
      var heading = compose.querySelector(".comment-compose__heading");
      var replying = compose.querySelector("[data-comment-replying]");
      form.elements.parent.value = parentId || "";
      // The name in <bdi>, so that a name in Arabic or Urdu does not reorder the words around it.
      heading.replaceChildren(parentId ? "Reply to " : "Share your comment");
      replying.replaceChildren();
      if (parentId) {
        heading.appendChild(isolated(parentName));
        replying.append("Your reply will appear under ", isolated(parentName), "’s comment.");
      }
      replying.hidden = !parentId;
      firstToFill(form).focus();
    }

    function open(trigger, parentId, parentName) {
      opener = trigger;
      dialog.showModal();
      loadForm().then(
        function () {
          if (dialog.open) {
            fill(parentId, parentName);
          }
        },
        function () {
          close.focus();
        }
      );
    }

    openButton.addEventListener("click", function (event) {
      event.preventDefault();
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
      fetchDocument(link.href, {})
        .then(function (page) {
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

  // ---- The reader's side (issue 8): counter, remembered name and email, answers in place ----------

  var REMEMBERED = "newsroom.comments.reader";
  var NOT_SENT =
    "Your comment could not be sent: our server or the connection had a problem. Your text is still " +
    "here; please try again in a moment.";
  var NOT_SENT_RELOAD =
    "Your comment could not be sent. Please copy your text, reload the page and try again.";
  var SCROLL_TO = "newsroom.comments.scroll-to";
  // Whole numbers grouped in threes with commas, as "en" writes them. Not Intl.NumberFormat: building the
  // first one loads the browser's locale data, some 20 ms of a page's start-up on a phone (Lighthouse's
  // total-blocking-time on an article page), for a counter that only ever shows English.
  var numbers = {
    format: function (number) {
      return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    },
  };

  function isolated(text) {
    var bdi = document.createElement("bdi");
    bdi.textContent = text;
    return bdi;
  }

  function firstToFill(form) {
    var fields = [form.elements.name, form.elements.email, form.elements.text];
    return fields.filter(function (field) { return !field.value; })[0] || form.elements.text;
  }

  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll("[type=submit]").forEach(function (button) {
      button.disabled = busy;
    });
  }

  function enhanceForm(form) {
    setUpCounter(form);
    setUpRemembered(form);
  }

  // Counted as the server counts: line breaks once, after NFC, in code points (an emoji with a skin tone
  // is several code points, as the server counts it, but never half of one).
  function characterCount(value) {
    var text = value.replace(/\r\n?/g, "\n").trim();
    return Array.from(text.normalize ? text.normalize("NFC") : text).length;
  }

  function countMessage(count, limit) {
    var left = limit - count;
    if (left >= 0) {
      return numbers.format(left) + (left === 1 ? " character left" : " characters left");
    }
    return numbers.format(-left) + (left === -1 ? " character too many" : " characters too many");
  }

  // Under the textarea: a visible count the field is described by, and a polite live region that
  // speaks it once the reader pauses (every keystroke would talk over their typing).
  function setUpCounter(form) {
    var textarea = form.querySelector("textarea[data-max-chars]");
    if (!textarea) {
      return;
    }
    var limit = parseInt(textarea.getAttribute("data-max-chars"), 10);
    var counter = document.createElement("p");
    counter.className = "comment-form__counter";
    counter.id = textarea.id + "-counter";
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    spoken.setAttribute("data-comment-counter-live", "");
    textarea.after(counter, spoken);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var pause = null;

    function update(speak) {
      var count = characterCount(textarea.value);
      counter.textContent = countMessage(count, limit);
      counter.classList.toggle("comment-form__counter--over", count > limit);
      clearTimeout(pause);
      if (speak) {
        pause = setTimeout(function () {
          spoken.textContent = counter.textContent;
        }, 1000);
      }
    }

    textarea.addEventListener("input", function () {
      update(true);
    });
    update(false);
  }

  // Name and email are kept in this browser's localStorage, never in a cookie or a page from the server,
  // so pages stay the same for everyone; "Not you?" forgets them.
  function remembered() {
    try {
      var reader = JSON.parse(window.localStorage.getItem(REMEMBERED) || "null");
      return reader && typeof reader.name === "string" && typeof reader.email === "string" ? reader : null;
    } catch (error) {
      return null;
    }
  }

  function remember(form) {
    try {
      var reader = { name: form.elements.name.value.trim(), email: form.elements.email.value.trim() };
      window.localStorage.setItem(REMEMBERED, JSON.stringify(reader));
    } catch (error) {
      // Storage refused (private browsing, full): the reader types them again next time.
    }
  }

  function setUpRemembered(form) {
    var reader = remembered();
    var name = form.elements.name;
    var email = form.elements.email;
    if (!reader) {
      return;
    }
    if (!name.value && !email.value) {
      name.value = reader.name;
      email.value = reader.email;
    }
    if (name.value !== reader.name || email.value !== reader.email) {
      return;
    }
    var note = document.createElement("p");
    note.className = "comment-form__remembered";
    var notYou = document.createElement("button");
    notYou.type = "button";
    notYou.className = "comment-form__not-you";
    notYou.textContent = "Not you?";
    note.append("Commenting as ", isolated(reader.name), " ", notYou);
    name.closest(".mb-3").before(note);
    notYou.addEventListener("click", function () {
      try {
        window.localStorage.removeItem(REMEMBERED);
      } catch (error) {
        // Nothing was stored, then.
      }
      name.value = "";
      email.value = "";
      note.remove();
      name.focus();
    });
  }

  function postInPlace(form) {
    if (form.getAttribute("aria-busy") === "true") {
      return;
    }
    setBusy(form, true);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (response.status === 201) {
          remember(form);
          goToComment(response.headers.get("Location"));
          return null;
        }
        // 503 is the server saying its database takes no comments just now (comments/views.py): its page
        // holds the form with the reader's text and the message, like any other error. Another 5xx, or a
        // proxy's own 503 page, leaves the reader's form as it is with NOT_SENT.
        if (response.status >= 500 && response.status !== 503) {
          throw new Error("server error " + response.status);
        }
        return response.text().then(function (html) {
          showAnswer(form, html, response.status === 503 ? NOT_SENT : NOT_SENT_RELOAD);
        });
      })
      .catch(function () {
        showProblem(form, NOT_SENT);
      });
  }

  // The success path stays the server's: the article with its message, at the new comment. Assigning an
  // address that differs only by its #fragment would just scroll, so the page is reloaded at that address;
  // a reload does not scroll to the fragment (it restores the old position), so the reloaded page is told
  // where to go (scrollToPosted).
  function goToComment(location) {
    var target = new URL(location, window.location.href);
    var here = window.location;
    if (target.pathname !== here.pathname || target.search !== here.search) {
      window.location.assign(target.href);
      return;
    }
    try {
      window.sessionStorage.setItem(SCROLL_TO, target.hash.slice(1));
    } catch (error) {
      // The page reloads at its top: the message there still says the comment was received.
    }
    window.history.replaceState(null, "", target.href);
    window.history.scrollRestoration = "manual";
    window.location.reload();
  }

  function scrollToPosted() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(SCROLL_TO);
      window.sessionStorage.removeItem(SCROLL_TO);
    } catch (error) {
      return;
    }
    var posted = id && document.getElementById(id);
    if (posted) {
      showThread(posted);
      posted.scrollIntoView();
    }
    // Back to "auto" only after the load: a reloaded page whose entry says "auto" at its load event gets
    // its old scroll position back from the browser, which would undo the scroll to the new comment.
    if (document.readyState === "complete") {
      window.history.scrollRestoration = "auto";
    } else {
      window.addEventListener("load", function () {
        setTimeout(function () {
          window.history.scrollRestoration = "auto";
        }, 0);
      });
    }
  }

  // The thread is laid out only when it nears the viewport (content-visibility in site.css): until then
  // its height is an estimate. The browser lays it out for an address's #comment-N by itself; a script's
  // scroll to the posted comment lays it out first, so as not to stop where the estimate put it.
  function showThread(target) {
    var thread = target.closest("#comments");
    if (thread) {
      thread.classList.add("comments--shown");
    }
  }

  // The server answered an error with a page: its form (with the errors, the text kept and a fresh token)
  // takes the place of the reader's, or its message goes into the reader's form.
  function showAnswer(form, html, otherwise) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var answered = answer.querySelector("[data-comment-compose] form");
    if (answered) {
      var fresh = document.importNode(answered, true);
      form.replaceWith(fresh);
      enhanceForm(fresh);
      fresh.querySelector("[data-comment-errors]").focus();
      return;
    }
    var message = answer.querySelector("[data-comment-errors]");
    showProblem(form, message ? message.textContent.trim() : otherwise);
  }

  function showProblem(form, text) {
    var summary = form.querySelector("[data-comment-errors]");
    if (!summary) {
      summary = document.createElement("div");
      summary.className = "comment-form__errors";
      summary.id = "comment-form-errors";
      summary.setAttribute("role", "alert");
      summary.setAttribute("tabindex", "-1");
      summary.setAttribute("data-comment-errors", "");
      form.prepend(summary);
    }
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    summary.replaceChildren(paragraph);
    setBusy(form, false);
    summary.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches(".comment-form")) {
      return;
    }
    if (form.matches("#comments [data-comment-compose] form") && window.fetch && window.FormData) {
      event.preventDefault();
      postInPlace(form);
      return;
    }
    // A second click while the first post is on its way would send the comment twice.
    setBusy(form, true);
  });

  document.querySelectorAll("#comments").forEach(function (section) {
    setUpDialog(section);
    setUpShowMore(section);
  });
  scrollToPosted();
})();
