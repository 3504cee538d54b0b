// The bundled Croydon sites in English and Arabic, served over HTTP in headless Chromium:
// no console errors and no request to another origin; the Arabic pages lay out right to left
// (the header's first item sits at the right edge, lists are indented from the right); axe-core
// finds no violations on the home, need (an old need page address, redirected to its section),
// listing, shortlist (print) and poster pages in both
// languages. Screenshots go to
// tests/artefacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artefacts, axe, describe, servedSite, watchedPage } from './lib.mjs';

const served = servedSite(before, after);

const PAGES = {
  home: 'h83001/',
  need: 'h83001/needs/loneliness-and-isolation.html',
  listing: 'listings/croydon-central-library/',
  shortlist: 'h83001/shortlist/?l=ashburton-library,croydon-telephone-friends',
  poster: 'h83001/poster/',
};

for (const lang of ['en', 'ar']) {
  for (const [kind, path] of Object.entries(PAGES)) {
    test(`${lang} ${kind} page: no errors, nothing from another origin, no axe violations`, async () => {
      const prefix = lang === 'en' ? '' : `${lang}/`;
      const { page, errors, foreign } = await watchedPage(served.browser, served.server.origin);
      const query = kind === 'listing' ? '?from=h83001&walk=7' : '';
      const response = await page.goto(`${served.server.origin}/${prefix}${path}${query}`);
      assert.equal(response.status(), 200);
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      if (kind === 'shortlist') {
        // The social prescription lists both chosen groups (their names stay in English).
        await page.emulateMedia({ media: 'print' });
        const body = await page.locator('main').textContent();
        assert.ok(body.includes('Ashburton Library') && body.includes('Croydon Telephone Friends'), body);
      }
      if (kind !== 'need') {
        await page.screenshot({ path: join(artefacts, `site-${lang}-${kind}.png`), fullPage: true });
      }
      if (kind === 'listing') {
        // Reached from a practice: the walking time from it and a way back.
        // The page holds every language: the old address in Arabic is its Arabic part.
        assert.equal(new URL(page.url()).hash, lang === 'en' ? '' : `#${lang}`);
        const box = page.locator('.from-site').filter({ visible: true });
        await box.waitFor({ state: 'visible' });
        const back = box.locator('[data-back-link]');
        assert.equal(new URL(await back.evaluate((a) => a.href)).pathname, `/${prefix}h83001/`);
        const walk = await box.locator('[data-walk]').textContent();
        assert.ok(walk.includes('7') && walk.includes('Portland Medical Centre'), walk);
        assert.ok(lang === 'en' ? walk.startsWith('7 minutes') : walk.includes('دقيقة'), walk);
      }
      const violations = await axe(page);
      assert.deepEqual(violations, [], describe(violations));
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign, []);
      await page.close();
    });
  }
}

test('the Arabic pages lay out right to left and the English ones left to right', async () => {
  for (const [lang, rtl] of [['ar', true], ['en', false]]) {
    const { page } = await watchedPage(served.browser, served.server.origin);
    await page.goto(`${served.server.origin}/${lang === 'en' ? '' : lang + '/'}${PAGES.home}`);
    const layout = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const logo = document.querySelector('.header__logo').getBoundingClientRect();
      const h1 = document.querySelector('h1').getBoundingClientRect();
      const card = document.querySelector('.card').getBoundingClientRect();
      return {
        direction: getComputedStyle(document.body).direction,
        width,
        logoLeft: logo.left,
        logoRight: logo.right,
        h1Left: h1.left,
        h1Right: h1.right,
        cardLeft: card.left,
        cardRight: card.right,
      };
    });
    if (rtl) {
      assert.equal(layout.direction, 'rtl');
      // The logo starts at the right: nearer the right edge than the left.
      assert.ok(layout.width - layout.logoRight < layout.logoLeft, JSON.stringify(layout));
    } else {
      assert.equal(layout.direction, 'ltr');
      assert.ok(layout.logoLeft < layout.width - layout.logoRight, JSON.stringify(layout));
    }
    await page.close();
  }
});

