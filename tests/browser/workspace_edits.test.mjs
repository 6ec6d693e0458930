// Editing and deleting in the workspace what its screens used to only
// create, in a real browser against the real stack, as Centre-du-Québec's
// editor in 2017-2018 (the demo data's year). Financement: an award and an
// agreement edited with their etag (only the changed fields sent; a
// refused field explained in French with nothing written; a stale copy
// explained, reloaded, then saved) and deleted after a confirmation that
// says what goes with them (Escape and « Annuler » delete nothing; a stale
// copy deletes nothing). Accompagnement: a dossier's phase, sector, MRC and
// gender edited the same way; an intervention, then a dossier with its
// interventions, deleted. Plan d'action: items added under their parent
// (bad and taken numbers refused) and deleted with what is below them.
// The viewer finds none of it. Every state is checked against what the
// services answer, and axe-core scans each new one.
//
//   node --test tests/browser/workspace_edits.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANT, YEAR, accounts, axeScan, chooseYear, figure, keys, openWorkspace, signIn,
  stack, useWorkspaceStack, v1, expectFocus } from './workspace_page.mjs';

useWorkspaceStack();

// Intl's French spaces (no-break, narrow no-break) as plain spaces.
const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const cad = (cents) => ({ cents, currencyCode: 'CAD' });

// A call whose refusal the test expects: the status and the body.
async function v1Raw(method, rest, body) {
  const res = await fetch(`${stack.url}/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${keys.editor}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, text: await res.text() };
}

async function fundingTotal(code) {
  const s = await v1(keys.editor, 'GET', `tenants/${TENANT}:summarizeFunding?fiscal_year=${YEAR}`);
  const v = (s.values || []).find((x) => x.indicator === code && Object.keys(x.dimensions || {}).length === 0);
  return v ? Number(v.value) : 0;
}

async function openScreen(href, ready) {
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await page.click(`nav.tabs a[href="${href}"]`);
  await page.waitForSelector(ready);
  await chooseYear(page);
  return page;
}

async function openFunding() {
  const page = await openScreen('/espace/financement', '#titre-indicateurs');
  await page.waitForFunction((fy) => document.querySelector('#titre-indicateurs')?.textContent.includes(fy), YEAR);
  await page.waitForSelector('#indicateurs-funding');
  return page;
}

// Tab and Shift+Tab from the confirmation's focused button stay on its buttons.
async function focusStaysIn(page, boxId) {
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await page.evaluate((id) => document.activeElement.closest(`#${id}`) !== null, boxId), true,
                 `${key}: the focus left the confirmation`);
  }
}

async function newAward(id, title, extra = {}) {
  return v1(keys.editor, 'POST', `tenants/${TENANT}/awards?award_id=${id}`, {
    title, promoterGroup: `Groupe ${title}`, program: 'programs/fdt-economie-sociale', status: 'AUTHORISED',
    decisionDate: '2017-11-20', amountAuthorised: cad('100000'), ...extra,
  });
}

