// The Plan d'action screen (/espace/plan) in Debian's chromium against the
// real stack. Centre-du-Québec has no plan in the demo data, so the suite
// first writes one through the API with the editor's key (a plan of
// 2017-2018 to 2019-2020 with two axes, an objective, two actions and three
// indicators: one entered with a target, one computed from events.held,
// one qualitative) and a draft plan with no indicator. Then, signed in by
// e-mail and password as the editor, year 2017-2018:
//
// - the progress of each plan and the tree equal what the service answers;
// - the computed result is shown « calculé », with the value the service
//   computes (the year's events.held), and offers no entry;
// - an entered result typed « 7,5 », then « 12 », is recorded (the
//   service reads 7.5, then 12 and the target reached) and the progress
//   follows; « douze » and « -3 » are refused with the reason in French,
//   tied to the field, and nothing is written;
// - an item's title is edited in place (Enter saves, Escape cancels); a
//   blank title is refused by the service and explained in French; a title
//   changed meanwhile through the API (stale etag) is explained as someone
//   else's change, nothing is overwritten, and « Recharger » shows theirs;
// - as the viewer: the same figures, no field, no edit button.
//
// axe-core scans the screen with the entry errors and the title editor
// open, and the viewer's screen: no serious or critical violation.
//
//   node --test tests/browser/workspace_plan.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TENANT, YEAR, accounts, axeScan, chooseYear, eventsSummary, keys, openWorkspace, signIn,
  useWorkspaceStack, v1,
  expectFocus,
} from './workspace_page.mjs';

useWorkspaceStack();

const PLAN = `tenants/${TENANT}/plans/plan-essai-2017-2020`;
const DRAFT = `tenants/${TENANT}/plans/plan-essai-brouillon`;
const item = (id) => `${PLAN}/items/${id}`;
const BULLETINS = `${item('1-1-1')}/indicators/bulletins`;
const EVENEMENTS = `${item('1-1-2')}/indicators/evenements`;

// Once, by the first test that needs it (after the stack's set-up).
let seeded = null;
function seed() {
  seeded = seeded || writePlans();
  return seeded;
}

async function writePlans() {
  const e = keys.editor;
  await v1(e, 'POST', `tenants/${TENANT}/plans?plan_id=plan-essai-2017-2020`, {
    title: 'Plan d’action 2017-2020 (essai)', startFiscalYear: '2017-2018', endFiscalYear: '2019-2020',
    status: 'ADOPTED', adoptionDate: '2017-06-14',
  });
  await v1(e, 'POST', `tenants/${TENANT}/plans?plan_id=plan-essai-brouillon`, {
    title: 'Plan d’action 2020-2023 (brouillon d’essai)', startFiscalYear: '2020-2021', endFiscalYear: '2022-2023',
  });
  const items = [
    ['1', '', 'AXE', '1', 'Promouvoir l’économie sociale'],
    ['1-1', '1', 'OBJECTIVE', '1.1', 'Élaborer un plan de communication'],
    ['1-1-1', '1-1', 'ACTION', '1.1.1', 'Publier un bulletin'],
    ['1-1-2', '1-1', 'ACTION', '1.1.2', 'Tenir des rencontres de réseautage'],
    ['2', '', 'AXE', '2', 'Représenter les entreprises'],
  ];
  for (const [id, parent, kind, code, title] of items) {
    await v1(e, 'POST', `${PLAN}/items?item_id=${id}`, {
      kind, code, title, ...(parent ? { parentItem: item(parent) } : {}),
      ...(id === '1-1-2' ? { responsables: ['Coordonnateur'], budget: { cents: '500000' } } : {}),
    });
  }
  await v1(e, 'POST', `${DRAFT}/items?item_id=1`, { kind: 'AXE', code: '1', title: 'Axe du brouillon' });
  await v1(e, 'POST', `${item('1-1-1')}/indicators?indicator_id=bulletins`,
           { description: 'Bulletins diffusés', target: 12, unit: 'bulletins' });
  await v1(e, 'POST', `${item('1-1-2')}/indicators?indicator_id=evenements`,
           { description: 'Événements organisés par le Pôle', target: 3, unit: 'événements',
             nationalIndicatorCode: 'events.held', computed: true });
  await v1(e, 'POST', `${item('2')}/indicators?indicator_id=tables`,
           { description: 'Présence aux tables régionales' });
}

