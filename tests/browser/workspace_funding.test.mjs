// The workspace's Financement screen (/espace/financement) in a real
// browser against the real stack, as Centre-du-Québec's editor in
// 2017-2018 (the seed bilan's year, whose funding the demo data holds: the
// MESI call's retained award, Services Québec's reported total with its two
// breakdowns, the MRCs' reported figures). It checks the screen's
// indicators, agreements, awards and reported totals against what the
// services answer; records an award whose amounts are typed the French way
// and finds them to the cent in the service; sees an award the service
// refuses explained in French on its field, with nothing written; types a
// reported total whose breakdown is off by one cent, sees the difference
// live and the save refused before any request, then saves it balanced; and
// sees the service's own refusal of a breakdown that does not add up
// explained. The viewer finds no form. axe-core scans each state.
//
//   node --test tests/browser/workspace_funding.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './stack.mjs';
import { TENANT, YEAR, accounts, axeScan, chooseYear, figure, keys, openWorkspace, signIn,
  useWorkspaceStack, v1 } from './workspace_page.mjs';
import { formatCents, parseCount, parseMoney } from '../../web/workspace/src/format.js';

useWorkspaceStack();

// Intl's French spaces (no-break, narrow no-break) as plain spaces.
const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

// A reported total's breakdown lines as « label value ».
async function linesOf(item) {
  const lines = await item.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => `${r.querySelector('th').textContent} ${r.querySelector('td').textContent}`));
  return lines.map(plain);
}

async function fundingTotals() {
  const s = await v1(keys.editor, 'GET', `tenants/${TENANT}:summarizeFunding?fiscal_year=${YEAR}`);
  return (s.values || []).filter((v) => Object.keys(v.dimensions || {}).length === 0);
}

async function awardsOfYear() {
  return (await v1(keys.editor, 'GET', `tenants/${TENANT}/awards?fiscal_year=${YEAR}&page_size=200`)).awards || [];
}

async function reportedOfYear() {
  return (await v1(keys.editor, 'GET', `tenants/${TENANT}/reportedTotals?fiscal_year=${YEAR}&page_size=200`)).reportedTotals || [];
}

async function openFunding(account) {
  const page = await openWorkspace();
  await signIn(page, account);
  await page.click('nav.tabs a[href="/espace/financement"]');
  await page.waitForSelector('#titre-indicateurs');
  await chooseYear(page);
  await page.waitForFunction((fy) => document.querySelector('#titre-indicateurs')?.textContent.includes(fy), YEAR);
  await page.waitForSelector('#indicateurs-funding');
  return page;
}

test('amounts typed the French way are read to the cent, without floating point', () => {
  assert.deepEqual(parseMoney('1 234,56 $'), { cents: '123456' });
  assert.deepEqual(parseMoney('1234.56'), { cents: '123456' });
  assert.deepEqual(parseMoney('337\u00a0905 $'), { cents: '33790500' });
  assert.deepEqual(parseMoney('1\u202f234,5'), { cents: '123450' });
  assert.deepEqual(parseMoney('0,10'), { cents: '10' });
  assert.deepEqual(parseMoney('1.234.567,89'), { cents: '123456789' });
  assert.deepEqual(parseMoney('1,234,567.89'), { cents: '123456789' });
  // 0.1 + 0.2 is not 0.3 in floating point; here it is exactly 30 cents.
  assert.deepEqual(parseMoney('0,3'), { cents: '30' });
  assert.deepEqual(parseMoney('90 071 992 547 409,93'), { cents: '9007199254740993' });
  assert.deepEqual(parseMoney(''), { empty: true });
  assert.deepEqual(parseMoney('12,345'), { error: 'money.decimals' });
  assert.deepEqual(parseMoney('-5'), { error: 'money.negative' });
  assert.deepEqual(parseMoney('douze'), { error: 'money.bad' });
  assert.deepEqual(parseMoney('1,2,3'), { error: 'money.bad' });
  assert.deepEqual(parseMoney('99999999999999999999'), { error: 'money.large' });
  assert.deepEqual(parseCount('1 234'), { value: '1234' });
  assert.deepEqual(parseCount('1,5'), { error: 'count.bad' });
  assert.equal(plain(formatCents('71728083')), '717 280,83 $');
  assert.equal(plain(formatCents(-1n)), '-0,01 $');
  assert.equal(plain(formatCents('9007199254740993')), '90 071 992 547 409,93 $');
});

