/*
 * Text answers have a maximum length but no `maxlength` attribute: a browser would cut a
 * pasted answer without a word. This counter says how many characters are left, and how
 * many are too many, while the server refuses an answer that is too long with a French
 * message and gives it back whole.
 */
(function () {
  "use strict";
  function plural(n, word) {
    return n + " " + word + (n > 1 ? "s" : "");
  }
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute("data-count-for"));
    var limit = parseInt(counter.getAttribute("data-max-length"), 10);
    if (!input || !limit) return;
    function update() {
      // Characters as the server counts them (code points), not UTF-16 units.
      var length = Array.from(input.value).length;
      var left = limit - length;
      counter.classList.toggle("c-count--over", left < 0);
      counter.textContent =
        left >= 0
          ? "Il vous reste " + plural(left, "caractère") + " (" + limit + " au plus)."
          : plural(-left, "caractère") + " de trop : raccourcissez votre réponse (" + limit + " au plus).";
    }
    input.addEventListener("input", update);
    update();
  });
})();
