// Indicator charts: the "PNG" button draws the chart's SVG download (same origin, so the canvas
// stays readable) on a canvas at twice its size and saves it. Without this script the SVG link
// still works; the button stays hidden. No library: the browser's own canvas does the work.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-chart-png]");
    Array.prototype.forEach.call(buttons, function (button) {
      var link = button.parentNode.querySelector("[data-chart-svg]");
      if (!link || !window.HTMLCanvasElement) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        savePng(link.href, (link.getAttribute("data-filename") || "chart") + ".png");
      });
    });
  });

  function savePng(svgUrl, filename) {
    var image = new Image();
    image.onload = function () {
      var scale = 2;
      var canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth * scale;
      canvas.height = image.naturalHeight * scale;
      var context = canvas.getContext("2d");
      context.scale(scale, scale);
      context.drawImage(image, 0, 0);
      canvas.toBlob(function (blob) {
        var url = URL.createObjectURL(blob);
        var anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = filename;
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      }, "image/png");
    };
    image.src = svgUrl;
  }
})();
