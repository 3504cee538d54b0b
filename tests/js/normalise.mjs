// Runs the theme's normaliser (themes/default/search.js, or the file given second: the minified
// one the sites serve) over texts, for tests/it/search_js.rs:
//   node tests/js/normalise.mjs texts.json [search.js]  →  {"fold": [...], "strip": [...], "stop": [...],
//   "out": [{"words": [...], "terms": [...], "pl": [...], "so": [...]}], "typo": [bool],
//   "queries": [analysed query]}  (queries: [[text, lang], ...], with the index's syn, fill, crisis)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const search = require(process.argv[3] || "../../themes/default/search.js");

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = input.texts.map((t) => {
  const words = search.words(t);
  return {
    words,
    terms: search.terms(t),
    pl: words.map((w) => search.stemIn(w, "pl")),
    so: words.map((w) => search.stemIn(w, "so")),
  };
});
const typo = input.pairs.map(([a, b]) => search.oneEdit(a, b));
const syn = search.synonyms(input.syn, input.fill);
const queries = input.queries.map(([q, lang]) => search.analyse(q, syn, { lang }, input.crisis));
process.stdout.write(
  JSON.stringify({
    fold: Object.entries(search.FOLD),
    strip: search.STRIP,
    stop: search.STOP_WORDS,
    out,
    typo,
    queries,
  }),
);
