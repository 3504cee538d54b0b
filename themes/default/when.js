// Signpost: "Next: …" worked out in the page, on the day it is read, for cards, listing pages
// and search results: the one JavaScript copy of src/schedule.rs's `next` (change both together;
// `cargo test --test it dates::` runs this file in Node against the Rust).
//
// Each `[data-when]` element carries a listing's sessions as src/schedule.rs `compact` writes
// them ("w:tue,thu 10:00-12:00;e2=2026-11-26:thu 18:00;m-1:fri;o:2026-12-12;open;term;appt");
// its text, written at build time, stays for readers without JavaScript and is replaced here
// (hidden when no session is to come). The words "open", "term" and "appt" are never part of a
// session's rule. The words and the directory's calendar are data-* attributes of this
// script's own tag (base.html): day and month names, the sentences, bank holidays
// ("YYYY-MM-DD …") and school terms ("first/last …"). Bank holidays are skipped unless
// the group is `open` on them, school holidays for `term` groups where the terms are known;
// one-off dates never. site.js words search results with `SignpostWhen.words`.
// Written short (one-letter names): the minifier keeps names, and a site's home page has a
// budget of 30 KB of CSS and JavaScript.
(function (G) {
  "use strict";
  var me = G.document && document.currentScript;
  // This tag's data-* attribute `n`.
  function A(n) { return (me && me.getAttribute("data-" + n)) || ""; }
  var B = A("bank"), T = A("terms").split(" ").filter(Boolean).map(function (t) { return t.split("/"); });
  // The local date and time of `d` as "YYYY-MM-DDTHH:MM".
  function I(d) { return new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 16); }
  // The number of the week (Monday to Sunday) since 1970 of the day `s` (YYYY-MM-DD).
  function V(s) { return (Date.parse(s) / 864e5 + 3) / 7 | 0; }
  // Whether school terms are known on `s`: from the first day of the first term to the last
  // day of the last.
  function K(s) { return T[0] && s >= T[0][0] && s <= T[T.length - 1][1]; }

  // Whether a session's rule ("w:tue,thu", "e2=2026-11-26:thu", "m1:tue", "m-1:fri",
  // "o:2026-12-12") happens on the date `d` (`s` as YYYY-MM-DD).
  function on(r, d, s) {
    var k = r.split(":"), e = k[0].split("="), n = +k[0].slice(1);
    if (k[0] == "o") return k[1] == s;
    if (k[1].indexOf("sunmontuewedthufrisat".substr(3 * d.getDay(), 3)) < 0) return false;
    // Every n weeks from the week of the first session, never before it.
    if (e[1]) return s >= e[1] && (V(s) - V(e[1])) % e[0].slice(1) == 0;
    return k[0] == "w" || (n > 0 ? Math.ceil(d.getDate() / 7) == n : d.getMonth() != new Date(d.getFullYear(), d.getMonth(), d.getDate() + 7).getMonth());
  }

  // The next session of `x` on or after `now` (one today that has started is past), within a
  // year and a day, skipping closed days: "2026-11-24 10:00", "2026-11-24" (no time), or "".
  function N(x, now) {
    var l = (x || "").split(";"), o = l.indexOf("open") < 0, m = l.indexOf("term") >= 0, c = I(now).slice(11);
    for (var k = 0; x && k <= 366; k++) {
      var d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + k), s = I(d).slice(0, 10), b = null;
      // Closed: a bank holiday (unless open on them), or a school holiday of a term-time group.
      var z = (o && B.indexOf(s) >= 0) || (m && K(s) && !T.some(function (t) { return s >= t[0] && s <= t[1]; }));
      l.forEach(function (r) {
        var p = r.split(" "), t = (p[1] || "").slice(0, 5);
        if (r.indexOf(":") < 0 || !on(p[0], d, s) || (z && r[0] != "o") || (!k && t && t < c)) return;
        if (b == null || t < b) b = t;
      });
      if (b != null) return b ? s + " " + b : s;
    }
    return "";
  }

  // "Next: Tuesday 24 November 2026, 10:00" in the page's words, or "" when none is to come.
  // The sentences come whole (src/render/when.rs), with the weekday {w}, day {d}, month {m},
  // year {y} and time {t} to fill in: `next`, `term` (in a term the directory knows), `check`
  // (term time, terms not known) and `appt`, each with a `-t` form for a start time.
  function W(x, now) {
    var f = N(x, now || new Date()), p = f.split(" "), q = p[0].split("-");
    var v = { w: A("days").split("|")[new Date(Date.parse(p[0])).getUTCDay()], d: +q[2], m: A("months").split("|")[q[1] - 1], y: q[0], t: p[1] };
    var k = /term/.test(x) ? (K(p[0]) ? "term" : "check") : /appt/.test(x) ? "appt" : "next";
    return f && A(k + (p[1] ? "-t" : "")).replace(/\{(\w)\}/g, function (a, n) { return v[n]; });
  }

  G.SignpostWhen = { next: N, words: W };
  // Deferred (base.html), so the page is parsed: each date is worked out again now.
  // On a listing page that holds every language, each part has its own tag and words: this
  // one works out the dates of its own part.
  var P = me && me.closest && me.closest(".lang-page");
  if (me) [].forEach.call((P || document).querySelectorAll("[data-when]"), function (e) {
    var t = W(e.getAttribute("data-when"));
    if (t) e.textContent = t;
    else e.hidden = true;
  });
})(this);
