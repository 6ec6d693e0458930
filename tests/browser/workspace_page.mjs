// What the workspace's browser tests share (workspace*.test.mjs): the real
// stack and one headless chromium per test file, the accounts and demo keys,
// calls to /v1/ and /auth/, sign-in on the screen, and axe-core's scan.
// A test file calls useWorkspaceStack() once at its top level.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startStack, workspaceDir } from './stack.mjs';

const CHROMIUM = process.env.POLES_CHROMIUM || '/usr/bin/chromium';
export const TENANT = 'centre-du-quebec';
export const YEAR = '2017-2018';
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export let stack;
export let browser;
export let keys;
export let accounts;

// Registers the suite's set-up: one stack and one browser for the file.
export function useWorkspaceStack() {
before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium)`);
  assert.ok(existsSync(path.join(workspaceDir(), 'index.html')),
            `the workspace is not built in ${workspaceDir()} (npm run build:workspace)`);
  stack = await startStack();
  assert.ok(stack.keysDir, 'the workspace test needs the real stack (its demo keys)');
  keys = {
    editor: readFileSync(path.join(stack.keysDir, `${TENANT}.editor.key`), 'utf8').trim(),
    viewer: readFileSync(path.join(stack.keysDir, `${TENANT}.viewer.key`), 'utf8').trim(),
  };
  accounts = stack.accounts;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});
}

export async function v1(key, method, rest, body) {
  const res = await fetch(`${stack.url}/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${rest}: ${text}`);
  return JSON.parse(text);
}

export async function eventsSummary(key) {
  const s = await v1(key, 'GET', `tenants/${TENANT}:summarizeEvents?fiscal_year=${YEAR}&dimensions=gender`);
  const find = (code, gender) => {
    const v = (s.values || []).find((x) => x.indicator === code &&
      (gender ? (x.dimensions || {}).gender === gender : Object.keys(x.dimensions || {}).length === 0));
    return v ? Number(v.value) : 0;
  };
  return { held: find('events.held'), participants: find('events.participants'),
           women: find('events.participants', 'women'), men: find('events.participants', 'men'),
           notCollected: find('events.participants', 'not_collected') };
}

export async function organisationsNamed(key, query) {
  const r = await v1(key, 'GET', `tenants/${TENANT}/organisations?page_size=200&query=${encodeURIComponent(query)}`);
  return (r.organisations || []).map((o) => o.displayName);
}

// axe-core in the page (evaluated through the DevTools protocol, which the
// page's CSP does not govern); the serious and critical violations.
export async function axeScan(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: axe found ${JSON.stringify(bad, null, 1)}`);
  return result;
}

export async function openWorkspace() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text()); });
  page.errors = errors;
  const res = await page.goto(`${stack.url}/espace/`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-security-policy'] || '', /script-src 'self'/);
  await page.waitForSelector('#titre-ecran');
  return page;
}

// Signs in with e-mail and password on the sign-in screen.
export async function signIn(page, account) {
  await page.fill('#courriel', account.email);
  await page.fill('#mot-de-passe', account.password);
  await page.click('#connexion button[type=submit]');
  await page.waitForSelector('nav.tabs');
}

// POST /auth/login over HTTP: the status, the body, the session's cookie
// ("poles_session=...") and its CSRF token.
export async function loginHttp(account, tenant) {
  const res = await fetch(`${stack.url}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password, ...(tenant ? { tenant } : {}) }),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  const m = /poles_session=([^;]*)/.exec(res.headers.get('set-cookie') || '');
  return { status: res.status, body, cookie: m ? `poles_session=${m[1]}` : null, csrf: body.csrf_token };
}

// A request as a signed-in person: the cookie, and the CSRF token on writes
// unless `csrf` is given (null: none sent). The status and the body's text.
export async function withCookie(session, method, url, { body, csrf } = {}) {
  const headers = { Cookie: session.cookie };
  const token = csrf === undefined ? session.csrf : csrf;
  if (method !== 'GET' && token !== null) headers['X-CSRF-Token'] = token;
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.url}${url}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, text: await res.text() };
}

export async function signInWithKey(page, key) {
  await page.click('#connexion-cle summary');
  await page.fill('#cle-pole', TENANT);
  await page.fill('#cle', key);
  await page.click('#connexion-cle button[type=submit]');
  await page.waitForSelector('nav.tabs');
}

export async function chooseYear(page) {
  await page.selectOption('#exercice', YEAR);
}

export async function figure(page, table, code) {
  const cell = page.locator(`#${table} tr[data-indicator="${code}"] td[data-value]`);
  if (await cell.count() === 0) return 0;
  return Number(await cell.getAttribute('data-value'));
}

// The focus is on the element `id`, waiting up to 5 s for it to get there: a
// screen moves the focus in an effect, after the render the test awaited.
// Fails naming where the focus is instead.
export async function expectFocus(page, id) {
  const on = () => page.evaluate(() => document.activeElement?.id ?? '');
  try {
    await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 });
  } catch {
    assert.equal(await on(), id, `the focus is not on #${id}`);
  }
}
