// A practice site of the bundled Croydon directory in headless Chromium, served over loopback
// with gzip as a web server would: the home page loads without console errors, ticking a
// filter narrows the cards, the search box finds everyday words and typos (and Somali words
// on the Somali page), the first search
// transfers at most 30 KB (gzip) and later ones nothing, no request leaves the origin, and
// axe-core finds no violations on the home page, a need page and an Arabic (right-to-left)
// home page. Screenshots go to tests/artefacts/ (sites-home.png, sites-filtered.png,
// sites-search.png, sites-home-ar.png).
//
// The pages come from `cargo run` (SIGNPOST_BIN to use another binary), with
// SIGNPOST_TODAY=2026-11-22; Chromium is Debian's (/usr/bin/chromium, or CHROMIUM).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artefacts, axe, describe, servedSite, watchedPage } from './lib.mjs';

// Portland Medical Centre, South Norwood.
const SITE = 'h83001';
const BUDGET = 30 * 1024;

const served = servedSite(before, after);

// A page at `path` (loaded) that records console errors, page errors and requests to other
// origins, with its browser context to close.
async function open(path, options = {}) {
  const watched = await watchedPage(served.browser, served.server.origin, options);
  await watched.page.goto(served.server.origin + path, { waitUntil: 'networkidle' });
  return { ...watched, context: watched.page.context() };
}

// Types `query` in the search box and waits for its results: the ids of the listings shown.
async function search(page, query) {
  await page.fill('#finder-q', query);
  await page.waitForSelector(`[data-finder-results][data-query="${query}"]:not([hidden])`);
  return page.$$eval('[data-finder-results] .card__title a', (links) =>
    links.map((a) => new URL(a.href).pathname.split('/').filter(Boolean).pop()));
}

const bytes = (list) => list.reduce((sum, [, n]) => sum + n, 0);

test('the home page filters its cards and searches its index within the budget', async () => {
  const { page, context, errors, foreign } = await open(`/${SITE}/`);
  try {
    await page.waitForSelector('form[data-finder]:not([hidden])');
    assert.deepEqual(errors, [], 'console errors on the home page');
    await page.screenshot({ path: join(artefacts, 'sites-home.png'), fullPage: true });
    const violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Ticking "Free" hides the cards that are not free and says how many are shown.
    const all = await page.$$eval('.card[data-f]', (cards) => cards.length);
    await page.check('input[name="f"][value="free"]');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-finder-status]').textContent));
    const shown = await page.$$eval('.card[data-f]:not([hidden])', (cards) => cards.map((c) => c.dataset.f));
    assert.ok(shown.length > 0 && shown.length < all, `${shown.length} of ${all} shown`);
    assert.ok(shown.every((f) => f.split(' ').includes('free')), shown.join(' / '));
    const status = await page.textContent('[data-finder-status]');
    assert.equal(status, `Showing ${shown.length} of ${all}`);
    await page.screenshot({ path: join(artefacts, 'sites-filtered.png'), fullPage: true });
    // The weekend and a time of day together: every card shown has both.
    await page.uncheck('input[name="f"][value="free"]');
    await page.check('input[name="d"][value="sat sun"]');
    await page.selectOption('select[name="t"]', 'm');
    const weekend = await page.$$eval('.card[data-f]:not([hidden])', (cards) =>
      cards.map((c) => [c.dataset.d || '', c.dataset.t || '']));
    assert.ok(weekend.every(([d, t]) => /\b(sat|sun)\b/.test(d) && /\bm\b/.test(t)), JSON.stringify(weekend));
    await page.click('button[type="reset"]');
    await page.waitForFunction(() => document.querySelector('[data-finder-status]').textContent === '');
    assert.equal(await page.$$eval('.card[data-f]:not([hidden])', (c) => c.length), all);

    // The first search: the script loaded with the page, and what the search fetches (the
    // search client, loaded on the first search, and the index).
    const page_scripts = served.server.sent.filter(([path]) => /assets\/(search|site)\.js$/.test(path));
    assert.deepEqual(page_scripts.map(([path]) => path), ['/assets/site.js'], 'search.js waits for a search');
    const before = served.server.sent.length;
    const lonely = await search(page, 'lonely');
    assert.ok(lonely.slice(0, 3).includes('croydon-telephone-friends'), lonely.join(', '));
    const fetched = served.server.sent.slice(before);
    assert.deepEqual(fetched.map(([path]) => path), ['/assets/search.js', `/${SITE}/search/index.json`]);
    const first = bytes(page_scripts) + bytes(fetched);
    const client = bytes(page_scripts) + fetched[0][1];
    console.log(`first search on ${SITE}: ${first} bytes gzip (client ${client}, index ${fetched[1][1]})`);
    assert.ok(first <= BUDGET, `the first search transferred ${first} bytes`);
    await page.screenshot({ path: join(artefacts, 'sites-search.png'), fullPage: true });

    const after = served.server.sent.length;
    // "saturday" acts as the day filter (the site's one group for babies and young children
    // that meets on a Saturday).
    const baby = await search(page, 'baby group saturday');
    assert.deepEqual(baby, ['norwood-polish-families-club']);
    const bereavement = await search(page, 'bereavment');
    assert.ok(bereavement.slice(0, 3).includes('walking-through-grief'), bereavement.join(', '));
    // Later searches fetch at most the other languages' words, once: a word the index does
    // not know ("bereavment") may be Polish or Somali. Their words are shared by every site
    // (assets/words-<code>.json); the site's own file holds what its listings' translations do.
    const later = served.server.sent.slice(after).map(([path]) => path);
    assert.ok(later.every((p) => /^(\/assets|\/[a-z0-9]+\/search)\/words-[a-z]{2}\.json$/.test(p)), JSON.stringify(later));
    assert.equal(new Set(later).size, later.length, JSON.stringify(later));

    // Words and filters together: the free ones among the results.
    const everything = await search(page, 'lonely');
    await page.check('input[name="f"][value="free"]');
    await page.waitForFunction((n) => {
      const s = document.querySelector('[data-finder-status]').textContent;
      return /\d/.test(s) && document.querySelectorAll('[data-finder-results] .card').length <= n;
    }, everything.length);
    const free = await page.$$eval('[data-finder-results] .card', (cards) =>
      cards.map((c) => !!c.querySelector('.tag--free')));
    assert.ok(free.length > 0 && free.every(Boolean), JSON.stringify(free));
    // Results say when the group next meets, in the page's words.
    const next = await page.$$eval('[data-finder-results] .card__next', (p) => p.map((e) => e.textContent));
    assert.ok(next.every((t) => /^Next( in term time)?: \w+day \d{1,2} \w+ \d{4}/.test(t)), next.join(' / '));

    assert.deepEqual(errors, [], 'console errors while filtering and searching');
    assert.deepEqual(foreign, [], 'requests to other origins');
  } finally {
    await context.close();
  }
});

