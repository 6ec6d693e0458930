// The workspace's Accompagnement screen (/espace/accompagnement) in a real
// browser against the real stack, as Centre-du-Québec's editor in
// 2017-2018. The demo may hold no dossier for the Pôle, so the data the
// checks need is written through /v1/ first: a dossier with an intervention
// and a person with her consent. It checks the dossiers on screen against
// ListDossiers (with and without a phase filter), a dossier's interventions
// against ListInterventions; adds an intervention and opens a dossier
// through the forms and finds them in the service; sees a closing date
// before the opening refused by the service and explained in French on its
// field, with nothing written; erases a person on request behind the
// confirmation (cancel first: nothing erased). The viewer finds no form and
// no erase button, and reads the screen in English. axe-core scans each
// state; no page error.
//
//   node --test tests/browser/workspace_dossiers.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANT, YEAR, accounts, axeScan, chooseYear, keys, openWorkspace, signIn,
  useWorkspaceStack, v1, expectFocus } from './workspace_page.mjs';

useWorkspaceStack();

const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const stamp = Date.now().toString(36);

async function dossiersOfYear(extra = '') {
  const r = await v1(keys.editor, 'GET', `tenants/${TENANT}/dossiers?fiscal_year=${YEAR}&page_size=200${extra}`);
  return r.dossiers || [];
}

let ref;  // {sector, mrc, dossier, person}
async function seed() {
  if (ref) return ref;
  const sectors = (await v1(keys.editor, 'GET', 'sectors')).sectors;
  const dist = await v1(keys.editor, 'GET', `tenants/${TENANT}:getDirectoryDistribution`);
  const mrc = dist.byMrc[0];
  const dossier = await v1(keys.editor, 'POST', `tenants/${TENANT}/dossiers`, {
    title: `Coopérative de solidarité ${stamp}`, promoterGroup: 'Groupe de promotrices, agriculture urbaine',
    sector: sectors[0].name, mrc: mrc.key, phase: 'STARTUP', promoterGender: 'WOMEN', openDate: '2017-06-15',
    subjects: ['Aide à la gouvernance'],
  });
  await v1(keys.editor, 'POST', `${dossier.name}/interventions`, {
    interventionDate: '2017-07-04', subjects: ['Plan d’affaires'], note: 'Première rencontre',
  });
  const person = await v1(keys.editor, 'POST', `tenants/${TENANT}/people`, {
    displayName: `Lucie Tremblay ${stamp}`, role: 'CONTACT', position: 'Promotrice',
    email: 'lucie@example.org', consent: { purpose: 'Suivi du dossier d’accompagnement', consentDate: '2017-06-15' },
  });
  ref = { sector: sectors[0], mrc, dossier, person };
  return ref;
}

async function openScreen(account) {
  const page = await openWorkspace();
  await signIn(page, account);
  await page.click('nav.tabs a[href="/espace/accompagnement"]');
  await page.waitForSelector('#titre-dossiers');
  await chooseYear(page);
  await page.waitForFunction((fy) => document.querySelector('#titre-dossiers')?.textContent.includes(fy), YEAR);
  return page;
}

const rowTitles = (page) => page.locator('#table-dossiers tbody tr th').allTextContents();