test('an award is edited with its etag: the changed amounts to the cent, a refused field in French, a stale copy explained', async () => {
  const award = await newAward('essai-modif-aide', 'Essai de modification d’aide');
  const authorisedBefore = await fundingTotal('funding.amount_authorised');
  const page = await openFunding();
  const row = page.locator(`#liste-aides tr[data-name="${award.name}"]`);
  assert.equal(await row.count(), 1);
  assert.match(plain(await row.textContent()), /1 000,00 \$/);

  await page.click(`button[aria-label="Modifier l’aide « ${award.title} »"]`);
  await page.waitForSelector('#modification-aide #maide-titre');
  // The form holds the service's copy: the amount written the French way.
  assert.equal(await page.locator('#maide-titre').inputValue(), award.title);
  assert.equal(plain(await page.locator('#maide-autorise').inputValue()), '1 000,00 $');
  assert.equal(await page.locator('#maide-etat').inputValue(), 'AUTHORISED');
  assert.equal(await page.locator('#maide-date').inputValue(), '2017-11-20');
  await expectFocus(page, 'titre-modification-aide');
  await axeScan(page, 'financement (modification d’une aide)');

  // More disbursed than authorised: the service refuses it on its field, in French; nothing changes.
  await page.selectOption('#maide-etat', 'DISBURSED');
  await page.fill('#maide-verse', '1 500 $');
  await page.click('#modification-aide button[type=submit]');
  await page.waitForSelector('#maide-verse-erreur');
  assert.equal(await page.locator('#maide-verse-erreur').textContent(), 'ne doit pas dépasser le montant autorisé');
  assert.equal(await page.locator('#maide-verse').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#maide-verse').getAttribute('aria-describedby'), /maide-verse-erreur/);
  assert.match(await page.locator('#modification-aide .error[role=alert]').textContent(), /rien n’a été enregistré/);
  const unchanged = await v1(keys.editor, 'GET', award.name);
  assert.equal(unchanged.etag, award.etag, 'nothing is written');
  assert.equal(unchanged.status, 'AUTHORISED');
  await axeScan(page, 'financement (modification refusée)');

  // Typed the French way: 2 500,50 $ authorised, 1 000 $ disbursed.
  await page.fill('#maide-autorise', '2 500,50 $');
  await page.fill('#maide-verse', '1000');
  const patches = [];
  page.on('request', (r) => { if (r.method() === 'PATCH') patches.push(r.url()); });
  await page.click('#modification-aide button[type=submit]');
  await page.waitForFunction(() => /modifiée/.test(document.querySelector('#avis-aides')?.textContent || ''));
  // Only the changed fields are in the update_mask.
  assert.equal(patches.length, 1);
  assert.deepEqual(new URL(patches[0]).searchParams.get('update_mask').split(',').sort(),
                   ['amount_authorised', 'amount_disbursed', 'status']);
  const saved = await v1(keys.editor, 'GET', award.name);
  assert.equal(saved.amountAuthorised.cents, '250050');
  assert.equal(saved.amountDisbursed.cents, '100000');
  assert.equal(saved.status, 'DISBURSED');
  assert.equal(saved.title, award.title);
  assert.equal(saved.promoterGroup, award.promoterGroup);
  assert.notEqual(saved.etag, award.etag);
  assert.equal(await page.locator('#modification-aide').count(), 0, 'the form closes');
  await page.waitForFunction((n) => document.querySelector(`#liste-aides tr[data-name="${n}"] td[data-cents]`)?.dataset.cents === '250050',
                             award.name);
  assert.match(plain(await row.textContent()), /2 500,50 \$.*1 000,00 \$.*versée/);
  // The indicator moved by exactly the difference, on the screen as in the service.
  assert.equal(await fundingTotal('funding.amount_authorised'), authorisedBefore + 150050);
  assert.equal(await figure(page, 'indicateurs-funding', 'funding.amount_authorised'), authorisedBefore + 150050);

  // A stale copy: someone else saves the award while the form is open.
  await page.click(`button[aria-label="Modifier l’aide « ${award.title} »"]`);
  await page.waitForSelector('#modification-aide #maide-titre');
  await v1(keys.editor, 'PATCH', `${award.name}?update_mask=title`, { name: award.name, title: 'Titre changé ailleurs' });
  await page.fill('#maide-investissement', '9 999 $');
  await page.click('#modification-aide button[type=submit]');
  await page.waitForSelector('#maide-perime');
  assert.match(await page.locator('#maide-perime').textContent(), /Quelqu’un d’autre a modifié cette aide.*n’ont pas été enregistrés/);
  await expectFocus(page, 'maide-perime');
  const other = await v1(keys.editor, 'GET', award.name);
  assert.equal(other.title, 'Titre changé ailleurs');
  assert.equal(other.totalInvestment, undefined, 'the stale save wrote nothing');
  await axeScan(page, 'financement (copie périmée)');
  await page.click('#maide-perime button');
  await page.waitForFunction(() => document.querySelector('#maide-titre')?.value === 'Titre changé ailleurs');
  assert.equal(await page.locator('#maide-perime').count(), 0);
  await page.fill('#maide-investissement', '9 999 $');
  await page.click('#modification-aide button[type=submit]');
  await page.waitForFunction(() => /modifiée/.test(document.querySelector('#avis-aides')?.textContent || ''));
  const last = await v1(keys.editor, 'GET', award.name);
  assert.equal(last.totalInvestment.cents, '999900');
  assert.equal(last.title, 'Titre changé ailleurs');

  // « Annuler » closes the form, writes nothing, and gives the focus back.
  await page.click('button[aria-label="Modifier l’aide « Titre changé ailleurs »"]');
  await page.waitForSelector('#modification-aide #maide-titre');
  await page.fill('#maide-titre', 'Ne pas garder');
  await page.click('#modification-aide button:has-text("Annuler")');
  assert.equal(await page.locator('#modification-aide').count(), 0);
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Modifier l’aide'));
  assert.equal((await v1(keys.editor, 'GET', award.name)).etag, last.etag);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an award is deleted only once confirmed: the confirmation says what goes, Escape and « Annuler » keep it, a stale copy is not deleted', async () => {
  const award = await newAward('essai-suppression-aide', 'Essai de suppression d’aide', { amountAuthorised: cad('123456') });
  const authorisedBefore = await fundingTotal('funding.amount_authorised');
  const page = await openFunding();
  const label = `Supprimer l’aide « ${award.title} »`;
  const row = page.locator(`#liste-aides tr[data-name="${award.name}"]`);
  assert.equal(await row.count(), 1);

  await page.click(`button[aria-label="${label}"]`);
  const box = page.locator('#confirmer-suppression-aide');
  await box.waitFor();
  assert.equal(await box.getAttribute('role'), 'alertdialog');
  assert.match(plain(await box.textContent()), /Supprimer l’aide « Essai de suppression d’aide » \?/);
  assert.match(plain(await box.textContent()), /autorisé : 1 234,56 \$.*ne seront plus comptés dans les indicateurs de financement ni dans le bilan de l’exercice 2017-2018.*définitive/);
  await expectFocus(page, 'confirmer-suppression-aide-non');
  await focusStaysIn(page, 'confirmer-suppression-aide');
  await axeScan(page, 'financement (confirmer la suppression d’une aide)');

  // Escape cancels; the focus returns to the button; nothing is deleted.
  await page.focus('#confirmer-suppression-aide-non');
  await page.keyboard.press('Escape');
  assert.equal(await box.count(), 0);
  await page.waitForFunction((l) => document.activeElement?.getAttribute('aria-label') === l, label);
  assert.equal((await v1(keys.editor, 'GET', award.name)).name, award.name);
  // « Annuler » too.
  await page.click(`button[aria-label="${label}"]`);
  await box.waitFor();
  await page.click('#confirmer-suppression-aide-non');
  assert.equal(await box.count(), 0);
  assert.equal((await v1(keys.editor, 'GET', award.name)).name, award.name);

  // Someone else changes it after the list was read: the delete is refused, explained, nothing deleted.
  await page.click(`button[aria-label="${label}"]`);
  await box.waitFor();
  await v1(keys.editor, 'PATCH', `${award.name}?update_mask=description`, { name: award.name, description: 'Changée ailleurs' });
  await page.click('#confirmer-suppression-aide-oui');
  await page.waitForSelector('#alerte-aides');
  assert.match(await page.locator('#alerte-aides').textContent(), /Rien n’a été supprimé : quelqu’un d’autre a modifié l’aide/);
  assert.equal((await v1(keys.editor, 'GET', award.name)).description, 'Changée ailleurs');
  assert.equal(await box.count(), 0);
  await axeScan(page, 'financement (suppression refusée)');

  // The list was read again: now the delete goes through.
  await page.click(`button[aria-label="${label}"]`);
  await box.waitFor();
  await page.click('#confirmer-suppression-aide-oui');
  await page.waitForFunction(() => /supprimée/.test(document.querySelector('#avis-aides')?.textContent || ''));
  const gone = await v1Raw('GET', award.name);
  assert.equal(gone.status, 404, gone.text);
  await page.waitForFunction((n) => !document.querySelector(`#liste-aides tr[data-name="${n}"]`), award.name);
  assert.equal(await fundingTotal('funding.amount_authorised'), authorisedBefore - 123456);
  assert.equal(await figure(page, 'indicateurs-funding', 'funding.amount_authorised'), authorisedBefore - 123456);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an agreement is edited with its etag (a year\'s amount, its status) and deleted after a confirmation', async () => {
  const agreement = await v1(keys.editor, 'POST', `tenants/${TENANT}/agreements?agreement_id=essai-modif-entente`, {
    funder: 'funders/mesi', program: 'programs/protocole-poles-2015-2020', status: 'DRAFT',
    title: 'Entente d’essai à modifier', signatureDate: '2017-05-02',
    startFiscalYear: '2017-2018', endFiscalYear: '2018-2019',
    years: [{ fiscalYear: '2017-2018', amount: cad('2000000'), matchingRequired: cad('500000') },
      { fiscalYear: '2018-2019', amount: cad('2000000') }],
  });
  const yearBefore = await fundingTotal('funding.agreement_amount');
  const page = await openFunding();
  const row = page.locator(`#liste-ententes tr[data-name="${agreement.name}"]`);
  assert.equal(await row.count(), 1);

  await page.click(`button[aria-label="Modifier l’entente « ${agreement.title} »"]`);
  await page.waitForSelector('#modification-entente #ent-titre');
  assert.equal(plain(await page.locator('#ent-annee-0').inputValue()), '20 000,00 $');
  assert.match(await page.locator('label[for=ent-annee-0]').textContent(), /2017-2018/);
  await axeScan(page, 'financement (modification d’une entente)');

  // A year's amount the screen cannot read is refused on its field before any request.
  await page.fill('#ent-annee-0', '25 000,001');
  await page.click('#modification-entente button[type=submit]');
  await page.waitForSelector('#ent-annee-0-erreur');
  assert.match(await page.locator('#ent-annee-0-erreur').textContent(), /plus de deux décimales/);
  assert.equal((await v1(keys.editor, 'GET', agreement.name)).etag, agreement.etag);

  await page.fill('#ent-annee-0', '25 000,50 $');
  await page.selectOption('#ent-etat', 'ACTIVE');
  await page.click('#modification-entente button[type=submit]');
  await page.waitForFunction(() => /modifiée/.test(document.querySelector('#avis-ententes')?.textContent || ''));
  const saved = await v1(keys.editor, 'GET', agreement.name);
  assert.equal(saved.status, 'ACTIVE');
  assert.deepEqual(saved.years.map((y) => [y.fiscalYear, y.amount.cents]), [['2017-2018', '2500050'], ['2018-2019', '2000000']]);
  // The matching contributions were sent back as read.
  assert.equal(saved.years[0].matchingRequired.cents, '500000');
  assert.equal(saved.totalAmount.cents, '4500050');
  await page.waitForFunction((n) => /45 000,50/.test(document.querySelector(`#liste-ententes tr[data-name="${n}"]`)?.textContent.replace(/\s/g, ' ')),
                             agreement.name);
  assert.match(plain(await row.textContent()), /25 000,50 \$.*45 000,50 \$.*en cours/);
  // A draft is not counted in the year's agreement amounts; active, its new amount is.
  assert.equal(await fundingTotal('funding.agreement_amount'), yearBefore + 2500050);

  // The delete: the confirmation names what goes with it; cancelled, nothing goes.
  const label = `Supprimer l’entente « ${agreement.title} »`;
  await page.click(`button[aria-label="${label}"]`);
  const box = page.locator('#confirmer-suppression-entente');
  await box.waitFor();
  assert.match(plain(await box.textContent()), /2 exercice\(s\), 45 000,50 \$ au total.*contributions du milieu.*Les aides consenties ne sont pas touchées/);
  await axeScan(page, 'financement (confirmer la suppression d’une entente)');
  await page.keyboard.press('Escape');
  assert.equal(await box.count(), 0);
  assert.equal((await v1(keys.editor, 'GET', agreement.name)).name, agreement.name);
  await page.click(`button[aria-label="${label}"]`);
  await box.waitFor();
  await page.click('#confirmer-suppression-entente-oui');
  await page.waitForFunction(() => /supprimée/.test(document.querySelector('#avis-ententes')?.textContent || ''));
  assert.equal((await v1Raw('GET', agreement.name)).status, 404);
  await page.waitForFunction((n) => !document.querySelector(`#liste-ententes tr[data-name="${n}"]`), agreement.name);
  assert.equal(await fundingTotal('funding.agreement_amount'), yearBefore);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// Accompagnement: a dossier of the year with interventions, written through /v1/.
async function newDossier(title, interventions) {
  const sectors = (await v1(keys.editor, 'GET', 'sectors')).sectors;
  const dist = await v1(keys.editor, 'GET', `tenants/${TENANT}:getDirectoryDistribution`);
  const dossier = await v1(keys.editor, 'POST', `tenants/${TENANT}/dossiers`, {
    title, promoterGroup: `Groupe ${title}`, sector: sectors[0].name, mrc: dist.byMrc[0].key, phase: 'PRE_STARTUP',
    promoterGender: 'NOT_COLLECTED', openDate: '2017-08-01', subjects: ['Gouvernance'],
  });
  for (const [date, subject] of interventions) {
    await v1(keys.editor, 'POST', `${dossier.name}/interventions`, { interventionDate: date, subjects: [subject] });
  }
  return { dossier, sectors, mrcs: dist.byMrc };
}

async function openDossier(page, dossier) {
  const row = page.locator(`#table-dossiers tr[data-name="${dossier.name}"]`);
  await row.waitFor();
  await row.locator('th button').click();
  await page.waitForSelector('#interventions #modifier-dossier');
  return row;
}

test('a dossier\'s phase, sector, MRC and gender are edited with its etag; a refused date and a stale copy are explained', async () => {
  const { dossier, sectors, mrcs } = await newDossier('Dossier d’essai à modifier', [['2017-08-15', 'Démarrage']]);
  assert.ok(sectors.length >= 2 && mrcs.length >= 2, 'two sectors and two MRCs to choose from');
  const page = await openScreen('/espace/accompagnement', '#titre-dossiers');
  const row = await openDossier(page, dossier);
  await page.click('#modifier-dossier');
  await page.waitForSelector('#modification-dossier #mdossier-phase');
  assert.equal(await page.locator('#mdossier-phase').inputValue(), 'PRE_STARTUP');
  assert.equal(await page.locator('#mdossier-genre').inputValue(), 'NOT_COLLECTED');
  await expectFocus(page, 'titre-modification-dossier');
  await axeScan(page, 'accompagnement (modification d’un dossier)');

  // A closing date before the opening: the service refuses it on its field, in French.
  await page.fill('#mdossier-fermeture', '2017-07-01');
  await page.click('#modification-dossier button[type=submit]');
  await page.waitForSelector('#mdossier-fermeture-erreur');
  assert.equal(await page.locator('#mdossier-fermeture-erreur').textContent(), 'ne peut pas précéder la date d’ouverture');
  assert.equal(await page.locator('#mdossier-fermeture').getAttribute('aria-invalid'), 'true');
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).etag, dossier.etag, 'nothing is written');
  await axeScan(page, 'accompagnement (modification refusée)');

  await page.fill('#mdossier-fermeture', '');
  await page.selectOption('#mdossier-phase', 'CONSOLIDATION');
  await page.selectOption('#mdossier-secteur', sectors[1].name);
  await page.selectOption('#mdossier-mrc', mrcs[1].key);
  await page.selectOption('#mdossier-genre', 'MIXED');
  const patches = [];
  page.on('request', (r) => { if (r.method() === 'PATCH') patches.push(r.url()); });
  await page.click('#modification-dossier button[type=submit]');
  await page.waitForFunction(() => /modifié/.test(document.querySelector('#avis-dossiers')?.textContent || ''));
  assert.deepEqual(new URL(patches[0]).searchParams.get('update_mask').split(',').sort(),
                   ['mrc', 'phase', 'promoter_gender', 'sector']);
  const saved = await v1(keys.editor, 'GET', dossier.name);
  assert.deepEqual([saved.phase, saved.sector, saved.mrc, saved.promoterGender],
                   ['CONSOLIDATION', sectors[1].name, mrcs[1].key, 'MIXED']);
  assert.equal(saved.title, dossier.title);
  assert.equal(saved.openDate, '2017-08-01');
  await page.waitForFunction((n) => /Consolidation/.test(document.querySelector(`#table-dossiers tr[data-name="${n}"]`)?.textContent), dossier.name);
  const cells = (await row.locator('td').allTextContents()).map(plain);
  assert.deepEqual([cells[1], cells[3], cells[4]], ['Consolidation', plain(mrcs[1].label), 'Mixte']);

  // A stale copy: someone else changes the dossier while the form is open.
  await row.locator('th button').click();
  await page.click('#modifier-dossier');
  await page.waitForSelector('#modification-dossier #mdossier-phase');
  await v1(keys.editor, 'PATCH', `${dossier.name}?update_mask=phase`, { name: dossier.name, phase: 'DEVELOPMENT' });
  await page.selectOption('#mdossier-genre', 'WOMEN');
  await page.click('#modification-dossier button[type=submit]');
  await page.waitForSelector('#dossier-perime');
  assert.match(await page.locator('#dossier-perime').textContent(), /Quelqu’un d’autre a modifié ce dossier/);
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).promoterGender, 'MIXED', 'the stale save wrote nothing');
  await axeScan(page, 'accompagnement (copie périmée)');
  await page.click('#dossier-perime button');
  await page.waitForFunction(() => document.querySelector('#mdossier-phase')?.value === 'DEVELOPMENT');
  await page.selectOption('#mdossier-genre', 'WOMEN');
  await page.click('#modification-dossier button[type=submit]');
  await page.waitForFunction(() => /modifié/.test(document.querySelector('#avis-dossiers')?.textContent || ''));
  const last = await v1(keys.editor, 'GET', dossier.name);
  assert.deepEqual([last.phase, last.promoterGender], ['DEVELOPMENT', 'WOMEN']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an intervention, then a dossier with its interventions, are deleted only once confirmed', async () => {
  const { dossier } = await newDossier('Dossier d’essai à supprimer',
    [['2017-09-05', 'Plan d’affaires'], ['2017-10-10', 'Financement'], ['2017-11-14', 'Gouvernance']]);
  // 2017-2018's dossier and intervention totals are the seed report's own
  // figures (reported: data/seeds/reported/centre-du-quebec-2017-2018.json),
  // which records do not move; what the test follows is the service's
  // interventionCount and lists.
  const page = await openScreen('/espace/accompagnement', '#titre-dossiers');
  const row = await openDossier(page, dossier);
  await page.waitForSelector('#table-interventions');
  const listed = (await v1(keys.editor, 'GET', `${dossier.name}/interventions`)).interventions;
  const october = listed.find((i) => i.interventionDate === '2017-10-10');

  // An intervention: chosen, confirmed after a cancel.
  await page.selectOption('#intervention-a-supprimer', october.name);
  await page.click('#supprimer-intervention');
  const box = page.locator('#confirmer-suppression-intervention');
  await box.waitFor();
  assert.match(plain(await box.textContent()), /Supprimer l’intervention du 10 octobre 2017 \?.*« Dossier d’essai à supprimer » en comptera une de moins.*définitive/);
  await expectFocus(page, 'confirmer-suppression-intervention-non');
  await focusStaysIn(page, 'confirmer-suppression-intervention');
  await axeScan(page, 'accompagnement (confirmer la suppression d’une intervention)');
  await page.keyboard.press('Escape');
  assert.equal(await box.count(), 0);
  assert.equal((await v1(keys.editor, 'GET', `${dossier.name}/interventions`)).interventions.length, 3, 'nothing is deleted');
  await page.click('#supprimer-intervention');
  await box.waitFor();
  await page.click('#confirmer-suppression-intervention-oui');
  await page.waitForFunction(() => /supprimée/.test(document.querySelector('#avis-interventions')?.textContent || ''));
  const left = (await v1(keys.editor, 'GET', `${dossier.name}/interventions`)).interventions;
  assert.deepEqual(left.map((i) => i.interventionDate), ['2017-09-05', '2017-11-14']);
  await page.waitForFunction(() => document.querySelectorAll('#table-interventions tbody tr').length === 2);
  await page.waitForFunction((n) => document.querySelector(`#table-dossiers tr[data-name="${n}"] td.num`)?.textContent === '2', dossier.name);
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).interventionCount, 2);

  // The dossier: the confirmation counts the interventions that go with it; cancelled, nothing goes.
  await page.click('#supprimer-dossier');
  const dbox = page.locator('#confirmer-suppression-dossier');
  await dbox.waitFor();
  assert.match(plain(await dbox.textContent()), /Supprimer le dossier « Dossier d’essai à supprimer » \?.*ses 2 intervention\(s\) seront supprimés.*exercice 2017-2018.*ne sont pas touchés.*définitive/);
  await expectFocus(page, 'confirmer-suppression-dossier-non');
  await axeScan(page, 'accompagnement (confirmer la suppression d’un dossier)');
  await page.click('#confirmer-suppression-dossier-non');
  assert.equal(await dbox.count(), 0);
  await expectFocus(page, 'supprimer-dossier');
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).interventionCount, 2, 'nothing is deleted');

  // A stale copy deletes nothing.
  await page.click('#supprimer-dossier');
  await dbox.waitFor();
  await v1(keys.editor, 'PATCH', `${dossier.name}?update_mask=outcome`, { name: dossier.name, outcome: 'Changé ailleurs' });
  await page.click('#confirmer-suppression-dossier-oui');
  await page.waitForSelector('#alerte-dossiers');
  assert.match(await page.locator('#alerte-dossiers').textContent(), /Rien n’a été supprimé : quelqu’un d’autre a modifié le dossier/);
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).outcome, 'Changé ailleurs');

  await row.locator('th button').click();
  await page.click('#supprimer-dossier');
  await dbox.waitFor();
  await page.click('#confirmer-suppression-dossier-oui');
  await page.waitForFunction(() => /supprimé, avec ses 2 intervention/.test(document.querySelector('#avis-dossiers')?.textContent || ''));
  assert.equal((await v1Raw('GET', dossier.name)).status, 404);
  await page.waitForFunction((n) => !document.querySelector(`#table-dossiers tr[data-name="${n}"]`), dossier.name);
  assert.equal(await page.locator('#interventions').count(), 0);
  const after = (await v1(keys.editor, 'GET', `tenants/${TENANT}/dossiers?fiscal_year=${YEAR}&page_size=200`)).dossiers || [];
  assert.ok(!after.some((d) => d.name === dossier.name));
  assert.deepEqual((await v1(keys.editor, 'GET', `${dossier.name}/interventions`)).interventions || [], [],
                   'its interventions went with it');
  assert.deepEqual(page.errors, []);
  await page.close();
});

