// Review page: text the editor selects in the article fills the excerpt field of the
// "add a passage" form. Without this script the editor pastes the passage instead.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-excerpt-source]");
    var field = document.querySelector(".add-passage textarea[name=excerpt]");
    if (!source || !field) {
      return;
    }
    source.addEventListener("mouseup", copySelection);
    source.addEventListener("touchend", copySelection);
    function copySelection() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.commonAncestorContainer)) {
        return;
      }
      var text = selection.toString().trim();
      if (text) {
        field.value = text;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  });
})();
