// Signpost: the filters and search box of a site's home and need pages (finder.html).
//
// Progressive enhancement: the form is `hidden` in the HTML and shown here, so without
// JavaScript the need pages are the filter. Filters hide the cards whose facets (data-f,
// data-d, data-t, data-a, data-au, data-l, data-w; see src/facets.rs) do not pass, and say
// how many are shown in the live region. On a home page, words in the search box search the
// site's index with search.js (the index loads on the first search and is kept) and show the
// results, which pass the same filters, in place of the lists. Every word shown comes from the page:
// the form's data-* attributes carry the interface text in the page's language.
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

  function start() {
    var form = document.querySelector("form[data-finder]");
    var status = document.querySelector("[data-finder-status]");
    var results = document.querySelector("[data-finder-results]");
    if (!form || !status || !results) return;
    var data = function (name) { return form.getAttribute("data-" + name) || ""; };
    var cards = [].slice.call(document.querySelectorAll(".card[data-f]"));
    var lists = [].slice.call(document.querySelectorAll("[data-finder-list]"));
    var days = data("days").split("|");
    var months = data("months").split("|");
    var lang = document.documentElement.lang || "en", foreign = lang !== "en";
    // The search client (search.js) and the index load when someone first searches, not
    // with the page.
    var index = null;
    var searching = null;
    var canSearch = !!(data("index") && data("search-js") && window.fetch && window.Promise);
    function searcher() {
      if (!searching) {
        searching = new Promise(function (ok, fail) {
          if (window.SignpostSearch) return ok();
          var script = document.createElement("script");
          script.src = data("search-js");
          script.onload = ok;
          script.onerror = fail;
          document.head.appendChild(script);
        }).then(function () {
          var get = function (url, as) {
            return fetch(url, { credentials: "same-origin" }).then(function (r) {
              if (!r.ok) throw new Error(url + ": " + r.status);
              return r[as]();
            });
          };
          index = new window.SignpostSearch.Index(data("index"),
            function (u) { return get(u, "json"); }, function (u) { return get(u, "text"); });
          return index;
        });
        searching.catch(function () { searching = null; });
      }
      return searching;
    }

    function conditions() {
      var out = [];
      [].forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "q" || !el.value || (el.type === "checkbox" && !el.checked)) return;
        if (el.name === "a" && !/^[0-9]{1,3}$/.test(el.value)) return;
        out.push([el.name, el.value]);
      });
      return out;
    }

    function say(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function element(tag, className, text, lang) {
      var el = document.createElement(tag);
      if (className) el.className = className;
      if (text) el.textContent = text;
      if (lang) el.lang = lang;
      return el;
    }

    // "Next: Tuesday 24 November 2026, 10:00" from "2026-11-24 10:00", as the pages word it.
    function next(hit) {
      if (!hit.next) return "";
      var parts = hit.next.split(" ");
      var ymd = parts[0].split("-");
      var date = new Date(+ymd[0], ymd[1] - 1, +ymd[2]);
      var when = fill(data("dated"), {
        weekday: days[date.getDay()],
        date: fill(data("long-date"), { day: date.getDate(), month: months[date.getMonth()], year: date.getFullYear() })
      });
      if (parts[1]) when = fill(data("date-time"), { date: when, time: parts[1] });
      return fill(data(hit.note ? "next-" + hit.note : "next"), { when: when });
    }

    function card(hit) {
      var walk = data("walk") && hit.walk !== null && hit.walk <= +data("walk-max");
      var li = element("li", "card");
      // The listing's own translation into the page's language, where it has one; English
      // text on another language's page is marked as English, as on the cards.
      var own = hit.translations[lang] || [hit.name, hit.summary, !foreign, !foreign];
      var link = li.appendChild(element("h3", "card__title")).appendChild(element("a", "", own[0], !own[2] && "en"));
      link.href = data("root") + "listings/" + hit.id + "/?from=" + encodeURIComponent(data("site")) +
        (walk ? "&walk=" + hit.walk : "");
      if (walk) li.appendChild(element("p", "card__walk", fill(data("walk"), { n: hit.walk })));
      li.appendChild(element("p", "card__summary", own[1], !own[3] && "en"));
      var when = next(hit);
      if (when) li.appendChild(element("p", "card__next", when));
      if (passes(hit.facets, [["f", "free"]])) {
        li.appendChild(element("ul", "tags")).appendChild(element("li", "tag tag--free", data("free")));
      }
      return li;
    }

    // The crisis help written hidden into the page (crisis.html), shown first for the crisis
    // categories a search describes.
    var crisis = [].slice.call(document.querySelectorAll("[data-crisis]"));
    function showCrisis(categories) {
      crisis.forEach(function (block) { block.hidden = categories.indexOf(block.getAttribute("data-crisis")) < 0; });
    }

    var asked = 0;
    var typing = false;
    function run() {
      var conds = conditions();
      var raw = canSearch && form.elements.q ? form.elements.q.value : "";
      var query = raw.trim();
      var mine = ++asked;
      if (query) {
        // The last word is still being typed (it may match as a prefix) until a space or Enter.
        var opts = { lang: lang, typing: typing && !/\s$/.test(raw) };
        searcher().then(function (index) {
          return index.search(query, function (facets) { return passes(facets, conds); }, 20, new Date(), opts);
        }).then(function (hits) {
          if (mine !== asked) return;
          showCrisis(hits.crisis || []);
          results.textContent = "";
          hits.forEach(function (hit) { results.appendChild(card(hit)); });
          lists.forEach(function (list) { list.hidden = true; });
          results.hidden = false;
          results.setAttribute("data-query", query);
          say(hits.length ? fill(data("found"), { n: hits.length }) : data("none"));
        }, function () {
          if (mine === asked) say(data("error"));
        });
        return;
      }
      results.hidden = true;
      showCrisis([]);
      var shown = 0;
      cards.forEach(function (c) {
        c.hidden = !passes(c.dataset, conds);
        if (!c.hidden) shown++;
      });
      lists.forEach(function (list) { list.hidden = !list.querySelector(".card[data-f]:not([hidden])"); });
      say(conds.length ? fill(data("count"), { n: shown, total: cards.length }) : "");
    }

    var timer = null;
    form.addEventListener("input", function () {
      typing = true;
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    form.addEventListener("change", function () {
      typing = false;
      run();
    });
    form.addEventListener("reset", function () { setTimeout(run, 0); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      typing = false;
      run();
    });
    form.hidden = false;
    // A form the browser filled in again (going back to the page) applies at once.
    if (conditions().length || (form.elements.q && form.elements.q.value)) run();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
