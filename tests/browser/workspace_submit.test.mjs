// The workspace's submission of the year, its bilan and the directory's
// edit conflicts, in a real browser
// against the real stack (workspace_page.mjs), as Centre-du-Québec's editor
// signed in by e-mail and password:
//
// - the dashboard lists the year's findings as the gateway's bilan has
//   them; the editor submits 2019-2020 (a year no other test uses) after a
//   confirmation, sees the lock, and an event dated in that year is then
//   refused on the Événements screen with the reason explained, nothing
//   written; the viewer has no submit button;
// - the Bilan screen shows the gateway's bilan of 2017-2018 (the seed's
//   year) read with the session cookie, prints alone (print style sheet)
//   and is saved as PDF (page.pdf()); the bilan routes accept a person's
//   cookie for their own Pôle only (another Pôle's is 403, a made-up or
//   signed-out one 401);
// - in Répertoire, an organisation edited in two pages: the second page,
//   with its stale copy (etag), is told someone else changed it, nothing
//   is overwritten, and its reload shows the current version; a refused
//   field shows its error in French, tied to the field.
//
//   node --test tests/browser/workspace_submit.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TENANT, YEAR, accounts, axeScan, chooseYear, keys, loginHttp, openWorkspace, signIn, stack,
  useWorkspaceStack, v1, withCookie,
  expectFocus,
} from './workspace_page.mjs';

useWorkspaceStack();

// A year no other test writes in: submitted here.
const LOCKED_YEAR = '2019-2020';

// GET /api/v1/... with a key: the status and the JSON.
async function gateway(key, rest) {
  const res = await fetch(`${stack.url}/api/v1/${rest}`, { headers: { Authorization: `Bearer ${key}` } });
  const text = await res.text();
  assert.equal(res.status, 200, `${rest}: ${text}`);
  return JSON.parse(text);
}

test('the dashboard lists the year\'s findings as the bilan has them', async (t) => {
  const bilan = await gateway(keys.editor, `tenants/${TENANT}/bilans/${YEAR}`);
  const findings = bilan.findings || [];
  t.diagnostic(`${findings.length} findings in ${YEAR}`);
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await chooseYear(page);
  await page.waitForSelector('#constats-compte, #constats-aucun');
  if (findings.length === 0) {
    assert.match(await page.locator('#constats-aucun').textContent(), new RegExp(`Aucun constat pour l’exercice ${YEAR}`));
  } else {
    assert.match(await page.locator('#constats-compte').textContent(), new RegExp(`^${findings.length} constat`));
    const shown = await page.locator('#constats li').allTextContents();
    assert.equal(shown.length, findings.length);
    for (const f of findings) {
      assert.ok(shown.some((s) => s.includes(f.messageFr)), `finding not shown: ${f.messageFr}`);
    }
    const missing = findings.filter((f) => f.rule === 'MISSING_EXPECTED').length;
    assert.equal(await page.locator('#constats-manquants li').count(), missing);
    assert.equal(await page.locator('#constats-incoherences li').count(), findings.length - missing);
  }
  await axeScan(page, 'tableau de bord, constats');
  await page.close();
});