test('the dossiers and a dossier\'s interventions as the service has them; an intervention added', async () => {
  const { dossier, mrc } = await seed();
  const page = await openScreen(accounts.editor);
  await page.waitForSelector(`#table-dossiers tr[data-name="${dossier.name}"]`);
  const expected = (await dossiersOfYear()).map((d) => d.title);
  assert.ok(expected.includes(dossier.title));
  assert.deepEqual((await rowTitles(page)).map(plain), expected.map(plain));

  const row = page.locator(`#table-dossiers tr[data-name="${dossier.name}"]`);
  const cells = (await row.locator('td').allTextContents()).map(plain);
  assert.deepEqual(cells, ['Groupe de promotrices, agriculture urbaine', 'Démarrage', cells[2], mrc.label,
    'Femmes', '15 juin 2017', '1']);
  assert.ok(cells[2].length > 0 && !cells[2].startsWith('sectors/'), `sector shown by its label: ${cells[2]}`);

  // The phase filter: the service's answer for the same filter.
  await page.selectOption('#filtre-phase', 'SUCCESSION');
  const succession = (await dossiersOfYear('&phase=SUCCESSION')).map((d) => d.title);
  await page.waitForFunction((n) => document.querySelectorAll('#table-dossiers tbody tr').length === n
    || (n === 0 && !document.querySelector('#table-dossiers')), succession.length);
  assert.deepEqual((await rowTitles(page)).map(plain), succession.map(plain));
  await page.selectOption('#filtre-phase', 'STARTUP');
  await page.waitForSelector(`#table-dossiers tr[data-name="${dossier.name}"]`);
  const startup = (await dossiersOfYear('&phase=STARTUP')).map((d) => d.title);
  assert.deepEqual((await rowTitles(page)).map(plain), startup.map(plain));

  await row.locator('button').click();
  await page.waitForSelector('#table-interventions');
  await expectFocus(page, 'titre-interventions');
  const shown = (await page.locator('#table-interventions tbody tr').allTextContents()).map(plain);
  assert.deepEqual(shown, ['4 juillet 2017Plan d’affairesPremière rencontre']);
  await axeScan(page, 'Accompagnement, interventions');

  // A required subject missing: refused on the screen, nothing sent.
  await page.fill('#intervention-date', '2017-09-12');
  await page.click('#saisie-intervention button[type="submit"]');
  await page.waitForSelector('#intervention-sujets[aria-invalid="true"]');
  assert.equal(plain(await page.textContent('#intervention-sujets-erreur')), 'est obligatoire');
  let listed = await v1(keys.editor, 'GET', `${dossier.name}/interventions`);
  assert.equal(listed.interventions.length, 1);

  await page.fill('#intervention-sujets', 'Financement\nGouvernance');
  await page.fill('#intervention-note', 'Montage financier');
  await page.click('#saisie-intervention button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll('#table-interventions tbody tr').length === 2);
  listed = await v1(keys.editor, 'GET', `${dossier.name}/interventions`);
  const added = listed.interventions.find((i) => i.interventionDate === '2017-09-12');
  assert.deepEqual(added.subjects, ['Financement', 'Gouvernance']);
  assert.equal(added.note, 'Montage financier');
  assert.match(plain(await page.textContent('#saisie-intervention [role="status"]')), /12 septembre 2017/);
  await page.waitForFunction((n) => document.querySelector(`#table-dossiers tr[data-name="${n}"] td.num`)?.textContent === '2',
    dossier.name);
  assert.equal((await v1(keys.editor, 'GET', dossier.name)).interventionCount, 2);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a dossier opened through the form; a closing date before the opening refused on its field, nothing written', async () => {
  const { sector, mrc } = await seed();
  const page = await openScreen(accounts.editor);
  const title = `Relève agricole ${stamp}`;
  await page.fill('#dossier-titre', title);
  await page.fill('#dossier-groupe', 'Groupe de la relève');
  await page.selectOption('#dossier-secteur', sector.name);
  await page.selectOption('#dossier-mrc', mrc.key);
  await page.selectOption('#dossier-phase', 'SUCCESSION');
  await page.selectOption('#dossier-genre', 'MIXED');
  await page.fill('#dossier-ouverture', '2017-10-02');
  await page.fill('#dossier-fermeture', '2017-09-01');
  await page.fill('#dossier-sujets', 'Transfert d’entreprise');
  const before = (await dossiersOfYear()).length;
  await page.click('#saisie-dossier button[type="submit"]');
  await page.waitForSelector('#dossier-fermeture[aria-invalid="true"]');
  assert.equal(plain(await page.textContent('#dossier-fermeture-erreur')), 'ne peut pas précéder la date d’ouverture');
  assert.match(await page.getAttribute('#dossier-fermeture', 'aria-describedby'), /dossier-fermeture-erreur/);
  assert.match(plain(await page.textContent('#saisie-dossier [role="alert"]')), /rien n’a été enregistré/);
  await expectFocus(page, 'dossier-fermeture');
  assert.equal((await dossiersOfYear()).length, before);
  await axeScan(page, 'Accompagnement, dossier refusé');

  await page.fill('#dossier-fermeture', '');
  await page.click('#saisie-dossier button[type="submit"]');
  await page.waitForFunction((t) => document.querySelector('#saisie-dossier [role="status"]')?.textContent.includes(t), title);
  const saved = (await dossiersOfYear()).find((d) => d.title === title);
  assert.ok(saved, 'the dossier is in the service');
  assert.equal(saved.phase, 'SUCCESSION');
  assert.equal(saved.promoterGender, 'MIXED');
  assert.equal(saved.sector, sector.name);
  assert.equal(saved.mrc, mrc.key);
  assert.equal(saved.openDate, '2017-10-02');
  assert.deepEqual(saved.subjects, ['Transfert d’entreprise']);
  assert.equal((await dossiersOfYear()).length, before + 1);
  await page.waitForSelector(`#table-dossiers tr[data-name="${saved.name}"]`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a dossier for an organisation of the directory, shown under its name; neither organisation nor group refused', async () => {
  const { sector, mrc } = await seed();
  // The demo's directory may be empty: an enterprise written first.
  const org = await v1(keys.editor, 'POST', `tenants/${TENANT}/organisations`, {
    displayName: `Coopérative Essai-Dossier ${stamp}`, kind: 'ENTERPRISE', legalForm: 'COOPERATIVE',
    sector: sector.name, mrc: mrc.key,
  });
  const page = await openScreen(accounts.editor);
  const title = `Consolidation ${stamp}`;
  await page.fill('#dossier-titre', title);
  await page.selectOption('#dossier-secteur', sector.name);
  await page.selectOption('#dossier-mrc', mrc.key);
  await page.selectOption('#dossier-phase', 'CONSOLIDATION');
  await page.fill('#dossier-ouverture', '2017-11-20');
  const before = (await dossiersOfYear()).length;
  await page.click('#saisie-dossier button[type="submit"]');
  await page.waitForSelector('#dossier-groupe[aria-invalid="true"]');
  assert.equal(plain(await page.textContent('#dossier-groupe-erreur')), 'est obligatoire sans organisation du répertoire');
  assert.equal((await dossiersOfYear()).length, before);

  await page.selectOption('#dossier-organisation', org.name);
  await page.click('#saisie-dossier button[type="submit"]');
  await page.waitForFunction((t) => document.querySelector('#saisie-dossier [role="status"]')?.textContent.includes(t), title);
  const saved = (await dossiersOfYear()).find((d) => d.title === title);
  assert.equal(saved.organisation, org.name);
  assert.equal(saved.promoterGender, 'NOT_COLLECTED');
  const row = page.locator(`#table-dossiers tr[data-name="${saved.name}"]`);
  await row.waitFor();
  assert.equal(plain(await row.locator('td').first().textContent()), plain(org.displayName));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a person\'s consent shown; erased on request after the confirmation, cancel first', async () => {
  const { person } = await seed();
  const page = await openScreen(accounts.editor);
  const row = page.locator(`#table-personnes tr[data-name="${person.name}"]`);
  await row.waitFor();
  assert.equal(plain(await row.locator('th').textContent()), person.displayName);
  assert.equal(plain(await row.locator('td').nth(2).textContent()),
    'Suivi du dossier d’accompagnement (depuis le 15 juin 2017)');

  await row.locator('button').click();
  await page.waitForSelector('#confirmer-effacement');
  const text = plain(await page.textContent('#confirmer-effacement'));
  assert.match(text, /nom, sa fonction, son courriel, son téléphone et son consentement/);
  assert.match(text, /ne peut pas être annulé/);
  await expectFocus(page, 'effacer-non');
  await axeScan(page, 'Accompagnement, confirmation de l’effacement');
  await page.click('#effacer-non');
  await page.waitForSelector('#confirmer-effacement', { state: 'detached' });
  assert.equal((await v1(keys.editor, 'GET', person.name)).erased, false);

  await row.locator('button').click();
  await page.click('#effacer-oui');
  await page.waitForFunction(() => document.querySelector('#effacement-fait')?.textContent.length > 0);
  const erased = await v1(keys.editor, 'GET', person.name);
  assert.equal(erased.erased, true);
  assert.equal(erased.displayName, '');
  assert.equal(erased.email, '');
  await page.waitForFunction((n) => document.querySelector(`#table-personnes tr[data-name="${n}"] th`)?.textContent === 'Personne effacée',
    person.name);
  assert.match(plain(await row.locator('td').nth(2).textContent()), /^Effacée à sa demande le /);
  assert.equal(await row.locator('button').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the viewer reads the dossiers and people, with no form and no erase button; in English on request', async () => {
  const { dossier } = await seed();
  const page = await openScreen(accounts.viewer);
  await page.waitForSelector(`#table-dossiers tr[data-name="${dossier.name}"]`);
  await page.waitForSelector('#table-personnes');
  assert.equal(await page.locator('#saisie-dossier').count(), 0);
  assert.equal(await page.locator('#table-personnes button').count(), 0);
  await page.locator(`#table-dossiers tr[data-name="${dossier.name}"] button`).click();
  await page.waitForSelector('#table-interventions');
  assert.equal(await page.locator('#saisie-intervention').count(), 0);
  await axeScan(page, 'Accompagnement, lecture seule');

  // In English on request: the same dossier, its phase and date in English.
  await page.click('header button[lang=en]');
  await page.waitForFunction(() => document.querySelector('#titre-ecran')?.textContent === 'Accompaniment');
  const row = page.locator(`#table-dossiers tr[data-name="${dossier.name}"]`);
  await row.waitFor();
  const cells = (await row.locator('td').allTextContents()).map(plain);
  assert.equal(cells[1], 'Startup');
  assert.equal(cells[4], 'Women');
  assert.equal(cells[5], 'June 15, 2017');
  await page.click('header button[lang=fr]');
  await page.waitForFunction(() => document.querySelector('#titre-ecran')?.textContent === 'Accompagnement');
  assert.deepEqual(page.errors, []);
  await page.close();
});
