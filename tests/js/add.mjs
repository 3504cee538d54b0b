// Runs the listing builder of themes/default/add.js (the "Add your group" page) in Node, as
// the page would after reading its form:
//   node tests/js/add.mjs MODELINE < drafts.json  →  [{"slug", "yaml", "problems", "mail"}]
//   node tests/js/add.mjs MODELINE --random N SEED  →  the same for N generated fillings, each
//                                                     with its "answers"
// Each draft gives the form's answers; fields it leaves out are empty, as in an empty form.
// What the browser itself refuses before the script runs (`required`, `pattern`, `data-max` on
// the inputs of add.html) is checked here from add.html's own attributes, so a filling has
// "yaml" only when the page would show a listing. "mail" is the email link the page makes for
// listings@tva.example.org.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const theme = join(here, "..", "..", "themes", "default");
const source = readFileSync(join(theme, "add.js"), "utf8");
const module = { exports: {} };
vm.runInNewContext(source, { module });
const { toYaml, problems, slug, mailto } = module.exports;

// The browser's own checks, from the inputs of add.html (limits as the format sets them).
const limits = { "page.max_name": "80", "page.max_summary": "160" };
const entities = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&", "&#39;": "'" };
const checks = [];
for (const tag of readFileSync(join(theme, "add.html"), "utf8").match(/<input [^>]*>/g)) {
  const attr = (a) => (tag.match(new RegExp(` ${a}="([^"]*)"`)) || [])[1];
  const name = attr("name");
  if (!name || name.includes("{{")) continue;
  const pattern = attr("pattern");
  const max = attr("data-max");
  checks.push({
    name,
    required: / required[ >]/.test(tag),
    pattern: pattern && new RegExp(`^(?:${pattern.replace(/&[a-z#0-9]+;/g, (e) => entities[e])})$`, "v"),
    max: max && +(limits[max.replace(/[{} ]/g, "")] || max),
  });
}
function validity(d) {
  const found = {};
  for (const c of checks) {
    const v = d[c.name] || "";
    if (c.required && !v) found[c.name] = "required";
    else if (v && c.pattern && !c.pattern.test(v)) found[c.name] = "shape";
    else if (c.max && Array.from(v).length > c.max) found[c.name] = "long";
  }
  return found;
}

const empty = {
  name: "", summary: "", description: "", organisation: "", needs: [], days: [], start: "", end: "",
  venue: "", address: "", postcode: "", cost: undefined, amount: "", per: "session", joining: "self",
  email: "", phone: "", website: "", maintainer: "", reviewed: "", team: false,
  step: "", access: [], min_age: "", max_age: "", audiences: [], languages: [],
};
const paste = "Please add our group. Our listing is below:\n\n(paste the listing here)";

function run(answers) {
  const d = { ...empty, ...answers };
  // The page trims every answer, as here.
  for (const k of Object.keys(d)) if (typeof d[k] === "string") d[k] = d[k].trim();
  if (d.sessions) d.sessions = d.sessions.map((s) => ({ ...s, start: s.start.trim(), end: s.end.trim() }));
  const found = problems(d, validity(d));
  const ok = !Object.keys(found).length;
  const yaml = toYaml(d, modeline);
  const [mail, whole] = mailto("mailto:listings@tva.example.org", "Add our group: " + d.name, yaml, paste);
  return { slug: slug(d.name), yaml: ok ? yaml : null, draft: yaml, problems: found, mail, whole };
}

// A small seeded generator (mulberry32), so a failing filling can be made again.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const some = (xs, most) => xs.filter(() => next() < most / xs.length);
  return { next, pick, some };
}

const TEXT = [
  "Knit and Natter", "Café Ñandú & Friends: \"Tea\"", "yes", "No", "null", "~", "- dash", "#hash",
  "a: b", "it's", "  spaced  ", "تحية طيبة", "😀 Emoji club", "x".repeat(80), "y".repeat(81),
  "Line\nbreak", "tab\there", "bell\u0007", "rtl\u202eoverride", "{brace}", "[bracket]", "&anchor",
  "*alias", "!tag", "%percent", "@at", "`tick`", "back\\slash", "ünïcödé", "123", "1:30",
  "\u00a0nbsp", "a #comment", "ends with colon:", "2nd Croydon Scouts (Thursdays)", "Über 50s",
  "Men's Shed", "multi\n\nparagraph\n  - list\n# heading", "\"quoted\"", "'single'", "?question",
];
const NEEDS = ["loneliness-and-isolation", "arts-and-creativity", "bereavement", "young-people-support"];
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const TIMES = ["", "09:30", "10:00", "12:00", "18:00", "00:00", "23:59"];
const POSTCODES = [["CR0 1AA", "cr01nx", "CR7 7JE", " cr0 1ea "], ["CR0", "CR01AAA", "", "SW1A"]];
const ACCESS = ["accessible-toilet", "hearing-loop", "lift", "quiet-space", "bsl"];
const AUDIENCES = ["men", "women", "older-people", "carers", "lgbtq", "veterans"];
const LANGUAGES = ["en", "ar", "bn", "pl", "so", "ur", "ta"];
// Each answer: [the usual answers, and mistakes and odd ones], most often usual.
const EMAILS = [["", "knit@example.org", "o'brien@example.co.uk", "a+tag@x-y.org"],
  ["a?b@example.org", "a&b@example.org", "bad", "a@b", "ü@example.org", "a b@example.org", "a@example..org", "a@-x.org"]];
