// Safety first, in a browser: on a practice site's home page in English, Arabic and Polish, a
// search that describes a crisis in the page's language shows the crisis help lines above the
// results (numbers as digits, the English beside an unreviewed translation), and an everyday
// search shows none; the domestic abuse need page shows its help lines with JavaScript off;
// the search client loads only when someone searches. Screenshots go to tests/artefacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artefacts, axe, describe, servedSite, watchedPage } from './lib.mjs';

const served = servedSite(before, after);

// Phrasings a resident might type, none of them copied from the crisis lexicon.
const CASES = [
  { lang: 'en', query: 'my boyfriend punched me last night', category: 'domestic-abuse', number: '0808 2000 247' },
  { lang: 'ar', query: 'زوجي يضربني كل يوم', category: 'domestic-abuse', number: '0808 2000 247' },
  { lang: 'pl', query: 'nie chcę już żyć', category: 'suicide', number: '116 123' },
];

for (const c of CASES) {
  test(`${c.lang}: a search describing a crisis shows its help lines first`, async () => {
    const prefix = c.lang === 'en' ? '' : `${c.lang}/`;
    const { page, errors, foreign } = await watchedPage(served.browser, served.server.origin);
    const scripts = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/search.js')) scripts.push(r.url());
    });
    await page.goto(`${served.server.origin}/${prefix}h83001/`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(scripts, [], 'search.js waits for the first search');
    const help = page.locator(`[data-crisis="${c.category}"]`);
    assert.equal(await help.isHidden(), true, 'hidden before any search');

    await page.fill('#finder-q', c.query);
    await page.press('#finder-q', 'Enter');
    await help.waitFor({ state: 'visible' });
    const text = await help.textContent();
    assert.ok(text.includes(c.number), text);
    assert.ok(text.includes('999'), text);
    if (c.lang !== 'en') {
      // Unreviewed translations keep the English line beside them.
      assert.equal(await help.locator('.crisis__english[lang="en"]').count() > 0, true);
    }
    // The help comes before the results on the page.
    const first = await page.evaluate(() => {
      const help = [...document.querySelectorAll('[data-crisis]')].find((b) => !b.hidden);
      const results = document.querySelector('[data-finder-results]');
      return !!(help.compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.equal(first, true, 'the help lines come first');
    await page.locator('#finder-q').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(artefacts, `crisis-${c.lang}-search.png`), fullPage: false });

    // An everyday search hides it again.
    await page.fill('#finder-q', c.lang === 'en' ? 'walking group' : c.lang === 'ar' ? 'مشي' : 'spacer');
    await page.press('#finder-q', 'Enter');
    await help.waitFor({ state: 'hidden' });

    const violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, []);
    await page.close();
  });
}

test('the domestic abuse need section shows its help lines without JavaScript', async () => {
  for (const lang of ['en', 'ar', 'pl']) {
    const prefix = lang === 'en' ? '' : `${lang}/`;
    const context = await served.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${served.server.origin}/${prefix}h83009/#domestic-abuse`);
    // The need's section of the home page (the need pages' old address redirects there).
    const help = page.locator('#domestic-abuse .crisis');
    assert.equal(await help.isVisible(), true, lang);
    const text = await help.textContent();
    assert.ok(text.includes('0808 2000 247') && text.includes('999'), text);
    const call = await help.locator('a[href="tel:08082000247"]').count();
    assert.equal(call, 1, 'the number is a link to call it');
    await help.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(artefacts, `crisis-${lang}-need-page.png`), fullPage: false });
    await context.close();
  }
});
