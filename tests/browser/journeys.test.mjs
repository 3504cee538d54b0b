// The journeys of issue 16, in headless Chromium on the bundled Croydon build, with
// screenshots in tests/artefacts/journey-*.png:
//
// - a resident on a phone (390 × 844), in English and in Arabic: opens a practice's site and
//   sees the search box and the nearest group without scrolling; searches; filters, and the
//   count and the first result come into view; opens a group; adds it to the calendar;
// - a link worker: a shortlist of three groups from three kinds of page (ticked on a need page,
//   in search results, on a listing page), back to the practice, the shortlist printed on one
//   A4 page, and its QR code's link opened in a fresh browser;
// - switching language keeps what was chosen: the walking time and the way back on a listing
//   page, the ticked filters on a need page;
// - on a practice's website, a link followed inside the frame shows the new page from its top.
//
// Every page visited: no console errors, no request to another origin.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { artefacts, axe, describe, repo, servedSite } from './lib.mjs';

const PRACTICE = 'h83009'; // Norbury Medical Practice
const PHONE = { width: 390, height: 844 };
const A4 = { width: 680, height: 1009 };
const { qr } = createRequire(import.meta.url)(join(repo, 'themes/default/prescription.js'));

const served = servedSite(before, after);

// A new browser context and page that records errors and requests to other origins.
async function context(options = {}) {
  const ctx = await served.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const errors = [];
  const foreign = [];
  ctx.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(served.server.origin + '/') && !url.startsWith('data:')) foreign.push(url);
  });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  const done = async () => {
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(foreign, [], 'requests to other origins');
    await ctx.close();
  };
  return { ctx, page, done };
}

const shot = (page, name, fullPage = false) => page.screenshot({ path: join(artefacts, `journey-${name}.png`), fullPage });
const box = async (locator) => (await locator.boundingBox()) || { x: 0, y: -1e6, width: 0, height: 0 };
const ids = (page) => (new URL(page.url()).searchParams.get('l') || '').split(',').filter(Boolean);
const idOf = (href) => /listings\/([a-z0-9-]+)\//.exec(href)[1];

// In the viewport: its top at or below the top of the screen, and `visible` px of it above the
// bottom.
async function inView(page, locator, visible = 40) {
  const b = await box(locator);
  const { height } = page.viewportSize();
  return b.y >= 0 && b.y + Math.min(visible, b.height) <= height;
}

for (const [lang, query, say] of [
  ['en', 'lonely', /^Results: \d+$/],
  ['ar', 'الوحدة', /^النتائج: \d+$/],
]) {
  test(`a resident on a phone (${lang}): the nearest groups first, search, filter, a group, its calendar`, async () => {
    const { page, done } = await context({ viewport: PHONE, isMobile: true, hasTouch: true });
    const prefix = lang === 'en' ? '' : `${lang}/`;
    await page.goto(`${served.server.origin}/${prefix}${PRACTICE}/`, { waitUntil: 'networkidle' });
    await page.waitForSelector('form[data-finder]:not([hidden])');
    // Without scrolling: the search box, and the nearest group's name and walking time.
    const search = page.locator('#finder-q');
    const first = page.locator('.card').first();
    assert.ok(await inView(page, search), `search box at ${JSON.stringify(await box(search))}`);
    const card = await box(first);
    assert.ok(card.y < PHONE.height, `the first card starts at ${card.y}`);
    assert.ok(await inView(page, first.locator('.card__walk')), `the nearest group's walking time at ${JSON.stringify(await box(first.locator('.card__walk')))}`);
    // The filters fold behind one control; the needs follow the nearest groups.
    assert.equal(await page.locator('.finder__filters').isVisible(), false);
    const needs = await box(page.locator('#needs'));
    assert.ok(needs.y > card.y, 'the needs come after the nearest groups');
    await shot(page, `resident-${lang}-1-home`);
    let violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Search, sent from the phone's keyboard: the count and the first result in view.
    await search.fill(query);
    await search.press('Enter');
    await page.waitForSelector(`[data-finder-results][data-query="${query}"]:not([hidden])`);
    const status = page.locator('[data-finder-status]');
    assert.match(await status.textContent(), say);
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    const result = page.locator('[data-finder-results] .card').first();
    assert.ok(await inView(page, status, 10) && await inView(page, result), 'count and first result in view after the search');
    // Results show where the group is, as cards do, and can be added to the shortlist.
    assert.ok(await page.locator('[data-finder-results] .card__walk').count() > 0);
    assert.ok(await result.locator('.pick input').count() === 1);
    await shot(page, `resident-${lang}-2-search`);

    // A filter, from the folded form: the count and the first result come into view.
    await page.locator('.finder__more summary').click();
    await page.locator('input[name="f"][value="free"]').check();
    await page.waitForFunction(() => document.querySelectorAll('[data-finder-results] .card').length > 0 &&
      [...document.querySelectorAll('[data-finder-results] .card')].every((c) => c.querySelector('.tag--free')));
    await page.waitForTimeout(200);
    assert.ok(await inView(page, status, 10), `count in view after filtering: ${JSON.stringify(await box(status))}`);
    assert.ok(await inView(page, result), `first result in view after filtering: ${JSON.stringify(await box(result))}`);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('f'), ['free']);
    await shot(page, `resident-${lang}-3-filtered`);
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Open a group that meets at set times, and add it to the calendar.
    const links = await page.$$eval('[data-finder-results] .card__title a', (a) => a.map((l) => l.href));
    let calendar = null;
    for (const href of links) {
      await page.goto(href, { waitUntil: 'networkidle' });
      calendar = page.locator('a.calendar-link').filter({ visible: true });
      if (await calendar.count()) break;
    }
    assert.ok(await calendar.count(), 'a result with a calendar file');
    // The page holds every language: the part in the page's language is the one shown.
    const fromBox = page.locator('.from-site').filter({ visible: true });
    await fromBox.waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    // The way back to the practice (and, for a group people go to, the walk from it).
    assert.match(await fromBox.locator('[data-back-link]').textContent(), /Norbury Medical Practice/);
    if (new URL(page.url()).searchParams.get('walk')) {
      assert.match(await fromBox.locator('[data-walk]').textContent(), /Norbury Medical Practice/);
    }
    await shot(page, `resident-${lang}-4-group`);
    const [download] = await Promise.all([page.waitForEvent('download'), calendar.click()]);
    const ics = readFileSync(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /BEGIN:VEVENT[\s\S]*RRULE:/);
    assert.match(download.suggestedFilename(), /\.ics$/);
    await done();
  });
}

