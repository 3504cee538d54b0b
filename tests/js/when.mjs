// Runs the pages' next-session script (themes/default/when.js, or the minified copy given) in
// Node as a page would, with the calendar and words of its script tag, and answers questions:
//   node tests/js/when.mjs WHEN_JS < {"data": {"bank": "...", "terms": "...", ...},
//                                     "cases": [{"x": "w:tue 10:00", "now": [2026, 11, 22, 0, 1]}]}
//   → [{"next": "2026-11-24 10:00", "words": "Next: Tuesday 24 November 2026, 10:00"}, ...]
// `now` is a local date and time (year, month 1-12, day, hour, minute); run it with TZ set to
// the sites' zone (Europe/London).
import { readFileSync } from "node:fs";
import vm from "node:vm";

const input = JSON.parse(readFileSync(0, "utf8"));
const tag = { getAttribute: (name) => input.data[name.replace(/^data-/, "")] ?? null };
const page = { document: { currentScript: tag, querySelectorAll: () => [] } };
vm.runInNewContext(readFileSync(process.argv[2], "utf8"), page);
const when = page.SignpostWhen;
const out = input.cases.map(({ x, now }) => {
  const at = new Date(now[0], now[1] - 1, now[2], now[3] || 0, now[4] || 0);
  return { next: when.next(x, at), words: when.words(x, at) };
});
process.stdout.write(JSON.stringify(out));
