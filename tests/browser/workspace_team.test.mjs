// The workspace's Équipe screen (/espace/equipe) and the one-time password
// link's screen (/espace/mot-de-passe#pl_…) in a real browser against the
// real stack, as Centre-du-Québec's editor. A person invited on the screen
// (a bad e-mail refused on its field first, nothing written) opens the link
// shown in a fresh browser context, chooses a password (a mismatch and a
// short one refused before anything is sent), signs in as a viewer and
// finds no Équipe; the used link is refused a second time; their role is
// changed both ways and a new link issued; removed behind a confirmation
// (Escape cancels first: nothing removed), their session is refused at once.
// The last editor's own demotion and removal are refused and explained. An
// API key is created and shown once, reads /v1/ as a Bearer key, is revoked
// behind a confirmation and refused. The viewer has no Équipe in the nav and
// /espace/equipe shows nothing to change. Members and keys on screen are
// checked against the service's lists; axe-core scans each state.
//
//   node --test tests/browser/workspace_team.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANT, accounts, axeScan, browser, keys, openWorkspace, signIn, stack,
  useWorkspaceStack } from './workspace_page.mjs';

useWorkspaceStack();

const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const stamp = Date.now().toString(36);
const invitee = { email: `benevole-${stamp}@exemple.org`, name: `Bénévole ${stamp}`, password: 'un-mot-de-passe-solide' };