test('a link worker: a shortlist of three from three kinds of page, printed, and opened from its QR code', async () => {
  const { ctx, page, done } = await context();
  const origin = served.server.origin;
  // 1. A need page's old address, as practice websites link it, opens the need's section of
  // the practice's home page; its first entry leads to that group's card: tick it.
  await page.goto(`${origin}/${PRACTICE}/needs/loneliness-and-isolation.html`, { waitUntil: 'networkidle' });
  assert.equal(new URL(page.url()).pathname, `/${PRACTICE}/`);
  assert.equal(new URL(page.url()).hash, '#loneliness-and-isolation');
  const entry = page.locator('#loneliness-and-isolation ol a[href^="#l-"]').first();
  const anchor = await entry.getAttribute('href');
  await entry.click();
  const first = page.locator(anchor);
  assert.ok(await first.isVisible(), anchor);
  const a = idOf(await first.locator('.card__title a').getAttribute('href'));
  assert.equal(anchor, `#l-${a}`);
  await first.locator('.pick input').check();
  assert.deepEqual(ids(page), [a]);
  await shot(page, 'worker-1-need');

  // 2. On the same page (the list in its address), search, and tick a result.
  await page.waitForSelector('form[data-finder]:not([hidden])');
  assert.deepEqual(ids(page), [a]);
  await page.fill('#finder-q', 'help with money');
  await page.press('#finder-q', 'Enter');
  await page.waitForSelector('[data-finder-results]:not([hidden]) .card');
  const results = page.locator('[data-finder-results] .card');
  let b = null;
  for (let k = 0; k < await results.count(); k++) {
    const id = idOf(await results.nth(k).locator('.card__title a').getAttribute('href'));
    if (id !== a) {
      b = id;
      await results.nth(k).locator('.pick input').check();
      break;
    }
  }
  assert.ok(b, 'a second group among the results');
  assert.deepEqual(ids(page), [a, b]);
  await shot(page, 'worker-2-search');

  // 3. Open a third group's page from the list near the practice, and tick it there.
  await page.fill('#finder-q', '');
  await page.press('#finder-q', 'Enter');
  const near = page.locator('[data-finder-list] .card__title a');
  let c = null;
  for (let k = 0; k < await near.count(); k++) {
    const id = idOf(await near.nth(k).getAttribute('href'));
    if (id !== a && id !== b) {
      c = id;
      await near.nth(k).click();
      break;
    }
  }
  assert.ok(c, 'a third group near the practice');
  await page.waitForURL(new RegExp(`/listings/${c}/`));
  assert.deepEqual(ids(page), [a, b], 'the listing page has the list');
  // The page holds every language; the part shown is the English one.
  const from = page.locator('.from-site').filter({ visible: true });
  await from.waitFor({ state: 'visible' });
  await from.locator('.pick input').check();
  assert.deepEqual(ids(page), [a, b, c]);
  const count = page.locator('.shortlist-bar [data-count]').filter({ visible: true });
  assert.match(await count.textContent(), /^3 groups/);
  await shot(page, 'worker-3-listing');

  // 4. Back to the practice: the three are still ticked.
  await from.locator('[data-back-link]').click();
  await page.waitForURL(new RegExp(`/${PRACTICE}/\\?`));
  assert.deepEqual(ids(page), [a, b, c]);
  assert.match(await page.locator('#shortlist [data-count]').textContent(), /^3 groups/);

  // 5. The shortlist.
  await page.locator('#shortlist [data-open]').click();
  await page.waitForSelector('.prescription__item');
  assert.equal(await page.locator('.prescription__item').count(), 3);
  const link = await page.locator('[data-link]').inputValue();
  assert.equal(link, `${origin}/${PRACTICE}/shortlist/?l=${[a, b, c].join(',')}`);
  // The QR code is that link and nothing else: the modules drawn are the code of the link.
  const drawn = await page.locator('[data-qr] svg path').getAttribute('d');
  const rows = qr(link);
  let d = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let e = x;
      while (e < row.length && row[e]) e++;
      d += `M${x + 4} ${y + 4}h${e - x}v1h-${e - x}z`;
      x = e;
    }
  });
  assert.equal(drawn, d);
  assert.equal(await page.locator('[data-qr] svg').getAttribute('role'), 'img');
  await shot(page, 'worker-4-shortlist', true);
  let violations = await axe(page);
  assert.deepEqual(violations, [], describe(violations));

  // 6. Printed on one A4 page, with the QR code.
  await page.setViewportSize(A4);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('[data-qr] svg').isVisible(), 'the code is printed');
  await shot(page, 'worker-5-print', true);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'one A4 page');
  await page.emulateMedia({ media: 'screen' });

  // 7. The link on the resident's own phone: a fresh browser with nothing but the address.
  const phone = await served.browser.newContext({ viewport: PHONE, isMobile: true });
  const fresh = await phone.newPage();
  await fresh.goto(link, { waitUntil: 'networkidle' });
  await fresh.waitForSelector('.prescription__item');
  const names = await fresh.locator('.prescription__item h2').allTextContents();
  assert.deepEqual(names, await page.locator('.prescription__item h2').allTextContents());
  await fresh.screenshot({ path: join(artefacts, 'journey-worker-6-phone.png'), fullPage: true });
  await phone.close();
  void ctx;
  await done();
});

