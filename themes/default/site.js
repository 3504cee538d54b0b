// Signpost: the filters and search box of a site's home page (finder.html).
//
// Progressive enhancement: the form is `hidden` in the HTML and shown here, so without
// JavaScript the need sections (#<need>) are the filter. Filters hide the cards whose facets (data-f,
// data-d, data-t, data-a, data-au, data-l, data-w; see src/facets.rs) do not pass, and say
// how many are shown in the live region. On a home page, words in the search box search the
// site's index with search.js (the script and the index load on the first search and are kept) and show the
// results, which pass the same filters, in place of the lists. The filters fold behind one
// control (open on wide screens); what is chosen is kept in the page's address (?f=free&q=…),
// so the language switcher and the Back button keep it. After a change the count and the
// first result are scrolled into view. Every word shown comes from the page: the form's
// data-* attributes carry the interface text in the page's language.
(function () {
  "use strict";

  // Whether a listing's facets pass every condition, [key, values]: the facet's
  // space-separated list must hold one of the values ("*" holds every value); for `a` (age)
  // the number must be within the facet's "min-max". A listing without an age range passes.
  function passes(facets, conditions) {
    return conditions.every(function (c) {
      var have = facets[c[0]];
      if (c[0] === "a") {
        var range = (have || "0-999").split("-");
        return +c[1] >= +range[0] && +c[1] <= +range[1];
      }
      if (have === "*") return true;
      var list = " " + (have || "") + " ";
      return c[1].split(" ").some(function (v) { return list.indexOf(" " + v + " ") >= 0; });
    });
  }

  // "{n} of {total}" with the values filled in.
  function fill(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  if (typeof document === "undefined") {
    if (typeof module === "object") module.exports = { passes: passes, fill: fill };
    return;
  }

  var doc = document, win = window;
  function all(sel) { return [].slice.call(doc.querySelectorAll(sel)); }

  function start() {
    var form = doc.querySelector("form[data-finder]");
    var status = doc.querySelector("[data-finder-status]");
    var results = doc.querySelector("[data-finder-results]");
    if (!form || !status || !results) return;
    var data = function (name) { return form.getAttribute("data-" + name) || ""; };
    var cards = all(".card[data-f]"), lists = all("[data-finder-list]"), others = all("[data-finder-hide]");
    var lang = doc.documentElement.lang || "en", foreign = lang !== "en";
    // The search client (search.js) and the index load when someone first searches, not
    // with the page.
    var index = null;
    var searching = null;
    var canSearch = !!(data("index") && data("search-js") && win.fetch && win.Promise);
    function searcher() {
      if (!searching) {
        searching = new Promise(function (ok, fail) {
          if (win.SignpostSearch) return ok();
          var script = doc.createElement("script");
          script.src = data("search-js");
          script.onload = ok;
          script.onerror = fail;
          doc.head.appendChild(script);
        }).then(function () {
          var get = function (url, as) {
            return fetch(url, { credentials: "same-origin" }).then(function (r) {
              if (!r.ok) throw new Error(url + ": " + r.status);
              return r[as]();
            });
          };
          index = new win.SignpostSearch.Index(data("index"),
            function (u) { return get(u, "json"); }, function (u) { return get(u, "text"); });
          return index;
        });
        searching.catch(function () { searching = null; });
      }
      return searching;
    }

    // The fields with a value, [name, value]. The filters are named as the facets, but for
    // the spoken language: `sl`, since the shortlist's address uses `l`.
    function chosen() {
      return [].filter.call(form.elements, function (el) {
        return el.name && el.value && (el.type !== "checkbox" || el.checked) && (el.name !== "a" || /^[0-9]{1,3}$/.test(el.value));
      }).map(function (el) { return [el.name, el.value]; });
    }

    // A new element in `parent`.
    function make(parent, tag, cls, text, lang) {
      var el = parent.appendChild(doc.createElement(tag));
      el.className = cls;
      if (text) el.textContent = text;
      if (lang) el.lang = lang;
      return el;
    }

    // A result as the page's cards show it: name, walking time and venue, summary, next
    // session, and tags for how to take part from home and for free groups.
    function card(hit) {
      var walk = data("walk") && hit.walk !== null && hit.walk <= +data("walk-max");
      var at = hit.place || {}, w = at.w, li = doc.createElement("li");
      li.className = "card";
      // The listing's own translation into the page's language, where it has one; English
      // text on another language's page is marked as English, as on the cards.
      var own = hit.translations[lang] || [hit.name, hit.summary, !foreign, !foreign];
      make(make(li, "h3", "card__title"), "a", "", own[0], !own[2] && "en").href = data("listings") + hit.id +
        "/?from=" + encodeURIComponent(data("site")) + (walk ? "&walk=" + hit.walk : "") + data("hash");
      if (walk || at.v) {
        var line = make(li, "p", "card__walk");
        if (walk) make(line, "strong", "", fill(data("walk"), { n: hit.walk }));
        if (at.v) line.appendChild(doc.createTextNode((walk ? " · " : "") + at.v));
      }
      make(li, "p", "card__summary", own[1], !own[3] && "en");
      // The next session in the page's words (when.js), as the cards have it.
      var when = window.SignpostWhen ? window.SignpostWhen.words(hit.sessions) : "";
      if (when) make(li, "p", "card__next", when);
      var tags = make(li, "ul", "tags");
      [at.o && data("online"), at.p && data("phone"), at.a && data("across"),
        w && fill(data("in"), { wards: w.slice(0, -1).join(data("sep")) + (w[1] ? " " + data("and") + " " : "") + w[w.length - 1] })]
        .forEach(function (t) { if (t) make(tags, "li", "tag", t); });
      if (passes(hit.facets, [["f", "free"]])) make(tags, "li", "tag tag--free", data("free"));
      if (!tags.firstChild) li.removeChild(tags);
      return li;
    }

    // The crisis help of the page's language (crisis.html, written hidden into one file that
    // every site shares, the HTML as a JSON string): fetched into its place above the
    // results by the first search that describes a crisis, and kept; then shown first for
    // the crisis categories a search describes. Should the file not load, the results still
    // show.
    var help = doc.querySelector("[data-crisis-help]"), helpLoaded = null;
    function loadCrisis(categories) {
      if (!categories.length || !help) return Promise.resolve();
      if (!helpLoaded) {
        helpLoaded = fetch(help.getAttribute("data-crisis-help"), { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        }).then(function (html) {
          help.innerHTML = html;
        }, function () {
          helpLoaded = null;
        });
      }
      return helpLoaded;
    }
    function showCrisis(categories) {
      all("[data-crisis]").forEach(function (block) { block.hidden = categories.indexOf(block.getAttribute("data-crisis")) < 0; });
    }

    // Brings the count and the first result into view when a change left them off the
    // screen (a phone with the filters open), scrolling no further than the count.
    function reveal() {
      var first = results.hidden ? cards.filter(function (c) { return !c.hidden; })[0] : results.firstChild;
      var top = status.getBoundingClientRect().top - 8;
      var bottom = first ? first.getBoundingClientRect().top + Math.min(first.offsetHeight, 120) - innerHeight : 0;
      if (status.textContent) scrollBy(0, top < 0 ? top : Math.min(top, Math.max(bottom, 0)));
    }

    var asked = 0, timer = 0, typing = false;
    function run(show) {
      var pairs = chosen(), query = "", raw = "";
      var conds = pairs.filter(function (c) {
        if (c[0] === "q" && canSearch) query = (raw = c[1]).trim();
        return c[0] !== "q";
      }).map(function (c) { return [c[0] === "sl" ? "l" : c[0], c[1]]; });
      (form.querySelector("[data-filter-count]") || {}).textContent = conds.length ? " (" + conds.length + ")" : "";
      // The address keeps what is chosen, besides its other parameters (the shortlist's).
      var url = new URL(location.href);
      [].forEach.call(form.elements, function (el) { url.searchParams.delete(el.name); });
      pairs.forEach(function (p) { url.searchParams.append(p[0], p[1]); });
      history.replaceState(history.state, "", url.href);
      others.forEach(function (el) { el.hidden = !!(query || conds.length); });
      var mine = ++asked, say = function (text) {
        status.textContent = text;
        if (show) reveal();
      };
      if (query) {
        // The last word is still being typed (it may match as a prefix) until a space or Enter.
        var opts = { lang: lang, typing: typing && !/\s$/.test(raw) };
        searcher().then(function (index) {
          return index.search(query, function (facets) { return passes(facets, conds); }, 20, opts);
        }).then(function (hits) {
          return loadCrisis(hits.crisis || []).then(function () { return hits; });
        }).then(function (hits) {
          if (mine !== asked) return;
          showCrisis(hits.crisis || []);
          results.textContent = "";
          hits.forEach(function (hit) { results.appendChild(card(hit)); });
          lists.forEach(function (list) { list.hidden = true; });
          results.hidden = false;
          results.setAttribute("data-query", query);
          doc.dispatchEvent(new CustomEvent("signpost:results"));
          say(hits.length ? fill(data("found"), { n: hits.length }) : data("none"));
        }, function () {
          if (mine === asked) say(data("error"));
        });
        return;
      }
      results.hidden = true;
      showCrisis([]);
      var shown = cards.filter(function (c) { return !(c.hidden = !passes(c.dataset, conds)); }).length;
      lists.forEach(function (list) { list.hidden = !list.querySelector(".card[data-f]:not([hidden])"); });
      say(conds.length ? fill(data("count"), { n: shown, total: cards.length }) : "");
    }

    // Typing waits for a pause, and scrolls nothing; a change of a filter, or the search
    // sent (Enter), brings the results into view.
    form.addEventListener("input", function () {
      typing = true;
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("change", function (e) {
      clearTimeout(timer);
      typing = false;
      run(e.target.name !== "q");
    });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      doc.activeElement.blur();
      typing = false;
      run(true);
    });
    if (win.matchMedia("(min-width: 40em)").matches) form.querySelector("[data-filters]").open = true;
    form.hidden = false;
    // What the address holds (the same page in another language), or the browser filled in
    // again (going back to the page), applies at once.
    var asks = new URLSearchParams(location.search);
    [].forEach.call(form.elements, function (el) {
      asks.getAll(el.name).forEach(function (v) {
        if (el.type === "checkbox") el.checked = el.checked || v === el.value;
        else if (el.tagName !== "SELECT" || [].some.call(el.options, function (o) { return o.value === v; })) el.value = v;
      });
    });
    if (chosen().length) run();
  }

  // Loaded with `defer`: the page is all there.
  start();
})();