test('the Somali home page searches in Somali and shows listings\' own Somali names', async () => {
  const { page, context, errors, foreign } = await open(`/so/${SITE}/`);
  try {
    await page.waitForSelector('form[data-finder]:not([hidden])');
    // "kalinimo" (loneliness) names the need, as "lonely" does on the English page.
    const lonely = await search(page, 'kalinimo');
    assert.ok(lonely.includes('croydon-telephone-friends'), lonely.join(', '));
    // A word of a listing's own Somali name finds it, and the result shows that name, not
    // marked as English; an untranslated result is marked as English.
    const mothers = await search(page, 'hooyooyinka');
    assert.equal(mothers[0], 'woodside-somali-mothers-group', mothers.join(', '));
    const first = page.locator('[data-finder-results] .card__title a').first();
    assert.equal((await first.textContent()).trim(), 'Kooxda Hooyooyinka Soomaaliyeed ee Woodside');
    assert.equal(await first.getAttribute('lang'), null);
    await search(page, 'kalinimo');
    const langs = await page.$$eval('[data-finder-results] .card__title a', (links) => links.map((a) => a.lang));
    assert.ok(langs.includes('en'), langs.join(','));
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, []);
  } finally {
    await context.close();
  }
});

test('an old need page address (redirected to its section) and the Arabic home page have no axe-core violations', async () => {
  for (const [path, shot] of [
    [`/${SITE}/needs/loneliness-and-isolation.html`, null],
    [`/ar/${SITE}/`, 'sites-home-ar.png'],
  ]) {
    const { page, context, errors, foreign } = await open(path);
    try {
      await page.waitForSelector('form[data-finder]:not([hidden])');
      if (shot) await page.screenshot({ path: join(artefacts, shot), fullPage: true });
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${path}\n${describe(violations)}`);
      assert.deepEqual(errors, [], `console errors on ${path}`);
      assert.deepEqual(foreign, [], `requests to other origins from ${path}`);
    } finally {
      await context.close();
    }
  }
});

test('without JavaScript the form stays hidden and the need sections are the filter', async () => {
  const { page, context } = await open(`/${SITE}/`, { javaScriptEnabled: false });
  try {
    assert.equal(await page.isVisible('form[data-finder]'), false);
    const needs = await page.$$eval('.needs a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(needs.length > 5 && needs.every((h) => h.startsWith('#')), needs.join(' '));
    for (const need of needs) assert.ok(await page.isVisible(`section${need}`), need);
    assert.ok((await page.$$('.card')).length > 0);
    // A need, then its first entry: the group's card, on the same page.
    await page.locator('.needs a').first().click();
    const entry = page.locator(`${needs[0]} ol a[href^="#l-"]`).first();
    const anchor = await entry.getAttribute('href');
    await entry.click();
    assert.equal(new URL(page.url()).hash, anchor);
    assert.ok(await page.locator(`${anchor}.card`).isVisible(), anchor);
    // Where the search box would be, a note that sends people to the needs below.
    const note = page.locator('.finder__nojs');
    assert.equal((await note.textContent()).trim(), 'Search needs JavaScript; browse by need below.');
    assert.ok((await note.boundingBox()).y < (await page.locator('#needs').boundingBox()).y);
  } finally {
    await context.close();
  }
});
