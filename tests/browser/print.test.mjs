// The shortlist, the poster and embedding (issue #3) in headless Chromium, on the bundled
// Croydon directory built into a temporary folder and served over HTTP on 127.0.0.1:
//
// - ticking two listings on a practice page puts them in the address (?l=a,b); the shortlist
//   page shows both and prints on one A4 page (and so do six of the wordiest listings); the
//   list follows the language switcher to the same page in Somali and back;
// - the poster prints on one page;
// - in a directory with many services available everywhere, the shortlist page reads their
//   shared facts (everywhere/shortlist.json) besides the site's own;
// - the example practice website's frame grows to its content, with no inner scrollbar;
// - no request leaves the origin; axe-core finds no violations on the practice page with its
//   checkboxes, the shortlist (print media), the poster and the embed pages.
// Screenshots go to tests/artefacts/ (shortlist-print.png, poster.png, embed-example.png).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artefacts, axe, builtSite, describe, launch, repo, serve, signpost } from './lib.mjs';

const PRACTICE = 'h83009'; // Norbury Medical Practice
const SCREEN = { width: 1280, height: 900 };
// An A4 sheet less 15 mm margins at 96 dpi, for screenshots of printed pages.
const A4 = { width: 680, height: 1009 };

function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

test('shortlist, poster and embedding work in a browser and stay on the origin', async () => {
  const site = builtSite();
  const { out } = site;
  const browser = await launch();
  let server;
  try {
    mkdirSync(artefacts, { recursive: true });
    server = await serve(out);
    const { origin } = server;
    const context = await browser.newContext({ viewport: SCREEN });
    const elsewhere = [];
    context.on('request', (r) => {
      if (!r.url().startsWith(origin + '/')) elsewhere.push(r.url());
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !/status of 404/.test(m.text()) && errors.push(m.text()));
    const missing = [];
    context.on('response', (r) => r.status() >= 400 && missing.push(r.url()));

    // Tick two listings on the practice's home page.
    await page.goto(`${origin}/${PRACTICE}/`);
    const boxes = page.locator('.card .pick input[type=checkbox]');
    assert.ok((await boxes.count()) >= 2, 'each card has a shortlist checkbox');
    const label = await page.locator('.card .pick').first().textContent();
    assert.equal(label.trim(), 'Add to shortlist');
    const ids = [];
    for (const n of [0, 1]) {
      await boxes.nth(n).check();
      const href = await page.locator('.card').nth(n).locator('.card__title a').getAttribute('href');
      ids.push(/listings\/([a-z0-9-]+)\//.exec(href)[1]);
    }
    assert.equal(new URL(page.url()).search, `?l=${ids.join(',')}`);
    const names = [];
    for (const n of [0, 1]) names.push((await page.locator('.card__title a').nth(n).textContent()).trim());
    assert.match(await page.locator('#shortlist [data-count]').textContent(), /^2 groups/);
    let violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // A need's section keeps the list, and so does the same page in another language and back.
    await page.locator('.needs a').first().click();
    assert.ok(new URL(page.url()).hash.length > 1, page.url());
    assert.equal(new URL(page.url()).searchParams.get('l'), ids.join(','));
    await page.locator('nav.languages a[hreflang="so"]').click();
    assert.equal(new URL(page.url()).pathname, `/so/${PRACTICE}/`, page.url());
    assert.equal(new URL(page.url()).searchParams.get('l'), ids.join(','));
    assert.ok(await page.locator('#shortlist').isVisible(), 'the Somali page shows the shortlist bar');
    assert.match(await page.locator('#shortlist [data-count]').textContent(), /\b2\b/);
    await page.locator('nav.languages a[hreflang="en"]').click();
    assert.equal(new URL(page.url()).searchParams.get('l'), ids.join(','));
    // The bar opens the shortlist page.
    await page.locator('#shortlist [data-open]').click();
    await page.waitForSelector('.prescription__item');
    assert.equal(new URL(page.url()).pathname, `/${PRACTICE}/shortlist/`);
    const shown = await page.locator('.prescription__item h2').allTextContents();
    assert.deepEqual(shown, names);
    assert.ok(await page.locator('[data-shortlist-help]').isHidden());
    await page.locator('#notes').fill('Try the Tuesday session first.');

    // Printed: one A4 page, black on white, without the site's navigation or buttons.
    await page.setViewportSize(A4);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.header').isVisible(), false);
    assert.equal(await page.locator('button').first().isVisible(), false);
    await page.screenshot({ path: join(artefacts, 'shortlist-print.png'), fullPage: true });
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
    assert.equal(pdfPages(await page.pdf({ preferCSSPageSize: true })), 1, 'the shortlist prints on one page');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(SCREEN);

    // Six of the practice's wordiest listings still print on one page.
    // The facts the shortlist page carries (<script type="application/json" data-shortlist-facts>).
    const sheet = readFileSync(join(out, PRACTICE, 'shortlist', 'index.html'), 'utf8');
    const facts = JSON.parse(sheet.split('data-shortlist-facts>')[1].split('</script>')[0]);
    const wordiest = Object.keys(facts)
      .sort((a, b) => JSON.stringify(facts[b]).length - JSON.stringify(facts[a]).length)
      .slice(0, 6);
    const six = await context.newPage();
    await six.goto(`${origin}/${PRACTICE}/shortlist/?l=${wordiest.join(',')}`);
    await six.waitForSelector('.prescription__item');
    assert.equal(await six.locator('.prescription__item').count(), 6);
    await six.emulateMedia({ media: 'print' });
    assert.equal(pdfPages(await six.pdf({ preferCSSPageSize: true })), 1, 'six groups print on one page');
    await six.close();

    // Removing one keeps the other, in the page and its address.
    await page.locator('[data-remove]').first().click();
    assert.deepEqual(await page.locator('.prescription__item h2').allTextContents(), [names[1]]);
    assert.equal(new URL(page.url()).search, `?l=${ids[1]}`);

    // The poster: one A4 page with a QR code.
    await page.goto(`${origin}/${PRACTICE}/poster/`);
    assert.equal(await page.locator('.poster svg.qr').count(), 1);
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
    await page.setViewportSize(A4);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(artefacts, 'poster.png'), fullPage: true });
    assert.equal(pdfPages(await page.pdf({ preferCSSPageSize: true })), 1, 'the poster prints on one page');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(SCREEN);

    // The embed page lists a snippet for every site.
    await page.goto(`${origin}/embed/`);
    const sites = JSON.parse(readFileSync(join(out, 'sites.json'), 'utf8'));
    const snippets = await page.locator('.snippet').allTextContents();
    assert.equal(snippets.length, Object.keys(sites).length);
    assert.ok(snippets.some((s) => s.includes(`data-site="${PRACTICE}"`)));
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // The example practice website: the frame grows to fit the framed page.
    await page.goto(`${origin}/embed/example/`);
    const frame = page.locator('iframe');
    await frame.waitFor();
    const framed = page.frames().find((f) => f !== page.mainFrame());
    await framed.waitForLoadState('load');
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe');
      const d = f.contentDocument && f.contentDocument.documentElement;
      return d && d.scrollHeight > 1000 && Math.abs(f.clientHeight - d.getBoundingClientRect().height) < 1;
    });
    const sizes = await page.evaluate(() => {
      const f = document.querySelector('iframe');
      const d = f.contentDocument.documentElement;
      return { frame: f.clientHeight, content: d.scrollHeight, inner: d.clientHeight, title: f.title };
    });
    assert.equal(sizes.frame, sizes.content, 'the frame is as tall as the framed page');
    assert.ok(sizes.content <= sizes.inner, 'no scrollbar inside the frame');
    assert.match(sizes.title, /local groups and services/);
    await page.screenshot({ path: join(artefacts, 'embed-example.png') });
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    assert.deepEqual(elsewhere, [], 'requests left the origin');
    assert.deepEqual(errors, [], 'script errors');
    assert.deepEqual(missing, [], 'missing files');
    await context.close();
  } finally {
    await browser.close();
    if (server) server.close();
    site.cleanup();
  }
});

