// The Pôle's workspace (/espace/) in a real browser: Debian's chromium,
// headless, driven by playwright-core, against the real stack (stack.mjs:
// poles-server with the demo data behind poles-gateway). As
// Centre-du-Québec's editor it records an event with participants by
// gender and sees the events indicators change; imports a CSV with two bad
// lines and sees both named (line and column) while nothing is written,
// then a clean one; as the viewer it finds no way to change anything. Each
// screen is scanned by axe-core (WCAG 2.1 A and AA rules): no serious or
// critical violation. The page's Content-Security-Policy stays on.
//
// Sign-in: e-mail and password (POST /auth/login, the poles_session cookie,
// X-CSRF-Token on writes) with the accounts stack.mjs creates (ACCOUNTS);
// the screen's API-key fallback (the demo's <pôle>.editor.key and
// .viewer.key) is still offered and still tested. A signed-out session
// reads nothing, and another Pôle's account finds none of
// Centre-du-Québec's data by any GET route of /v1/openapi.json.
//
//   node --test tests/browser/workspace.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './stack.mjs';
import {
  TENANT, YEAR, accounts, axeScan, browser, chooseYear, eventsSummary, figure, keys, loginHttp,
  openWorkspace, organisationsNamed, signIn, signInWithKey, stack, useWorkspaceStack, v1, withCookie,
} from './workspace_page.mjs';

useWorkspaceStack();

test('the sign-in screen is French first, refuses a wrong password, signs in with the cookie, and passes axe', async (t) => {
  const page = await openWorkspace();
  // A figure for BENCHMARKS.md, not a timed test: the first screen's form
  // rendered (the app's 'espace-pret' mark), in ms since the navigation.
  const ready = () => page.waitForFunction(() => {
    const m = performance.getEntriesByName('espace-pret')[0];
    return m && m.startTime;
  }).then((h) => h.jsonValue());
  const interactive = await ready();
  t.diagnostic(`first screen interactive: ${Math.round(interactive)} ms after navigation (a fresh browser)`);
  await page.reload();
  await page.waitForSelector('#connexion button[type=submit]');
  const again = await ready();
  t.diagnostic(`first screen interactive: ${Math.round(again)} ms after navigation (reloaded)`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await page.locator('label[for=courriel]').textContent(), 'Courriel');
  await axeScan(page, 'connexion');
  await page.fill('#courriel', accounts.editor.email);
  await page.fill('#mot-de-passe', 'pas le bon mot de passe');
  await page.click('#connexion button[type=submit]');
  await page.waitForSelector('#connexion-erreur');
  // The front door has /auth/: a wrong password is 401, one message.
  assert.equal(await page.locator('#connexion-erreur').textContent(), 'Courriel ou mot de passe incorrect.');
  assert.equal(await page.locator('nav.tabs').count(), 0);
  assert.deepEqual(await page.context().cookies(), []);
  // English on request, and back.
  await page.click('header button[lang=en]');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('label[for=courriel]').textContent(), 'E-mail');
  await page.click('header button[lang=fr]');
  assert.equal(await page.locator('label[for=courriel]').textContent(), 'Courriel');
  // The right password: the poles_session cookie, HttpOnly and
  // SameSite=Strict (not Secure: the front door listens on loopback
  // without TLS), which the page's script cannot read.
  await signIn(page, accounts.editor);
  const cookies = await page.context().cookies();
  assert.equal(cookies.length, 1, JSON.stringify(cookies));
  assert.equal(cookies[0].name, 'poles_session');
  assert.equal(cookies[0].httpOnly, true);
  assert.equal(cookies[0].sameSite, 'Strict');
  assert.equal(cookies[0].path, '/');
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.match(await page.locator('header .who').textContent(), /Coordination \(essai\)/);
  assert.equal(await page.locator('#lecture-seule').count(), 0);
  await page.close();
});

