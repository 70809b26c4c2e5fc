// The moderation queue's keyboard (comments/moderation.py): j and k select the next and previous comment;
// a, r and s press the selected row's Approve (or Keep), Reject (or Remove) and Spam buttons; o opens the
// comment's page. Without this file every row's buttons work the same. Nothing here runs while the
// moderator types in a field, or with Ctrl, Alt or Cmd held (the browser's own shortcuts).
(function () {
  "use strict";

  // After a decision the queue comes back with the next comment where the decided one was: the row's
  // position is kept for that one page load, so the moderator can go on pressing keys.
  var KEPT_ROW = "comments.queue.row";
  var KEPT_FOR_MS = 60 * 1000;

  function isTyping(target) {
    if (target.isContentEditable) {
      return true;
    }
    if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") {
      return true;
    }
    if (target.tagName === "INPUT") {
      return ["checkbox", "radio", "button", "submit", "reset"].indexOf(target.type) === -1;
    }
    return false;
  }

  function keptRow() {
    var kept = null;
    try {
      kept = JSON.parse(window.sessionStorage.getItem(KEPT_ROW));
      window.sessionStorage.removeItem(KEPT_ROW);
    } catch (error) {
      return null; // storage refused (private mode): the queue simply starts unselected
    }
    if (!kept || kept.path !== window.location.pathname || Date.now() - kept.at > KEPT_FOR_MS) {
      return null;
    }
    return kept.row;
  }

  function keepRow(index) {
    try {
      window.sessionStorage.setItem(
        KEPT_ROW,
        JSON.stringify({ path: window.location.pathname, row: index, at: Date.now() })
      );
    } catch (error) {
      // Without storage the decision still goes through; only the selection is not kept.
    }
  }

  function start() {
    var table = document.getElementById("result_list");
    if (!table || !table.tBodies.length) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (!rows.length) {
      return;
    }
    var help = document.querySelector("[data-queue-help]");
    if (help) {
      help.hidden = false;
    }
    var selected = -1;
    var sent = false; // a decision is on its way: the next page will answer the keys

    function select(index) {
      if (selected >= 0) {
        rows[selected].classList.remove("queue-selected");
        rows[selected].removeAttribute("aria-current");
      }
      selected = Math.max(0, Math.min(rows.length - 1, index));
      var row = rows[selected];
      row.classList.add("queue-selected");
      row.setAttribute("aria-current", "true");
      row.tabIndex = -1;
      row.focus(); // scrolls the row into view when it is not
    }

    rows.forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (!event.target.closest("a, button, input, label")) {
          select(index);
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (sent || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) {
        return;
      }
      var key = event.key;
      if (key === "j") {
        select(selected + 1);
      } else if (key === "k") {
        select(selected < 0 ? 0 : selected - 1);
      } else if (selected >= 0 && key === "o") {
        var link = rows[selected].querySelector(".field-sent a");
        if (link) {
          link.click();
        }
      } else if (selected >= 0 && (key === "a" || key === "r" || key === "s")) {
        var button = rows[selected].querySelector('[data-queue-key="' + key + '"]');
        if (!button) {
          return;
        }
        keepRow(selected);
        sent = true;
        button.click();
      } else {
        return;
      }
      event.preventDefault();
    });

    var row = keptRow();
    if (row !== null) {
      select(row);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