// A directory with more services available everywhere than a site's own files carry
// (render::EVERYWHERE_INLINE_MAX, 100): their shortlist facts are in everywhere/shortlist.json,
// and the shortlist page reads them as well as the site's own.
test('the shortlist reads the shared facts of services available everywhere', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-shared-'));
  const browser = await launch();
  let server;
  try {
    cpSync(join(repo, 'tests', 'fixtures'), dir, { recursive: true });
    const root = join(dir, 'build');
    for (let i = 0; i < 110; i++) {
      writeFileSync(join(root, 'listings', `online-course-${i}.yaml`), [
        `name: Online Course ${i}`,
        `summary: A video course, number ${i}.`,
        'needs: [adult-learning]',
        'online: true',
        'contact:',
        `  website: https://example.org/${i}`,
        'maintainers: [fixture]',
        'reviewed: 2026-10-01',
        '',
      ].join('\n'));
    }
    const out = join(dir, 'public');
    signpost(['build', '--out', out], root);
    server = await serve(out);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/y99001/shortlist/?l=close-coffee-morning,online-course-7`);
    await page.waitForSelector('.prescription__item');
    const shown = await page.locator('.prescription__item h2').allTextContents();
    assert.deepEqual(shown.map((s) => s.trim()), ['Close Coffee Morning', 'Online Course 7']);
    assert.ok(server.sent.some(([path]) => path === '/everywhere/shortlist.json'), JSON.stringify(server.sent));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
