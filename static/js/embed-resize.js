/*
 * Optional, for the page that hosts a Participez consultation in an <iframe>: resizes each
 * consultation frame to the height its content reports, so residents never scroll twice.
 * Without this script the frame keeps its HTML height and remains fully usable.
 */
(function () {
  "use strict";
  if (window.__participezEmbedResize) return;
  window.__participezEmbedResize = true;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "participez:consultation-height") return;
    var height = Number(data.height);
    if (!isFinite(height) || height < 100 || height > 20000) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var shrinking = frames[i].getBoundingClientRect().height > height;
        frames[i].style.height = Math.ceil(height) + "px";
        // After sending, the short confirmation replaces the long form: bring it into view.
        if (shrinking && frames[i].getBoundingClientRect().top < 0) {
          frames[i].scrollIntoView();
        }
      }
    }
  });
})();
