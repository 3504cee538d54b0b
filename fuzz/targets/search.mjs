// The browser client's query analysis, as a long-running process for the `search` fuzz target
// (fuzz/targets/search.rs), which compares it with Rust's `signpost::analysis`:
//   node fuzz/targets/search.mjs synonyms.json search.js search.min.js
// reads one request a line on standard input, {"text": "...", "pair": ["a", "b"] | null}, and
// writes one answer a line: {"unknown": true when the text holds a character this Node's
// Unicode has not assigned, "out": [{words, terms, query, typo} for each client file]}.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
// synonyms.json: {"syn": the index's table, "fill": filler words, "crisis": the crisis table}
const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const clients = process.argv.slice(3).map((file) => {
  const search = require(file);
  return { search, syn: search.synonyms(input.syn, input.fill) };
});
const unassigned = /\p{Cn}/u;

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  const { text, pair } = JSON.parse(line);
  const out = clients.map(({ search, syn }) => ({
    words: search.words(text),
    terms: search.terms(text),
    query: search.analyse(text, syn, { lang: "" }, input.crisis),
    typo: pair ? search.oneEdit(pair[0], pair[1]) : null,
  }));
  process.stdout.write(JSON.stringify({ unknown: unassigned.test(text), out }) + "\n");
});
