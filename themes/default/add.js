// "Add your group" (add.html): the form → a listing file as draft.rs writes it. Words are the page's.
(function () {
"use strict";
var J = JSON.stringify, N = ["", "-2", "-3"];
function scalar(s) {
  return s && s.trim() == s && /^(?=\p{L}|[0-9][^ ]* )[\p{L}\p{N} _.,'()&/@+?!-]*$/u.test(s) && !/ #/.test(s) &&
    !/^(true|false|y|yes|no?|on|off|null|inf(inity)?|nan)$/i.test(s) ? s : J(s);
}
function list(a) {
  return "[" + a.map(s => /,/.test(s) ? J(s) : scalar(s)).join(", ") + "]";
}
function slug(s) { return s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase(); }
function postcode(s) {
  var p = s.toUpperCase().replace(/\s/g, "");
  return /^([A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/.test(p) && p.slice(0, -3) + " " + p.slice(-3);
}
var DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
// The sessions of the answers: each with days, start, end, often (1–4 weeks, or "month"),
// week (of the month) and starting (the date of one session, for every 2–4 weeks).
function sessions(d) {
  return d.sessions || [{ days: d.days || [], start: d.start || "", end: d.end || "", often: "1" }];
}
function weekday(s) {
  var t = /^\d{4}-\d\d-\d\d$/.test(s) && new Date(s + "T12:00Z");
  return t && t.toISOString().slice(0, 10) == s && DAYS[t.getUTCDay()];
}
function age(s) { return /^\d{1,3}$/.test(s) && +s <= 120; }

// Adds what is wrong across fields to `found` (field → error code); returns it.
function problems(d, found = {}) {
  function add(f, c, when) { if (when && !found[f]) found[f] = c; }
  add("name", "slug", d.name && !slug(d.name));
  add("needs", "required", !d.needs.length);
  sessions(d).forEach((s, i) => {
    var k = N[i], few = /^[234]$/.test(s.often);
    add("days" + k, "required", (s.start || s.end || few || s.often == "month") && !s.days.length);
    add("end" + k, "order", s.start && s.end && s.end <= s.start);
    add("starting" + k, !s.starting ? "required" : weekday(s.starting) ? "day" : "shape",
      few && s.days.length && !s.days.includes(weekday(s.starting)));
  });
  add("where", "required", !d.venue && !d.address && !d.postcode && !d.online && !d.by_phone);
  add("venue", "required", !d.venue && (d.address || d.postcode));
  add("postcode", d.postcode ? "shape" : "required", (d.venue || d.address || d.postcode) && !postcode(d.postcode));
  add("amount", "shape", d.cost == "paid" && !+d.amount.replace("£", ""));
  add("min_age", "shape", d.min_age && !age(d.min_age));
  add("max_age", "shape", d.max_age && !age(d.max_age));
  add("max_age", "order", age(d.min_age) && age(d.max_age) && +d.max_age < +d.min_age);
  add("contact", "required", !d.email && !d.phone && !d.website);
  // Without a fallback team every listing names a maintainer (E005): ask, never invent one.
  add("maintainer", "required", !d.team && !d.maintainer);
  return found;
}

// Answers without what `signpost check` refuses in text (E026): control characters, carriage
// returns and hidden direction overrides are dropped; line breaks stay only in the answers
// that take several lines (description, address) and become spaces elsewhere.
function clean(d) {
  var c = {}, bad = /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
  for (var k in d) c[k] = typeof d[k] != "string" ? d[k] :
    d[k].replace(/[\n\u2028\u2029]/g, /^(description|address)$/.test(k) ? "\n" : " ").replace(bad, "");
  return c;
}

// The listing file, for answers without problems.
function toYaml(d, modeline) {
  d = clean(d);
  var h = d.maintainer.replace("@", ""), a = d.address.split(/\s*\n\s*/).filter(Boolean);
  var opt = (k, v) => v ? "\n" + k + v : "", au = d.audiences || [], la = d.languages || [];
  var access = d.step ? (d.step == "yes" ? ["step-free"] : []).concat(d.access || []) : d.access || [];
  var when = sessions(d).filter(s => s.days.length).map(s => "\n  - days: " + list(s.days) +
    (/^[234]$/.test(s.often) ? "\n    every: " + s.often + "\n    starting: " + s.starting : "") +
    opt("    week: ", s.often == "month" && (s.week || "first")) +
    opt("    start: ", s.start && J(s.start)) + opt("    end: ", s.end && J(s.end))).join("");
  return [
    modeline,
    "name: " + scalar(d.name),
    "summary: " + scalar(d.summary),
    d.organisation && "organisation: " + scalar(d.organisation),
    d.description && "description: |" + d.description.split(/\r?\n/).map(l => opt("  ", l.trimEnd()) || "\n").join(""),
    "needs: " + list(d.needs),
    (d.min_age || d.max_age || au.length) && "who:" + opt("  min_age: ", d.min_age && +d.min_age + "") +
      opt("  max_age: ", d.max_age && +d.max_age + "") + opt("  audiences: ", au.length && list(au)),
    la.length && "languages: " + list(la),
    d.cost == "free" && "cost:\n  free: true",
    d.cost == "paid" && "cost:\n  amount: " + Number(d.amount.replace("£", "")) + "\n  per: " + d.per,
    d.joining != "self" && "joining: " + d.joining,
    d.venue && "venues:\n  - name: " + scalar(d.venue) + opt("    address: ", a.length && list(a)) + "\n    postcode: " + postcode(d.postcode) +
      (d.step || access.length ? "\n    access: " + list(access) : ""),
    d.online && "online: true",
    d.by_phone && "by_phone: true",
    when && "when:" + when,
    (d.email || d.phone || d.website) && "contact:" + ["email", "phone", "website"].map(k => opt("  " + k + ": ", d[k] && scalar(d[k]))).join(""),
    h && "maintainers: " + list([h]),
    "reviewed: " + d.reviewed + "\n"
  ].filter(Boolean).join("\n");
}

// A mailto: link with the listing in its body when the whole link fits in 2,000 characters
// (the longest address every browser and mail program is known to pass on whole; longer links
// are cut short by some), else with `paste` in the body, asking for the listing to be pasted.
function mailto(to, subject, yaml, paste) {
  var q = encodeURIComponent, u = to + "?subject=" + q(subject) + "&body=";
  return u.length + q(yaml).length <= 2000 ? [u + q(yaml), true] : [u + q(paste), false];
}

if (typeof module == "object" && module.exports) module.exports = { toYaml, problems, slug, mailto };
var $ = (id) => document.getElementById(id);
function each(s, fn) { [].forEach.call(document.querySelectorAll(s), fn); }
if (typeof document != "object" || !$("add-form")) return;
var form = $("add-form"), errors = $("add-errors"), result = $("add-result"), yaml = $("add-yaml");
$("add-nojs").hidden = !(form.hidden = false);
// Only the questions that apply: which week for monthly, a date for every few weeks.
form.onchange = function () {
  N.forEach((k) => {
    var o = $("add-often" + k).value;
    $("add-week" + k).parentNode.hidden = o != "month";
    $("add-starting" + k).parentNode.hidden = !/^[234]$/.test(o);
  });
};
form.onchange();
$("add-more").onclick = function () {
  var next = document.querySelector(".add-session[hidden]");
  if (next) next.hidden = false, $("add-often" + next.id.slice(7)).focus();
  this.hidden = !document.querySelector(".add-session[hidden]");
};

form.onsubmit = function () {
  var f = new FormData(form), d = {}, found = {}, ul = errors.lastElementChild, q = encodeURIComponent;
  f.forEach((v, k) => d[k] = v.trim());
  ["needs", "access", "audiences", "languages"].forEach((k) => d[k] = f.getAll(k));
  d.sessions = N.map((k) => ({ days: f.getAll("days" + k), start: d["start" + k], end: d["end" + k],
    often: d["often" + k], week: d["week" + k], starting: d["starting" + k] }));
  d.team = "team" in form.dataset;
  d.reviewed = new Date().toLocaleDateString("sv"); // today, YYYY-MM-DD
  each("#add-form [name]", (e) => {
    var v = e.validity;
    e.removeAttribute("aria-invalid");
    if (!v.valid) found[e.name] = v.valueMissing ? "required" : "shape";
    else if (Array.from(e.value).length > e.dataset.max) found[e.name] = "long";
  });
  problems(d, found);
  ul.textContent = "";
  each(".field__error", (e) => {
    var code = found[e.id.slice(2)], to = e.dataset.for, a = document.createElement("a");
    if (!(e.hidden = !code)) {
      e.textContent = a.textContent = e.dataset[code];
      a.href = "#" + to;
      ul.appendChild(document.createElement("li")).appendChild(a);
      if (!/^(need|day)/.test(to)) $(to).setAttribute("aria-invalid", "true");
    }
  });
  result.hidden = !(errors.hidden = !ul.firstChild);
  $("add-copied").hidden = true;
  if (!errors.hidden) return errors.focus(), false;
  var base = form.dataset.new, mail = $("add-mail"), y = yaml.value = toYaml(d, form.dataset.modeline);
  if (base) {
    $("add-handle").hidden = !($("add-gh").hidden = !d.maintainer);
    $("add-gh-link").href = base + "?filename=" + slug(d.name) + ".yaml&value=" + q(y);
  }
  if (mail) {
    var m = mailto(mail.dataset.to, mail.dataset.subject.replace("{name}", d.name), y, mail.dataset.paste);
    mail.href = m[0];
    $("add-paste").hidden = m[1];
  }
  result.focus();
  return false;
};

$("add-copy").onclick = function () {
  yaml.select();
  navigator.clipboard.writeText(yaml.value).then(() => $("add-copied").hidden = false);
};
})();