// Plan d'action: a plan of 2017-2020 with an axis, an objective and an
// action (with an indicator and its 2017-2018 result), written through /v1/.
async function newPlan(id) {
  const plan = `tenants/${TENANT}/plans/${id}`;
  await v1(keys.editor, 'POST', `tenants/${TENANT}/plans?plan_id=${id}`, {
    title: `Plan d’essai ${id}`, startFiscalYear: '2017-2018', endFiscalYear: '2019-2020',
  });
  const items = [['1', '', 'AXE', '1', 'Promouvoir l’économie sociale'],
    ['1-1', '1', 'OBJECTIVE', '1.1', 'Faire connaître les entreprises'],
    ['1-1-1', '1-1', 'ACTION', '1.1.1', 'Publier un bulletin'],
    ['2', '', 'AXE', '2', 'Représenter les entreprises']];
  for (const [item, parent, kind, code, title] of items) {
    await v1(keys.editor, 'POST', `${plan}/items?item_id=${item}`,
             { kind, code, title, ...(parent ? { parentItem: `${plan}/items/${parent}` } : {}) });
  }
  await v1(keys.editor, 'POST', `${plan}/items/1-1-1/indicators?indicator_id=bulletins`,
           { description: 'Bulletins diffusés', target: 4, unit: 'bulletins' });
  await v1(keys.editor, 'POST', `${plan}/items/1-1-1/indicators/bulletins:recordIndicatorResult`,
           { result: { fiscalYear: YEAR, actualValue: 3 } });
  await v1(keys.editor, 'POST', `${plan}/items/1-1/indicators?indicator_id=lecteurs`,
           { description: 'Lecteurs rejoints', target: 500 });
  return plan;
}

