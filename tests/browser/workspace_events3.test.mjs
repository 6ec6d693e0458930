// The Événements screen's quick entry with the body an event is a meeting
// of, a training's satisfaction results entered and shown, an event with
// participants by gender seen on the Tableau de bord and the Bilan by the
// exact difference the services report, and the Répertoire's membership
// renewal and CSV export. What the screen shows is checked against what
// the services return (/v1/ and the gateway's /api/v1/ with the demo
// keys); refused writes show the field's error in French and write
// nothing; a stale copy is explained. As Centre-du-Québec's editor, in
// 2017-2018 (the demo's year).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { artifactsDir } from './stack.mjs';
import {
  TENANT, YEAR, accounts, axeScan, chooseYear, figure, keys, openWorkspace, signIn, stack,
  useWorkspaceStack, v1,
} from './workspace_page.mjs';

useWorkspaceStack();

const T = `tenants/${TENANT}`;

async function yearEvents() {
  const r = await v1(keys.editor, 'GET', `${T}/events?fiscal_year=${YEAR}&page_size=50`);
  assert.ok(!r.nextPageToken, 'the year fits one page');
  return r.events || [];
}

async function bodies() {
  return (await v1(keys.editor, 'GET', `${T}/bodies?page_size=100`)).bodies || [];
}

// The summary's values without dimensions, by indicator.
async function eventTotals() {
  const s = await v1(keys.editor, 'GET', `${T}:summarizeEvents?fiscal_year=${YEAR}`);
  const out = {};
  for (const v of s.values || []) if (Object.keys(v.dimensions || {}).length === 0) out[v.indicator] = Number(v.value);
  return out;
}

// The bilan as the gateway compiles it: cell(indicator, dimension, row)
// is the table's row value (row 'total': its total), 0 when absent.
async function bilan() {
  const res = await fetch(`${stack.url}/api/v1/${T}/bilans/${YEAR}`, { headers: { Authorization: `Bearer ${keys.editor}` } });
  assert.equal(res.status, 200);
  const b = await res.json();
  const tables = (b.sections || []).flatMap((s) => s.tables || []);
  const cell = (indicator, dimension, row) => {
    const table = tables.find((x) => x.indicator === indicator && (x.dimension || '') === dimension);
    if (!table) return 0;
    if (row === 'total') return table.total ? Number(table.total.value) : 0;
    const r = (table.rows || []).find((x) => (x.dimensions || {})[dimension] === row);
    assert.ok(!r || !r.suppressed, `${indicator} ${row} is suppressed`);
    return r ? Number(r.value) : 0;
  };
  return { cell, raw: b };
}

async function openEvents(account = accounts.editor) {
  const page = await openWorkspace();
  await signIn(page, account);
  await chooseYear(page);
  await page.click('nav.tabs a[href="/espace/evenements"]');
  await page.waitForSelector('#liste-evenements');
  await page.waitForSelector('#liste-instances tbody tr');
  return page;
}

async function fillEntry(page, { title, date, total, women, men, other }) {
  await page.fill('#ev-title', title);
  await page.fill('#ev-date', date);
  await page.fill('#ev-start', '18:00');
  await page.fill('#ev-end', '20:00');
  for (const [k, v] of Object.entries({ total, women, men, other })) {
    if (v === null) await page.check(`#participants-${k}-nc`);
    else await page.fill(`#participants-${k}`, String(v));
  }
}

const saved = (page) => page.waitForFunction(
  () => /enregistré/.test(document.querySelector('#saisie-evenement [role=status]').textContent));