test('the switcher on an English page leads to the same page in Arabic', async () => {
  const { page } = await watchedPage(served.browser, served.server.origin);
  await page.goto(`${served.server.origin}/${PAGES.need}`);
  assert.equal(new URL(page.url()).pathname, `/${PAGES.home}`);
  await page.click('nav.languages a[hreflang="ar"]');
  await page.waitForLoadState('load');
  assert.equal(new URL(page.url()).pathname, `/ar/${PAGES.home}`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.close();
});

// English inside an Arabic or Urdu page: a listing's English description reads left to right,
// its paragraphs aligned as English is and the full stop at the end of the sentence (the
// right); interface words inside the page's sentences are in the page's language.
for (const lang of ['ar', 'ur']) {
  test(`${lang}: English paragraphs run left to right, with their full stops at their end`, async () => {
    const { page } = await watchedPage(served.browser, served.server.origin, { viewport: { width: 390, height: 844 } });
    await page.goto(`${served.server.origin}/${lang}/listings/croydon-central-library/`);
    const p = page.locator('.description p').filter({ visible: true }).first();
    assert.equal(await p.evaluate((el) => getComputedStyle(el).direction), 'ltr');
    const ends = await p.evaluate((el) => {
      const rect = (text, from) => {
        const range = document.createRange();
        range.setStart(text, from);
        range.setEnd(text, from + 1);
        return range.getBoundingClientRect();
      };
      const end = el.lastChild, n = end.length;
      return {
        first: rect(el.firstChild, 0).left, left: el.getBoundingClientRect().left,
        stop: rect(end, n - 1).left, before: rect(end, n - 2).left, last: end.data[n - 1],
      };
    });
    assert.ok(ends.first - ends.left < 5, `the paragraph starts at the left: ${JSON.stringify(ends)}`);
    assert.equal(ends.last, '.');
    assert.ok(ends.stop > ends.before, `the full stop after the last word: ${JSON.stringify(ends)}`);
    // "Free" is in the page's words.
    assert.equal(await page.locator('main li', { hasText: /^Free$/ }).filter({ visible: true }).count(), 0);
    await page.screenshot({ path: join(artefacts, `bidi-${lang}-listing.png`) });
    await page.close();
  });
}

// A listing's page holds every language, a part each: without JavaScript the part the address
// names is the only one shown (the stylesheet's :target), the skip link keeps it shown, and
// with no part named the default's shows; with JavaScript the document takes the part's
// language, direction and title, and switching language on the page shows the other part.
test('a listing page shows the part its address names, without JavaScript and with it, at 390 px', async () => {
  const origin = served.server.origin;
  const path = '/listings/croydon-central-library/';
  const context = await served.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    const shown = () => page.$$eval('.lang-page', (parts) => parts
      .filter((p) => getComputedStyle(p).display !== 'none' && getComputedStyle(p.querySelector('main')).display !== 'none')
      .map((p) => p.id));
    await page.goto(`${origin}${path}#ar`);
    assert.deepEqual(await shown(), ['ar']);
    const main = page.locator('main').filter({ visible: true });
    assert.equal(await main.count(), 1);
    assert.equal(await main.evaluate((e) => getComputedStyle(e).direction), 'rtl');
    assert.equal(await page.locator('h1').filter({ visible: true }).count(), 1);
    await page.screenshot({ path: join(artefacts, 'listing-ar-no-js-390.png'), fullPage: true });
    // The skip link's target is inside the Arabic part: it stays the one shown.
    await page.locator('#ar a.skip-link').focus();
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#ar-main$/);
    assert.deepEqual(await shown(), ['ar']);
    await page.goto(`${origin}${path}`);
    assert.deepEqual(await shown(), ['en']);
    await page.goto(`${origin}${path}#pl`);
    assert.deepEqual(await shown(), ['pl']);
  } finally {
    await context.close();
  }
  const { page, errors } = await watchedPage(served.browser, origin, { viewport: { width: 390, height: 844 } });
  await page.goto(`${origin}${path}#ur`, { waitUntil: 'networkidle' });
  assert.equal(await page.getAttribute('html', 'lang'), 'ur');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  // The title is the part's own (the same words here: the group's name has no Urdu translation).
  assert.equal(await page.title(), await page.getAttribute('#ur', 'data-title'));
  await page.locator('nav.languages a[hreflang="en"]').filter({ visible: true }).click();
  await page.waitForURL(/#en$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal(await page.title(), await page.getAttribute('#en', 'data-title'));
  assert.equal(await page.locator('h1').filter({ visible: true }).textContent(), 'Croydon Central Library');
  const violations = await axe(page);
  assert.deepEqual(violations, [], describe(violations));
  assert.deepEqual(errors, []);
  await page.close();
});