test('the editor submits a year after confirming, sees the lock, and an event in it is refused and explained', async () => {
  const state = () => v1(keys.editor, 'GET', `tenants/${TENANT}/fiscalYears/${LOCKED_YEAR}`);
  const eventsIn = async () => {
    const r = await v1(keys.editor, 'GET', `tenants/${TENANT}/events?fiscal_year=${LOCKED_YEAR}&page_size=500`);
    return (r.events || []).map((e) => e.title);
  };
  assert.equal((await state()).state, 'OPEN');
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await page.selectOption('#exercice', LOCKED_YEAR);
  await page.waitForSelector('#soumettre');
  assert.match(await page.locator('#etat-exercice').textContent(), /ouvert/);
  assert.equal(await page.locator('#soumettre').textContent(), `Soumettre l’exercice ${LOCKED_YEAR}`);

  // The confirmation, then « Annuler »: nothing submitted, the focus back.
  await page.click('#soumettre');
  await page.waitForSelector('#confirmation');
  await expectFocus(page, 'confirmer');
  assert.match(await page.locator('#confirmation').textContent(), /verrouillées/);
  await axeScan(page, 'tableau de bord, confirmation');
  await page.click('#annuler');
  await page.waitForSelector('#soumettre');
  assert.equal((await state()).state, 'OPEN');

  // Confirmed: the service's year is submitted, the page shows the lock.
  await page.click('#soumettre');
  await page.click('#confirmer');
  await page.waitForSelector('#verrou');
  await expectFocus(page, 'verrou');
  const submitted = await state();
  assert.equal(submitted.state, 'SUBMITTED');
  assert.match(await page.locator('#verrou').textContent(), new RegExp(`Exercice ${LOCKED_YEAR} soumis et verrouillé`));
  assert.match(await page.locator('#etat-exercice').textContent(), /soumis le \d{1,2} \S+ 20\d\d/);
  assert.equal(await page.locator('#soumettre').count(), 0);
  await axeScan(page, 'tableau de bord, exercice soumis');
  // A reload still shows it.
  await page.reload();
  await page.selectOption('#exercice', LOCKED_YEAR);
  await page.waitForSelector('#verrou');

  // An event dated in the submitted year: refused, explained, not written.
  const before = await eventsIn();
  await page.click('nav.tabs a[href="/espace/evenements"]');
  await page.waitForSelector('#saisie-evenement');
  const title = 'Rencontre après la soumission';
  await page.fill('#ev-title', title);
  await page.fill('#ev-date', '2019-06-12');
  await page.fill('#participants-total', '10');
  await page.fill('#participants-women', '6');
  await page.fill('#participants-men', '4');
  await page.fill('#participants-other', '0');
  await page.click('#saisie-evenement button[type=submit]');
  const error = page.locator('#saisie-evenement [role=alert]');
  await error.waitFor();
  assert.match(await error.textContent(), new RegExp(`l’exercice ${LOCKED_YEAR} est soumis`));
  assert.match(await error.textContent(), /déverrouill/);
  assert.deepEqual(await eventsIn(), before);
  assert.ok(!before.includes(title));
  await axeScan(page, 'événements, écriture refusée');
  // The same write through the API: FAILED_PRECONDITION, FISCAL_YEAR_SUBMITTED.
  const res = await fetch(`${stack.url}/v1/tenants/${TENANT}/events`, {
    method: 'POST', headers: { Authorization: `Bearer ${keys.editor}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, kind: 'NETWORKING', startTime: '2019-06-12T13:00:00Z', endTime: '2019-06-12T15:00:00Z', participants: { total: 1 } }),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /FISCAL_YEAR_SUBMITTED/);
  await page.close();
});

test('the viewer sees the findings and the year\'s state but no submit button', async () => {
  const page = await openWorkspace();
  await signIn(page, accounts.viewer);
  await chooseYear(page);
  await page.waitForSelector('#constats-compte, #constats-aucun');
  assert.equal(await page.locator('#soumettre').count(), 0);
  await page.selectOption('#exercice', '2020-2021');
  await page.waitForSelector('#constats-compte, #constats-aucun');
  assert.equal(await page.locator('#soumettre').count(), 0);
  // The services refuse the viewer's submission anyway.
  const session = await loginHttp(accounts.viewer);
  const refused = await withCookie(session, 'POST', `/v1/tenants/${TENANT}/fiscalYears/2020-2021:submitFiscalYear`, { body: {} });
  assert.equal(refused.status, 403, refused.text);
  assert.equal((await v1(keys.editor, 'GET', `tenants/${TENANT}/fiscalYears/2020-2021`)).state, 'OPEN');
  await page.close();
});

test('the Bilan screen shows the gateway\'s bilan with the session cookie, prints alone and saves as PDF', async () => {
  const bilan = await gateway(keys.editor, `tenants/${TENANT}/bilans/${YEAR}`);
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await page.click('nav.tabs a[href="/espace/bilan"]');
  await chooseYear(page);
  await page.waitForSelector('#bilan');
  assert.equal(await page.locator('#titre-ecran').textContent(), `Bilan de l’exercice ${YEAR}`);
  assert.equal(await page.locator('#bilan-pole').textContent(), bilan.displayName);
  // Every table of every section, its total as the gateway computed it.
  const sections = bilan.sections || [];
  assert.ok(sections.length > 0, 'the seed bilan has sections');
  assert.equal(await page.locator('#bilan section[data-section]').count(), sections.length);
  let tables = 0;
  for (const section of sections) {
    for (const [i, table] of (section.tables || []).entries()) {
      tables += 1;
      const id = `#bilan-${section.key}-${i}`;
      assert.equal(await page.locator(`${id} caption`).textContent(), table.titleFr);
      const total = page.locator(`${id} tr[data-row=total] td`);
      assert.equal(await total.getAttribute('data-value'), String(table.total ? table.total.value : ''));
      assert.equal(await page.locator(`${id} tbody tr`).count(), (table.rows || []).length + 1);
    }
  }
  assert.ok(tables > 0);
  // A money table is written in French: « 1 234,56 $ ».
  const money = sections.flatMap((s) => (s.tables || []).map((tb, i) => ({ s, tb, i })))
    .find(({ tb }) => tb.unit === 'cents' && tb.total && tb.total.source !== 'CELL_SOURCE_MISSING');
  if (money) {
    assert.match(await page.locator(`#bilan-${money.s.key}-${money.i} tr[data-row=total] td`).textContent(),
                 /^\d{1,3}(\s\d{3})*,\d\d\s\$$/);
  }
  assert.equal(await page.locator('#bilan-constats-liste li').count(), (bilan.findings || []).length);
  await axeScan(page, 'bilan');

  // Printed, the bilan is alone: no header, tabs, year picker or button.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.tabs').isVisible(), false);
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('#imprimer').isVisible(), false);
  assert.equal(await page.locator('#exercice').isVisible(), false);
  assert.equal(await page.locator('#bilan').isVisible(), true);
  const pdf = await page.pdf({ format: 'Letter', printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.length > 10000, `PDF of ${pdf.length} bytes`);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1, 'the PDF has pages');
  await page.emulateMedia({ media: 'screen' });

  // The gateway's own printable HTML, one link away, read with the cookie.
  const href = await page.locator('#bilan-html').getAttribute('href');
  assert.equal(href, `/api/v1/tenants/${TENANT}/bilans/${YEAR}.html`);
  const html = await page.context().request.get(`${stack.url}${href}`);
  assert.equal(html.status(), 200);
  assert.match(html.headers()['content-type'], /text\/html/);
  const text = (await html.text()).replace(/&#0?39;|&apos;/g, '\'').replace(/&amp;/g, '&');
  assert.ok(text.includes(bilan.displayName), `${bilan.displayName} not in the HTML bilan`);
  await page.close();
});

test('the bilan routes accept a person\'s cookie for their own Pôle only', async () => {
  const url = `/api/v1/tenants/${TENANT}/bilans/${YEAR}`;
  const own = await loginHttp(accounts.editor);
  assert.equal(own.status, 200);
  const read = await withCookie(own, 'GET', url);
  assert.equal(read.status, 200, read.text);
  assert.equal(JSON.parse(read.text).name, `tenants/${TENANT}/bilans/${YEAR}`);
  assert.equal((await withCookie(own, 'GET', `${url}.html`)).status, 200);
  const viewer = await loginHttp(accounts.viewer);
  assert.equal((await withCookie(viewer, 'GET', url)).status, 200);

  // Another Pôle's session: its own bilan, never Centre-du-Québec's.
  const other = await loginHttp(accounts.other);
  assert.equal(other.status, 200);
  const cdq = JSON.parse(read.text).displayName;
  for (const path of [url, `${url}.html`, `${url}.html?lang=en`]) {
    const refused = await withCookie(other, 'GET', path);
    assert.equal(refused.status, 403, `${path}: ${refused.text}`);
    assert.ok(!refused.text.includes(cdq), refused.text);
  }
  const theirs = await withCookie(other, 'GET', `/api/v1/tenants/${accounts.other.tenant}/bilans/${YEAR}`);
  assert.equal(theirs.status, 200, theirs.text);

  // No credential, a made-up session, a signed-out one: 401.
  const none = await fetch(`${stack.url}${url}`);
  assert.equal(none.status, 401);
  const forged = await withCookie({ cookie: `poles_session=ps_${'0'.repeat(16)}_${'1'.repeat(64)}` }, 'GET', url);
  assert.equal(forged.status, 401, forged.text);
  const gone = await loginHttp(accounts.editor);
  assert.equal((await withCookie(gone, 'GET', url)).status, 200);
  assert.equal((await withCookie(gone, 'POST', '/auth/logout')).status, 200);
  assert.equal((await withCookie(gone, 'GET', url)).status, 401);
});

test('editing an organisation with a stale copy: the conflict explained, reload offered, nothing overwritten', async () => {
  // The seed has no organisation: one made for this test.
  const org = await v1(keys.editor, 'POST', `tenants/${TENANT}/organisations?organisation_id=table-essai-conflit`, {
    displayName: 'Table de concertation Essai-Conflit', kind: 'PARTNER', municipality: 'Drummondville',
    phone: '819 555-0100',
  });
  const current = () => v1(keys.editor, 'GET', org.name);
  const openEdit = async () => {
    const page = await openWorkspace();
    await signIn(page, accounts.editor);
    await page.click('nav.tabs a[href="/espace/repertoire"]');
    await page.fill('#recherche', org.displayName);
    await page.click(`button[data-edit="${org.name}"]`);
    await page.waitForSelector('#formulaire-organisation');
    assert.equal(await page.locator('#org-displayName').inputValue(), org.displayName);
    return page;
  };
  const save = async (page) => {
    await page.click('#org-enregistrer');
    await page.waitForSelector('#org-conflit, #org-erreur, #org-etat:not(:empty)');
  };
  // Both pages read the same copy (its etag).
  const first = await openEdit();
  const second = await openEdit();
  await axeScan(first, 'répertoire, modification');

  await first.fill('#org-municipality', 'Bécancour (première page)');
  await save(first);
  assert.match(await first.locator('#org-etat').textContent(), /enregistrées/);
  assert.equal((await current()).municipality, 'Bécancour (première page)');

  // The second page's stale copy: refused, explained, nothing written.
  await second.fill('#org-municipality', 'Nicolet (seconde page)');
  await second.fill('#org-phone', '819 555-0199');
  await save(second);
  const conflict = second.locator('#org-conflit');
  assert.equal(await conflict.count(), 1);
  assert.match(await conflict.textContent(), /Quelqu’un d’autre a modifié cette organisation/);
  assert.match(await conflict.textContent(), /Vos modifications n’ont pas été enregistrées/);
  assert.equal(await conflict.getAttribute('role'), 'alert');
  await expectFocus(second, 'org-conflit');
  const kept = await current();
  assert.equal(kept.municipality, 'Bécancour (première page)');
  assert.equal(kept.phone, org.phone);
  await axeScan(second, 'répertoire, conflit');

  // Reloaded, it shows the other page's change; saved again, it is written.
  await second.click('#org-recharger');
  await second.waitForFunction(() => !document.querySelector('#org-conflit'));
  assert.equal(await second.locator('#org-municipality').inputValue(), 'Bécancour (première page)');
  assert.equal(await second.locator('#org-phone').inputValue(), org.phone || '');
  assert.match(await second.locator('#org-etat').textContent(), /Version actuelle rechargée/);
  await second.fill('#org-municipality', 'Nicolet (seconde page)');
  await save(second);
  assert.match(await second.locator('#org-etat').textContent(), /enregistrées/);
  assert.equal((await current()).municipality, 'Nicolet (seconde page)');

  // A refused field: its error in French, tied to it; nothing written.
  const before = await current();
  await second.fill('#org-email', 'pas-une-adresse');
  await save(second);
  assert.equal(await second.locator('#org-email').getAttribute('aria-invalid'), 'true');
  assert.equal(await second.locator('#org-email').getAttribute('aria-describedby'), 'org-email-erreur');
  assert.equal(await second.locator('#org-email-erreur').textContent(), 'Courriel : doit être une adresse courriel (nom@exemple.org)');
  assert.match(await second.locator('#org-erreur').textContent(), /Rien n’a été enregistré/);
  assert.equal((await current()).email, before.email);
  assert.equal((await current()).etag, before.etag);
  await axeScan(second, 'répertoire, champ refusé');
  await first.close();
  await second.close();
});
