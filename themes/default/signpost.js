// Signpost: on a listing page reached from a practice site (?from=<site>&walk=<minutes>),
// show the walking time from that practice and a link back to it. The page works without it.
(function () {
  "use strict";
  var box = document.getElementById("from-site");
  if (!box || !window.URLSearchParams || !window.fetch) return;
  var params = new URLSearchParams(window.location.search);
  var from = params.get("from");
  var walk = params.get("walk");
  if (!from || !/^[a-z0-9-]{1,64}$/.test(from)) return;
  var minutes = walk && /^[0-9]{1,3}$/.test(walk) ? parseInt(walk, 10) : null;
  var root = box.getAttribute("data-root") || "";
  var assets = box.getAttribute("data-assets") || root;

  function fill(template, name) {
    return template
      .replace("{site}", function () { return name; })
      .replace("{minutes}", function () { return String(minutes); });
  }

  function show(name) {
    if (typeof name !== "string" || !name) return;
    var text = box.querySelector("[data-walk]");
    if (minutes !== null) {
      text.textContent = fill(box.getAttribute(minutes === 1 ? "data-walk-one" : "data-walk-many"), name);
    } else {
      text.parentNode.removeChild(text);
    }
    var back = box.querySelector("[data-back-link]");
    back.href = root + from + "/";
    back.textContent = fill(box.getAttribute("data-back"), name);
    box.hidden = false;
  }

  fetch(assets + "sites.json", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (sites) { show(Object.prototype.hasOwnProperty.call(sites, from) ? sites[from] : null); })
    .catch(function () {});
})();
