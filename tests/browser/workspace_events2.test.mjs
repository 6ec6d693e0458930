// The Événements screen's calendar, bodies and meetings, and trainings'
// satisfaction: what the screen shows against what the service returns
// (through /v1/ with the demo keys), keyboard use of the calendar, a body
// created and a refused one (the field's error in French, nothing
// written), the viewer without the form, and axe on the screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './stack.mjs';
import {
  TENANT, YEAR, accounts, axeScan, chooseYear, keys, openWorkspace, signIn, useWorkspaceStack, v1,
} from './workspace_page.mjs';

useWorkspaceStack();

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre',
  'octobre', 'novembre', 'décembre'];

const montrealDay = (instant) => new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Montreal', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));

async function yearEvents() {
  const r = await v1(keys.editor, 'GET', `tenants/${TENANT}/events?fiscal_year=${YEAR}&page_size=50`);
  assert.ok(!r.nextPageToken, 'the seed year fits one page');
  return r.events || [];
}

async function bodies() {
  const r = await v1(keys.editor, 'GET', `tenants/${TENANT}/bodies?page_size=100`);
  return r.bodies || [];
}

async function openEvents(account = accounts.editor) {
  const page = await openWorkspace();
  await signIn(page, account);
  await chooseYear(page);
  await page.click('nav.tabs a[href="/espace/evenements"]');
  await page.waitForSelector('#liste-evenements');
  await page.waitForSelector('#calendrier td[data-day]');
  return page;
}

// The calendar's shown month ("2017-06") from its first day cell.
const shownMonth = (page) => page.locator('#calendrier td[data-day]').first().getAttribute('data-day')
  .then((d) => d.slice(0, 7));

async function checkMonth(page, perDay) {
  const month = await shownMonth(page);
  const [y, m] = month.split('-').map(Number);
  const caption = await page.locator('#cal-mois strong').textContent();
  assert.equal(caption.toLowerCase(), `${MONTHS[m - 1]} ${y}`);
  const cells = await page.locator('#calendrier td[data-day]').evaluateAll((tds) => tds.map((td) => ({
    day: td.dataset.day, count: Number(td.dataset.count), titles: [...td.querySelectorAll('li')].map((li) => li.textContent),
  })));
  assert.equal(cells.length, new Date(Date.UTC(y, m, 0)).getUTCDate(), `${month}: every day of the month`);
  for (const c of cells) {
    const expected = perDay[c.day] || [];
    assert.equal(c.count, expected.length, `${c.day}: events on the calendar`);
    assert.deepEqual(c.titles.sort(), expected.map((e) => e.title).sort(), `${c.day}: titles`);
  }
  return month;
}

test('the calendar shows the year’s events on their Montréal days, in French, moved through with the keyboard', async () => {
  const events = await yearEvents();
  assert.ok(events.length > 0);
  const perDay = {};
  for (const ev of events) (perDay[montrealDay(ev.startTime)] ||= []).push(ev);
  const first = Object.keys(perDay).sort()[0].slice(0, 7);

  const page = await openEvents();
  // It opens on the year's first month with events; French day names.
  assert.equal(await checkMonth(page, perDay), first);
  const heads = await page.locator('#calendrier thead th').allTextContents();
  assert.equal(heads.length, 7);
  assert.match(heads[0], /^dim/);
  assert.match(heads[1], /^lun/);
  await axeScan(page, 'événements (calendrier, instances, formations)');
  await page.screenshot({ path: path.join(artifactsDir(), 'workspace-events2.png'), fullPage: true });

  // Keyboard: one day in the tab order; arrows move it, Page Down goes to
  // the next month, which the heading names.
  const cell = page.locator('#calendrier td[tabindex="0"]');
  assert.equal(await cell.count(), 1);
  await cell.focus();
  const focused = () => page.waitForFunction(() => document.activeElement && document.activeElement.dataset.day)
    .then((h) => h.jsonValue());
  const startDay = await focused();
  assert.equal(startDay, `${first}-01`);
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), `${first}-02`);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), `${first}-09`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // Before the 1st: the previous month's last day when it is in the year.
  const [fy, fm] = first.split('-').map(Number);
  if (fm !== 4) {
    const prev = fm === 1 ? `${fy - 1}-12` : `${fy}-${String(fm - 1).padStart(2, '0')}`;
    assert.equal((await focused()).slice(0, 7), prev);
    await page.keyboard.press('ArrowRight');
  } else {
    assert.equal(await focused(), `${first}-01`, 'the fiscal year starts on 1 April: no move before it');
  }
  assert.equal(await page.locator('#calendrier td[tabindex="0"]').count(), 1);

  // Every month of the fiscal year with Page Down, each checked against the service.
  const seen = [await shownMonth(page)];
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('PageDown');
    const month = await shownMonth(page);
    if (month === seen[seen.length - 1]) break;  // March: the year's end
    seen.push(await checkMonth(page, perDay));
    assert.equal((await focused()).slice(0, 7), month, 'the focus follows to the new month');
  }
  assert.equal(seen[seen.length - 1], `${Number(YEAR.slice(5))}-03`);
  // The buttons too: « Mois précédent » goes back one month.
  await page.click('#cal-precedent');
  assert.equal(await shownMonth(page), `${Number(YEAR.slice(5))}-02`);
  await page.close();
});

