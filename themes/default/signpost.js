// Signpost: on a listing page reached from a practice site (?from=<site>&walk=<minutes>),
// show the walking time from that practice and a link back to it; and, as the page holds
// every language (a part each, .lang-page: the stylesheet shows the one the address names),
// give the document that part's language, direction and title. The page works without it.
(function () {
  "use strict";
  var doc = document, parts = doc.querySelectorAll(".lang-page");
  // The part the address names (#ar, or an element inside it), else the last.
  function language() {
    var id = decodeURIComponent(location.hash.slice(1)), at = id && doc.getElementById(id);
    var part = (at && at.closest && at.closest(".lang-page")) || parts[parts.length - 1];
    if (!part) return;
    doc.documentElement.lang = part.getAttribute("lang");
    doc.documentElement.dir = part.getAttribute("dir");
    doc.title = part.getAttribute("data-title");
  }
  if (parts.length) {
    language();
    window.addEventListener("hashchange", language);
  }

  if (!window.URLSearchParams || !window.fetch) return;
  var params = new URLSearchParams(window.location.search);
  var from = params.get("from");
  var walk = params.get("walk");
  var boxes = [].slice.call(doc.querySelectorAll(".from-site"));
  if (!boxes.length || !from || !/^[a-z0-9-]{1,64}$/.test(from)) return;
  var minutes = walk && /^[0-9]{1,3}$/.test(walk) ? parseInt(walk, 10) : null;
  var assets = boxes[0].getAttribute("data-assets") || boxes[0].getAttribute("data-root") || "";

  function fill(template, name) {
    return template
      .replace("{site}", function () { return name; })
      .replace("{minutes}", function () { return String(minutes); });
  }

  // Each part's box, in its own words, with a link back to the site in its language.
  function show(name) {
    if (typeof name !== "string" || !name) return;
    boxes.forEach(function (box) {
      var text = box.querySelector("[data-walk]");
      if (minutes !== null) {
        text.textContent = fill(box.getAttribute(minutes === 1 ? "data-walk-one" : "data-walk-many"), name);
      } else {
        text.parentNode.removeChild(text);
      }
      var back = box.querySelector("[data-back-link]");
      back.href = (box.getAttribute("data-root") || "") + from + "/";
      back.textContent = fill(box.getAttribute("data-back"), name);
      box.hidden = false;
    });
  }

  fetch(assets + "sites.json", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (sites) { show(Object.prototype.hasOwnProperty.call(sites, from) ? sites[from] : null); })
    .catch(function () {});
})();