const PHONES = [["", "020 8123 4567", "+44 (0)20 8123 4567", "07700 900123", "0800 123 4567"], ["123", "+1 555 0100", "020 8123 456789"]];
const SITES = [["", "https://example.org", "http://x.org/path?q=1#f", "HTTPS://EXAMPLE.ORG/"],
  ["example.org", "https://exa mple.org", "https://example.org/a\"b", "javascript:alert(1)", "https://ex.org/<x>", "https://x.org:99999"]];
const HANDLES = [["", "", "jo-bloggs", "@Jo-Bloggs", "ok1"], ["bad--name", "-x", "a".repeat(40), "a_b"]];
const MIN_AGES = [["", "", "0", "5", "18", "007"], ["121", "abc", "-1", "1.5", "70"]];
const MAX_AGES = [["", "", "65", "120", "25"], ["121", "abc", "-1", "1.5", "3"]];
const AMOUNTS = [["3.50", "£3", "£0.01", "12"], ["", "0", "abc", "99999", "1.234"]];

/// The date of a `day` in the weeks around 2026-11-23 (a Monday), or not.
function dateOn(g, days) {
  const day = g.next() < 0.8 && days.length ? g.pick(days) : g.pick(DAYS);
  const d = new Date(Date.UTC(2026, 10, 23 + DAYS.indexOf(day) + 7 * Math.floor(g.next() * 10 - 3)));
  return g.next() < 0.9 ? d.toISOString().slice(0, 10) : "";
}

function filling(g) {
  const text = (valid) => (g.next() < valid ? g.pick(TEXT.slice(0, 12)) : g.pick(TEXT));
  const usually = ([good, odd]) => g.pick(g.next() < 0.92 ? good : odd);
  const sessions = [];
  for (let i = 0, n = 1 + Math.floor(g.next() * 3); i < n; i++) {
    const days = g.next() < 0.9 ? [...new Set([g.pick(DAYS), ...g.some(DAYS, 1)])] : [];
    const often = days.length || g.next() < 0.1 ? g.pick(["1", "1", "2", "3", "4", "month"]) : "1";
    const [start, end] = [g.pick(TIMES), g.pick(TIMES)].sort((a, b) => (g.next() < 0.9) == (a < b) ? -1 : 1);
    sessions.push({ days, often, week: g.pick(["first", "second", "third", "fourth", "last"]),
      starting: dateOn(g, days), start, end });
  }
  while (sessions.length < 3) sessions.push({ days: [], often: "1", week: "first", starting: "", start: "", end: "" });
  const venue = g.next() < 0.85;
  return {
    name: text(0.7), summary: text(0.7), description: g.next() < 0.5 ? text(0.3) : "",
    organisation: g.next() < 0.3 ? text(0.5) : "", needs: g.next() < 0.95 ? [...new Set([g.pick(NEEDS), ...g.some(NEEDS, 1)])] : [], sessions,
    venue: venue ? text(0.6) : "", address: venue && g.next() < 0.5 ? text(0.5) + "\n" + text(0.5) : "",
    postcode: venue ? usually(POSTCODES) : "", online: g.next() < 0.3 ? "on" : "", by_phone: g.next() < 0.2 ? "on" : "",
    step: g.pick(["", "yes", "no"]), access: g.some(ACCESS, 1),
    min_age: usually(MIN_AGES), max_age: usually(MAX_AGES), audiences: g.some(AUDIENCES, 1), languages: g.some(LANGUAGES, 1),
    cost: g.pick([undefined, "free", "paid"]), amount: usually(AMOUNTS),
    per: g.pick(["session", "week", "month", "term", "year", "course"]), joining: g.pick(["self", "professional", "either"]),
    email: usually(EMAILS), phone: usually(PHONES), website: usually(SITES), maintainer: usually(HANDLES),
    team: g.next() < 0.5, reviewed: "2026-11-22",
  };
}

const modeline = process.argv[2];
let out;
if (process.argv[3] === "--random") {
  const g = generator(+process.argv[5]);
  out = Array.from({ length: +process.argv[4] }, () => {
    const answers = filling(g);
    return { answers, ...run(answers) };
  });
} else {
  out = JSON.parse(readFileSync(0, "utf8")).map(run);
}
process.stdout.write(JSON.stringify(out));