test('switching language keeps the walking time, the way back and the ticked filters', async () => {
  const { page, done } = await context();
  const origin = served.server.origin;
  await page.goto(`${origin}/listings/norbury-library/?from=${PRACTICE}&walk=1&l=norbury-library`, { waitUntil: 'networkidle' });
  const from = () => page.locator('.from-site').filter({ visible: true });
  await from().waitFor({ state: 'visible' });
  await page.locator('nav.languages a[hreflang="ar"]').filter({ visible: true }).click();
  // The listing's page holds every language: its Arabic part, in Arabic, right to left.
  await page.waitForURL(/\/listings\/norbury-library\/\?.*#ar$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await from().waitFor({ state: 'visible' });
  assert.match(await from().locator('[data-walk]').textContent(), /دقيقة/);
  const back = new URL(await from().locator('[data-back-link]').evaluate((el) => el.href));
  assert.equal(back.pathname, `/ar/${PRACTICE}/`);
  assert.ok(await from().locator('.pick input').isChecked(), 'still on the shortlist');
  await shot(page, 'language-listing-ar');

  await page.goto(`${origin}/${PRACTICE}/`, { waitUntil: 'networkidle' });
  await page.locator('input[name="f"][value="free"]').check();
  await page.locator('select[name="t"]').selectOption('m');
  const shown = await page.locator('.card[data-f]:not([hidden])').count();
  await page.locator('nav.languages a[hreflang="ur"]').click();
  await page.waitForURL(/\/ur\//);
  await page.waitForSelector('form[data-finder]:not([hidden])');
  assert.ok(await page.locator('input[name="f"][value="free"]').isChecked());
  assert.equal(await page.locator('select[name="t"]').inputValue(), 'm');
  assert.equal(await page.locator('.card[data-f]:not([hidden])').count(), shown);
  assert.match(await page.locator('[data-finder-status]').textContent(), new RegExp(`${shown}`));
  await done();
});

test('on a practice website, a link followed in the frame shows the new page from its top', async () => {
  const { page, done } = await context({ viewport: PHONE });
  await page.goto(`${served.server.origin}/embed/example/`, { waitUntil: 'networkidle' });
  const frame = page.frameLocator('iframe');
  const link = frame.locator('[data-finder-list] .card__title a').last();
  await link.waitFor();
  // Scrolled down to a group's card, inside the frame.
  await link.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().top);
  assert.ok(before < -100, `the frame's top is ${before}`);
  await link.click();
  await page.waitForFunction(() => {
    const f = document.querySelector('iframe');
    return /listings\//.test(f.contentWindow.location.href) && Math.abs(f.getBoundingClientRect().top) < 2;
  });
  await shot(page, 'embed-followed');
  await done();
});
