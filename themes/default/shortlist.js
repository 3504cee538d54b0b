// Signpost: shortlist, print buttons, framing. Every page loads it; words come from the page.
// Framed by embed.js: posts the page's height (a number) to the parent. The ticked ids live
// only in the address (?l=a,b), never in cookies or storage: on a site's pages (#shortlist) a
// checkbox per card, search results included; on a listing page reached from a site
// (?from=<site>) one for that listing. Links to the site's pages and to listing pages read
// from it carry the list; the language switcher carries the whole address (the list, the
// filters, where the page was reached from). The shortlist page itself is prescription.js's.
(function () {
  "use strict";
  var doc = document, win = window, last = 0;
  function each(sel, f, within) { [].forEach.call((within || doc).querySelectorAll(sel), f); }

  if (win.parent !== win) {
    var post = function () {
      var h = Math.ceil(doc.documentElement.getBoundingClientRect().height);
      if (h !== last) win.parent.postMessage(last = h, "*");
    };
    post();
    win.addEventListener("load", post);
    if (win.ResizeObserver) new ResizeObserver(post).observe(doc.documentElement);
  }
  each("[data-print]", function (b) {
    b.hidden = false;
    b.onclick = function () { win.print(); };
  });
  if (!win.URL || !history.replaceState) return;

  // The ids in the address now (the shortlist page's own script changes them there).
  function ids() {
    return (new URLSearchParams(location.search).get("l") || "").split(",").filter(function (id, k, all) {
      return /^[a-z0-9-]{1,100}$/.test(id) && all.indexOf(id) === k && k < 30;
    });
  }
  var list = ids(), n = 0;
  // The site: from the bar of a site's page or the shortlist page, else (a listing page)
  // from where it was reached. A listing page holds every language, a part each with its
  // own bar, whose links go back to the site in that part's language.
  var bars = [].slice.call(doc.querySelectorAll(".shortlist-bar")), bar = bars[0];
  var scope = doc.querySelector("[data-site-root]");
  var site = bar && bar.getAttribute("data-site"), roots = scope ? [scope.getAttribute("data-site-root")] : [];
  if (bar && !scope) {
    site = new URLSearchParams(location.search).get("from");
    if (/^[a-z0-9-]{1,64}$/.test(site || "")) roots = bars.map(function (b) { return b.getAttribute("data-root") + site + "/"; });
  }
  roots = roots.map(function (r) { return new URL(r, location.href).href; });
  // `href` with the list `ids`.
  function withList(href, ids) {
    var u = new URL(href, location.href), q = u.searchParams;
    q.delete("l");
    q = q.toString();
    u.search = q + (ids.length ? (q ? "&" : "") + "l=" + ids.join(",") : "");
    return u.href;
  }
  function save() { history.replaceState(history.state, "", withList(location.href, list)); }
  doc.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a) return;
    if (a.hasAttribute("hreflang")) {
      var u = new URL(a.href);
      u.search = location.search;
      a.href = u.href;
    } else if (roots.some(function (r) { return a.href.indexOf(r) === 0; }) || (site && roots.length && new URL(a.href).searchParams.get("from") === site)) {
      a.href = withList(a.href, ids());
    }
  }, true);
  if (!bar || !roots.length) return;

  // Each bar: its count and its link to the shortlist page.
  var shows = bars.map(function (bar, k) {
    var count = bar.querySelector("[data-count]"), open = bar.querySelector("[data-open]");
    open.href = (roots[k] || roots[0]) + "shortlist/";
    return function () {
      bar.hidden = !list.length;
      count.textContent = bar.getAttribute(list.length === 1 ? "data-one" : "data-many").replace("{n}", list.length);
      open.href = withList(open.href, list);
    };
  });
  function show() { shows.forEach(function (f) { f(); }); }
  // A checkbox "Add to shortlist" (in the words of `bar`) for listing `id`, at the end of
  // `where`, described by `by`; every box of the same listing (a card and a search result,
  // or each language's part of a listing page) follows it.
  function pick(where, id, by, bar) {
    var label = where.appendChild(doc.createElement("label")), box = label.appendChild(doc.createElement("input"));
    label.className = "pick";
    label.appendChild(doc.createTextNode(" " + bar.getAttribute("data-add")));
    box.type = "checkbox";
    box.value = id;
    box.checked = list.indexOf(id) >= 0;
    box.setAttribute("aria-describedby", by.id = by.id || "pick-" + n++);
    box.onchange = function () {
      list = list.filter(function (x) { return x !== id; }).concat(box.checked ? [id] : []);
      each(".pick input", function (b) { if (b.value === id) b.checked = box.checked; });
      save();
      show();
    };
  }
  function cards() {
    each(".card", function (card) {
      var a = card.querySelector(".card__title a"), m = a && /listings\/([a-z0-9-]+)\//.exec(a.getAttribute("href"));
      if (m && !card.querySelector(".pick")) pick(card, m[1], a.parentNode, bar);
    });
  }
  bars.forEach(function (bar) {
    var part = (bar.closest && bar.closest(".lang-page")) || doc;
    var here = bar.getAttribute("data-id"), box = part.querySelector("[data-pick]");
    if (here && box) pick(box, here, part.querySelector("h1"), bar);
  });
  cards();
  doc.addEventListener("signpost:results", cards);
  show();
})();