test('the quick entry records a meeting of the board as one: the body chosen, its kind, its meetings and the bilan’s count', async () => {
  const all = await bodies();
  const board = all.find((b) => b.kind === 'BOARD');
  const executive = all.find((b) => b.kind === 'EXECUTIVE');
  assert.ok(board && executive, 'the seed has a board and an executive');
  const boardMeetings = (await yearEvents()).filter((ev) => ev.body === board.name).length;
  const before = { totals: await eventTotals(), bilan: await bilan() };

  const page = await openEvents();
  // The choice lists every body of ListBodies, and « Aucune » first.
  const options = await page.locator('#ev-body option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  assert.equal(options[0].value, '');
  assert.match(options[0].text, /^Aucune/);
  assert.deepEqual(options.slice(1).map((o) => o.value).sort(), all.map((b) => b.name).sort());
  assert.equal(options.find((o) => o.value === board.name).text, board.displayName);
  assert.match(await page.locator('label[for=ev-body]').textContent(), /^Instance/);
  assert.equal(await page.getAttribute('#ev-body', 'aria-describedby'), 'ev-body-aide');
  // Choosing a body makes the event that body's kind of meeting.
  await page.selectOption('#ev-body', executive.name);
  assert.equal(await page.inputValue('#ev-kind'), 'EXECUTIVE_MEETING');
  await page.selectOption('#ev-body', board.name);
  assert.equal(await page.inputValue('#ev-kind'), 'BOARD_MEETING');
  await axeScan(page, 'saisie rapide avec instance');
  await page.locator('#saisie-evenement').screenshot({ path: path.join(artifactsDir(), 'workspace-events3-entry.png') });

  const title = `Conseil d’administration — séance extraordinaire ${Date.now()}`;
  await fillEntry(page, { title, date: '2017-12-06', total: 9, women: 5, men: 4, other: 0 });
  await page.click('#saisie-evenement button[type=submit]');
  await saved(page);

  const created = (await yearEvents()).find((ev) => ev.title === title);
  assert.ok(created, 'the event is not in ListEvents');
  assert.equal(created.body, board.name);
  assert.equal(created.kind, 'BOARD_MEETING');
  assert.deepEqual(created.participants, { total: 9, women: 5, men: 4, other: 0 });
  // The form is ready for the next one: no body chosen.
  assert.equal(await page.inputValue('#ev-body'), '');

  // The board's row counts it and lists it.
  const row = page.locator(`#liste-instances tr[data-body="${board.name}"]`);
  await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.dataset.count === String(n),
                             [`#liste-instances tr[data-body="${board.name}"] td[data-count]`, boardMeetings + 1]);
  assert.match(await row.locator('ul.rencontres').textContent(), new RegExp(`6 décembre 2017 — ${title}`));

  // The services count one more meeting, of the board, and one more board meeting.
  const after = { totals: await eventTotals(), bilan: await bilan() };
  assert.equal(after.totals['events.meetings'], before.totals['events.meetings'] + 1);
  assert.equal(after.totals['events.held'], before.totals['events.held'] + 1);
  assert.equal(after.bilan.cell('events.meetings', 'body_kind', 'board'), before.bilan.cell('events.meetings', 'body_kind', 'board') + 1);
  assert.equal(after.bilan.cell('events.meetings', 'event_kind', 'board_meeting'),
               before.bilan.cell('events.meetings', 'event_kind', 'board_meeting') + 1);
  assert.equal(after.bilan.cell('events.meetings', 'body_kind', 'executive'), before.bilan.cell('events.meetings', 'body_kind', 'executive'));
  await page.waitForFunction((n) => document.querySelector('#indicateurs-events tr[data-indicator="events.meetings"] td[data-value]')?.dataset.value === String(n),
                             after.totals['events.meetings']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a body deleted since the list was read is refused on its field in French, nothing is written, the list is read again', async () => {
  const committee = await v1(keys.editor, 'POST', `${T}/bodies?request_id=${crypto.randomUUID()}`,
                             { displayName: `Comité éphémère ${Date.now()}`, kind: 'COMMITTEE' });
  const page = await openEvents();
  await page.selectOption('#ev-body', committee.name);
  assert.equal(await page.inputValue('#ev-kind'), 'COMMITTEE_MEETING');
  // Someone else deletes the committee meanwhile.
  await v1(keys.editor, 'DELETE', committee.name);
  const count = (await yearEvents()).length;
  const title = `Comité éphémère — rencontre ${Date.now()}`;
  await fillEntry(page, { title, date: '2017-10-11', total: null, women: null, men: null, other: null });
  await page.click('#saisie-evenement button[type=submit]');
  await page.waitForSelector('#ev-body[aria-invalid="true"]');
  assert.equal(await page.getAttribute('#ev-body', 'aria-describedby'), 'ev-body-aide ev-body-erreur');
  assert.match(await page.locator('#ev-body-erreur').textContent(), /Cette instance n’existe plus/);
  assert.match(await page.locator('#saisie-evenement [role=alert]').textContent(), /n’a pas été enregistré/);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ev-body');
  assert.equal((await yearEvents()).length, count, 'a refused event was written');
  // The list no longer offers it.
  await page.waitForFunction((name) => ![...document.querySelectorAll('#ev-body option')].some((o) => o.value === name), committee.name);
  await axeScan(page, 'instance refusée dans la saisie rapide');
  await page.close();
});

async function createTraining(title) {
  return v1(keys.editor, 'POST', `${T}/events?request_id=${crypto.randomUUID()}`, {
    title, kind: 'TRAINING', organised: true, startTime: '2018-01-17T14:00:00Z', endTime: '2018-01-17T20:00:00Z',
    participants: { total: 12 },
  });
}

test('the editor enters a training’s satisfaction results: a refused percent is named in French and nothing written, then saved and shown', async () => {
  const training = await createTraining(`Formation en gouvernance ${Date.now()}`);
  const short = training.name.split('/').pop();
  const before = await eventTotals();
  const page = await openEvents();
  const article = page.locator(`#formations article[data-event="${training.name}"]`);
  await article.waitFor();
  assert.match(await article.textContent(), /Aucun résultat de satisfaction enregistré/);
  // The viewer-facing table is unchanged; the editor opens the form.
  await page.click(`#saisir-${short}`);
  const form = `#satisfaction-${short}`;
  await page.waitForSelector(form);
  await axeScan(page, 'saisie de la satisfaction');
  await page.fill(`${form}-cohort`, '12');
  await page.fill(`${form}-q0`, 'Le contenu était clair');
  await page.fill(`${form}-p0`, '91,5');
  await page.click(`${form}-ajouter`);
  await page.fill(`${form}-q1`, 'L’animation a favorisé ma compréhension');
  await page.fill(`${form}-p1`, '150');

  // Refused by the service: 150 %. The field says why, in French.
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form}-p1[aria-invalid="true"]`);
  assert.equal(await page.getAttribute(`${form}-p1`, 'aria-describedby'), `satisfaction-${short}-p1-erreur`);
  assert.equal(await page.locator(`${form}-p1-erreur`).textContent(), 'Le pourcentage doit être entre 0 et 100.');
  assert.equal(await page.locator(`${form}-p0[aria-invalid]`).count(), 0);
  assert.match(await page.locator(`${form} [role=alert]`).textContent(), /n’ont pas été enregistrés/);
  let stored = await v1(keys.editor, 'GET', training.name);
  assert.equal(stored.etag, training.etag, 'a refused write changed the event');
  assert.ok(!stored.training || !(stored.training.satisfaction || []).length);
  await axeScan(page, 'satisfaction refusée');
  await page.locator(form).screenshot({ path: path.join(artifactsDir(), 'workspace-events3-satisfaction.png') });

  // Not a number: refused before anything is sent.
  await page.fill(`${form}-p1`, 'beaucoup');
  await page.click(`${form} button[type=submit]`);
  await page.waitForFunction((sel) => /Entrez un pourcentage/.test(document.querySelector(sel)?.textContent || ''), `${form}-p1-erreur`);

  await page.fill(`${form}-p1`, '100');
  await page.click(`${form} button[type=submit]`);
  await page.waitForFunction((t) => document.querySelector('#formations-etat').textContent.includes(t), training.title);
  stored = await v1(keys.editor, 'GET', training.name);
  assert.equal(stored.training.cohortSize, 12);
  assert.deepEqual(stored.training.satisfaction, [
    { question: 'Le contenu était clair', percent: 91.5 },
    { question: 'L’animation a favorisé ma compréhension', percent: 100 },
  ]);
  // Shown as the service has them, the French way.
  await page.waitForSelector(`#formations article[data-event="${training.name}"] table.satisfaction`);
  const shown = await article.locator('table.satisfaction tbody tr').evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector('th').textContent, tr.querySelector('td').textContent.replace(/[\s\u00a0\u202f]/g, ' ')]));
  assert.deepEqual(shown, [['Le contenu était clair', '91,5 %'], ['L’animation a favorisé ma compréhension', '100 %']]);
  assert.equal(await article.locator('.cohorte').textContent(), 'Personnes inscrites : 12');
  // The indicators: 12 answers per question, satisfied rounded per question (11 + 12).
  const after = await eventTotals();
  assert.equal(after['events.satisfaction_answers'], (before['events.satisfaction_answers'] || 0) + 24);
  assert.equal(after['events.satisfaction_satisfied'], (before['events.satisfaction_satisfied'] || 0) + 23);
  await page.waitForFunction((n) => document.querySelector('#indicateurs-events tr[data-indicator="events.satisfaction_answers"] td[data-value]')?.dataset.value === String(n),
                             after['events.satisfaction_answers']);
  // In English on request.
  await page.click('header button[lang=en]');
  await page.waitForSelector(`#formations article[data-event="${training.name}"] table.satisfaction`);
  assert.equal(await article.locator('table.satisfaction tbody td').first().textContent(), '91.5%');
  assert.equal(await page.locator(`#saisir-${short}`).textContent(), 'Enter satisfaction results');
  assert.equal(await page.locator('label[for=ev-body]').textContent(), 'Body (optional)');
  await page.click('header button[lang=fr]');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('satisfaction entered on a stale copy is refused and explained, the current version reloaded, then saved; cancelling writes nothing', async () => {
  const training = await createTraining(`Formation sur le financement ${Date.now()}`);
  const short = training.name.split('/').pop();
  const form = `#satisfaction-${short}`;
  const page = await openEvents();
  await page.click(`#saisir-${short}`);
  await page.fill(`${form}-q0`, 'Utile pour mon organisation');
  await page.fill(`${form}-p0`, '80');
  // Cancel: the form closes, nothing is written, the focus back on its button.
  await page.click(`${form} button:text-is("Annuler")`);
  await page.waitForSelector(form, { state: 'detached' });
  await page.waitForFunction((id) => document.activeElement?.id === id, `saisir-${short}`);
  assert.equal((await v1(keys.editor, 'GET', training.name)).etag, training.etag);
  // Escape cancels too.
  await page.click(`#saisir-${short}`);
  await page.fill(`${form}-p0`, '80');
  await page.keyboard.press('Escape');
  await page.waitForSelector(form, { state: 'detached' });
  assert.equal((await v1(keys.editor, 'GET', training.name)).etag, training.etag);

  await page.click(`#saisir-${short}`);
  await page.fill(`${form}-cohort`, '8');
  await page.fill(`${form}-q0`, 'Utile pour mon organisation');
  await page.fill(`${form}-p0`, '75');
  // Meanwhile, someone else changes the training.
  const changed = await v1(keys.editor, 'PATCH', `${training.name}?update_mask=description`,
                           { name: training.name, etag: training.etag, description: 'Changée ailleurs' });
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form}-conflit`);
  assert.match(await page.locator(`${form}-conflit`).textContent(), /Quelqu’un a modifié .* rien n’a été enregistré/);
  const stored = await v1(keys.editor, 'GET', training.name);
  assert.equal(stored.etag, changed.etag);
  assert.ok(!stored.training || !(stored.training.satisfaction || []).length, 'a stale write was applied');
  await axeScan(page, 'satisfaction en conflit');
  await page.click(`${form}-recharger`);
  await page.waitForSelector(`${form}-conflit`, { state: 'detached' });
  assert.equal(await page.inputValue(`${form}-q0`), '');
  await page.fill(`${form}-cohort`, '8');
  await page.fill(`${form}-q0`, 'Utile pour mon organisation');
  await page.fill(`${form}-p0`, '75');
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`#formations article[data-event="${training.name}"] table.satisfaction`);
  const now = await v1(keys.editor, 'GET', training.name);
  assert.equal(now.description, 'Changée ailleurs', 'the other change was kept');
  assert.deepEqual(now.training, { cohortSize: 8, satisfaction: [{ question: 'Utile pour mon organisation', percent: 75 }] });
  await page.close();
});

