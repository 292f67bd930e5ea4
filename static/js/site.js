/* Shared helpers of the static site's progressive enhancements (search.js, finder.js).
   Nothing here is needed to read the site: every page works without JavaScript. */
(function () {
  "use strict";

  var root = new URL(document.documentElement.getAttribute("data-site-root") || "/", window.location.href);

  function normalise(text) {
    // Same rules as cms/pages/search.py:normalise().
    return (text || "")
      .replace(/·/g, "")
      .replace(/[œŒ]/g, "oe")
      .replace(/æ/g, "ae")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(new URL((document.documentElement.getAttribute("data-search-index") || "").replace(/^\//, ""), root)).then(function (response) {
        if (!response.ok) { throw new Error("index " + response.status); }
        return response.json();
      });
    }
    return indexPromise;
  }

  function href(path) {
    return new URL(path.replace(/^\//, ""), root).href;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function card(documentItem, level) {
    var item = element("li", { "class": "card" });
    var heading = element("h" + level, { "class": "card__title" });
    heading.appendChild(element("a", { href: href(documentItem.url) }, documentItem.title));
    item.appendChild(heading);
    if (documentItem.section) { item.appendChild(element("p", { "class": "card__meta" }, documentItem.section)); }
    if (documentItem.excerpt) { item.appendChild(element("p", { "class": "card__text" }, documentItem.excerpt)); }
    return item;
  }

  // Notices that only concern visitors without JavaScript (a <noscript> would not show
  // when a browser blocks scripts per site).
  Array.prototype.forEach.call(document.querySelectorAll("[data-without-javascript]"), function (notice) {
    notice.hidden = true;
  });

  window.Participez = {
    isStatic: document.documentElement.hasAttribute("data-static-site"),
    normalise: normalise,
    loadIndex: loadIndex,
    href: href,
    element: element,
    card: card,
    params: new URLSearchParams(window.location.search)
  };
})();