async function progressOf(plan) {
  return v1(keys.editor, 'GET', `${plan}:getPlanProgress?fiscal_year=${YEAR}`);
}

async function resultOf(indicator) {
  const ind = await v1(keys.editor, 'GET', indicator);
  return (ind.results || []).find((r) => r.fiscalYear === YEAR);
}

async function screenProgress(page, plan) {
  const row = page.locator(`#avancement tr[data-plan="${plan}"]`);
  const out = {};
  for (const k of ['indicatorCount', 'measurableCount', 'measuredCount', 'achievedCount']) {
    out[k] = Number(await row.locator(`td[data-count=${k}]`).getAttribute('data-value'));
  }
  return out;
}

function counts(p) {
  return { indicatorCount: p.indicatorCount || 0, measurableCount: p.measurableCount || 0,
           measuredCount: p.measuredCount || 0, achievedCount: p.achievedCount || 0 };
}

async function waitProgress(page, plan, want) {
  await page.waitForFunction(([sel, n]) => {
    const c = document.querySelector(sel);
    return c && Number(c.dataset.value) === n;
  }, [`#avancement tr[data-plan="${plan}"] td[data-count=measuredCount]`, want.measuredCount || 0]);
  await page.waitForFunction(([sel, n]) => {
    const c = document.querySelector(sel);
    return c && Number(c.dataset.value) === n;
  }, [`#avancement tr[data-plan="${plan}"] td[data-count=achievedCount]`, want.achievedCount || 0]);
}

async function openPlanScreen(account) {
  await seed();
  const page = await openWorkspace();
  await signIn(page, account);
  await page.click('nav.tabs a[href="/espace/plan"]');
  await page.waitForSelector('#plan-affiche');
  return page;
}

test('the editor reads the plans, their progress and the tree as the service has them', async () => {
  const page = await openPlanScreen(accounts.editor);
  assert.equal(await page.locator('h1').textContent(), 'Plan d’action');
  // The year shown first is today's, outside every plan: nothing to enter.
  await page.waitForSelector('#hors-periode');
  assert.equal(await page.locator('.saisie-resultat').count(), 0);

  await chooseYear(page);
  await page.waitForSelector(`#plan-affiche[data-plan="${PLAN}"]`);
  await page.waitForSelector('#ind-bulletins .saisie-resultat');
  assert.equal(await page.locator('#hors-periode').count(), 0);
  assert.match(await page.locator('#statut-plan').textContent(), /^Adopté le 14 juin 2017$/);

  const plans = (await v1(keys.editor, 'GET', `tenants/${TENANT}/plans?page_size=200`)).plans;
  assert.deepEqual(await page.locator('#avancement tbody th').allTextContents(), plans.map((p) => p.title));
  assert.deepEqual(await page.locator('#plan-choisi option').allTextContents(),
                   plans.map((p) => `${p.title} (${p.startFiscalYear} – ${p.endFiscalYear})`));
  for (const p of [PLAN, DRAFT]) {
    await waitProgress(page, p, await progressOf(p));
    assert.deepEqual(await screenProgress(page, p), counts(await progressOf(p)), p);
  }
  assert.equal((await progressOf(PLAN)).indicatorCount, 3);

  // The tree: every item, nested as the service's parent links say.
  const items = (await v1(keys.editor, 'GET', `${PLAN}/items?page_size=200`)).items;
  assert.equal(await page.locator('#plan-affiche li[data-item]').count(), items.length);
  for (const it of items) {
    const li = page.locator(`li[data-item="${it.name}"]`);
    assert.equal(await li.locator(':scope > p .titre-element').textContent(), it.title);
    const parent = await li.evaluate((el) => el.parentElement.closest('li[data-item]')?.dataset.item || '');
    assert.equal(parent, it.parentItem || '', it.name);
  }
  assert.equal(await page.locator('#el-1 > p .genre').textContent(), 'Axe');
  assert.equal(await page.locator('#el-1-1 > p .genre').textContent(), 'Objectif');
  assert.match(await page.locator('#el-1-1-2 > .details').textContent(), /Responsables : Coordonnateur/);
  assert.match(await page.locator('#el-1-1-2 > .details').textContent(), /Budget : 5[\u00a0\u202f ]000,00[\u00a0\u202f ]\$/);

  // Targets as the plan writes them; a qualitative indicator has none.
  assert.equal((await page.locator('#ind-bulletins td').first().textContent()).trim(), '12 bulletins');
  assert.equal((await page.locator('#ind-tables td').first().textContent()).trim(), 'qualitatif (sans cible)');

  // The computed result: the service's, which is the year's events.held;
  // marked « calculé » and not offered for entry.
  const computed = await resultOf(EVENEMENTS);
  assert.equal(computed.source, 'COMPUTED');
  const held = (await eventsSummary(keys.editor)).held;
  assert.ok(held > 0, 'the demo data has events organised in 2017-2018');
  assert.equal(Number(computed.actualValue), held);
  const row = page.locator('#ind-evenements');
  assert.equal(await row.getAttribute('data-computed'), 'true');
  assert.equal(Number(await row.locator('td.resultat').getAttribute('data-value')), held);
  assert.match(await row.locator('td.resultat').textContent(), new RegExp(`^${held}`));
  assert.match(await row.locator('td.provenance').textContent(), /^calculé/);
  assert.equal(await row.locator('input, button').count(), 0);
  await page.close();
});