test('the viewer sees the trainings’ results but no way to enter them, nor a body to choose', async () => {
  const page = await openEvents(accounts.viewer);
  await page.waitForSelector('#formations article.formation');
  assert.equal(await page.locator('#formations button').count(), 0);
  assert.equal(await page.locator('#ev-body').count(), 0);
  await page.close();
});

test('an event recorded with participants by gender changes the Tableau de bord’s events indicators and the Bilan’s figures by what the services report', async () => {
  const before = { totals: await eventTotals(), bilan: await bilan() };
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await chooseYear(page);
  await page.waitForSelector('#indicateurs-events');
  for (const code of ['events.held', 'events.participants']) {
    assert.equal(await figure(page, 'indicateurs-events', code), before.totals[code], `dashboard ${code} before`);
  }
  // The Bilan screen before: its figures are the gateway's.
  await page.click('nav.tabs a[href="/espace/bilan"]');
  await page.waitForSelector('#bilan');
  const bilanCell = (indicator, row) => page.locator(`#bilan table[data-indicator="${indicator}"]:has(tr[data-row="${row}"]) tr[data-row="${row}"] td`)
    .first().getAttribute('data-value').then(Number);
  assert.equal(await bilanCell('events.participants', 'not_collected'), before.bilan.cell('events.participants', 'gender', 'not_collected'));

  await page.click('nav.tabs a[href="/espace/evenements"]');
  await page.waitForSelector('#saisie-evenement');
  const title = `Forum régional de l’économie sociale ${Date.now()}`;
  await page.selectOption('#ev-kind', 'FORUM');
  await fillEntry(page, { title, date: '2018-03-08', total: 24, women: 11, men: 7, other: 6 });
  await page.fill('#ev-location', 'Drummondville');
  await page.click('#saisie-evenement button[type=submit]');
  await saved(page);

  // What the services report now: exactly the event's counts more.
  const after = { totals: await eventTotals(), bilan: await bilan() };
  assert.equal(after.totals['events.held'], before.totals['events.held'] + 1);
  assert.equal(after.totals['events.participants'], before.totals['events.participants'] + 24);
  const b0 = before.bilan.cell;
  const b1 = after.bilan.cell;
  assert.equal(b1('events.held', 'event_kind', 'total'), b0('events.held', 'event_kind', 'total') + 1);
  assert.equal(b1('events.held', 'event_kind', 'forum'), b0('events.held', 'event_kind', 'forum') + 1);
  assert.equal(b1('events.participants', 'gender', 'total'), b0('events.participants', 'gender', 'total') + 24);
  assert.equal(b1('events.participants', 'gender', 'women'), b0('events.participants', 'gender', 'women') + 11);
  assert.equal(b1('events.participants', 'gender', 'men'), b0('events.participants', 'gender', 'men') + 7);
  assert.equal(b1('events.participants', 'gender', 'not_collected'), b0('events.participants', 'gender', 'not_collected'));
  assert.equal(b1('events.participants', 'event_kind', 'forum'), b0('events.participants', 'event_kind', 'forum') + 24);
  const otherKey = ['other', 'other_or_undeclared', 'undeclared'].find((k) => b1('events.participants', 'gender', k) > 0);
  assert.ok(otherKey, `no "other" row in ${JSON.stringify(after.bilan.raw.sections.flatMap((s) => s.tables || []).filter((x) => x.indicator === 'events.participants' && x.dimension === 'gender'))}`);
  assert.equal(b1('events.participants', 'gender', otherKey), b0('events.participants', 'gender', otherKey) + 6);

  // The Tableau de bord shows the new figures.
  await page.click('nav.tabs a[href="/espace/"]');
  await page.waitForFunction((n) => document.querySelector('#indicateurs-events tr[data-indicator="events.held"] td[data-value]')?.dataset.value === String(n),
                             after.totals['events.held']);
  assert.equal(await figure(page, 'indicateurs-events', 'events.participants'), before.totals['events.participants'] + 24);
  // And the Bilan screen, row by row, the gateway's new figures.
  await page.click('nav.tabs a[href="/espace/bilan"]');
  await page.waitForSelector('#bilan');
  for (const [row, n] of [['women', 11], ['men', 7], [otherKey, 6]]) {
    assert.equal(await bilanCell('events.participants', row), b0('events.participants', 'gender', row) + n, `bilan ${row}`);
  }
  assert.equal(await bilanCell('events.participants', 'not_collected'), b0('events.participants', 'gender', 'not_collected'));
  assert.equal(await bilanCell('events.held', 'forum'), b0('events.held', 'event_kind', 'forum') + 1);
  const held = page.locator('#bilan table[data-indicator="events.held"]:has(tr[data-row="forum"]) tr[data-row="total"] td');
  assert.equal(Number(await held.getAttribute('data-value')), before.totals['events.held'] + 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// Two enterprises in two MRCs and a partner (which the export leaves out),
// created through /v1/; the first a member since 2016, due 31 March 2018.
let directory;
async function seedDirectory() {
  if (directory) return directory;
  const sectors = (await v1(keys.editor, 'GET', 'sectors')).sectors;
  const mrcs = (await v1(keys.editor, 'GET', `${T}:getDirectoryDistribution`)).byMrc
    .slice().sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  assert.ok(sectors.length && mrcs.length >= 2);
  const create = (organisation) => v1(keys.editor, 'POST', `${T}/organisations?request_id=${crypto.randomUUID()}`, organisation);
  const member = await create({
    displayName: 'Coopérative de solidarité Essai-Renouvellement', kind: 'ENTERPRISE', legalForm: 'COOPERATIVE',
    sector: sectors[0].name, mrc: mrcs[1].key, municipality: 'Victoriaville',
    membership: { status: 'ACTIVE', since: '2016-09-20', renewalDue: '2018-03-31' },
  });
  const other = await create({
    displayName: 'Atelier « Les Mains, d’abord »', kind: 'ENTERPRISE', legalForm: 'OBNL',
    sector: sectors[sectors.length - 1].name, mrc: mrcs[0].key, municipality: 'Bécancour',
  });
  const partner = await create({ displayName: 'Partenaire Essai-Exclu', kind: 'PARTNER' });
  directory = { member, other, partner, sectors, mrcs };
  return directory;
}

async function openDirectory(account = accounts.editor) {
  const page = await openWorkspace();
  await signIn(page, account);
  await page.click('nav.tabs a[href="/espace/repertoire"]');
  await page.waitForSelector('#liste-organisations tbody tr');
  return page;
}

test('the editor renews a membership: a renewal ending before it is refused on its field in French, then recorded and shown in the history; a stale copy is explained', async () => {
  const { member } = await seedDirectory();
  const page = await openDirectory();
  await page.click(`button[data-edit="${member.name}"]`);
  await page.waitForSelector('#adhesion');
  assert.equal(await page.locator('#adhesion-etat').textContent(),
               'Membre — depuis le 20 septembre 2016 — à renouveler au plus tard le 31 mars 2018');
  assert.equal(await page.locator('#renouvellements-aucun').textContent(), 'Aucun renouvellement enregistré.');
  await axeScan(page, 'adhésion et renouvellement');

  // Refused by the service: the renewed membership ends before the renewal.
  await page.fill('#renouv-date', '2018-04-10');
  await page.fill('#renouv-until', '2018-03-31');
  await page.click('#renouv-enregistrer');
  await page.waitForSelector('#renouv-until[aria-invalid="true"]');
  assert.equal(await page.getAttribute('#renouv-until', 'aria-describedby'), 'renouv-until-erreur');
  assert.equal(await page.locator('#renouv-until-erreur').textContent(),
               'La fin de l’adhésion renouvelée doit suivre la date du renouvellement.');
  assert.match(await page.locator('#renouv-erreur').textContent(), /n’a pas été enregistré/);
  let stored = await v1(keys.editor, 'GET', member.name);
  assert.equal(stored.etag, member.etag, 'a refused renewal was written');
  assert.deepEqual(stored.membership.renewals, []);
  await axeScan(page, 'renouvellement refusé');

  await page.fill('#renouv-until', '2019-03-31');
  await page.fill('#renouv-note', 'Cotisation 2018-2019 payée');
  await page.click('#renouv-enregistrer');
  await page.waitForSelector('#renouvellements li');
  stored = await v1(keys.editor, 'GET', member.name);
  assert.equal(stored.membership.status, 'ACTIVE');
  assert.equal(stored.membership.since, '2016-09-20');
  assert.equal(stored.membership.renewalDue, '2019-03-31');
  assert.equal(stored.membership.renewals.length, 1);
  assert.deepEqual(
    (({ renewalDate, renewedUntil, note }) => ({ renewalDate, renewedUntil, note }))(stored.membership.renewals[0]),
    { renewalDate: '2018-04-10', renewedUntil: '2019-03-31', note: 'Cotisation 2018-2019 payée' });
  assert.equal(await page.locator('#renouvellements li').textContent(),
               'Renouvelée le 10 avril 2018, jusqu’au 31 mars 2019 — Cotisation 2018-2019 payée');
  assert.match(await page.locator('#adhesion-etat').textContent(), /à renouveler au plus tard le 31 mars 2019$/);
  assert.match(await page.locator('#renouv-etat').textContent(), /membre jusqu’au 31 mars 2019/);
  assert.equal(await page.locator('#renouv-until[aria-invalid]').count(), 0);
  await page.locator('#edition-organisation').screenshot({ path: path.join(artifactsDir(), 'workspace-events3-renewal.png') });

  // Someone changes the organisation in another tab: the next renewal from
  // this copy is refused, explained, and nothing is written.
  await v1(keys.editor, 'PATCH', `${member.name}?update_mask=phone`, { name: member.name, etag: stored.etag, phone: '819 555-0101' });
  await page.fill('#renouv-date', '2019-03-15');
  await page.fill('#renouv-until', '2020-03-31');
  await page.click('#renouv-enregistrer');
  await page.waitForSelector('#org-conflit');
  assert.match(await page.locator('#org-conflit').textContent(), /Quelqu’un d’autre a modifié cette organisation/);
  assert.equal((await v1(keys.editor, 'GET', member.name)).membership.renewals.length, 1, 'a stale renewal was written');
  await axeScan(page, 'renouvellement en conflit');
  await page.click('#org-recharger');
  await page.waitForSelector('#org-conflit', { state: 'detached' });
  assert.equal(await page.inputValue('#org-phone'), '819 555-0101');
  await page.click('#renouv-enregistrer');
  await page.waitForFunction(() => document.querySelectorAll('#renouvellements li').length === 2);
  const renewals = (await v1(keys.editor, 'GET', member.name)).membership.renewals;
  assert.deepEqual(renewals.map((r) => r.renewedUntil), ['2019-03-31', '2020-03-31']);
  assert.deepEqual(await page.locator('#renouvellements li').evaluateAll((lis) => lis.map((li) => li.dataset.until)),
                   ['2019-03-31', '2020-03-31']);
  // In English on request: the words and the dates.
  await page.click('header button[lang=en]');
  await page.click(`button[data-edit="${member.name}"]`);
  await page.waitForSelector('#renouvellements li');
  assert.equal(await page.locator('label[for=renouv-until]').textContent(), 'Membership valid until');
  assert.equal(await page.locator('#renouvellements li').first().textContent(),
               'Renewed on April 10, 2018, until March 31, 2019 — Cotisation 2018-2019 payée');
  assert.equal(await page.locator('#export-telecharger').textContent(), 'Download the directory (CSV)');
  await page.click('header button[lang=fr]');
  assert.deepEqual(page.errors, []);
  await page.close();
});

function decodeExport(r) {
  return Buffer.from(r.data, 'base64');
}

test('the directory exported as CSV is a file the browser saves, the service’s bytes: BOM, header, the enterprises by MRC, no partner', async () => {
  const { member, other, partner, mrcs } = await seedDirectory();
  const page = await openDirectory();
  await page.waitForSelector('#export-telecharger');
  await axeScan(page, 'répertoire avec export');
  assert.equal(await page.isChecked('#export-pointvirgule'), true);

  const save = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-telecharger')]);
    assert.equal(download.suggestedFilename(), `repertoire-${TENANT}.csv`);
    return readFile(await download.path());
  };
  const file = await save();
  const expected = decodeExport(await v1(keys.editor, 'GET', `${T}:exportDirectory?format=CSV&semicolon=true`));
  assert.ok(file.equals(expected), 'the saved file is not the service’s export');
  assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM, for Excel');
  const lines = file.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], 'MRC;Municipalité;Nom;Forme juridique;Secteur;Adresse;Téléphone;Courriel;Site Web;NEQ');
  assert.equal(lines[lines.length - 1], '', 'CRLF after the last line');
  const rows = lines.slice(1, -1);
  assert.equal(rows.length, 2, rows.join('\n'));
  // By MRC: Bécancour's before Victoriaville's (the MRCs' names in order).
  assert.ok(rows[0].startsWith(`${mrcs[0].label};Bécancour;Atelier « Les Mains, d’abord »;`), rows[0]);
  assert.ok(rows[1].startsWith(`${mrcs[1].label};Victoriaville;${member.displayName};`), rows[1]);
  assert.ok(!file.toString('utf8').includes(partner.displayName), 'a partner is in the public directory');
  assert.match(await page.locator('#export-etat').textContent(), /repertoire-centre-du-quebec\.csv/);

  // Commas for other spreadsheets: the name with a comma is quoted.
  await page.uncheck('#export-pointvirgule');
  const commas = (await save()).subarray(3).toString('utf8').split('\r\n');
  assert.equal(commas[0], 'MRC,Municipalité,Nom,Forme juridique,Secteur,Adresse,Téléphone,Courriel,Site Web,NEQ');
  assert.ok(commas[1].startsWith(`${mrcs[0].label},Bécancour,"${other.displayName}",`), commas[1]);
  assert.deepEqual(page.errors, []);
  await page.close();

  // The viewer reads the directory: the export is theirs too, with no edit.
  const viewer = await openDirectory(accounts.viewer);
  const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.click('#export-telecharger')]);
  assert.ok((await readFile(await download.path())).equals(expected));
  assert.equal(await viewer.locator('#formulaire-renouvellement, button[data-edit]').count(), 0);
  await viewer.close();
});
