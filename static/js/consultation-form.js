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
    // The body's own height: the document's scrollHeight is never less than the frame,
    // so a short thank-you page would keep the tall form's height (≈ 3,800 px of blank).
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (Math.abs(height - last) < 2) return;
    last = height;
    window.parent.postMessage({ type: "participez:consultation-height", height: height }, "*");
  }
  report();
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
})();