test('the editor records an event with participants by gender and the events indicators change', async (t) => {
  const before = await eventsSummary(keys.editor);
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  assert.equal(await page.locator('#lecture-seule').count(), 0);
  const started = Date.now();
  await chooseYear(page);
  await page.waitForSelector('#indicateurs-events');
  t.diagnostic(`dashboard of ${YEAR} shown: ${Date.now() - started} ms after choosing the year`);
  const dashboardHeld = await figure(page, 'indicateurs-events', 'events.held');
  assert.equal(dashboardHeld, before.held);
  await axeScan(page, 'tableau de bord');

  await page.click('nav.tabs a[href="/espace/evenements"]');
  await page.waitForSelector('#saisie-evenement');
  await page.waitForSelector('#indicateurs-events');
  assert.equal(await figure(page, 'indicateurs-events', 'events.held'), before.held);
  // French formats: the list's dates are written « 12 octobre 2017 ».
  const firstDate = await page.locator('#liste-evenements tbody tr td').first().textContent();
  assert.match(firstDate, /^\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d$/);
  await axeScan(page, 'événements');

  await page.fill('#ev-title', 'Déjeuner-causerie des entreprises collectives');
  await page.selectOption('#ev-kind', 'NETWORKING');
  await page.fill('#ev-date', '2017-11-15');
  await page.fill('#ev-start', '08:00');
  await page.fill('#ev-end', '10:00');
  await page.fill('#ev-location', 'Nicolet');
  await page.fill('#participants-total', '30');
  await page.fill('#participants-women', '18');
  await page.fill('#participants-men', '12');
  await page.check('#participants-other-nc');  // « non collecté », not 0
  assert.equal(await page.locator('#participants-other').isDisabled(), true);
  await page.click('#saisie-evenement button[type=submit]');
  await page.waitForFunction(() => /enregistré/.test(document.querySelector('#saisie-evenement [role=status]').textContent));
  await page.waitForFunction((held) => {
    const c = document.querySelector('#indicateurs-events tr[data-indicator="events.held"] td[data-value]');
    return c && Number(c.dataset.value) === held;
  }, before.held + 1, { timeout: 10000 });
  assert.equal(await figure(page, 'indicateurs-events', 'events.participants'), before.participants + 30);
  const row = page.locator('#liste-evenements tbody tr', { hasText: 'Déjeuner-causerie des entreprises collectives' });
  // Belt and braces: the screen updates the list and the indicators together.
  await row.first().waitFor({ timeout: 10000 });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /15 novembre 2017/);
  assert.match(await row.textContent(), /non collecté/);

  // The service's own figures by gender: women +18, men +12, and the
  // « autres » left out of the breakdown (not collected is not zero).
  const afterSummary = await eventsSummary(keys.editor);
  assert.equal(afterSummary.held, before.held + 1);
  assert.equal(afterSummary.women, before.women + 18);
  assert.equal(afterSummary.men, before.men + 12);
  // The dashboard shows the new count too.
  await page.click('nav.tabs a[href="/espace/"]');
  await page.waitForFunction((held) => {
    const c = document.querySelector('#indicateurs-events tr[data-indicator="events.held"] td[data-value]');
    return c && Number(c.dataset.value) === held;
  }, before.held + 1, { timeout: 10000 });
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: path.join(artifactsDir(), 'workspace-events.png'), fullPage: true });
  await page.close();
});

