// The "Add your group" page and a listing page of the bundled Croydon directory in headless
// Chromium: a form filled in with a mistake shows the error beside the field and in an error
// summary that takes focus (role="alert"); once fixed, it shows the listing and builds the
// GitHub new-file link with the listing encoded in it; without JavaScript the page says whom to
// send the details to. axe-core must report no violations in each state; screenshots go to
// tests/artefacts/add-*.png and listing.png.
//
// The pages come from `cargo run` (or SIGNPOST_BIN) and are served on a loopback port, as a
// browser would fetch them. Chromium is Debian's (/usr/bin/chromium, or CHROMIUM).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artefacts, axe, builtSite, describe, launch, repo, serve, signpost } from './lib.mjs';

test('the add page finds a mistake, then builds the listing and the GitHub link; axe finds nothing', async () => {
  const site = builtSite();
  const { out } = site;
  const browser = await launch();
  let server;
  try {
    server = await serve(out);
    const base = `${server.origin}/`;
    mkdirSync(artefacts, { recursive: true });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(base + 'add/');
    assert.equal(await page.isVisible('#add-form'), true, 'the script shows the form');
    assert.equal(await page.isVisible('#add-nojs'), false, 'and hides the no-script text');

    // Filled in with one mistake: an email address without a domain.
    await page.fill('#add-name', 'Knit and Natter Test');
    await page.fill('#add-summary', 'A friendly knitting group: tea, cake & good company.');
    await page.check('#need-loneliness-and-isolation');
    await page.check('#need-arts-and-creativity');
    await page.check('#day-tuesday');
    await page.fill('#add-start', '10:00');
    await page.fill('#add-end', '12:00');
    await page.fill('#add-venue', 'Thornton Heath Library');
    await page.fill('#add-address', '190 Brigstock Road\nThornton Heath');
    await page.fill('#add-postcode', 'cr7 7je');
    await page.check('#cost-free');
    await page.fill('#add-email', 'knit@example');
    await page.fill('#add-maintainer', 'jo-bloggs');
    await page.click('#add-form button[type=submit]');

    const summary = page.locator('#add-errors');
    assert.equal(await summary.isVisible(), true, 'the error summary shows');
    assert.equal(await summary.getAttribute('role'), 'alert', 'and is announced');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'add-errors', 'and takes focus');
    const message = 'Enter an email address like name@example.org.';
    assert.deepEqual(await page.locator('#add-errors li a').allTextContents(), [message]);
    assert.equal(await page.getAttribute('#add-errors li a', 'href'), '#add-email');
    assert.equal(await page.textContent('#e-email'), message);
    assert.equal(await page.isVisible('#e-email'), true, 'the error shows beside the field');
    assert.equal(await page.getAttribute('#add-email', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#add-email', 'aria-describedby'), /\be-email\b/);
    assert.equal(await page.isVisible('#add-result'), false, 'no listing while there are mistakes');
    await page.screenshot({ path: join(artefacts, 'add-errors.png'), fullPage: true });
    let violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Fixed: the listing appears, and the GitHub link carries it.
    await page.fill('#add-email', 'knit@example.org');
    await page.click('#add-form button[type=submit]');
    assert.equal(await summary.isVisible(), false, 'the error summary goes');
    assert.equal(await page.isVisible('#e-email'), false);
    assert.equal(await page.getAttribute('#add-email', 'aria-invalid'), null);
    assert.equal(await page.isVisible('#add-result'), true, 'the listing shows');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'add-result');
    const yaml = await page.inputValue('#add-yaml');
    const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
    assert.equal(yaml, [
      '# yaml-language-server: $schema=../schema/listing.schema.json',
      'name: Knit and Natter Test',
      'summary: "A friendly knitting group: tea, cake & good company."',
      'needs: [loneliness-and-isolation, arts-and-creativity]',
      'cost:',
      '  free: true',
      'venues:',
      '  - name: Thornton Heath Library',
      '    address: [190 Brigstock Road, Thornton Heath]',
      '    postcode: CR7 7JE',
      'when:',
      '  - days: [tuesday]',
      '    start: "10:00"',
      '    end: "12:00"',
      'contact:',
      '  email: knit@example.org',
      'maintainers: [jo-bloggs]',
      `reviewed: ${today}`,
      '',
    ].join('\n'));
    const github = await page.getAttribute('#add-gh-link', 'href');
    assert.equal(
      github,
      'https://github.com/signpost-directory/signpost/new/main/listings?filename=knit-and-natter-test.yaml&value=' +
        encodeURIComponent(yaml),
    );
    assert.equal(await page.isVisible('#add-gh-link'), true);
    assert.equal(await page.isVisible('#add-handle'), false);
    // The file itself only when asked for.
    assert.equal(await page.isVisible('#add-yaml'), false, 'no YAML unless asked for');
    await page.click('.add-result__file summary');
    assert.equal(await page.isVisible('#add-yaml'), true);
    await page.screenshot({ path: join(artefacts, 'add.png'), fullPage: true });
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Fortnightly on Thursdays and monthly on the last Saturday, step-free, for older people,
    // in English and Polish: only the questions that apply show, and the file says so.
    assert.equal(await page.isVisible('#add-starting'), false, 'no date for a weekly session');
    await page.selectOption('#add-often', '2');
    assert.equal(await page.isVisible('#add-starting'), true, 'a date for every other week');
    assert.equal(await page.isVisible('#add-week'), false);
    await page.uncheck('#day-tuesday');
    await page.check('#day-thursday');
    await page.fill('#add-starting', '2026-11-24'); // a Tuesday: refused
    assert.equal(await page.isVisible('#session-2'), false);
    await page.click('#add-more');
    assert.equal(await page.isVisible('#session-2'), true, 'a second session when asked');
    await page.check('#day-2-saturday');
    await page.selectOption('#add-often-2', 'month');
    assert.equal(await page.isVisible('#add-week-2'), true, 'which week, for monthly');
    await page.selectOption('#add-week-2', 'last');
    await page.fill('#add-start-2', '14:00');
    await page.check('#step-yes');
    await page.check('#access-hearing-loop');
    await page.fill('#add-min_age', '60');
    await page.check('#audience-older-people');
    await page.check('#language-en');
    await page.check('#language-pl');
    await page.click('#add-form button[type=submit]');
    assert.deepEqual(await page.locator('#add-errors li a').allTextContents(),
      ['The date must fall on one of the days ticked.']);
    await page.fill('#add-starting', '2026-11-26');
    await page.click('#add-form button[type=submit]');
    assert.equal(await page.isVisible('#add-result'), true, 'the listing shows');
    const more = await page.inputValue('#add-yaml');
    for (const line of ['who:\n  min_age: 60\n  audiences: [older-people]\nlanguages: [en, pl]\n',
      '    postcode: CR7 7JE\n    access: [step-free, hearing-loop]\n',
      'when:\n  - days: [thursday]\n    every: 2\n    starting: 2026-11-26\n    start: "10:00"\n    end: "12:00"\n' +
        '  - days: [saturday]\n    week: last\n    start: "14:00"\n']) {
      assert.ok(more.includes(line), `${line} in\n${more}`);
    }
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Without a GitHub user name, and no fallback team in this directory: the form asks for
    // one and says where to send the details instead; it writes no listing.
    await page.fill('#add-maintainer', '');
    await page.click('#add-form button[type=submit]');
    assert.equal(await page.isVisible('#add-result'), false, 'no listing check would refuse');
    const [asked] = await page.locator('#add-errors li a').allTextContents();
    assert.match(asked, /Give the GitHub user name of someone in the group\. If nobody uses GitHub, send the group's details to Croydon Voluntary Action \(https:\/\/www\.cvalive\.org\.uk\/\) instead\./);
    assert.equal(await page.getAttribute('#add-maintainer', 'aria-invalid'), 'true');
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
    assert.deepEqual(errors, [], 'no script errors or missing files');
    assert.deepEqual(outside, [], 'nothing fetched from another origin');
    await page.close();

    // Without JavaScript: whom to send the details to.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const plain = await context.newPage();
    await plain.goto(base + 'add/');
    assert.equal(await plain.isVisible('#add-form'), false);
    assert.equal(await plain.isVisible('#add-nojs'), true);
    assert.match(await plain.textContent('#add-nojs'), /Contact Croydon Voluntary Action through their website/);
    await plain.screenshot({ path: join(artefacts, 'add-nojs.png'), fullPage: true });
    await context.close();

    // A listing page: when the group confirmed it, when it changed, and the GitHub links.
    const listing = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const id = readdirSync(join(out, 'listings')).sort()[0];
    await listing.goto(`${base}listings/${id}/`);
    assert.match(await listing.textContent('.listing-meta >> visible=true'), /Confirmed by the group on \d+ \w+ \d{4}\./);
    assert.equal(await listing.locator('.listing-meta >> visible=true >> a').count(), 3);
    assert.match(await listing.getAttribute('.listing-meta >> visible=true >> a >> nth=0', 'href'),
      new RegExp(`/issues/new\\?template=still-correct\\.yml&listing=${id}$`));
    await listing.screenshot({ path: join(artefacts, 'listing.png'), fullPage: true });
    violations = await axe(listing);
    assert.deepEqual(violations, [], describe(violations));
    await listing.close();
  } finally {
    await browser.close();
    server?.close();
    site.cleanup();
  }
});

// A directory with a fallback team and a support email (a copy of tests/fixtures/build): a
// volunteer without GitHub leaves the user name empty and gets an email with the listing in it,
// or, for a listing too long for a mailto: link, an email asking them to paste it.
test('with a fallback team and an email: no GitHub needed, and the email carries the listing when it fits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signpost-team-'));
  const root = join(dir, 'build');
  cpSync(join(repo, 'tests', 'fixtures', 'build'), root, { recursive: true });
  cpSync(join(repo, 'tests', 'fixtures', 'data'), join(dir, 'data'), { recursive: true });
  const config = readFileSync(join(root, 'signpost.toml'), 'utf8');
  writeFileSync(join(root, 'signpost.toml'),
    'repository = "https://github.com/test/directory"\n' + config +
    '\n[support]\nname = "Fixtureshire CVS"\nurl = "https://cvs.example.org/"\n' +
    'email = "listings@cvs.example.org"\nmaintainers = ["@fixtureshire/listings"]\n');
  const out = join(dir, 'public');
  signpost(['build', '--out', out], root);
  const browser = await launch();
  let server;
  try {
    server = await serve(out);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/add/`);
    assert.match(await page.textContent('label[for=add-maintainer]'), /\(optional\)/);
    await page.fill('#add-name', 'Knit');
    await page.fill('#add-summary', 'A knitting group.');
    await page.check('#need-loneliness-and-isolation');
    await page.check('#add-online');
    await page.fill('#add-email', 'knit@example.org');
    await page.click('#add-form button[type=submit]');
    assert.equal(await page.isVisible('#add-result'), true, 'a listing without a GitHub user name');
    const yaml = await page.inputValue('#add-yaml');
    assert.doesNotMatch(yaml, /maintainers/);
    const mail = await page.getAttribute('#add-mail', 'href');
    const [head, body] = mail.split('&body=');
    assert.equal(head, 'mailto:listings@cvs.example.org?subject=' + encodeURIComponent('Add our group: Knit'));
    assert.equal(decodeURIComponent(body), yaml, 'the email holds the listing');
    assert.equal(await page.isVisible('#add-paste'), false);
    assert.equal(await page.isVisible('#add-gh'), false, 'no GitHub step without a user name');
    let violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));

    // Too long for a mailto: link: the email asks for the listing to be pasted.
    await page.fill('#add-description', 'We knit, we talk, we drink tea. '.repeat(80));
    await page.click('#add-form button[type=submit]');
    const long = await page.getAttribute('#add-mail', 'href');
    assert.ok(long.length <= 2000, `${long.length} characters`);
    assert.match(decodeURIComponent(long.split('&body=')[1]), /paste the listing here/);
    assert.equal(await page.isVisible('#add-paste'), true, 'and the page says to paste it');
    await page.screenshot({ path: join(artefacts, 'add-team.png'), fullPage: true });
    violations = await axe(page);
    assert.deepEqual(violations, [], describe(violations));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
