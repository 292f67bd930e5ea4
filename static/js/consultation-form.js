/*
 * Consultation forms: move focus to the error summary (or the confirmation panel) so
 * screen readers announce it, also where the browser ignores `autofocus` (cross-origin
 * frames); inside a frame, report the page height to embed-resize.js on the host page.
 */
(function () {
  "use strict";
  var target = document.querySelector("[data-error-summary]");
  if (target && document.activeElement !== target) {
    target.focus();
  }
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = document.documentElement.scrollHeight;
    if (Math.abs(height - last) < 2) return;
    last = height;
    window.parent.postMessage({ type: "participez:consultation-height", height: height }, "*");
  }
  report();
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
})();
