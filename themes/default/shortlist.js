// Signpost: shortlist, print buttons, framing. Every page loads it; words come from the page.
// Framed by embed.js: posts the page's height (a number) to the parent. On a site's pages
// (#shortlist): a checkbox per card; the ticked ids live only in the address (?l=a,b), never
// in cookies or storage. On the shortlist page ([data-shortlist]): fills the <template> from
// the site's shortlist.json (keys in src/render/shortlist.rs).
(function () {
  "use strict";
  var doc = document, win = window, last = 0;
  function each(sel, f, within) { Array.prototype.forEach.call((within || doc).querySelectorAll(sel), f); }

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

  var scope = doc.querySelector("[data-site-root]");
  if (!scope || !win.URL || !history.replaceState) return;
  var root = new URL(scope.getAttribute("data-site-root"), location.href).href, list = [];
  (new URLSearchParams(location.search).get("l") || "").split(",").forEach(function (id) {
    if (/^[a-z0-9-]{1,100}$/.test(id) && list.indexOf(id) < 0 && list.length < 30) list.push(id);
  });
  function withList(href) {
    var u = new URL(href, location.href), q = u.searchParams;
    q.delete("l");
    q = q.toString();
    u.search = q + (list.length ? (q ? "&" : "") + "l=" + list.join(",") : "");
    return u.href;
  }
  function save() { history.replaceState(null, "", withList(location.href)); }
  // Links within the site, and to this page in another language, carry the shortlist.
  doc.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (a && (a.href.indexOf(root) === 0 || a.hasAttribute("hreflang"))) a.href = withList(a.href);
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
      var label = doc.createElement("label"), box = doc.createElement("input"), id = m[1];
      label.className = "pick";
      box.type = "checkbox";
      box.checked = list.indexOf(id) >= 0;
      box.setAttribute("aria-describedby", a.parentNode.id = a.parentNode.id || "card-" + i);
      box.onchange = function () {
        if (box.checked) list.push(id); else list.splice(list.indexOf(id), 1);
        save();
        show();
      };
      label.appendChild(box);
      label.appendChild(doc.createTextNode(" " + bar.getAttribute("data-add")));
      card.appendChild(label);
    });
    show();
  }

  var sheet = doc.querySelector("[data-shortlist]");
  if (!sheet || !win.fetch) return;
  var date = sheet.querySelector("[data-date]"), d = new Date();
  date.textContent = date.getAttribute("data-format").replace("{day}", d.getDate())
    .replace("{month}", date.getAttribute("data-months").split("|")[d.getMonth()]).replace("{year}", d.getFullYear());
  var out = sheet.querySelector("[data-shortlist-list]"), tpl = doc.querySelector("template[data-shortlist-item]");
  // The site's facts, and those of services available everywhere when they have a file of
  // their own (large directories).
  Promise.all(["data-json", "data-json-also"].map(function (name) {
    var url = sheet.getAttribute(name);
    return url ? fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : {}; }) : {};
  }))
    .then(function (parts) { return Object.assign({}, parts[0], parts[1]); })
    .then(function render(all) {
      out.textContent = "";
      list.forEach(function (id) {
        var item = Object.prototype.hasOwnProperty.call(all, id) && all[id];
        if (!item) return;
        var li = tpl.content.firstElementChild.cloneNode(true);
        each("[data-f]", function (el) {
          var k = el.getAttribute("data-f"), v = item[k], pre = el.getAttribute("data-href");
          if (!v || !v.length) return (el.closest("[data-row]") || el).remove();
          el.textContent = [].concat(v).join("\n");
          if (pre !== null) el.href = pre + (item[k + "h"] || v);
          if (item[k + "l"]) el.lang = item[k + "l"];
        }, li);
        li.querySelector("[data-remove]").onclick = function () {
          list.splice(list.indexOf(id), 1);
          save();
          render(all);
        };
        out.appendChild(li);
      });
      sheet.querySelector("[data-shortlist-help]").hidden = !!out.children.length;
      each("[data-shortlist-more]", function (el) { el.hidden = !out.children.length; });
    })
    .catch(function () {});
})();
