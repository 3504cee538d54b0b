// Shared helpers for the browser tests: build the bundled directory with the binary the Rust
// tests built, serve a folder over HTTP on loopback, launch Debian's Chromium, and audit a
// page with axe-core.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const artefacts = join(repo, 'tests', 'artefacts');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs `signpost <args>` on the bundled directory, or on the directory at `root`
 * (SIGNPOST_BIN, or `cargo run`).
 */
export function signpost(args, root = repo) {
  const env = { ...process.env, SIGNPOST_TODAY: '2026-11-22' };
  const all = ['--root', root, ...args];
  if (process.env.SIGNPOST_BIN) {
    execFileSync(process.env.SIGNPOST_BIN, all, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    execFileSync('cargo', ['run', '--quiet', '--', ...all], {
      cwd: repo,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}

/**
 * The bundled directory's sites, built once for the whole run when tests/run.sh has built them
 * (SIGNPOST_SITE names the folder; the tests only read it), else built now into a temporary
 * folder: { out, cleanup() }.
 */
export function builtSite() {
  if (process.env.SIGNPOST_SITE) return { out: process.env.SIGNPOST_SITE, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), 'signpost-site-'));
  const out = join(dir, 'public');
  signpost(['build', '--out', out]);
  return { out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ics': 'text/calendar; charset=utf-8',
};

/**
 * The rules of the build's `_redirects` file, read as Netlify and Cloudflare Pages read it: a
 * source whose `:placeholders` each match one path segment or part of one, a destination that
 * may use them, a status.
 */
function redirectRules(dir) {
  const file = join(dir, '_redirects');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [from, to, status] = line.trim().split(/\s+/);
      const names = [];
      const source = from
        .split(/(:[A-Za-z]\w*)/)
        .map((part) => {
          if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(part.slice(1));
          return '([^/]+)';
        })
        .join('');
      return { match: new RegExp(`^${source}$`), names, to, status: Number(status || 302) };
    });
}

/**
 * Serves `dir` on 127.0.0.1 as a web server would (gzip when the browser asks for it; the
 * redirects of `_redirects`, as the hosts that read it do), and records [path, bytes sent] per
 * response; resolves to { origin, sent, close() }.
 */
export function serve(dir) {
  const sent = [];
  const rules = redirectRules(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    for (const rule of rules) {
      const m = rule.match.exec(path);
      if (!m) continue;
      let to = rule.to;
      rule.names.forEach((name, i) => { to = to.replaceAll(`:${name}`, m[i + 1]); });
      // The request's query goes along, before the destination's fragment, as Netlify and
      // Cloudflare Pages pass it.
      const query = new URL(req.url, 'http://x').search;
      if (query && !to.includes('?')) to = to.replace(/(#|$)/, `${query}$1`);
      res.writeHead(rule.status, { location: to }).end();
      sent.push([path, 0]);
      return;
    }
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    let body = readFileSync(file);
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream' };
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    sent.push([path, body.length]);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      ok({
        origin: `http://127.0.0.1:${server.address().port}`,
        sent,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * For a test file that shares one site, server and browser between its tests: registers the
 * `before` and `after` hooks (node:test's, passed in) that build or reuse the bundled site
 * (`builtSite`), serve it and launch Chromium, then clean up. The returned object's `out`,
 * `server` and `browser` are set once `before` has run.
 */
export function servedSite(before, after) {
  const served = {};
  before(async () => {
    served.site = builtSite();
    served.out = served.site.out;
    served.server = await serve(served.out);
    served.browser = await launch();
    mkdirSync(artefacts, { recursive: true });
  });
  after(async () => {
    await served.browser?.close();
    await served.server?.close();
    served.site?.cleanup();
  });
  return served;
}

/**
 * A new page that records console errors, page errors and every request that leaves
 * `origin`: { page, errors, foreign }.
 */
export async function watchedPage(browser, origin, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const errors = [];
  const foreign = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:')) foreign.push(url);
  });
  return { page, errors, foreign };
}

/**
 * axe-core's violations on the page as it is now. axe is evaluated through the DevTools
 * protocol, which the pages' Content-Security-Policy (rightly) does not let a script tag do.
 */
export async function axe(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations;
}

/** Violations, readably. */
export function describe(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');
}
