// The gaps report (`signpost gaps`) in headless Chromium: the overview page of the bundled
// Croydon directory is screenshotted to tests/artefacts/insight.png and audited with axe-core,
// which must report no violations; and on a phone (390 px) the report published with the sites
// (croydon/insight/) shows every table's Gap column without scrolling sideways
// (tests/artefacts/insight-390.png). Run with `npm test` in this folder (tests/run.sh does).
//
// The pages come from `cargo run`, so the binary is the one the Rust tests built; set
// SIGNPOST_BIN to use another. Chromium is Debian's (/usr/bin/chromium, or CHROMIUM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artefacts, axe, builtSite, describe, launch, serve, signpost } from './lib.mjs';

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

test('at 390 px every table of the report shows its Gap column without scrolling sideways', async () => {
  const site = builtSite();
  const server = await serve(site.out);
  const browser = await launch();
  try {
    mkdirSync(artefacts, { recursive: true });
    for (const [path, shot] of [
      ['croydon/insight/index.html', 'insight-390.png'],
      ['croydon/insight/loneliness-and-isolation.html', 'insight-need-390.png'],
    ]) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${server.origin}/${path}`);
      // The page itself never scrolls sideways; a table may, inside its own region.
      const [scrollWidth, innerWidth] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      assert.ok(scrollWidth <= innerWidth, `${path}: the page is ${scrollWidth} px wide`);
      const tables = page.locator('.scroll > table');
      assert.equal(await tables.count(), 2, `${path}: wards and practices`);
      for (let i = 0; i < 2; i++) {
        const table = tables.nth(i);
        await table.scrollIntoViewIfNeeded();
        const region = await table.locator('xpath=..').boundingBox();
        const right = Math.min(region.x + region.width, innerWidth);
        const cells = [
          table.locator('thead th.gap-col'),
          table.locator('tbody tr').first().locator('td').first(),
          table.locator('tbody tr').last().locator('td').first(),
        ];
        for (const cell of cells) {
          const box = await cell.boundingBox();
          assert.ok(
            box.x >= region.x && box.x + box.width <= right,
            `${path}, table ${i + 1}: the Gap column spans ${box.x}-${box.x + box.width} px, ` +
              `the table's region ${region.x}-${right} px`,
          );
        }
        if (i === 0) {
          await table.evaluate((t) => t.scrollIntoView());
          await page.screenshot({ path: join(artefacts, shot) });
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    site.cleanup();
  }
});