test('the bodies and their meetings as the service links them; the editor creates one, a nameless one is refused in French', async () => {
  const events = await yearEvents();
  const before = await bodies();
  assert.ok(before.length >= 1, 'the seed has bodies');
  const page = await openEvents();
  await page.waitForSelector('#liste-instances tbody tr');
  const rows = await page.locator('#liste-instances tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    name: tr.dataset.body, display: tr.querySelector('th').textContent,
    count: Number(tr.querySelector('td[data-count]').dataset.count),
    meetings: tr.querySelectorAll('ul.rencontres li').length,
  })));
  assert.deepEqual(rows.map((r) => r.name).sort(), before.map((b) => b.name).sort());
  let linked = 0;
  for (const b of before) {
    const row = rows.find((r) => r.name === b.name);
    const meetings = events.filter((ev) => ev.body === b.name).length;
    linked += meetings;
    assert.equal(row.display, b.displayName);
    assert.equal(row.count, meetings, `${b.displayName}: meetings`);
    assert.equal(row.meetings, meetings);
  }
  assert.ok(linked > 0, 'the seed links meetings to bodies');
  const board = before.find((b) => b.kind === 'BOARD');
  assert.ok(board);
  const boardRow = page.locator(`#liste-instances tr[data-body="${board.name}"] td`).first();
  assert.equal(await boardRow.textContent(), 'Conseil d’administration');

  // Refused: no name. The field says why in French, nothing is written.
  await page.fill('#instance-nom', '   ');
  await page.click('#saisie-instance button[type=submit]');
  await page.waitForSelector('#instance-nom[aria-invalid="true"]');
  assert.equal(await page.getAttribute('#instance-nom', 'aria-describedby'), 'instance-name-erreur');
  assert.match(await page.locator('#instance-name-erreur').textContent(), /Le nom de l’instance est requis/);
  assert.match(await page.locator('#saisie-instance [role=alert]').textContent(), /n’a pas été enregistrée/);
  assert.equal((await bodies()).length, before.length, 'a refused body was written');
  await axeScan(page, 'instance refusée');

  // Created: it is listed by the service and on the screen, no meeting yet.
  const name = `Comité de suivi ${Date.now()}`;
  await page.fill('#instance-nom', name);
  await page.selectOption('#instance-type', 'COMMITTEE');
  await page.click('#saisie-instance button[type=submit]');
  await page.waitForSelector(`#liste-instances th:text-is("${name}")`);
  assert.equal(await page.locator('#instance-nom[aria-invalid]').count(), 0);
  const after = await bodies();
  const created = after.find((b) => b.displayName === name);
  assert.ok(created, 'the body is not in ListBodies');
  assert.equal(created.kind, 'COMMITTEE');
  assert.equal(after.length, before.length + 1);
  const row = page.locator(`#liste-instances tr[data-body="${created.name}"]`);
  assert.equal(await row.locator('td[data-count]').getAttribute('data-count'), '0');
  assert.equal(await row.locator('td').first().textContent(), 'Comité');
  await page.close();
});

test('trainings show their cohort and satisfaction results as the service returns them, in French', async () => {
  const trainings = (await yearEvents()).filter((ev) => ev.kind === 'TRAINING');
  assert.ok(trainings.some((ev) => ev.training && (ev.training.satisfaction || []).length), 'the seed has a training with satisfaction');
  const page = await openEvents();
  await page.waitForSelector('#formations');
  assert.equal(await page.locator('#formations article.formation').count(), trainings.length);
  for (const ev of trainings) {
    const article = page.locator(`#formations article[data-event="${ev.name}"]`);
    assert.match(await article.locator('h3').textContent(), new RegExp(`^${ev.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — \\d{1,2} (${MONTHS.join('|')}) 20\\d\\d$`));
    if (ev.training && ev.training.cohortSize !== undefined) {
      assert.equal(await article.locator('.cohorte').textContent(), `Personnes inscrites : ${ev.training.cohortSize}`);
    }
    const shown = await article.locator('table.satisfaction tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      question: tr.querySelector('th').textContent, percent: Number(tr.querySelector('td').dataset.percent),
      text: tr.querySelector('td').textContent,
    })));
    const results = (ev.training && ev.training.satisfaction) || [];
    assert.deepEqual(shown.map(({ question, percent }) => ({ question, percent })),
                     results.map((r) => ({ question: r.question, percent: r.percent ?? 0 })));
    for (const s of shown) assert.match(s.text, new RegExp(`^${s.percent}[\\s\\u00a0\\u202f]%$`), 'French percent « 92 % »');
  }
  await page.close();
});

test('the viewer sees the bodies and the calendar but no form to create a body', async () => {
  const page = await openEvents(accounts.viewer);
  await page.waitForSelector('#liste-instances');
  assert.equal(await page.locator('#saisie-instance').count(), 0);
  assert.equal(await page.locator('#calendrier td[tabindex="0"]').count(), 1);
  await axeScan(page, 'événements (lecture seule)');
  await page.close();
});