test('the editor imports a CSV: both bad lines are named before anything is written, then a clean file', async () => {
  const sectors = (await v1(keys.editor, 'GET', 'sectors')).sectors;
  const sector = sectors[0].labelFr;
  const header = 'Nom;Forme juridique;Secteur;MRC;Municipalité;Année de fondation;Membre';
  const bad = [
    header,
    `Coopérative de solidarité Essai-Un;coopérative;${sector};Nicolet-Yamaska;Nicolet;2011;oui`,
    `Entreprise Essai-Deux;société par actions;${sector};Bécancour;Bécancour;2004;non`,
    `École de cirque Essai-Trois;OBNL;${sector};Drummond;Drummondville;2009;non`,
    `Entreprise Essai-Quatre;OBNL;${sector};Drummond;Drummondville;deux mille;non`,
  ].join('\r\n');
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  await page.click('nav.tabs a[href="/espace/repertoire"]');
  await page.waitForSelector('#import-fichier');
  await page.setInputFiles('#import-fichier', { name: 'entreprises.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  await page.click('#import button[type=submit]');
  await page.waitForSelector('#import-problemes');
  const problems = await page.locator('#import-problemes tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  const named = problems.map(([line, column]) => `${line}:${column}`);
  assert.ok(named.includes('3:Forme juridique'), JSON.stringify(problems));
  assert.ok(named.includes('5:Année de fondation'), JSON.stringify(problems));
  assert.equal(new Set(problems.map(([line]) => line)).size, 2, JSON.stringify(problems));
  assert.equal(await page.locator('#import-appliquer').count(), 0);
  assert.deepEqual(await organisationsNamed(keys.editor, 'essai'), [], 'nothing is written');
  await axeScan(page, 'répertoire (problèmes d’import)');

  const clean = [
    header,
    `Coopérative de solidarité Essai-Un;coopérative;${sector};Nicolet-Yamaska;Nicolet;2011;oui`,
    `École de cirque Essai-Trois;OBNL;${sector};Drummond;Drummondville;2009;non`,
  ].join('\r\n');
  await page.setInputFiles('#import-fichier', { name: 'entreprises.csv', mimeType: 'text/csv', buffer: Buffer.from(clean, 'utf8') });
  await page.click('#import button[type=submit]');
  await page.waitForSelector('#import-appliquer');
  assert.match(await page.locator('#import-resultat').textContent(), /2 lignes vérifiées : 2 à créer/);
  assert.deepEqual(await organisationsNamed(keys.editor, 'essai'), [], 'a dry run writes nothing');
  await page.click('#import-appliquer');
  await page.waitForFunction(() => /Import terminé/.test(document.querySelector('#import-resultat').textContent));
  assert.deepEqual((await organisationsNamed(keys.editor, 'essai')).sort(),
                   ['Coopérative de solidarité Essai-Un', 'École de cirque Essai-Trois']);

  // Search as one types, accents ignored: « ecole essai » finds « École … ».
  await page.fill('#recherche', 'ecole essai');
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('#liste-organisations tbody tr');
    return rows.length === 1 && /École de cirque Essai-Trois/.test(rows[0].textContent);
  }, null, { timeout: 10000 });
  // A filter: legal form « Coopérative » with the search « essai ».
  await page.fill('#recherche', 'essai');
  await page.selectOption('#filtre-forme', 'COOPERATIVE');
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('#liste-organisations tbody tr');
    return rows.length === 1 && /Essai-Un/.test(rows[0].textContent);
  }, null, { timeout: 10000 });
  await axeScan(page, 'répertoire');
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: path.join(artifactsDir(), 'workspace-directory.png'), fullPage: true });
  await page.close();
});

