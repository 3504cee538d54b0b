// The gaps report (`signpost gaps`) in headless Chromium: the overview page of the bundled
// Croydon directory is screenshotted to tests/artefacts/insight.png and audited with axe-core,
// which must report no violations. Run with `npm test` in this folder (tests/run.sh does).
//
// The pages come from `cargo run`, so the binary is the one the Rust tests built; set
// SIGNPOST_BIN to use another. Chromium is Debian's (/usr/bin/chromium, or CHROMIUM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const artefacts = join(repo, 'tests', 'artefacts');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

function buildReport(out) {
  const env = { ...process.env, SIGNPOST_TODAY: '2026-11-22' };
  const args = ['--root', repo, 'gaps', '--out', out];
  if (process.env.SIGNPOST_BIN) {
    execFileSync(process.env.SIGNPOST_BIN, args, { env, stdio: 'inherit' });
  } else {
    execFileSync('cargo', ['run', '--quiet', '--', ...args], { cwd: repo, env, stdio: 'inherit' });
  }
}

async function audit(browser, file, screenshot) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  await page.close();
  return results.violations;
}

function describe(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');
}

test('the gaps overview and a need page have no axe-core violations', async () => {
  const out = mkdtempSync(join(tmpdir(), 'signpost-insight-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    buildReport(out);
    mkdirSync(artefacts, { recursive: true });
    const overview = await audit(browser, join(out, 'index.html'), join(artefacts, 'insight.png'));
    assert.deepEqual(overview, [], describe(overview));
    const need = await audit(browser, join(out, 'loneliness-and-isolation.html'), join(artefacts, 'insight-need.png'));
    assert.deepEqual(need, [], describe(need));
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
});
