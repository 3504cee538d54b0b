// Signpost's static search beside Pagefind, in headless Chromium: serves built folders on
// loopback, drives each engine's own client in a fresh browser context and counts the bytes
// the server sends for each query (gzip for text, as static hosts serve it; Pagefind's own
// files are already compressed and are sent as they are).
//
//   node bench/compare/search.mjs config.json > results.json
//
// config.json: {"queries": ["lonely", ...], "limit": 3,
//   "cases": [{"name": "...",
//              "signpost": {"root": "/abs/public", "page": "h83009/"},
//              "pagefind": {"root": "/abs/stage"}}]}
// prints {"cases": [{"name", "signpost": {"queries": [{q, bytes, files, ms, top: [{id, name}]}]},
//                    "pagefind": {...}}]}
//
// Signpost: the page loads `assets/search.js` (injected here while the site pages do not
// load it yet) and calls `new SignpostSearch.Index("search/index.json", ...).search(q)`.
// Pagefind: `import("/pagefind/pagefind.js")`, `search(q)`, then `data()` of the first results.
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const limit = config.limit || 3;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".css": "text/css",
  ".wasm": "application/wasm",
};
const TEXT = new Set([".html", ".js", ".mjs", ".json", ".txt", ".css"]);

// One server per folder, each on its own loopback port, recording what it sends.
function serve(root) {
  const log = [];
  const gzipped = new Map();
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/__blank.html") {
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end("<!doctype html><title>blank</title>");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      if (!statSync(file).isFile()) throw new Error("not a file");
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      log.push([path, 0, 404]);
      return;
    }
    const ext = extname(file);
    const headers = {
      "content-type": TYPES[ext] || "application/octet-stream",
      "cache-control": "max-age=3600",
    };
    if (TEXT.has(ext) && /gzip/.test(req.headers["accept-encoding"] || "")) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
      body = gzipped.get(file);
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    log.push([path, body.length, 200]);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ server, log, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

const browser = await chromium.launch({
  executablePath: config.chromium || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

// Runs the queries in one fresh context; `setup` loads the client, `query` runs one search
// and resolves to [{id, name}].
async function engine(origin, log, url, setup, query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => process.stderr.write(`page error: ${e}\n`));
  await page.goto(origin + url);
  log.length = 0;
  await setup(page);
  const out = [];
  for (const q of config.queries) {
    const started = performance.now();
    const top = await query(page, q);
    const ms = performance.now() - started;
    // The browser's own requests for /favicon.ico are not the engine's.
    const sent = log.filter((r) => r[2] === 200);
    out.push({
      q,
      bytes: sent.reduce((a, r) => a + r[1], 0),
      files: sent.map((r) => r[0]),
      ms,
      top,
    });
    log.length = 0;
  }
  await context.close();
  return { queries: out };
}

const results = [];
for (const c of config.cases) {
  const sp = await serve(c.signpost.root);
  const pf = await serve(c.pagefind.root);
  const signpost = await engine(
    sp.origin,
    sp.log,
    "/" + c.signpost.page,
    async () => {},
    async (page, q) => {
      // The client is loaded by the first query, as a search box would load it.
      if (!(await page.evaluate(() => !!window.SignpostSearch))) {
        await page.addScriptTag({ url: sp.origin + "/assets/search.js" });
      }
      return page.evaluate(
        async ({ q, limit }) => {
          const get = (u) => fetch(u).then((r) => {
            if (!r.ok) throw new Error(u + ": " + r.status);
            return r;
          });
          window.__signpost = window.__signpost || new window.SignpostSearch.Index(
            "search/index.json",
            (u) => get(u).then((r) => r.json()),
            (u) => get(u).then((r) => r.text()),
          );
          const hits = await window.__signpost.search(q, null, limit);
          return hits.map((h) => ({ id: h.id, name: h.name }));
        },
        { q, limit },
      );
    },
  );
  const pagefind = await engine(
    pf.origin,
    pf.log,
    "/__blank.html",
    async () => {},
    (page, q) =>
      page.evaluate(
        async ({ q, limit }) => {
          window.__pagefind = window.__pagefind || (await import("/pagefind/pagefind.js"));
          const search = await window.__pagefind.search(q);
          const data = await Promise.all(search.results.slice(0, limit).map((r) => r.data()));
          return data.map((d) => ({
            id: (d.url.match(/listings\/([^/]+)\//) || [])[1] || d.url,
            name: d.meta && d.meta.title,
          }));
        },
        { q, limit },
      ),
  );
  results.push({ name: c.name, signpost, pagefind });
  sp.server.close();
  pf.server.close();
}
await browser.close();
process.stdout.write(JSON.stringify({ cases: results }));
