// The dashboard in a real browser: Debian's chromium, headless, driven by
// playwright-core. Loads the page with a national key, checks that every
// figure of its table equals the JSON API's for the same fiscal year, that
// a Pôle with nothing is shown as missing, and writes a screenshot to
// <build>/test-artifacts/dashboard.png. Playwright gives chromium a fresh
// profile of its own. The stack it reads: stack.mjs.
//
//   node --test tests/browser/dashboard.test.mjs                   # the real stack
//   POLES_BROWSER_STACK=fixture node --test tests/browser/dashboard.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir, startStack } from './stack.mjs';

const CHROMIUM = process.env.POLES_CHROMIUM || '/usr/bin/chromium';

let stack;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium)`);
  stack = await startStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

async function apiTable(year) {
  const res = await fetch(`${stack.url}/api/v1/national/table?fiscal_year=${year}`,
                          { headers: { Authorization: `Bearer ${stack.key}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

const slugOf = (tenant) => tenant.replace(/^tenants\//, '');
const codeOf = (column) => column.name.replace(/^nationalIndicators\//, '');

test('the dashboard shows the API\'s national table, marks the missing, and is screenshotted', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${stack.url}/tableau-de-bord?fiscal_year=${stack.year}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.fill('#api-key', stack.key);
  await page.click('#key-submit');
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null,
                             { timeout: 20000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready',
               await page.textContent('#status'));
  assert.equal(await page.inputValue('#fiscal-year'), stack.year);
  // The key stays in this tab's sessionStorage, not in the page's URL.
  assert.equal(await page.evaluate(() => sessionStorage.getItem('poles.apiKey')), stack.key);
  assert.ok(!page.url().includes(stack.key));

  const table = await apiTable(stack.year);
  const shown = await page.evaluate(() => {
    const rows = {};
    for (const tr of document.querySelectorAll('#national-table tbody tr')) {
      const cells = {};
      for (const td of tr.querySelectorAll('td[data-indicator]')) {
        cells[td.dataset.indicator] = { source: td.dataset.source, value: td.dataset.value ?? null,
                                        text: td.textContent };
      }
      rows[tr.dataset.tenant] = { state: tr.dataset.state, cells,
                                  bilan: tr.querySelector('a.bilan')?.getAttribute('href') };
    }
    const totals = {};
    for (const td of document.querySelectorAll('#national-table tfoot td[data-indicator]')) {
      totals[td.dataset.indicator] = td.dataset.value ?? null;
    }
    return { rows, totals, headers: [...document.querySelectorAll('#national-table thead th[data-indicator]')]
      .map((th) => th.dataset.indicator) };
  });

  assert.deepEqual(shown.headers, table.columns.map(codeOf));
  assert.equal(Object.keys(shown.rows).length, table.rows.length);
  let compared = 0;
  for (const row of table.rows) {
    const slug = slugOf(row.tenant);
    const onPage = shown.rows[slug];
    assert.ok(onPage, `row ${slug} is on the page`);
    assert.equal(onPage.state, row.state, slug);
    assert.equal(onPage.bilan, `/api/v1/tenants/${slug}/bilans/${stack.year}.html`);
    for (const cell of row.cells) {
      if (cell.dimensions && Object.keys(cell.dimensions).length) continue;
      const td = onPage.cells[cell.indicator];
      assert.ok(td, `${slug} ${cell.indicator} is on the page`);
      if (cell.source === 'CELL_SOURCE_MISSING') {
        assert.equal(td.source, 'missing', `${slug} ${cell.indicator}`);
        assert.equal(td.text, '—');
      } else if (cell.source === 'CELL_SOURCE_UNREACHABLE') {
        assert.equal(td.source, 'unreachable');
      } else if (cell.suppressed) {
        assert.equal(td.source, 'suppressed');
        assert.match(td.text, /^< \d+$/);
        assert.equal(td.value, null, 'a suppressed figure is not in the page');
      } else {
        assert.equal(td.value, String(cell.value), `${slug} ${cell.indicator}`);
        assert.equal(td.source, cell.source === 'CELL_SOURCE_REPORTED' ? 'reported' : 'computed');
        if (cell.display) assert.ok(td.text.startsWith(cell.display), `${td.text} shows ${cell.display}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 0, 'some figures were compared');
  for (const total of table.totals) {
    if (total.dimensions && Object.keys(total.dimensions).length) continue;
    assert.equal(shown.totals[total.indicator], String(total.value), `total ${total.indicator}`);
  }

  // A Pôle with nothing: every figure shown as missing, its state said.
  const empty = stack.emptyTenant ?? slugOf(table.rows.find((r) => r.state === 'NOTHING').tenant);
  const emptyRow = table.rows.find((r) => slugOf(r.tenant) === empty);
  assert.ok(emptyRow, `${empty} is in the API's table`);
  assert.equal(emptyRow.state, 'NOTHING');
  const emptyOnPage = shown.rows[empty];
  assert.ok(Object.values(emptyOnPage.cells).every((c) => c.source === 'missing' && c.text === '—'));
  assert.equal(await page.textContent(`tr[data-tenant="${empty}"] td.state`), 'Aucune donnée');
  assert.ok(await page.isVisible('.legend .swatch.missing'));
  assert.ok(await page.isVisible('.legend .swatch.reported'));

  // One chart per indicator, by region (Chart.js drew on each canvas).
  assert.equal(await page.locator('#charts figure.chart canvas').count(), table.columns.length);
  assert.ok(await page.evaluate(() => typeof Chart !== 'undefined'), 'Chart.js loaded from the gateway');

  await page.screenshot({ path: path.join(artifactsDir(), 'dashboard.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a wrong key is refused with a message, no table', async () => {
  const page = await browser.newPage();
  await page.goto(`${stack.url}/`);
  await page.fill('#api-key', 'pk_0000000000000000_wrong');
  await page.click('#key-submit');
  await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 20000 });
  assert.match(await page.textContent('#status'), /Clé refusée/);
  await page.close();
});

test('the public pages answer without a key', { skip: process.env.POLES_BROWSER_STACK === 'fixture' && 'canned reads have no public pages' }, async () => {
  const calendar = await fetch(`${stack.url}/p/centre-du-quebec/calendrier.ics`);
  assert.equal(calendar.status, 200, await calendar.clone().text());
  assert.match(calendar.headers.get('content-type'), /^text\/calendar/);
  assert.match(await calendar.text(), /^BEGIN:VCALENDAR\r\n/);
  const directory = await fetch(`${stack.url}/p/centre-du-quebec/repertoire?mrc=drummond`);
  assert.equal(directory.status, 200, await directory.clone().text());
  assert.match(directory.headers.get('content-type'), /^text\/html/);
  const missing = await fetch(`${stack.url}/p/centre-du-quebec/repertoire`);
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).error.field, 'mrc');
  const unknown = await fetch(`${stack.url}/p/nulle-part/calendrier.ics`);
  assert.ok([403, 404].includes(unknown.status), `unknown tenant: ${unknown.status}`);
});

// The bilan the gateway compiles for Centre-du-Québec's 2017-2018, read as
// the Chantier reads it (the dashboard's link): in the order of a rapport
// d'activité, with the figures of
// /work/shared/seeds/centre-du-quebec-rapport-activite-2017-2018.txt (the
// line of each beside it). Its HTML and a screenshot are kept as test
// artefacts.
test('Centre-du-Québec\'s 2017-2018 bilan reads like its rapport d\'activité', { skip: process.env.POLES_BROWSER_STACK === 'fixture' && 'canned reads hold no bilan' }, async () => {
  const url = `${stack.url}/api/v1/tenants/centre-du-quebec/bilans/2017-2018.html`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${stack.key}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const html = await res.text();
  writeFileSync(path.join(artifactsDir(), 'bilan-centre-du-quebec-2017-2018.html'), html);

  const page = await browser.newPage();
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${stack.key}` });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const shown = await page.goto(url);
  assert.equal(shown.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), /Centre-du-Québec/);

  // The chapters, in the order of the mandate's bilan.
  const chapters = await page.$$eval('section.chapitre > h2', (hs) => hs.map((h) => h.textContent));
  const expected = ['Vie associative', 'Concertation et représentation', 'Événements et participants',
                    'Formations', 'Accompagnement', 'Répertoire', 'Financement', "Plan d'action"];
  let at = -1;
  for (const title of expected) {
    const i = chapters.findIndex((c, k) => k > at && c.includes(title));
    assert.ok(i > at, `chapter "${title}" after the previous one, in ${JSON.stringify(chapters)}`);
    at = i;
  }

  const text = (id) => page.textContent(`section#${id}`);
  // l. 39: "Conseil d'administration du Pôle | 6 rencontres régulières | 1
  // rencontre de l'exécutif": the bodies by their names, not their ids.
  const vie = await text('vie_associative');
  assert.match(vie, /Conseil d'administration du Pôle/);
  assert.match(vie, /Comité exécutif du Pôle/);
  assert.doesNotMatch(vie, /\bexecutif\b/);
  // l. 262: "Nombre de dossiers différents : 14"; l. 276: the interventions
  // by territory, 7 + 6 + 5 + 2 = 20.
  const accompaniment = await text('accompagnement');
  // (textContent runs the cells together: a figure is a run of digits.)
  assert.match(accompaniment, /(^|\D)14(\D|$)/);
  assert.match(accompaniment, /(^|\D)20(\D|$)/);
  // l. 95: "237 entreprises d'économie sociale pour la région" and "la
  // répartition [...] des 225 entreprises": both, the gap a finding.
  const directory = await text('repertoire');
  assert.match(directory, /237/);
  assert.match(await page.textContent('body'), /225/);

  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(artifactsDir(), 'bilan-centre-du-quebec-2017-2018.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
