/* "Comment participer ?" on the static site: the live site answers the GET form on the
   server (cms/pages/finder.py); here the same rules run on the prebuilt index. */
(function () {
  "use strict";
  var P = window.Participez;
  var target = document.querySelector("[data-finder-results]");
  var form = document.querySelector("[data-finder]");
  if (!P || !P.isStatic || !target || !form) { return; }

  var AGE_GROUPS = {
    "moins-de-15-ans": [null, 14],
    "15-30-ans": [15, 30],
    "31-59-ans": [31, 59],
    "60-ans-et-plus": [60, null]
  };

  var answers = {};
  ["public", "age", "arrondissement", "demarche"].forEach(function (name) {
    var value = P.params.get(name) || "";
    var field = form.elements[name];
    if (field && value && field.querySelector('option[value="' + CSS.escape(value) + '"]')) {
      field.value = value;
      answers[name] = value;
    }
  });
  if (!Object.keys(answers).length) { return; }

  function fits(doc) {
    if (!doc.kind) { return false; }  // the édito is not a way to participate
    if (answers.arrondissement && !doc.citywide && doc.arrondissements.indexOf(Number(answers.arrondissement)) === -1) { return false; }
    if (answers.demarche && doc.actions.indexOf(answers.demarche) === -1) { return false; }
    if (answers["public"] && doc.audiences.length && doc.audiences.indexOf("all") === -1 && doc.audiences.indexOf(answers["public"]) === -1) { return false; }
    var bounds = AGE_GROUPS[answers.age];
    if (bounds) {
      if (doc.min_age !== null && bounds[1] !== null && doc.min_age > bounds[1]) { return false; }
      if (doc.max_age !== null && bounds[0] !== null && doc.max_age < bounds[0]) { return false; }
    }
    return true;
  }

  P.loadIndex().then(function (index) {
    var matches = index.documents.filter(fits);
    target.textContent = "";
    var heading = P.element("h2", { id: "resultats", tabindex: "-1" },
      matches.length ? matches.length + " résultat" + (matches.length > 1 ? "s" : "") + " pour vous" : "Aucun résultat");
    target.appendChild(heading);
    if (!matches.length) {
      target.appendChild(P.element("p", {}, "Aucune entrée du guide ne correspond à toutes vos réponses. Essayez avec moins de critères."));
      return;
    }
    index.sections.forEach(function (section) {
      var inSection = matches.filter(function (doc) { return doc.kind === section.kind; });
      if (!inSection.length) { return; }
      var group = P.element("section", { "class": "result-group", "aria-labelledby": "groupe-" + section.slug });
      var title = P.element("h3", { id: "groupe-" + section.slug }, section.title + " ");
      title.appendChild(P.element("span", { "class": "count" }, "(" + inSection.length + ")"));
      group.appendChild(title);
      var list = P.element("ul", { "class": "cards" });
      inSection.forEach(function (doc) { list.appendChild(P.card({ url: doc.url, title: doc.title, excerpt: doc.excerpt }, 4)); });
      group.appendChild(list);
      target.appendChild(group);
    });
  }).catch(function () {
    target.textContent = "";
    target.appendChild(P.element("p", { "class": "notice" }, "Le moteur de recherche est momentanément indisponible. Choisissez directement ce que vous voulez faire ci-dessous."));
  });
})();
