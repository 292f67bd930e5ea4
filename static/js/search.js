/* Search on the static site: Pagefind (built by the publish, French stemming) plus the
   guide's own rules from cms/pages/search.py, shipped as the JSON file beside the search
   page: editors' promoted results first, synonyms widen the query ("voter" also searches
   "budget participatif"), and a query with no result is corrected from the guide's
   vocabulary ("kiosqe" → "kiosque") with the same edit-distance rule as the live site. */
(function () {
  "use strict";
  var P = window.Participez;
  var target = document.querySelector("[data-search-results]");
  if (!P || !P.isStatic || !target) { return; }

  var query = (P.params.get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("search-q");
  if (input) { input.value = query; }
  if (!query) { return; }

  var STOP_WORDS = ("a au aux avec ce ces d dans de des du elle en et il ils je j l la le les leur lui ma mes " +
    "moi mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un " +
    "une vos votre vous y comment quoi est faire veux voudrais").split(" ");
  var MIN_SUGGESTED_LENGTH = 4;

  function editDistance(first, second, limit) {
    if (Math.abs(first.length - second.length) > limit) { return limit + 1; }
    var previous = [];
    for (var k = 0; k <= second.length; k++) { previous.push(k); }
    for (var i = 1; i <= first.length; i++) {
      var current = [i];
      var smallest = i;
      for (var j = 1; j <= second.length; j++) {
        var value = Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (first[i - 1] === second[j - 1] ? 0 : 1));
        current.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) { return limit + 1; }
      previous = current;
    }
    return previous[second.length];
  }

  function correct(word, vocabulary) {
    if (word.length < MIN_SUGGESTED_LENGTH || /^[0-9]+$/.test(word) || vocabulary.indexOf(word) !== -1) { return null; }
    var limit = word.length >= 6 ? 2 : 1;
    var best = null, bestDistance = limit + 1;
    for (var i = 0; i < vocabulary.length; i++) {
      var distance = editDistance(word, vocabulary[i], limit);
      if (distance < bestDistance) {
        best = vocabulary[i];
        bestDistance = distance;
        if (distance === 1) { break; }
      }
    }
    return best;
  }

  function suggestion(rules) {
    var changed = false;
    var words = P.normalise(query).split(" ").filter(Boolean).map(function (word) {
      if (STOP_WORDS.indexOf(word) !== -1) { return word; }
      var better = correct(word, rules.vocabulary || []);
      if (better) { changed = true; }
      return better || word;
    });
    return changed ? words.join(" ") : "";
  }

  function wordings(text, rules) {
    // The query, then each synonym of its words, as Pagefind queries.
    var found = [text];
    P.normalise(text).split(" ").forEach(function (word) {
      (rules.synonyms[word] || []).forEach(function (expansion) { found.push(expansion); });
    });
    var whole = rules.synonyms[P.normalise(text)];
    if (whole) { whole.forEach(function (expansion) { found.push(expansion); }); }
    return found.filter(function (value, index) { return found.indexOf(value) === index; });
  }

  function plainText(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html || "";
    return holder.textContent;
  }

  function runSearch(pagefind, text, rules) {
    return Promise.all(wordings(text, rules).map(function (wording) {
      return pagefind.search(wording).then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (result) { return result.data(); }));
      });
    })).then(function (lists) {
      var seen = {};
      var documents = [];
      lists.forEach(function (list) {
        list.forEach(function (data) {
          var url = data.url;
          if (seen[url]) { return; }
          seen[url] = true;
          documents.push({ url: url, title: (data.meta && data.meta.title) || url, excerpt: plainText(data.excerpt) });
        });
      });
      return documents;
    });
  }

  function show(promoted, results, corrected) {
    target.textContent = "";
    var count = promoted.length + results.length;
    var heading = P.element("h2", { id: "resultats", tabindex: "-1" },
      count && !corrected
        ? count + " résultat" + (count > 1 ? "s" : "") + " pour «\u00a0" + query + "\u00a0»"
        : "Aucun résultat pour «\u00a0" + query + "\u00a0»");
    target.appendChild(heading);
    if (corrected) {
      var line = P.element("p", { "class": "search-suggestion" }, "Vouliez-vous dire ");
      line.appendChild(P.element("a", { href: "?q=" + encodeURIComponent(corrected) + "#resultats" }, "«\u00a0" + corrected + "\u00a0»"));
      line.appendChild(document.createTextNode(results.length ? "\u00a0? Voici les résultats pour ce mot." : "\u00a0?"));
      target.appendChild(line);
    }
    if (count) {
      var list = P.element("ul", { "class": "cards" });
      promoted.forEach(function (doc) {
        var card = P.card(doc, 3);
        card.classList.add("card--promoted");
        card.insertBefore(P.element("p", { "class": "card__badge" }, "Recommandé"), card.firstChild);
        list.appendChild(card);
      });
      results.forEach(function (doc) { list.appendChild(P.card(doc, 3)); });
      target.appendChild(list);
    } else {
      target.appendChild(P.element("p", {}, "Vérifiez l'orthographe, essayez un autre mot ou parcourez l'index de A à Z."));
    }
    document.title = heading.textContent + " — Participez, Ville de Paris";
    // The forms send residents to #resultats, which did not exist when the page loaded:
    // land there now, as the live site does.
    if (window.location.hash === "#resultats") { heading.focus(); }
  }

  var rulesPromise = P.loadIndex();
  // Pagefind's result addresses start at the site's root ("/<guide>/…"): P.href places
  // them under wherever the site is served.
  var pagefindPromise = import(P.href("/pagefind/pagefind.js"));

  Promise.all([rulesPromise, pagefindPromise]).then(function (loaded) {
    var rules = loaded[0], pagefind = loaded[1];
    var promoted = rules.promotions[P.normalise(query)] || [];
    var promotedUrls = promoted.map(function (doc) { return P.href(doc.url); });
    function notPromoted(doc) { return promotedUrls.indexOf(P.href(doc.url)) === -1; }
    return runSearch(pagefind, query, rules).then(function (results) {
      results = results.filter(notPromoted);
      if (results.length || promoted.length) { return show(promoted, results, ""); }
      var corrected = suggestion(rules);
      if (!corrected) { return show(promoted, results, ""); }
      return runSearch(pagefind, corrected, rules).then(function (others) { show(promoted, others, corrected); });
    });
  }).catch(function () {
    target.textContent = "";
    target.appendChild(P.element("p", { "class": "notice" }, "La recherche est momentanément indisponible. Parcourez l'index de A à Z."));
  });
})();