const itemsOf = async (plan) => (await v1(keys.editor, 'GET', `${plan}/items?page_size=200`)).items || [];

async function openPlan(plan) {
  const page = await openScreen('/espace/plan', '#plan-choisi');
  await page.selectOption('#plan-choisi', plan);
  await page.waitForSelector(`#plan-affiche[data-plan="${plan}"] #el-1-1-1`);
  return page;
}

test('an item is added under its parent; a bad number and a number already taken are refused on their field in French', async () => {
  const plan = await newPlan('plan-essai-ajout');
  const before = await itemsOf(plan);
  const page = await openPlan(plan);
  await page.waitForSelector('#ajout-element');
  await axeScan(page, 'plan (ajout d’un élément)');

  // « Ajouter un élément » on the objective: the form is set under it, for an action.
  await page.click('#ajouter-sous-1-1');
  assert.equal(await page.locator('#nouvel-element-parent').inputValue(), `${plan}/items/1-1`);
  await page.waitForFunction(() => document.querySelector('#nouvel-element-genre').value === 'ACTION');
  await expectFocus(page, 'nouvel-element-genre');

  // A title is required: refused before any request.
  await page.click('#ajout-element button[type=submit]');
  await page.waitForSelector('#nouvel-element-titre-erreur');
  assert.equal(await page.locator('#nouvel-element-titre-erreur').textContent(), 'obligatoire');
  assert.equal(await page.locator('#nouvel-element-titre').getAttribute('aria-invalid'), 'true');

  // A number the service cannot read: refused on its field, in French; nothing written.
  await page.fill('#nouvel-element-titre', 'Organiser un forum régional');
  await page.fill('#nouvel-element-code', '1.a');
  await page.click('#ajout-element button[type=submit]');
  await page.waitForSelector('#nouvel-element-code-erreur');
  assert.match(await page.locator('#nouvel-element-code-erreur').textContent(), /^doit être des nombres séparés par des points/);
  assert.equal(await page.locator('#nouvel-element-code').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#nouvel-element-code').getAttribute('aria-describedby'), /nouvel-element-code-erreur/);
  assert.match(await page.locator('#ajout-element .error[role=alert]').textContent(), /rien n’a été enregistré/);
  assert.equal((await itemsOf(plan)).length, before.length, 'nothing is written');
  await axeScan(page, 'plan (ajout refusé)');

  // A number another item has: the service refuses it (ALREADY_EXISTS); said on the field.
  await page.fill('#nouvel-element-code', '1.1.1');
  await page.click('#ajout-element button[type=submit]');
  await page.waitForFunction(() => /porte déjà ce numéro/.test(document.querySelector('#nouvel-element-code-erreur')?.textContent || ''));
  assert.equal((await itemsOf(plan)).length, before.length, 'nothing is written');

  await page.fill('#nouvel-element-code', '1.1.2');
  await page.click('#ajout-element button[type=submit]');
  await page.waitForFunction(() => /ajouté au plan/.test(document.querySelector('#ajout-element-fait')?.textContent || ''));
  const after = await itemsOf(plan);
  assert.equal(after.length, before.length + 1);
  const added = after.find((i) => !before.some((b) => b.name === i.name));
  assert.deepEqual([added.kind, added.code, added.title, added.parentItem],
                   ['ACTION', '1.1.2', 'Organiser un forum régional', `${plan}/items/1-1`]);
  // In the tree, under its objective.
  const li = page.locator(`#el-1-1 > ul > li[data-item="${added.name}"]`);
  await li.waitFor();
  assert.equal(await li.locator(':scope > p .titre-element').textContent(), 'Organiser un forum régional');
  assert.equal(await li.locator(':scope > p .genre').textContent(), 'Action');

  // At the plan's first level, an axis.
  await page.selectOption('#nouvel-element-parent', '');
  await page.waitForFunction(() => document.querySelector('#nouvel-element-genre').value === 'AXE');
  await page.fill('#nouvel-element-code', '3');
  await page.fill('#nouvel-element-titre', 'Soutenir la relève');
  await page.click('#ajout-element button[type=submit]');
  await page.waitForFunction(() => /Axe « Soutenir la relève » ajouté/.test(document.querySelector('#ajout-element-fait')?.textContent || ''));
  const axis = (await itemsOf(plan)).find((i) => i.code === '3');
  assert.equal(axis.kind, 'AXE');
  assert.equal(axis.parentItem || '', '');
  await page.waitForSelector(`#plan-affiche ul.arbre > li[data-item="${axis.name}"]`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an item is deleted after a confirmation that counts the items, indicators and results going with it', async () => {
  const plan = await newPlan('plan-essai-suppression');
  const page = await openPlan(plan);

  // The axis: two items below it, two indicators, one result.
  await page.click('#supprimer-1');
  const box = page.locator('#confirmer-suppression-element');
  await box.waitFor();
  assert.match(plain(await box.textContent()),
               /Supprimer « Promouvoir l’économie sociale » du plan \?.*2 élément\(s\) en dessous, 2 indicateur\(s\) avec leurs cibles, et 1 résultat\(s\).*ne sont pas supprimés.*définitive/);
  await expectFocus(page, 'confirmer-suppression-element-non');
  await focusStaysIn(page, 'confirmer-suppression-element');
  await axeScan(page, 'plan (confirmer la suppression)');
  await page.keyboard.press('Escape');
  assert.equal(await box.count(), 0);
  await page.waitForFunction(() => document.activeElement?.id === 'supprimer-1');
  assert.equal((await itemsOf(plan)).length, 4, 'nothing is deleted');

  const deletes = [];
  page.on('request', (r) => { if (r.method() === 'DELETE') deletes.push(new URL(r.url())); });
  await page.click('#supprimer-1');
  await box.waitFor();
  await page.click('#confirmer-suppression-element-oui');
  await page.waitForFunction(() => /supprimé du plan/.test(document.querySelector('#plan-statut')?.textContent || ''));
  assert.equal(deletes[0].searchParams.get('force'), 'true');
  assert.deepEqual((await itemsOf(plan)).map((i) => i.name), [`${plan}/items/2`]);
  assert.equal((await v1Raw('GET', `${plan}/items/1-1-1/indicators/bulletins`)).status, 404, 'its indicators went with it');
  await page.waitForFunction(() => !document.querySelector('#el-1') && !document.querySelector('#el-1-1-1'));
  assert.equal(await page.locator('#plan-affiche li[data-item]').count(), 1);

  // The other axis, alone: said so; sent without force. A stale copy first: nothing deleted.
  await page.click('#supprimer-2');
  await box.waitFor();
  assert.match(plain(await box.textContent()), /Il n’a ni élément en dessous ni indicateur/);
  await v1(keys.editor, 'PATCH', `${plan}/items/2?update_mask=title`, { name: `${plan}/items/2`, title: 'Représenter le réseau' });
  await page.click('#confirmer-suppression-element-oui');
  await page.waitForSelector('#plan-alerte');
  assert.match(await page.locator('#plan-alerte').textContent(), /Rien n’a été supprimé : « Représenter les entreprises » a changé/);
  assert.equal((await itemsOf(plan)).length, 1);
  await axeScan(page, 'plan (suppression refusée)');
  await page.waitForFunction(() => document.querySelector('#el-2 .titre-element')?.textContent === 'Représenter le réseau');
  await page.click('#supprimer-2');
  await box.waitFor();
  await page.click('#confirmer-suppression-element-oui');
  await page.waitForFunction(() => /« Représenter le réseau » supprimé du plan/.test(document.querySelector('#plan-statut')?.textContent || ''));
  assert.equal(deletes.at(-1).searchParams.get('force'), null);
  assert.deepEqual(await itemsOf(plan), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the viewer finds no way to edit, add or delete on the three screens', async () => {
  const plan = await newPlan('plan-essai-consultation');
  const award = await newAward('essai-consultation-aide', 'Aide lue en consultation');
  const { dossier } = await newDossier('Dossier lu en consultation', [['2017-08-20', 'Suivi']]);
  const page = await openWorkspace();
  await signIn(page, accounts.viewer);
  await page.click('nav.tabs a[href="/espace/financement"]');
  await page.waitForSelector('#titre-indicateurs');
  await chooseYear(page);
  await page.waitForSelector(`#liste-aides tr[data-name="${award.name}"]`);
  // (By their labels: titles such as « Dossier d’essai à modifier » are buttons too.)
  const writable = 'main form, main [role=alertdialog], main [aria-label^="Modifier"], main [aria-label^="Supprimer"], main [aria-label^="Ajouter"]';
  assert.equal(await page.locator(writable).count(), 0);

  await page.click('nav.tabs a[href="/espace/accompagnement"]');
  await page.waitForSelector('#titre-dossiers');
  await chooseYear(page);
  const row = page.locator(`#table-dossiers tr[data-name="${dossier.name}"]`);
  await row.waitFor();
  await row.locator('th button').click();
  await page.waitForSelector('#table-interventions');
  assert.equal(await page.locator(`${writable}, #intervention-a-supprimer, #modifier-dossier, #supprimer-dossier`).count(), 0);

  await page.click('nav.tabs a[href="/espace/plan"]');
  await page.waitForSelector('#plan-choisi');
  await page.selectOption('#plan-choisi', plan);
  await page.waitForSelector(`#plan-affiche[data-plan="${plan}"] #el-1-1-1`);
  assert.equal(await page.locator(`${writable}, [id^=ajouter-sous-], [id^=supprimer-]`).count(), 0);
  await axeScan(page, 'plan (consultation)');
  assert.deepEqual(page.errors, []);
  await page.close();
});