test('the editor records a result in place, the progress follows, and a bad value is refused in French', async () => {
  const page = await openPlanScreen(accounts.editor);
  await chooseYear(page);
  await page.waitForSelector('#ind-bulletins .saisie-resultat');
  assert.equal(await resultOf(BULLETINS), undefined);
  const before = await progressOf(PLAN);

  await page.fill('#resultat-bulletins', '7,5');
  await page.click('#ind-bulletins button[type=submit]');
  await page.waitForFunction(() => document.getElementById('plan-statut').textContent === 'Résultat enregistré : 7,5.');
  const first = await resultOf(BULLETINS);
  assert.equal(first.actualValue, 7.5);
  assert.equal(first.source, 'ENTERED');
  assert.equal(await page.locator('#ind-bulletins td.resultat').textContent(), '7,5');
  assert.equal(await page.locator('#ind-bulletins td.provenance').textContent(), 'saisi');
  const measured = await progressOf(PLAN);
  assert.equal(measured.measuredCount, (before.measuredCount || 0) + 1);
  await waitProgress(page, PLAN, measured);
  assert.deepEqual(await screenProgress(page, PLAN), counts(measured));

  // The target reached: shown, and counted by the service and the screen.
  assert.equal(await page.inputValue('#resultat-bulletins'), '7,5');
  await page.fill('#resultat-bulletins', '12');
  await page.press('#resultat-bulletins', 'Enter');
  await page.waitForFunction(() => document.getElementById('plan-statut').textContent === 'Résultat enregistré : 12.');
  assert.equal((await resultOf(BULLETINS)).actualValue, 12);
  assert.equal(await page.locator('#ind-bulletins td.resultat').textContent(), '12 (cible atteinte)');
  const achieved = await progressOf(PLAN);
  assert.equal(achieved.achievedCount, (measured.achievedCount || 0) + 1);
  await waitProgress(page, PLAN, achieved);
  assert.deepEqual(await screenProgress(page, PLAN), counts(achieved));
  assert.match(await page.locator(`#avancement tr[data-plan="${PLAN}"] td[data-count=achievedShare]`).textContent(),
               new RegExp(`^${Math.round(achieved.achievedShare * 100)}[\u00a0\u202f ]%$`));

  // Not a number: refused on the page, tied to the field.
  await page.fill('#resultat-bulletins', 'douze');
  await page.click('#ind-bulletins button[type=submit]');
  await page.waitForSelector('#resultat-bulletins-erreur');
  assert.equal(await page.locator('#resultat-bulletins-erreur').textContent(),
               'Résultat : tapez un nombre, par exemple 12 ou 7,5.');
  assert.equal(await page.getAttribute('#resultat-bulletins', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#resultat-bulletins', 'aria-describedby'), /resultat-bulletins-erreur/);

  // Negative: the service refuses it (result.actual_value); in French.
  await page.fill('#resultat-bulletins', '-3');
  await page.click('#ind-bulletins button[type=submit]');
  await page.waitForFunction(() => document.getElementById('resultat-bulletins-erreur')?.textContent === 'Résultat : ne doit pas être négatif');
  assert.equal(await page.getAttribute('#resultat-bulletins', 'aria-invalid'), 'true');
  assert.equal((await resultOf(BULLETINS)).actualValue, 12, 'nothing written');
  assert.deepEqual(counts(await progressOf(PLAN)), counts(achieved));
  await axeScan(page, 'plan (résultat refusé)');
  await page.close();
});

test('the editor edits an item’s title in place; a blank title and a stale copy are refused and explained', async () => {
  const page = await openPlanScreen(accounts.editor);
  await chooseYear(page);
  await page.waitForSelector('#modifier-1-1');

  await page.click('#modifier-1-1');
  await expectFocus(page, 'titre-1-1');
  assert.equal(await page.locator('label[for=titre-1-1]').textContent(), 'Titre de l’élément 1.1');
  await page.fill('#titre-1-1', 'Élaborer et diffuser un plan de communication');
  await page.press('#titre-1-1', 'Enter');
  await page.waitForSelector('#modifier-1-1');
  assert.equal(await page.locator('#el-1-1 > p .titre-element').textContent(),
               'Élaborer et diffuser un plan de communication');
  assert.equal((await v1(keys.editor, 'GET', item('1-1'))).title, 'Élaborer et diffuser un plan de communication');
  assert.equal(await page.locator('#plan-statut').textContent(), 'Titre enregistré.');
  await expectFocus(page, 'modifier-1-1');

  // Blank: the service refuses item.title; the page says so in French.
  await page.click('#modifier-1-1');
  await page.fill('#titre-1-1', '   ');
  await page.press('#titre-1-1', 'Enter');
  await page.waitForSelector('#titre-1-1-erreur');
  assert.equal(await page.locator('#titre-1-1-erreur').textContent(), 'Titre : obligatoire');
  assert.equal(await page.getAttribute('#titre-1-1', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#titre-1-1', 'aria-describedby'), 'titre-1-1-erreur');
  assert.equal((await v1(keys.editor, 'GET', item('1-1'))).title, 'Élaborer et diffuser un plan de communication');
  await axeScan(page, 'plan (titre refusé)');
  // Escape leaves the title as it was.
  await page.press('#titre-1-1', 'Escape');
  await page.waitForSelector('#modifier-1-1');
  await expectFocus(page, 'modifier-1-1');
  assert.equal(await page.locator('#el-1-1 > p .titre-element').textContent(),
               'Élaborer et diffuser un plan de communication');

  // Someone else changes 1.1.1 after the page read it: the page's etag is
  // stale, its change is refused and explained, theirs stays.
  await page.click('#modifier-1-1-1');
  await v1(keys.editor, 'PATCH', `${item('1-1-1')}?update_mask=title`,
           { name: item('1-1-1'), title: 'Publier un bulletin trimestriel' });
  await page.fill('#titre-1-1-1', 'Publier une infolettre');
  await page.press('#titre-1-1-1', 'Enter');
  await page.waitForSelector('#titre-1-1-1-erreur');
  assert.match(await page.locator('#titre-1-1-1-erreur').textContent(), /^Quelqu’un d’autre a modifié cet élément/);
  assert.equal((await v1(keys.editor, 'GET', item('1-1-1'))).title, 'Publier un bulletin trimestriel');
  await page.click('#titre-1-1-1-erreur button');
  await page.waitForFunction(() => document.querySelector('#el-1-1-1 > p .titre-element')?.textContent === 'Publier un bulletin trimestriel');
  assert.equal(page.errors.length, 0, page.errors.join('\n'));
  await page.close();
});

test('the viewer sees the same plan and results with no way to change them', async () => {
  const page = await openPlanScreen(accounts.viewer);
  await chooseYear(page);
  await page.waitForSelector(`#plan-affiche[data-plan="${PLAN}"]`);
  await page.waitForSelector('#ind-evenements td.resultat[data-value]');
  assert.ok(await page.locator('#lecture-seule').isVisible());
  const entered = await resultOf(BULLETINS);
  const shown = await page.locator('#ind-bulletins td.resultat').getAttribute('data-value');
  assert.equal(entered ? Number(shown) : shown, entered ? entered.actualValue : null);
  assert.equal(await page.locator('main input, main textarea').count(), 0);
  assert.equal(await page.locator('#plan-affiche button, #plan-affiche form').count(), 0);
  assert.equal(await page.locator('[id^=modifier-]').count(), 0);
  await waitProgress(page, PLAN, await progressOf(PLAN));
  assert.deepEqual(await screenProgress(page, PLAN), counts(await progressOf(PLAN)));
  await axeScan(page, 'plan (consultation)');
  await page.close();
});
