// Runs the theme's normaliser (themes/default/search.js, or the file given second: the minified
// one the sites serve) over texts, for tests/it/search_js.rs:
//   node tests/js/normalise.mjs texts.json [search.js]  →  {"fold": [...], "strip": [...], "stop": [...],
//   "out": [{"words": [...], "terms": [...]}], "typo": [bool], "queries": [analysed query]}
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const search = require(process.argv[3] || "../../themes/default/search.js");

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = input.texts.map((t) => ({ words: search.words(t), terms: search.terms(t) }));
const typo = input.pairs.map(([a, b]) => search.oneEdit(a, b));
const syn = search.synonyms(input.syn);
const queries = input.queries.map((q) => search.analyse(q, syn));
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
