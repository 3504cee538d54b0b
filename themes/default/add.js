// "Add your group" (add.html): the form → a listing file as draft.rs writes it. Words are the page's.
(function () {
"use strict";
var J = JSON.stringify;
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

// Adds what is wrong across fields to `found` (field → error code); returns it.
function problems(d, found = {}) {
  function add(f, c, when) { if (when && !found[f]) found[f] = c; }
  add("name", "slug", d.name && !slug(d.name));
  add("needs", "required", !d.needs.length);
  add("days", "required", (d.start || d.end) && !d.days.length);
  add("end", "order", d.start && d.end && d.end <= d.start);
  add("where", "required", !d.venue && !d.address && !d.postcode && !d.online && !d.by_phone);
  add("venue", "required", !d.venue && (d.address || d.postcode));
  add("postcode", d.postcode ? "shape" : "required", (d.venue || d.address || d.postcode) && !postcode(d.postcode));
  add("amount", "shape", d.cost == "paid" && !+d.amount.replace("£", ""));
  add("contact", "required", !d.email && !d.phone && !d.website);
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
  var opt = (k, v) => v ? "\n" + k + v : "";
  return [
    modeline,
    "name: " + scalar(d.name),
    "summary: " + scalar(d.summary),
    d.organisation && "organisation: " + scalar(d.organisation),
    d.description && "description: |" + d.description.split(/\r?\n/).map(l => opt("  ", l.trimEnd()) || "\n").join(""),
    "needs: " + list(d.needs),
    d.cost == "free" && "cost:\n  free: true",
    d.cost == "paid" && "cost:\n  amount: " + Number(d.amount.replace("£", "")) + "\n  per: " + d.per,
    d.joining != "self" && "joining: " + d.joining,
    d.venue && "venues:\n  - name: " + scalar(d.venue) + opt("    address: ", a.length && list(a)) + "\n    postcode: " + postcode(d.postcode),
    d.online && "online: true",
    d.by_phone && "by_phone: true",
    d.days.length && "when:\n  - days: " + list(d.days) + opt("    start: ", d.start && J(d.start)) + opt("    end: ", d.end && J(d.end)),
    (d.email || d.phone || d.website) && "contact:" + ["email", "phone", "website"].map(k => opt("  " + k + ": ", d[k] && scalar(d[k]))).join(""),
    "maintainers: " + list(h ? [h] : []),
    "reviewed: " + d.reviewed + "\n"
  ].filter(Boolean).join("\n");
}

if (typeof module == "object" && module.exports) module.exports = { toYaml: toYaml, problems: problems, slug: slug };
var $ = (id) => document.getElementById(id);
function each(s, fn) { [].forEach.call(document.querySelectorAll(s), fn); }
if (typeof document != "object" || !$("add-form")) return;
var form = $("add-form"), errors = $("add-errors"), result = $("add-result"), yaml = $("add-yaml");
$("add-nojs").hidden = !(form.hidden = false);

form.onsubmit = function () {
  var f = new FormData(form), d = {}, found = {}, ul = errors.lastElementChild, q = encodeURIComponent;
  f.forEach((v, k) => d[k] = v.trim());
  d.needs = f.getAll("needs");
  d.days = f.getAll("days");
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
      if (!/^(need|day)-/.test(to)) $(to).setAttribute("aria-invalid", "true");
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
  if (mail) mail.href = mail.href.split("?")[0] + "?subject=" + q(mail.dataset.subject.replace("{name}", d.name)) + "&body=" + q(y);
  result.focus();
  return false;
};

$("add-copy").onclick = function () {
  yaml.select();
  navigator.clipboard.writeText(yaml.value).then(() => $("add-copied").hidden = false);
};
})();
