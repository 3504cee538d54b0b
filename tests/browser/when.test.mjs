// Dates that stay right: the bundled Croydon directory built on Sunday 22 November 2026
// (SIGNPOST_TODAY, as tests/run.sh builds it), read in Chromium a week later, with the page's
// clock set to Sunday 29 November 2026 (and a month later, Monday 21 December, for the bank
// holidays). when.js must work each next session out again for the reader's day on listing
// pages, on cards and in search results, skip Christmas Day and New Year's Day for a Friday
// group closed on bank holidays, and leave the build-time text to readers without JavaScript.
// Screenshot: tests/artefacts/when-listing.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artefacts, axe, describe, servedSite, watchedPage } from './lib.mjs';

const served = servedSite(before, after);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// A page at `path` read on the local date and time `now` (Europe/London), loaded.
async function openOn(path, now, options = {}) {
  const watched = await watchedPage(served.browser, served.server.origin, {
    timezoneId: 'Europe/London',
    ...options,
  });
  if (options.javaScriptEnabled !== false) await watched.page.clock.install({ time: new Date(now) });
  await watched.page.goto(served.server.origin + path, { waitUntil: 'networkidle' });
  return watched;
}

// "Next: Tuesday 1 December 2026, 14:00" → "2026-12-01".
function dateIn(text) {
  const m = /(\d{1,2}) (\w+) (\d{4})/.exec(text);
  assert.ok(m, `no date in ${JSON.stringify(text)}`);
  return `${m[3]}-${String(MONTHS.indexOf(m[2]) + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

test('a listing page built a week earlier shows the next session for the reader\'s day', async () => {
  const path = '/listings/second-wind-stroke-club/';
  // Without JavaScript: the text written at build time, for Tuesday 24 November.
  const plain = await openOn(path, '2026-11-29T09:00:00', { javaScriptEnabled: false });
  try {
    assert.equal(
      (await plain.page.textContent('.next-session >> visible=true')).trim(),
      'Next: Tuesday 24 November 2026, 14:00',
    );
  } finally {
    await plain.page.context().close();
  }
  // With it, on Sunday 29 November: the Tuesday after.
  const { page, errors } = await openOn(path, '2026-11-29T09:00:00');
  try {
    assert.equal((await page.textContent('.next-session >> visible=true')).trim(), 'Next: Tuesday 1 December 2026, 14:00');
    // On the Tuesday itself, after the session has started: the week after.
    await page.clock.setSystemTime(new Date('2026-12-01T15:00:00'));
    await page.reload({ waitUntil: 'networkidle' });
    assert.equal((await page.textContent('.next-session >> visible=true')).trim(), 'Next: Tuesday 8 December 2026, 14:00');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(artefacts, 'when-listing.png'), fullPage: true });
    const violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
  } finally {
    await page.context().close();
  }
});

test('no card on the borough-wide page shows a day that has passed, and search results agree', async () => {
  const { page, errors, foreign } = await openOn('/croydon/', '2026-11-29T09:00:00');
  try {
    const cards = await page.$$eval('.card__next[data-when]', (ps) =>
      ps.map((p) => ({ text: p.textContent, hidden: p.hidden, when: p.dataset.when })));
    assert.ok(cards.length > 50, `${cards.length} cards with a next session`);
    let moved = 0;
    for (const c of cards.filter((c) => !c.hidden)) {
      assert.ok(dateIn(c.text) >= '2026-11-29', `${c.text} (${c.when})`);
      if (/24 November 2026/.test(c.text)) assert.fail(`a past date: ${c.text}`);
      moved += 1;
    }
    assert.ok(moved > 50, `${moved} cards`);
    const stroke = await page.textContent('.card:has(a[href*="second-wind-stroke-club"]) .card__next');
    assert.equal(stroke, 'Next: Tuesday 1 December 2026, 14:00');
    // A monthly group: the first Sunday of December, as at build time.
    const grief = await page.textContent('.card:has(a[href*="walking-through-grief"]) .card__next');
    assert.equal(grief, 'Next: Sunday 6 December 2026, 11:00');

    // The same group found by searching: its result says the same.
    await page.waitForSelector('form[data-finder]:not([hidden])');
    await page.fill('#finder-q', 'stroke');
    await page.waitForSelector('[data-finder-results][data-query="stroke"]:not([hidden])');
    const result = await page.textContent(
      '[data-finder-results] .card:has(a[href*="second-wind-stroke-club"]) .card__next');
    assert.equal(result, 'Next: Tuesday 1 December 2026, 14:00');
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, []);
  } finally {
    await page.context().close();
  }
});

test('a Friday group closed on bank holidays skips Christmas Day and New Year\'s Day', async () => {
  const { page, errors } = await openOn('/listings/broad-green-welcome-lunch/', '2026-12-21T10:00:00');
  try {
    assert.equal((await page.textContent('.next-session >> visible=true')).trim(), 'Next: Friday 8 January 2027, 12:30');
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});
