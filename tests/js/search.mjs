// Runs the theme's search client (search.js, with site.js's filter test) against a static index
// on disk, replaying its fetches from files and counting the bytes each query transfers
// (gzip -9):
//   node tests/js/search.mjs INDEX_DIR queries.json [CLIENT_DIR]
// CLIENT_DIR holds search.js and site.js as the sites serve them (minified by the build);
// without it, the readable files in themes/default/.
// queries.json: {"now": "2026-11-22T09:00:00", "limit": 3,
//                "queries": [{"q": "lonely", "lang": "so", "filters": {"f": "free", "d": "tue"}}, ...]}
// (`lang`: the page's language; `typing`: the last word is still being typed)
// (filters as the page's form gives them: control name → value; see site.js)
// prints {"client_gzip": n, "results": [{"ids": [...], "crisis": [...], "bytes": n, "files": [...], "ms": t}]}
// With "full", each result's hits too, each with its next session as when.js (which site.js
// words results with) works it out from the hit's sessions on `now`.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const clientDir = process.argv[4] || fileURLToPath(new URL("../../themes/default/", import.meta.url));
const search = require(join(clientDir, "search.js"));
const site = require(join(clientDir, "site.js"));
const page = {};
vm.runInNewContext(readFileSync(join(clientDir, "when.js"), "utf8"), page);

const dir = process.argv[2];
const input = JSON.parse(readFileSync(process.argv[3], "utf8"));
let fetched = [];
const read = (url) => {
  const text = readFileSync(join(dir, url), "utf8");
  fetched.push([url, gzipSync(text, { level: 9 }).length]);
  return text;
};
const index = new search.Index(
  "index.json",
  async (url) => JSON.parse(read(url)),
  async (url) => read(url),
);
const now = new Date(input.now || "2026-11-22T09:00:00");
const results = [];
for (const q of input.queries) {
  fetched = [];
  const conditions = Object.entries(q.filters || {});
  const keep = conditions.length ? (facets) => site.passes(facets, conditions) : null;
  const started = performance.now();
  const hits = await index.search(q.q, keep, input.limit || 3, { lang: q.lang, typing: !!q.typing });
  const ms = performance.now() - started;
  results.push({
    ids: hits.map((h) => h.id),
    crisis: hits.crisis || [],
    hits: input.full ? hits.map((h) => ({ ...h, next: page.SignpostWhen.next(h.sessions, now) })) : undefined,
    bytes: fetched.reduce((a, f) => a + f[1], 0),
    files: fetched.map((f) => f[0]),
    ms,
  });
}
const client = ["search.js", "site.js"]
  .map((f) => gzipSync(readFileSync(join(clientDir, f)), { level: 9 }).length)
  .reduce((a, b) => a + b, 0);
process.stdout.write(JSON.stringify({ client_gzip: client, results }));