test('the editor sees the year\'s funding as the services hold it: indicators, agreements, awards, reported totals', async () => {
  // An agreement covering 2017-2018, recorded through the API: the screen
  // must show it with the year's amount and its total.
  const agreement = await v1(keys.editor, 'POST', `tenants/${TENANT}/agreements?agreement_id=mesi-essai-2016-2019`, {
    funder: 'funders/mesi', program: 'programs/protocole-poles-2015-2020', status: 'ACTIVE',
    title: 'Convention d’essai MESI–Pôle 2016-2019', signatureDate: '2016-06-15',
    startFiscalYear: '2016-2017', endFiscalYear: '2018-2019',
    years: ['2016-2017', '2017-2018', '2018-2019'].map((fy) => ({ fiscalYear: fy, amount: { cents: '5000050', currencyCode: 'CAD' } })),
  });
  const totals = await fundingTotals();
  assert.ok(totals.length > 0, 'the demo data has funding indicators for 2017-2018');
  const awards = await awardsOfYear();
  const reported = await reportedOfYear();
  assert.ok(awards.length >= 1 && reported.length >= 1, 'the demo data has an award and reported totals');

  const page = await openFunding(accounts.editor);
  // Every indicator of the service, with its value, and no other.
  const shown = await page.locator('#indicateurs-funding tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.indicator, r.querySelector('td[data-value]').dataset.value]));
  assert.deepEqual(shown.sort(), totals.map((v) => [v.indicator, String(v.value)]).sort());
  for (const v of totals) {
    assert.equal(await figure(page, 'indicateurs-funding', v.indicator), Number(v.value));
  }

  const agRow = page.locator(`#liste-ententes tr[data-name="${agreement.name}"]`);
  assert.equal(await agRow.count(), 1);
  const agText = plain(await agRow.textContent());
  assert.match(agText, /Convention d’essai MESI–Pôle 2016-2019/);
  assert.match(agText, /signée le 15 juin 2016/);
  assert.match(agText, /50 000,50 \$/);  // the year's amount
  assert.match(agText, /150 001,50 \$/);  // the service's total
  assert.equal(agreement.totalAmount.cents, '15000150');

  // The seed's award: 337 905 $ authorised, decided on 31 March 2018.
  assert.equal(await page.locator('#liste-aides tbody tr').count(), awards.length);
  for (const a of awards) {
    const row = page.locator(`#liste-aides tr[data-name="${a.name}"]`);
    assert.equal(await row.count(), 1, a.name);
    assert.equal(await row.locator('td[data-cents]').first().getAttribute('data-cents'), a.amountAuthorised.cents);
    assert.match(plain(await row.textContent()), new RegExp(plain(formatCents(a.amountAuthorised.cents)).replace(/\$/, '\\$')));
  }
  const seed = awards.find((a) => a.decisionDate === '2018-03-31');
  assert.ok(seed, JSON.stringify(awards));
  const seedText = plain(await page.locator(`#liste-aides tr[data-name="${seed.name}"]`).textContent());
  assert.match(seedText, /31 mars 2018/);
  assert.match(seedText, /337 905,00 \$/);

  // Reported totals with each breakdown's lines, as the service holds them.
  for (const r of reported) {
    const item = page.locator(`#liste-montants-rapportes li[data-name="${r.name}"]`);
    assert.equal(await item.count(), 1, r.name);
    assert.equal(await item.locator('.rt-total').getAttribute('data-value'), String(r.total));
    for (const b of r.breakdowns || []) {
      const values = await item.locator(`table[data-dimension="${b.dimension}"] td[data-value]`).evaluateAll((cells) =>
        cells.map((c) => c.dataset.value));
      assert.deepEqual(values, b.items.map((x) => String(x.value)));
    }
  }
  const sq = page.locator('#liste-montants-rapportes li[data-name$="/services-quebec-2017-2018"]');
  assert.match(plain(await sq.textContent()), /717 280,83 \$/);
  assert.ok((await linesOf(sq)).includes('DRUMMONDVILLE 413 921,80 $'), JSON.stringify(await linesOf(sq)));
  await axeScan(page, 'financement');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the editor records an award typed the French way; the service holds it to the cent and the indicators follow', async () => {
  // An enterprise of the directory, to receive the second award.
  const sector = (await v1(keys.editor, 'GET', 'sectors')).sectors[0].name;
  const org = await v1(keys.editor, 'POST', `tenants/${TENANT}/organisations`, {
    displayName: 'Coopérative Essai-Organisation', kind: 'ENTERPRISE', legalForm: 'COOPERATIVE', sector, mrc: 'mrcs/drummond',
  });
  const before = await awardsOfYear();
  const authorisedBefore = Number((await fundingTotals()).find((v) => v.indicator === 'funding.amount_authorised')?.value || 0);
  const page = await openFunding(accounts.editor);
  await page.waitForSelector('#saisie-aide');

  // A value with three decimals is refused on its field before any request.
  await page.fill('#aide-titre', 'Démarrage de la coopérative Essai-Financement');
  await page.click('#aide-dest-groupe');
  await page.fill('#aide-groupe', 'Groupe promoteur Essai-Financement');
  await page.selectOption('#aide-programme', 'programs/fdt-economie-sociale');
  await page.selectOption('#aide-etat', 'DISBURSED');
  await page.fill('#aide-date', '2017-10-12');
  await page.fill('#aide-autorise', '12,345');
  await page.click('#saisie-aide button[type=submit]');
  await page.waitForSelector('#aide-autorise-erreur');
  assert.match(await page.locator('#aide-autorise-erreur').textContent(), /plus de deux décimales/);
  assert.equal(await page.locator('#aide-autorise').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#aide-autorise').getAttribute('aria-describedby'), /aide-autorise-erreur/);
  assert.equal((await awardsOfYear()).length, before.length, 'nothing is written');

  // More disbursed than authorised: the service refuses; its field says why, in French.
  await page.fill('#aide-autorise', '1 000 $');
  await page.fill('#aide-verse', '2 000,00 $');
  assert.equal(plain(await page.locator('#aide-verse-aide').textContent()), 'Lu : 2 000,00 $');
  await page.click('#saisie-aide button[type=submit]');
  await page.waitForSelector('#aide-verse-erreur');
  assert.equal(await page.locator('#aide-verse-erreur').textContent(), 'ne doit pas dépasser le montant autorisé');
  assert.equal(await page.locator('#aide-verse').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#saisie-aide .error[role=alert]').textContent(), /Le service a refusé l’enregistrement : rien n’a été enregistré/);
  assert.equal((await awardsOfYear()).length, before.length, 'nothing is written');
  await axeScan(page, 'financement (aide refusée)');

  // Typed as people type: « 12 345,67 $ » and « 1234.5 ».
  await page.fill('#aide-autorise', '12 345,67 $');
  await page.fill('#aide-verse', '1234.5');
  await page.fill('#aide-investissement', '48 000 $');
  await page.click('#saisie-aide button[type=submit]');
  await page.waitForFunction(() => /enregistrée/.test(document.querySelector('#saisie-aide p.ok').textContent));
  const after = await awardsOfYear();
  assert.equal(after.length, before.length + 1);
  const created = after.find((a) => !before.some((b) => b.name === a.name));
  assert.equal(created.promoterGroup, 'Groupe promoteur Essai-Financement');
  assert.equal(created.amountAuthorised.cents, '1234567');
  assert.equal(created.amountDisbursed.cents, '123450');
  assert.equal(created.totalInvestment.cents, '4800000');
  assert.equal(created.status, 'DISBURSED');
  assert.equal(created.fiscalYear, YEAR);

  const row = page.locator(`#liste-aides tr[data-name="${created.name}"]`);
  await row.waitFor({ timeout: 10000 });
  const text = plain(await row.textContent());
  assert.match(text, /12 octobre 2017/);
  assert.match(text, /12 345,67 \$/);
  assert.match(text, /1 234,50 \$/);
  const authorisedAfter = Number((await fundingTotals()).find((v) => v.indicator === 'funding.amount_authorised').value);
  assert.equal(authorisedAfter, authorisedBefore + 1234567);
  await page.waitForFunction((v) => {
    const c = document.querySelector('#indicateurs-funding tr[data-indicator="funding.amount_authorised"] td[data-value]');
    return c && Number(c.dataset.value) === v;
  }, authorisedAfter, { timeout: 10000 });

  // To an organisation of the directory: the service reads its name (the
  // recipient's snapshot), which the list shows.
  await page.fill('#aide-titre', 'Consolidation Essai-Organisation');
  await page.click('#aide-dest-org');
  await page.selectOption('#aide-organisation', org.name);
  await page.selectOption('#aide-etat', 'AUTHORISED');
  await page.fill('#aide-date', '2018-01-20');
  await page.fill('#aide-autorise', '5000');
  await page.click('#saisie-aide button[type=submit]');
  await page.waitForFunction(() => /Essai-Organisation » enregistrée/.test(document.querySelector('#saisie-aide p.ok').textContent));
  const toOrg = (await awardsOfYear()).find((a) => a.title === 'Consolidation Essai-Organisation');
  assert.equal(toOrg.organisation, org.name);
  assert.equal(toOrg.amountAuthorised.cents, '500000');
  const orgRow = page.locator(`#liste-aides tr[data-name="${toOrg.name}"]`);
  await orgRow.waitFor({ timeout: 10000 });
  assert.match(plain(await orgRow.textContent()), new RegExp(`20 janvier 2018.*${org.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*5 000,00 \\$`));
  assert.equal(await figure(page, 'indicateurs-funding', 'funding.amount_authorised'), authorisedAfter + 500000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a reported total\'s breakdown is checked to the cent as it is typed; the service\'s refusal is explained', async () => {
  const before = await reportedOfYear();
  const page = await openFunding(accounts.editor);
  await page.waitForSelector('#saisie-montant-rapporte');
  await page.selectOption('#rt-source', 'funders/mrc');
  await page.selectOption('#rt-mesure', 'REPORTED_MEASURE_AMOUNT');
  await page.fill('#rt-titre', 'Fonds d’essai des MRC, par MRC');
  await page.fill('#rt-total', '1 000,00 $');
  await page.selectOption('#rt-r0-dim', 'mrc');
  await page.fill('#rt-r0-l0-libelle', 'Drummond');
  await page.fill('#rt-r0-l0-valeur', '600');
  await page.fill('#rt-r0-l1-libelle', 'Nicolet-Yamaska');
  await page.fill('#rt-r0-l1-valeur', '399,99 $');
  // Live: the sum, the total and the difference, to the cent.
  const gap = page.locator('#rt-r0-ecart');
  assert.equal(await gap.getAttribute('data-difference'), '-1');
  assert.equal(plain(await gap.textContent()),
               'Somme des lignes : 999,99 $ ; total : 1 000,00 $ ; écart : -0,01 $ — La répartition ne correspond pas au total.');
  assert.equal(await gap.getAttribute('role'), 'status');
  // Refused before any request.
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/reportedTotals')) posts += 1; });
  await page.click('#saisie-montant-rapporte button[type=submit]');
  await page.waitForSelector('#saisie-montant-rapporte .error[role=alert]');
  assert.match(plain(await page.locator('#saisie-montant-rapporte .error[role=alert]').textContent()),
               /la répartition 1 ne correspond pas au total \(écart de -0,01 \$\).*Rien n’a été enregistré/);
  assert.equal(posts, 0);
  assert.equal((await reportedOfYear()).length, before.length);
  await axeScan(page, 'financement (répartition qui ne correspond pas)');

  // A page that sends other figures than it checked (an older copy of the
  // screen, a script): the service refuses, and the screen explains it.
  await page.fill('#rt-r0-l1-valeur', '400');
  assert.equal(await gap.getAttribute('data-difference'), '0');
  assert.match(await gap.textContent(), /au cent près/);
  const tamper = (url) => url.pathname.endsWith('/reportedTotals');
  await page.route(tamper, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const body = JSON.parse(route.request().postData());
    body.breakdowns[0].items[1].value = '39999';
    return route.continue({ postData: JSON.stringify(body) });
  });
  await page.click('#saisie-montant-rapporte button[type=submit]');
  await page.waitForFunction(() => /Le service a refusé/.test(document.querySelector('#saisie-montant-rapporte .error[role=alert]')?.textContent || ''));
  assert.equal(plain(await page.locator('#saisie-montant-rapporte .error[role=alert]').textContent()),
               'Le service a refusé l’enregistrement : la répartition 1 (MRC) totalise 999,99 $, soit 0,01 $ de moins que le total de 1 000,00 $. Rien n’a été enregistré.');
  assert.equal(posts, 1);
  assert.equal((await reportedOfYear()).length, before.length, 'nothing is written');
  await page.unroute(tamper);

  // Balanced: saved, to the cent, and listed.
  await page.click('#saisie-montant-rapporte button[type=submit]');
  await page.waitForFunction(() => /enregistré/.test(document.querySelector('#saisie-montant-rapporte p.ok').textContent));
  const after = await reportedOfYear();
  assert.equal(after.length, before.length + 1);
  const created = after.find((r) => !before.some((b) => b.name === r.name));
  assert.equal(String(created.total), '100000');
  assert.deepEqual(created.breakdowns.map((b) => [b.dimension, b.items.map((i) => [i.key, i.label, String(i.value)])]),
                   [['mrc', [['drummond', 'Drummond', '60000'], ['nicolet-yamaska', 'Nicolet-Yamaska', '40000']]]]);
  const item = page.locator(`#liste-montants-rapportes li[data-name="${created.name}"]`);
  await item.waitFor({ timeout: 10000 });
  assert.deepEqual(await linesOf(item), ['Drummond 600,00 $', 'Nicolet-Yamaska 400,00 $']);

  // « Tels que publiés »: the same one-cent gap is recorded, and kept as
  // the service's finding, shown under the total.
  await page.fill('#rt-titre', 'Fonds d’essai des MRC, tel que publié');
  await page.fill('#rt-total', '1 000,00 $');
  await page.selectOption('#rt-r0-dim', 'mrc');
  await page.fill('#rt-r0-l0-libelle', 'Drummond');
  await page.fill('#rt-r0-l0-valeur', '600');
  await page.fill('#rt-r0-l1-libelle', 'Nicolet-Yamaska');
  await page.fill('#rt-r0-l1-valeur', '400');
  // Two breakdowns by MRC: the service refuses the second's dimension,
  // shown on that field in French, and writes nothing.
  await page.click('#saisie-montant-rapporte button:has-text("Ajouter une répartition")');
  await page.selectOption('#rt-r1-dim', 'mrc');
  await page.fill('#rt-r1-l0-libelle', 'Toutes les MRC');
  await page.fill('#rt-r1-l0-valeur', '1000');
  await page.click('#rt-r1 button:has-text("Retirer la ligne 2")');
  assert.equal(await page.locator('#rt-r1-ecart').getAttribute('data-difference'), '0');
  const count = (await reportedOfYear()).length;
  await page.click('#saisie-montant-rapporte button[type=submit]');
  await page.waitForSelector('#rt-r1-dim-erreur');
  assert.equal(await page.locator('#rt-r1-dim-erreur').textContent(), 'figure déjà dans une autre répartition de ce total');
  assert.equal(await page.locator('#rt-r1-dim').getAttribute('aria-invalid'), 'true');
  assert.equal((await reportedOfYear()).length, count, 'nothing is written');
  await page.click('#rt-r1 button:has-text("Retirer la répartition 2")');
  await page.fill('#rt-r0-l1-valeur', '399,99');
  assert.equal(await gap.getAttribute('data-difference'), '-1');
  await page.check('#rt-tel-que-publie');
  await page.click('#saisie-montant-rapporte button[type=submit]');
  await page.waitForFunction(() => /tel que publié » enregistré/.test(document.querySelector('#saisie-montant-rapporte p.ok').textContent));
  const published = (await reportedOfYear()).find((r) => r.title === 'Fonds d’essai des MRC, tel que publié');
  assert.equal(published.asPublished, true);
  assert.deepEqual(published.findings.map((f) => [f.code, f.field, String(f.difference)]), [['BREAKDOWN_MISMATCH', 'breakdowns[0]', '-1']]);
  const finding = page.locator(`#liste-montants-rapportes li[data-name="${published.name}"] .finding`);
  await finding.waitFor({ timeout: 10000 });
  assert.equal(plain(await finding.textContent()),
               'Enregistré tel que publié : la répartition 1 (MRC) diffère du total de -0,01 $ (somme des lignes moins le total).');
  await axeScan(page, 'financement (montant rapporté enregistré)');
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: path.join(artifactsDir(), 'workspace-funding.png'), fullPage: true });
  await page.close();
});

test('the viewer reads the funding but finds no form; the screen is in English on request', async () => {
  const page = await openFunding(accounts.viewer);
  await page.waitForSelector('#liste-aides');
  assert.equal(await page.locator('#lecture-seule').count(), 1);
  assert.equal(await page.locator(
    'main form, main button[type=submit], main input[type=file], main input:not([type=search]):not([type=checkbox])').count(), 0);
  const buttons = await page.locator('main button').evaluateAll((bs) => bs.map((b) => b.className));
  assert.ok(buttons.every((c) => c === 'secondary'), String(buttons));
  await axeScan(page, 'financement (consultation)');

  await page.click('header button[lang=en]');
  await page.waitForFunction(() => document.querySelector('#titre-ecran')?.textContent === 'Funding');
  await page.waitForSelector('#liste-aides');
  const seed = page.locator('#liste-aides tbody tr', { hasText: 'St-Pierre' });
  assert.match(plain(await seed.textContent()), /March 31, 2018/);
  assert.match(plain(await seed.textContent()), /\$337,905\.00/);
  await page.click('header button[lang=fr]');
  await page.waitForFunction(() => document.querySelector('#titre-ecran')?.textContent === 'Financement');
  assert.deepEqual(page.errors, []);
  await page.close();
});
