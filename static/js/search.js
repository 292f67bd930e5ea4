/* Search on the static site: the same matching as the live site's server-side search
   (cms/pages/search.py), run in the browser on the prebuilt index. */
(function () {
  "use strict";
  var P = window.Participez;
  var target = document.querySelector("[data-search-results]");
  if (!P || !P.isStatic || !target) { return; }

  var query = (P.params.get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("search-q");
  if (input) { input.value = query; }
  if (!query) { return; }

  function startsAWord(term, words) { return (" " + words).indexOf(" " + term) !== -1; }

  function search(documents) {
    var terms = P.normalise(query).split(" ").filter(Boolean);
    var scored = [];
    documents.forEach(function (doc, position) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = startsAWord(terms[i], doc.title_words);
        if (!inTitle && !startsAWord(terms[i], doc.text)) { return; }
        score += inTitle ? 10 : 1;
      }
      if (terms.length) { scored.push({ score: score, position: position, doc: doc }); }
    });
    scored.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return scored.map(function (item) { return item.doc; });
  }

  P.loadIndex().then(function (index) {
    var results = search(index.documents);
    target.textContent = "";
    var heading = P.element("h2", { id: "resultats", tabindex: "-1" },
      results.length
        ? results.length + " résultat" + (results.length > 1 ? "s" : "") + " pour « " + query + " »"
        : "Aucun résultat pour « " + query + " »");
    target.appendChild(heading);
    if (results.length) {
      var list = P.element("ul", { "class": "cards" });
      results.forEach(function (doc) { list.appendChild(P.card(doc, 3)); });
      target.appendChild(list);
    } else {
      target.appendChild(P.element("p", {}, "Vérifiez l'orthographe ou essayez un autre mot."));
    }
    document.title = heading.textContent + " — Participez, Ville de Paris";
  }).catch(function () {
    target.textContent = "";
    target.appendChild(P.element("p", { "class": "notice" }, "La recherche est momentanément indisponible. Parcourez le sommaire du guide."));
  });
})();
