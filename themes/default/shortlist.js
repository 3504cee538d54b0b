// Signpost shortlist, printing and framing; every page loads it (deferred). Words come from the
// page (data-* attributes and a <template>), never from this file; the pages work without it.
//
// - Framed (a practice's website embeds a site with embed.js): posts this page's height, a
//   number, to the parent whenever it changes, so the frame fits with no scrollbar.
// - A site's pages (the bar from shortlist_bar.html, #shortlist): a checkbox on each card; the
//   ticked listing ids live only in the address (?l=id1,id2), carried by links within the site,
//   never in cookies or storage.
// - The shortlist page ([data-shortlist]): each listing in ?l= filled into the <template> from
//   the site's shortlist.json (keys: n name, s summary, w when, v where, d walk, p/ph phone,
//   e email, u website, b booking; nl/sl the language of n/s), with remove and print buttons.
(function () {
  "use strict";
  var doc = document, win = window;

  if (win.parent !== win) {
    var last = 0;
    var post = function () {
      var h = Math.ceil(doc.documentElement.getBoundingClientRect().height);
      if (h !== last) { last = h; win.parent.postMessage(h, "*"); }
    };
    post();
    win.addEventListener("load", post);
    if (win.ResizeObserver) new ResizeObserver(post).observe(doc.documentElement);
  }

  each("[data-print]", function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { win.print(); });
  });

  var scope = doc.querySelector("[data-site-root]");
  if (!scope || !win.URL || !win.history || !history.replaceState) return;
  var root = new URL(scope.getAttribute("data-site-root"), location.href).href;
  var list = [];
  (new URLSearchParams(location.search).get("l") || "").split(",").forEach(function (id) {
    if (/^[a-z0-9][a-z0-9-]{0,99}$/.test(id) && list.indexOf(id) < 0 && list.length < 30) list.push(id);
  });

  function withList(href) {
    var u = new URL(href, location.href), q = u.searchParams;
    q.delete("l");
    var s = q.toString();
    u.search = s + (list.length ? (s ? "&" : "") + "l=" + list.join(",") : "");
    return u.href;
  }
  function save() { history.replaceState(null, "", withList(location.href)); }
  // Links within the site carry the shortlist; listing pages and other sites do not.
  doc.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (a && a.href.indexOf(root) === 0) a.href = withList(a.href);
  }, true);

  var bar = doc.getElementById("shortlist");
  if (bar) {
    var count = bar.querySelector("[data-count]"), open = bar.querySelector("[data-open]");
    var show = function () {
      bar.hidden = !list.length;
      count.textContent = bar.getAttribute(list.length === 1 ? "data-one" : "data-many").replace("{n}", list.length);
      open.href = withList(open.href);
    };
    each(".card", function (card, i) {
      var a = card.querySelector(".card__title a"), m = a && /listings\/([a-z0-9-]+)\//.exec(a.getAttribute("href"));
      if (!m) return;
      var label = doc.createElement("label"), box = doc.createElement("input");
      label.className = "pick";
      box.type = "checkbox";
      box.checked = list.indexOf(m[1]) >= 0;
      a.parentNode.id = a.parentNode.id || "card-" + i;
      box.setAttribute("aria-describedby", a.parentNode.id);
      box.addEventListener("change", function () {
        var at = list.indexOf(m[1]);
        if (box.checked && at < 0) list.push(m[1]);
        if (!box.checked && at >= 0) list.splice(at, 1);
        save();
        show();
      });
      label.appendChild(box);
      label.appendChild(doc.createTextNode(" " + bar.getAttribute("data-add")));
      card.appendChild(label);
    });
    show();
  }

  var sheet = doc.querySelector("[data-shortlist]");
  if (!sheet || !win.fetch) return;
  var date = sheet.querySelector("[data-date]");
  date.textContent = new Date().toLocaleDateString(doc.documentElement.lang, { day: "numeric", month: "long", year: "numeric" });
  var out = sheet.querySelector("[data-shortlist-list]"), tpl = doc.querySelector("template[data-shortlist-item]");
  fetch(sheet.getAttribute("data-json"), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (all) {
      function render() {
        out.textContent = "";
        list.forEach(function (id) {
          var item = Object.prototype.hasOwnProperty.call(all, id) && all[id];
          if (!item) return;
          var li = tpl.content.firstElementChild.cloneNode(true);
          each("[data-f]", function (el) {
            var k = el.getAttribute("data-f"), v = item[k], pre = el.getAttribute("data-href");
            if (!v || !v.length) { var row = el.closest("[data-row]") || el; row.parentNode.removeChild(row); return; }
            el.textContent = [].concat(v).join("\n");
            if (pre !== null) el.href = pre + (item[k + "h"] || v);
            if (item[k + "l"]) el.lang = item[k + "l"];
          }, li);
          li.querySelector("[data-remove]").addEventListener("click", function () {
            list.splice(list.indexOf(id), 1);
            save();
            render();
          });
          out.appendChild(li);
        });
        var any = out.children.length > 0;
        sheet.querySelector("[data-shortlist-help]").hidden = any;
        each("[data-shortlist-more]", function (el) { el.hidden = !any; });
      }
      render();
    })
    .catch(function () {});

  function each(sel, f, within) { Array.prototype.forEach.call((within || doc).querySelectorAll(sel), f); }
})();
