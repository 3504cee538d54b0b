// The gaps report (`signpost gaps`) in headless Chromium: the overview page of the bundled
// Croydon directory is screenshotted to tests/artefacts/insight.png and audited with axe-core,
// which must report no violations. Run with `npm test` in this folder (tests/run.sh does).
//
// The pages come from `cargo run`, so the binary is the one the Rust tests built; set
// SIGNPOST_BIN to use another. Chromium is Debian's (/usr/bin/chromium, or CHROMIUM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artefacts, axe, describe, launch, signpost } from './lib.mjs';

async function audit(browser, file, screenshot) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  const violations = await axe(page);
  await page.close();
  return violations;
}

test('the gaps overview and a need page have no axe-core violations', async () => {
  const out = mkdtempSync(join(tmpdir(), 'signpost-insight-'));
  const browser = await launch();
  try {
    signpost(['gaps', '--out', out]);
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
