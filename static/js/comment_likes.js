// Likes and the order of threads. Without this file everything still works: "Like" is a small form that
// posts and comes back to the comment, and the sort links load the sorted page from the server.
// With it:
// - a like is sent with fetch; the count and the button's pressed state (aria-pressed) change in place,
//   and pressing again takes the like back;
// - the reader's own likes show as pressed. Pages are the same for every reader (and may be cached), so
//   they are asked for afterwards from a small private endpoint, and only by a browser that has liked
//   something before (remembered here) and only for comments that have likes at all;
// - the order the reader chose is remembered on this device and applied on their next visit, by loading
//   the sorted threads from the same crawlable link in place.
(function () {
  "use strict";

  var LIKED_BEFORE = "newsroom.comments.liked";
  var SORT = "newsroom.comments.sort";
  var script = document.currentScript;
  var myLikesUrl = script && script.getAttribute("data-my-likes");
  var csrfUrl = script && script.getAttribute("data-csrf");
  var CSRF_COOKIE = "csrftoken";

  // Storage can be refused (private modes, settings): then nothing is remembered, and nothing breaks.
  function remember(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      return;
    }
  }

  function recall(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function setPressed(form, pressed) {
    form.querySelector("button").setAttribute("aria-pressed", pressed ? "true" : "false");
    form.elements.like.value = pressed ? "0" : "1"; // the next press takes the like back
  }

  function pressOwnLikes(forms) {
    var ids = [];
    forms.forEach(function (form) {
      if (form.querySelector("[data-comment-like-count]").textContent.trim()) {
        ids.push(form.getAttribute("data-comment-like"));
      }
    });
    if (!ids.length || !myLikesUrl || !recall(LIKED_BEFORE)) {
      return;
    }
    fetch(myLikesUrl + "?ids=" + ids.join(","), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { liked: [] };
      })
      .then(function (data) {
        var liked = data.liked.map(String);
        forms.forEach(function (form) {
          if (liked.indexOf(form.getAttribute("data-comment-like")) !== -1) {
            setPressed(form, true);
          }
        });
      })
      .catch(function () {
        return null; // the buttons simply stay unpressed
      });
  }

  // Turns the like forms under `root` into toggle buttons, once each. Their pressed state is asked for
  // in one request per batch: "Show more comments" adds its threads one by one.
  var waiting = [];
  function enhanceLikes(root) {
    root.querySelectorAll("[data-comment-like]").forEach(function (form) {
      if (!form.querySelector("button").hasAttribute("aria-pressed")) {
        setPressed(form, false);
        waiting.push(form);
      }
    });
    if (waiting.length) {
      window.setTimeout(function () {
        var forms = waiting;
        waiting = [];
        if (forms.length) {
          pressOwnLikes(forms);
        }
      }, 0);
    }
  }

  // Pages carry no CSRF token (they are the same for every reader): the cookie's value is sent in the
  // header Django reads, and a browser without the cookie asks for one first (a private, uncached answer).
  function csrfToken() {
    var found = document.cookie.split("; ").filter(function (pair) {
      return pair.indexOf(CSRF_COOKIE + "=") === 0;
    })[0];
    if (found) {
      return Promise.resolve(found.slice(CSRF_COOKIE.length + 1));
    }
    return fetch(csrfUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        return data.token;
      });
  }

  function sendLike(form) {
    var button = form.querySelector("button");
    var count = form.querySelector("[data-comment-like-count]");
    if (button.getAttribute("aria-busy") === "true") {
      return;
    }
    button.setAttribute("aria-busy", "true");
    csrfToken()
      .then(function (token) {
        return fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": token },
        });
      })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            throw new Error(data.error || "");
          }
          return data;
        });
      })
      .then(function (data) {
        setPressed(form, data.liked);
        count.textContent = data.count ? data.label : "";
        if (data.liked) {
          remember(LIKED_BEFORE, "1");
        }
      })
      .catch(function (error) {
        count.textContent = error.message || "Your like could not be sent. Please try again.";
      })
      .then(function () {
        button.removeAttribute("aria-busy");
      });
  }

  function setUpSort(section) {
    var nav = section.querySelector("[data-comment-sort]");
    if (!nav) {
      return;
    }
    nav.addEventListener("click", function (event) {
      var link = event.target.closest("[data-comment-sort-choice]");
      if (link) {
        remember(SORT, link.getAttribute("data-comment-sort-choice"));
      }
    });
    var wanted = recall(SORT);
    var query = new URLSearchParams(window.location.search);
    // A link that names an order (or a page) is followed as it is; only a plain visit gets the reader's own.
    if (query.has("sort") || query.has("page") || !wanted || wanted === nav.getAttribute("data-comment-sort")) {
      return;
    }
    var choice = nav.querySelector('[data-comment-sort-choice="' + wanted + '"]');
    if (!choice) {
      return;
    }
    fetch(nav.getAttribute("data-comment-sort-list") + "?sort=" + encodeURIComponent(wanted), {
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var list = page.querySelector("[data-comment-list]");
        if (!list) {
          return;
        }
        var current = section.querySelector("[data-comment-list]");
        var more = section.querySelector("[data-comment-more-wrap]");
        var nextMore = page.querySelector("[data-comment-more-wrap]");
        if (more) {
          more.remove();
        }
        if (nextMore) {
          current.after(document.importNode(nextMore, true));
        }
        current.replaceWith(document.importNode(list, true));
        nav.setAttribute("data-comment-sort", wanted);
        nav.querySelectorAll("[data-comment-sort-choice]").forEach(function (link) {
          if (link === choice) {
            link.setAttribute("aria-current", "true");
          } else {
            link.removeAttribute("aria-current");
          }
        });
      })
      .catch(function () {
        return null; // the threads stay in the page's own order
      });
  }

  if (!window.fetch) {
    return;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-comment-like]");
    if (form) {
      event.preventDefault();
      sendLike(form);
    }
  });
  document.querySelectorAll("#comments").forEach(function (section) {
    enhanceLikes(section);
    // Threads added later ("Show more comments", a remembered order) get their buttons enhanced too.
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) {
            enhanceLikes(node);
          }
        });
      });
    }).observe(section, { childList: true, subtree: true });
    setUpSort(section);
  });
})();