// A call under /v1/ with a Bearer credential: status and body.
async function call(key, method, rest, body) {
  const res = await fetch(`${stack.url}/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : {} };
}

async function members() {
  const r = await call(keys.editor, 'GET', `tenants/${TENANT}/members?page_size=1000`);
  assert.equal(r.status, 200, r.text);
  return r.json.members || [];
}

async function apiKeys() {
  const r = await call(keys.editor, 'GET', `tenants/${TENANT}/apiKeys?page_size=1000`);
  assert.equal(r.status, 200, r.text);
  return r.json.apiKeys || [];
}

const memberOf = async (email) => (await members()).find((m) => m.account.email === email);

async function openTeam(account) {
  const page = await openWorkspace();
  await signIn(page, account);
  await page.click('nav.tabs a[href="/espace/equipe"]');
  await page.waitForSelector('#table-membres');
  await page.waitForSelector('#table-cles, #cles p:has-text("Aucune clé")');
  return page;
}

const row = (page, email) => page.locator(`#table-membres tr[data-email="${email}"]`);

test('invite a person, who chooses a password with the link and signs in as a viewer; removed, their session ends', async () => {
  const page = await openTeam(accounts.editor);
  assert.equal(await page.locator('nav.tabs li').last().textContent(), 'Équipe');

  // The members on screen are the service's, by e-mail.
  const before = await members();
  const shown = await page.locator('#table-membres tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.email));
  assert.deepEqual(shown.slice().sort(), before.map((m) => m.account.email).sort());
  const editorRow = plain(await row(page, accounts.editor.email).textContent());
  assert.match(editorRow, /Coordination \(essai\)/);
  assert.match(editorRow, /Rédaction/);
  assert.match(editorRow, /\(vous\)/);
  await axeScan(page, 'Équipe');

  // A bad e-mail: the service's refusal on the field, in French; nothing written.
  await page.fill('#invitation-courriel', 'pas-une-adresse');
  await page.click('#invitation button[type=submit]');
  await page.waitForSelector('#invitation-courriel[aria-invalid="true"]');
  assert.match(plain(await page.textContent('#invitation-courriel-erreur')), /^Courriel : doit être une adresse courriel/);
  assert.equal(await page.getAttribute('#invitation-courriel', 'aria-describedby'), 'invitation-courriel-erreur');
  await page.waitForFunction(() => document.activeElement?.id === 'invitation-courriel');
  assert.match(plain(await page.textContent('#invitation [role=alert]')), /L’invitation n’a pas été faite/);
  assert.equal((await members()).length, before.length);
  await axeScan(page, 'Équipe, e-mail refused');

  // The invitation: the link to pass on, a full address with its expiry.
  await page.fill('#invitation-courriel', invitee.email);
  await page.fill('#invitation-nom', invitee.name);
  assert.equal(await page.inputValue('#invitation-role'), 'ROLE_VIEWER');
  await page.click('#invitation button[type=submit]');
  await page.waitForSelector('#lien-url');
  const link = await page.inputValue('#lien-url');
  assert.match(link, new RegExp(`^${stack.url}/espace/mot-de-passe#pl_[0-9a-f]{16}_[0-9a-f]{64}$`));
  assert.match(plain(await page.textContent('#lien-url-aide')), /^Valable jusqu’au \d{1,2} \S+ \d{4} à \d{1,2} h \d{2}\.$/);
  assert.match(plain(await page.textContent('#lien-titre')), new RegExp(invitee.name));
  const invited = await memberOf(invitee.email);
  assert.ok(invited, 'the invitation is in ListMembers');
  assert.equal(invited.role, 'ROLE_VIEWER');
  assert.equal(invited.passwordSet, false);
  assert.equal(invited.account.displayName, invitee.name);
  await page.waitForSelector(`#table-membres tr[data-email="${invitee.email}"]`);
  assert.match(plain(await row(page, invitee.email).textContent()), /Consultation.*Invitation en attente/);
  await axeScan(page, 'Équipe, the link to pass on');

  // Invited twice: refused on the e-mail (ALREADY_EXISTS), nothing written.
  await page.fill('#invitation-courriel', invitee.email);
  await page.click('#invitation button[type=submit]');
  await page.waitForSelector('#invitation-courriel[aria-invalid="true"]');
  assert.equal(plain(await page.textContent('#invitation-courriel-erreur')), 'Cette personne fait déjà partie de l’équipe.');
  assert.equal((await members()).length, before.length + 1);

  // The link, in a browser that knows nobody.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const person = await context.newPage();
  const personErrors = [];
  person.on('pageerror', (e) => personErrors.push(e.message));
  const sent = [];
  person.on('request', (r) => { if (r.url().includes('/auth/password')) sent.push(r.postData()); });
  await person.goto(link);
  await person.waitForSelector('#choix-mot-de-passe');
  assert.equal(await person.textContent('h1'), 'Choisir votre mot de passe');
  await axeScan(person, 'mot de passe');

  await person.fill('#nouveau-mot-de-passe', 'court');
  await person.fill('#confirmation-mot-de-passe', 'court');
  await person.click('#choix-mot-de-passe button[type=submit]');
  await person.waitForSelector('#nouveau-mot-de-passe[aria-invalid="true"]');
  assert.match(plain(await person.textContent('#nouveau-mot-de-passe-erreur')), /au moins 10 octets/);
  await person.fill('#nouveau-mot-de-passe', invitee.password);
  await person.fill('#confirmation-mot-de-passe', `${invitee.password}!`);
  await person.click('#choix-mot-de-passe button[type=submit]');
  await person.waitForSelector('#confirmation-mot-de-passe[aria-invalid="true"]');
  assert.equal(plain(await person.textContent('#confirmation-mot-de-passe-erreur')), 'Les deux mots de passe ne sont pas identiques.');
  assert.equal(await person.getAttribute('#nouveau-mot-de-passe', 'aria-invalid'), null);
  await axeScan(person, 'mot de passe, refused');
  assert.deepEqual(sent, [], 'nothing sent while the fields are refused');
  assert.equal((await memberOf(invitee.email)).passwordSet, false);

  await person.fill('#confirmation-mot-de-passe', invitee.password);
  await person.click('#choix-mot-de-passe button[type=submit]');
  await person.waitForSelector('#mot-de-passe-choisi');
  assert.equal(sent.length, 1);
  assert.deepEqual(JSON.parse(sent[0]), { link: link.split('#')[1], password: invitee.password });
  assert.match(plain(await person.textContent('#mot-de-passe-choisi [role=status]')), new RegExp(invitee.email));
  assert.equal(new URL(person.url()).hash, '', 'the used link is out of the address');
  assert.equal((await memberOf(invitee.email)).passwordSet, true);
  await axeScan(person, 'mot de passe choisi');

  // « Se connecter »: signed in as them, a viewer, with no Équipe.
  await person.click('#se-connecter');
  await person.waitForSelector('nav.tabs');
  await person.waitForSelector('#lecture-seule');
  assert.equal(new URL(person.url()).pathname, '/espace/');
  assert.match(plain(await person.textContent('header .who')), new RegExp(`${invitee.name} \\(consultation\\)`));
  assert.equal(await person.locator('nav.tabs a[href="/espace/equipe"]').count(), 0);
  const status = (p, method, rest) => p.evaluate(async ([m, r]) => (await fetch(`/v1/${r}`, { method: m })).status,
    [method, rest]);
  assert.equal(await status(person, 'GET', `tenants/${TENANT}/events?page_size=1`), 200);
  assert.equal(await status(person, 'GET', `tenants/${TENANT}/members`), 403, 'a viewer reads no members');

  // The same link a second time: refused, explained.
  const again = await context.newPage();
  await again.goto(link);
  await again.fill('#nouveau-mot-de-passe', 'un-autre-mot-de-passe');
  await again.fill('#confirmation-mot-de-passe', 'un-autre-mot-de-passe');
  await again.click('#choix-mot-de-passe button[type=submit]');
  await again.waitForSelector('#choix-mot-de-passe [role=alert]');
  assert.match(plain(await again.textContent('#choix-mot-de-passe [role=alert]')), /^Ce lien n’est plus valable/);
  await again.goto(`${stack.url}/espace/mot-de-passe`);
  await again.waitForSelector('#lien-absent');
  await axeScan(again, 'mot de passe, no token');
  await again.close();

  // The editor sees the invitation taken; changes the role both ways.
  await page.click('#lien-fermer');
  await page.reload();
  await page.waitForSelector(`#table-membres tr[data-email="${invitee.email}"]`);
  assert.match(plain(await row(page, invitee.email).textContent()), /Mot de passe choisi/);
  await row(page, invitee.email).locator('button', { hasText: 'Passer en rédaction' }).click();
  await page.waitForFunction((e) => document.querySelector(`#table-membres tr[data-email="${e}"] td[data-role]`)
    ?.dataset.role === 'ROLE_EDITOR', invitee.email);
  assert.equal((await memberOf(invitee.email)).role, 'ROLE_EDITOR');
  assert.match(plain(await page.textContent('#equipe-fait')), /a maintenant le rôle Rédaction/);
  await row(page, invitee.email).locator('button', { hasText: 'Passer en consultation' }).click();
  await page.waitForFunction((e) => document.querySelector(`#table-membres tr[data-email="${e}"] td[data-role]`)
    ?.dataset.role === 'ROLE_VIEWER', invitee.email);
  assert.equal((await memberOf(invitee.email)).role, 'ROLE_VIEWER');

  // A new link for a forgotten password: another token.
  await row(page, invitee.email).locator('button', { hasText: 'Nouveau lien' }).click();
  await page.waitForSelector('#lien-url');
  const second = await page.inputValue('#lien-url');
  assert.match(second, /\/espace\/mot-de-passe#pl_/);
  assert.notEqual(second, link);
  await page.click('#lien-fermer');

  // Removal: cancelled with Escape (nothing removed, the focus back), then confirmed.
  const removeButton = row(page, invitee.email).locator('button', { hasText: 'Retirer' });
  await removeButton.click();
  await page.waitForSelector('#confirmer-retrait');
  await page.waitForFunction(() => document.activeElement?.id === 'confirmer-retrait-non');  // the focus on « Annuler »
  assert.match(plain(await page.textContent('#confirmer-retrait-texte')), /ses sessions ouvertes sur ce Pôle prennent fin aussitôt/);
  await axeScan(page, 'Équipe, removal confirmation');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#confirmer-retrait', { state: 'detached' });
  await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label,
                             `Retirer ${invitee.email} de l’équipe`);  // the focus back on « Retirer »
  assert.ok(await memberOf(invitee.email), 'cancelled: still a member');
  assert.equal(await status(person, 'GET', `tenants/${TENANT}/events?page_size=1`), 200);

  await removeButton.click();
  await page.click('#confirmer-retrait-oui');
  await page.waitForSelector(`#table-membres tr[data-email="${invitee.email}"]`, { state: 'detached' });
  assert.equal(await memberOf(invitee.email), undefined);
  assert.match(plain(await page.textContent('#equipe-fait')), /ne fait plus partie de l’équipe/);
  await page.waitForFunction(() => document.activeElement?.id === 'titre-membres');
  // Their session at once: refused.
  const refused = await status(person, 'GET', `tenants/${TENANT}/events?page_size=1`);
  assert.ok(refused === 401 || refused === 403, `the removed person's session answered ${refused}`);
  assert.deepEqual(personErrors, []);
  assert.deepEqual(page.errors, []);
  await context.close();
  await page.close();
});

test('the last editor cannot give up the role nor leave: refused and explained, nothing changed', async () => {
  const editors = (await members()).filter((m) => m.role === 'ROLE_EDITOR');
  assert.deepEqual(editors.map((m) => m.account.email), [accounts.editor.email], 'one editor on the Pôle');
  const page = await openTeam(accounts.editor);
  const mine = row(page, accounts.editor.email);

  await mine.locator('button', { hasText: 'Passer en consultation' }).click();
  await page.waitForSelector('#confirmer-role');
  await page.waitForFunction(() => document.activeElement?.id === 'confirmer-role-non');  // the focus on « Annuler »
  await axeScan(page, 'Équipe, own demotion confirmation');
  await page.click('#confirmer-role-oui');
  await page.waitForSelector('#equipe-refus');
  assert.match(plain(await page.textContent('#equipe-refus')),
               /^Refusé : le Pôle doit garder au moins une personne en rédaction\..*Rien n’a été modifié\.$/);
  assert.equal((await memberOf(accounts.editor.email)).role, 'ROLE_EDITOR');

  await mine.locator('button', { hasText: 'Retirer' }).click();
  assert.match(plain(await page.textContent('#confirmer-retrait-texte')), /Vous vous retirez vous-même/);
  await page.click('#confirmer-retrait-oui');
  await page.waitForFunction(() => /au moins une personne en rédaction/.test(document.querySelector('#equipe-refus')?.textContent || ''));
  assert.ok(await memberOf(accounts.editor.email), 'still a member');
  await axeScan(page, 'Équipe, last editor refused');
  // Still signed in and an editor.
  assert.equal(await page.evaluate(async (t) => (await fetch(`/v1/tenants/${t}/members`)).status, TENANT), 200);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an account of another Pôle invited keeps its password; only the platform admin issues its links', async () => {
  const page = await openTeam(accounts.editor);
  await page.fill('#invitation-courriel', accounts.other.email);
  await page.click('#invitation button[type=submit]');
  await page.waitForSelector(`#table-membres tr[data-email="${accounts.other.email}"]`);
  assert.equal(await page.locator('#lien-url').count(), 0, 'no link for an account with a password');
  assert.match(plain(await page.textContent('#equipe-fait')), /avait déjà un compte/);
  const member = await memberOf(accounts.other.email);
  assert.equal(member.role, 'ROLE_VIEWER');
  assert.equal(member.passwordSet, true);
  assert.equal(member.otherTenants, true);
  const cells = plain(await row(page, accounts.other.email).textContent());
  assert.match(cells, /Mot de passe choisi.*Travaille aussi avec un autre Pôle/);
  assert.equal(await row(page, accounts.other.email).locator('button', { hasText: 'Nouveau lien' }).count(), 0);
  // The service refuses the link anyway.
  const refused = await call(keys.editor, 'POST', `${member.name}:issueMemberPasswordLink`, {});
  assert.equal(refused.status, 403, refused.text);
  await axeScan(page, 'Équipe, a member of two Pôles');

  // In English.
  await page.click('header button[lang="en"]');
  await page.waitForSelector('nav.tabs a[href="/espace/equipe"]:text-is("Team")');
  assert.match(plain(await row(page, accounts.other.email).textContent()),
               /Viewer.*Password chosen.*Also works with another Pôle.*Make editor.*Remove/);
  assert.deepEqual((await page.locator('#table-membres thead th').allTextContents()).map(plain),
                   ['E-mail', 'Name', 'Role', 'State', 'Actions']);
  await axeScan(page, 'Équipe in English');
  await page.click('header button[lang="fr"]');
  await page.waitForSelector('nav.tabs a[href="/espace/equipe"]:text-is("Équipe")');

  // Still signs in with the same password, on Centre-du-Québec as a viewer.
  const login = await fetch(`${stack.url}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: accounts.other.email, password: accounts.other.password, tenant: TENANT }),
  });
  assert.equal(login.status, 200);
  assert.deepEqual((await login.json()).active, { tenant: `tenants/${TENANT}`, role: 'viewer' });

  await row(page, accounts.other.email).locator('button', { hasText: 'Retirer' }).click();
  await page.click('#confirmer-retrait-oui');
  await page.waitForSelector(`#table-membres tr[data-email="${accounts.other.email}"]`, { state: 'detached' });
  assert.equal(await memberOf(accounts.other.email), undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an API key is shown once, works as a Bearer key, and once revoked is refused', async () => {
  const page = await openTeam(accounts.editor);
  const name = `Tableur de suivi ${stamp}`;
  await page.fill('#cle-nom', name);
  await page.selectOption('#cle-role', 'ROLE_VIEWER');
  await page.click('#nouvelle-cle button[type=submit]');
  await page.waitForSelector('#cle-valeur');
  const key = await page.inputValue('#cle-valeur');
  assert.ok(key.length > 20, `a key: ${key}`);
  assert.match(plain(await page.textContent('#cle-creee-avertissement')), /elle ne sera plus jamais affichée/);
  assert.ok(await page.locator('#cle-valeur-copier').isVisible());
  await axeScan(page, 'Équipe, key shown once');

  // In the service's list, never its secret; the screen's row as the service has it.
  const listed = (await apiKeys()).find((k) => k.displayName === name);
  assert.ok(listed, 'the key is in ListApiKeys');
  assert.equal(listed.role, 'ROLE_VIEWER');
  assert.ok(!listed.revokeTime);
  const secret = key.split('_').pop();
  assert.ok(!JSON.stringify(await apiKeys()).includes(secret), 'no secret in ListApiKeys');
  await page.waitForSelector(`#table-cles tr[data-name="${listed.name}"]`);
  const shownRows = await page.locator('#table-cles tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.name));
  assert.deepEqual(shownRows.slice().sort(), (await apiKeys()).map((k) => k.name).sort());
  const cells = (await page.locator(`#table-cles tr[data-name="${listed.name}"] td`).allTextContents()).map(plain);
  assert.equal(cells[0], 'Consultation');
  assert.match(cells[1], /^\d{1,2} \S+ \d{4}$/);
  assert.equal(cells[2], 'Jamais');
  assert.equal(cells[3], '—');

  // It reads the Pôle as a Bearer key (a viewer: no write).
  assert.equal((await call(key, 'GET', `tenants/${TENANT}/events?page_size=1`)).status, 200);
  assert.equal((await call(key, 'POST', `tenants/${TENANT}/events`, { title: 'x' })).status, 403);

  // Closed, it is gone from the page, and a reload does not bring it back.
  await page.click('#cle-creee-fermer');
  assert.equal(await page.locator('#cle-valeur').count(), 0);
  assert.ok(!(await page.content()).includes(secret));
  await page.reload();
  await page.waitForSelector(`#table-cles tr[data-name="${listed.name}"]`);
  assert.ok(!(await page.content()).includes(secret));

  // Revocation: cancelled first (still valid), then confirmed (refused at once).
  const revoke = page.locator(`#table-cles tr[data-name="${listed.name}"] button`, { hasText: 'Révoquer' });
  await revoke.click();
  await page.waitForSelector('#confirmer-revocation');
  await page.waitForFunction(() => document.activeElement?.id === 'confirmer-revocation-non');  // the focus on « Annuler »
  await axeScan(page, 'Équipe, revocation confirmation');
  await page.click('#confirmer-revocation-non');
  await page.waitForSelector('#confirmer-revocation', { state: 'detached' });
  assert.ok(!(await apiKeys()).find((k) => k.name === listed.name).revokeTime);
  assert.equal((await call(key, 'GET', `tenants/${TENANT}/events?page_size=1`)).status, 200);

  await revoke.click();
  await page.click('#confirmer-revocation-oui');
  await page.waitForSelector(`#table-cles tr[data-name="${listed.name}"] td[data-revoked="true"]`);
  const revoked = (await apiKeys()).find((k) => k.name === listed.name);
  assert.ok(revoked.revokeTime, 'revoked in the service');
  assert.equal(await page.locator(`#table-cles tr[data-name="${listed.name}"] button`).count(), 0);
  assert.match(plain(await page.textContent('#cles-fait')), new RegExp(`Clé « ${name} » révoquée`));
  assert.equal((await call(key, 'GET', `tenants/${TENANT}/events?page_size=1`)).status, 401);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the viewer has no Équipe in the nav, and /espace/equipe shows nothing to change', async () => {
  const page = await openWorkspace();
  await signIn(page, accounts.viewer);
  assert.equal(await page.locator('nav.tabs a[href="/espace/equipe"]').count(), 0);
  await page.goto(`${stack.url}/espace/equipe`);
  await page.waitForSelector('#equipe-reservee');
  assert.equal(await page.textContent('h1'), 'Équipe du Pôle');
  assert.equal(await page.locator('main form, main button, main input, main select, #table-membres, #table-cles').count(), 0);
  await axeScan(page, 'Équipe, viewer');
  // And the service refuses the viewer's key anyway.
  assert.equal((await call(keys.viewer, 'GET', `tenants/${TENANT}/members`)).status, 403);
  assert.equal((await call(keys.viewer, 'POST', `tenants/${TENANT}:inviteMember`,
    { email: 'x@exemple.org', role: 'ROLE_VIEWER' })).status, 403);
  assert.deepEqual(page.errors, []);
  await page.close();
});
