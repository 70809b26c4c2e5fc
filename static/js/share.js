// "Copy link" under a story (templates/articles/includes/share_links.html): shown only where the browser can
// copy, and it says so once the address is on the clipboard.
(function () {
  "use strict";
  var button = document.querySelector(".share__copy");
  if (!button || !navigator.clipboard) {
    return;
  }
  var status = button.parentNode.querySelector(".share__copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.shareUrl).then(
      function () {
        status.textContent = "Link copied.";
      },
      function () {
        status.textContent = "Could not copy: the address is " + button.dataset.shareUrl;
      }
    );
  });
})();
