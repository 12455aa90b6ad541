// A "copy" button after each [data-copy] block (the citation), added only when the browser can
// copy: without JavaScript there is no dead button, and the text stays selectable as before.
// The labels come from the nearest [data-copy-label] element, translated by the template.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("[data-copy]").forEach(function (block) {
    var labels = block.closest("[data-copy-label]");
    if (!labels) {
      return;
    }
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = labels.dataset.copyLabel;
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.textContent.trim()).then(
        function () {
          status.textContent = labels.dataset.copiedLabel;
        },
        function () {
          status.textContent = labels.dataset.failedLabel;
        }
      );
    });
    block.after(button, status);
  });
})();