test('the viewer finds no way to change anything', async () => {
  const page = await openWorkspace();
  await signIn(page, accounts.viewer);
  await page.waitForSelector('#lecture-seule');
  const writable = async () => page.locator(
    'main form, main button[type=submit], main input[type=file], main input:not([type=search]):not([type=checkbox])').count();
  for (const [href, ready] of [['/espace/', '#indicateurs-events'], ['/espace/evenements', '#liste-evenements'],
                               ['/espace/repertoire', '#liste-organisations']]) {
    await page.click(`nav.tabs a[href="${href}"]`);
    if (href === '/espace/' || href === '/espace/evenements') await chooseYear(page);
    await page.waitForSelector(ready);
    assert.equal(await writable(), 0, `${href}: an input to change something`);
    // The only buttons are "show more"; the only fields are search and filters.
    const buttons = await page.locator('main button').evaluateAll((bs) => bs.map((b) => b.className));
    assert.ok(buttons.every((c) => c === 'secondary'), `${href}: ${buttons}`);
    await axeScan(page, `consultation ${href}`);
  }
  // Every other screen of the nav, whatever it shows: no form, no submit
  // button, no file input, no field but search, filters and pickers.
  const seen = ['/espace/', '/espace/evenements', '/espace/repertoire'];
  const others = (await page.locator('nav.tabs a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    .filter((href) => !seen.includes(href));
  assert.ok(others.length >= 4, `the nav lists ${others}`);
  for (const href of others) {
    await page.click(`nav.tabs a[href="${href}"]`);
    await page.waitForSelector('#titre-ecran');
    if (await page.locator('#exercice').count()) await chooseYear(page);
    await page.waitForLoadState('networkidle');
    assert.equal(await writable(), 0, `${href}: an input to change something`);
    await axeScan(page, `consultation ${href}`);
  }
  // And the services refuse a write with the viewer's session (with its
  // CSRF token) and with the viewer's key anyway.
  const viewer = await loginHttp(accounts.viewer);
  assert.equal(viewer.status, 200, JSON.stringify(viewer.body));
  const write = await withCookie(viewer, 'POST', `/v1/tenants/${TENANT}/events`, { body: { title: 'x' } });
  assert.equal(write.status, 403, write.text);
  const res = await fetch(`${stack.url}/v1/tenants/${TENANT}/events`, {
    method: 'POST', headers: { Authorization: `Bearer ${keys.viewer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'x' }),
  });
  assert.equal(res.status, 403);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the sign-in screen still offers the API-key fallback, and it signs in', async () => {
  const page = await openWorkspace();
  await signInWithKey(page, keys.viewer);
  await page.waitForSelector('#lecture-seule');
  await page.close();
  const editor = await openWorkspace();
  await signInWithKey(editor, keys.editor);
  assert.equal(await editor.locator('#lecture-seule').count(), 0);
  assert.deepEqual(editor.errors, []);
  await editor.close();
});

test('a signed-out session cannot read, and a cookie write needs the CSRF token', async () => {
  const events = `/v1/tenants/${TENANT}/events?page_size=1`;
  // No credential at all.
  const anonymous = await fetch(`${stack.url}${events}`);
  assert.equal(anonymous.status, 401);
  // Signed in on the screen, the cookie reads; the screen's « Se déconnecter »
  // ends the session: the same cookie then reads nothing.
  const page = await openWorkspace();
  await signIn(page, accounts.editor);
  const [cookie] = await page.context().cookies();
  const session = { cookie: `poles_session=${cookie.value}`, csrf: null };
  assert.equal((await withCookie(session, 'GET', events)).status, 200);
  // A write with the cookie and no (or a wrong) CSRF token: 403, nothing done.
  const title = `Essai sans jeton ${Date.now()}`;
  for (const csrf of [null, 'f'.repeat(64)]) {
    const refused = await withCookie(session, 'POST', `/v1/tenants/${TENANT}/events`,
                                     { body: { title, kind: 'NETWORKING', startTime: '2017-11-15T13:00:00Z', endTime: '2017-11-15T15:00:00Z' }, csrf });
    assert.equal(refused.status, 403, refused.text);
  }
  const listed = await v1(keys.editor, 'GET', `tenants/${TENANT}/events?page_size=200`);
  assert.ok(!(listed.events || []).some((e) => e.title === title), 'a write without the CSRF token was done');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForSelector('#connexion');
  const after = await withCookie(session, 'GET', events);
  assert.equal(after.status, 401, after.text);
  assert.equal((await withCookie(session, 'GET', '/auth/session')).status, 401);
  await page.reload();
  await page.waitForSelector('#connexion');
  assert.equal(await page.locator('nav.tabs').count(), 0);
  await page.close();
  // logout-all ends every session of the account, not only the caller's.
  const one = await loginHttp(accounts.editor);
  const two = await loginHttp(accounts.editor);
  assert.equal((await withCookie(two, 'GET', events)).status, 200);
  assert.equal((await withCookie(one, 'POST', '/auth/logout-all')).status, 200);
  assert.equal((await withCookie(one, 'GET', events)).status, 401);
  assert.equal((await withCookie(two, 'GET', events)).status, 401);
});

// Every GET route of /v1/openapi.json with a path parameter, filled with
// each kind of resource name Centre-du-Québec's editor can read (crawled
// from its answers: the tenant, its plans, events, organisations, ...):
// whatever the editor reads with 200, the other Pôle's editor (signed in
// with its password) is refused (403 or 404) and is told none of
// Centre-du-Québec's resource names; a session on Centre-du-Québec is
// refused to it, and so is a write.
test('another Pôle’s account finds none of Centre-du-Québec’s data by any /v1/ URL', async (t) => {
  const other = await loginHttp(accounts.other);
  assert.equal(other.status, 200, JSON.stringify(other.body));
  assert.equal(other.body.active.tenant, `tenants/${accounts.other.tenant}`);
  assert.notEqual((await loginHttp(accounts.other, TENANT)).status, 200);
  const openapi = JSON.parse(await (await fetch(`${stack.url}/v1/openapi.json`)).text());
  const templates = Object.entries(openapi.paths)
    .filter(([p, ops]) => ops.get && p.includes('{'))
    .map(([p, ops]) => ({ path: p, query: (ops.get.parameters || []).filter((q) => q.in === 'query').map((q) => q.name) }));
  assert.ok(templates.length >= 10, `${templates.length} GET routes`);
  const tenantName = `tenants/${TENANT}`;
  // Names by shape (ids replaced by *), at most two of each.
  const names = new Map();
  const learn = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith(`${tenantName}/`) && !/[?:\s]/.test(value)) {
        const shape = value.split('/').map((part, i) => (i % 2 ? '*' : part)).join('/');
        const list = names.get(shape) || [];
        if (list.length < 2 && !list.includes(value)) { list.push(value); names.set(shape, list); }
      }
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) learn(v);
    }
  };
  const fill = (template, name) => {
    // "/v1/{parent}/plans/{id}": the name must end in /plans/<id>;
    // "/v1/{x}<suffix>": the name, then the suffix.
    const two = /^\/v1\/\{[^}]+\}\/([^/{]+)\/\{[^}]+\}$/.exec(template.path);
    if (two) {
      const parts = name.split('/');
      return parts.length >= 4 && parts[parts.length - 2] === two[1] ? `/v1/${name}` : null;
    }
    const one = /^\/v1\/\{[^}]+\}([^{]*)$/.exec(template.path);
    return one ? `/v1/${name}${one[1]}` : null;
  };
  const query = (template) => {
    const q = new URLSearchParams();
    if (template.query.includes('fiscal_year')) q.set('fiscal_year', YEAR);
    if (template.query.includes('page_size')) q.set('page_size', '5');
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const readable = new Set();
  const tried = new Set();
  let round = [tenantName];
  while (round.length && tried.size < 4000) {
    const next = [];
    for (const name of round) {
      for (const template of templates) {
        const url = fill(template, name);
        if (!url || tried.has(url)) continue;
        tried.add(url);
        const res = await fetch(`${stack.url}${url}${query(template)}`, { headers: { Authorization: `Bearer ${keys.editor}` } });
        if (res.status !== 200) { await res.arrayBuffer(); continue; }
        readable.add(`${url}${query(template)}`);
        const before = new Set([...names.values()].flat());
        learn(JSON.parse(await res.text()));
        for (const n of [...names.values()].flat()) if (!before.has(n)) next.push(n);
      }
    }
    round = next;
  }
  const everyName = [...names.values()].flat();
  t.diagnostic(`${readable.size} URLs Centre-du-Québec's editor reads (${tried.size} tried, ` +
               `${names.size} kinds of resource names), each refused to another Pôle's editor`);
  for (const kind of ['events', 'organisations']) {
    assert.ok([...readable].some((u) => u.startsWith(`/v1/${tenantName}/${kind}/`)), `no ${kind} read: ${[...readable]}`);
  }
  assert.ok([...readable].some((u) => u.includes(':summarizeEvents')), 'no summary read');
  const leaks = [];
  for (const url of readable) {
    const res = await withCookie(other, 'GET', url);
    const own = decodeURIComponent(url.slice(4).split(/[?:]/)[0]);
    const told = everyName.filter((n) => n !== own && !own.startsWith(`${n}/`) && res.text.includes(n));
    if (![403, 404].includes(res.status) || told.length) leaks.push(`${url}: ${res.status} ${res.text.slice(0, 200)}`);
  }
  assert.deepEqual(leaks, []);
  // A write on Centre-du-Québec with the other Pôle's session and its own
  // CSRF token: refused, nothing written.
  const title = `Écrit par un autre Pôle ${Date.now()}`;
  const write = await withCookie(other, 'POST', `/v1/tenants/${TENANT}/events`, { body: { title, kind: 'NETWORKING', startTime: '2017-11-15T13:00:00Z', endTime: '2017-11-15T15:00:00Z' } });
  assert.equal(write.status, 403, write.text);
  const listed = await v1(keys.editor, 'GET', `tenants/${TENANT}/events?page_size=200`);
  assert.ok(!(listed.events || []).some((e) => e.title === title));
});
