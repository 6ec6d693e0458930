// The calls to the platform: /auth/* (the sign-in contract) and the tenant
// services' HTTP/JSON API under /v1/. A signed-in person is carried by the
// poles_session cookie (HttpOnly: this code never sees it), and every
// state-changing request sends the session's X-CSRF-Token. Where the
// server has no /auth/ routes, a Bearer API key kept in this tab's
// sessionStorage is the fallback.

const KEY_STORE = 'poles.workspace.key';

let session = null;  // {mode: 'cookie'|'key', tenant, role, who, csrf?, key?}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || (body.error && body.error.message))) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }

  // google.rpc.BadRequest's field violations, [{field, description}].
  violations() {
    const details = this.body.details || [];
    const out = [];
    for (const d of details) {
      if (String(d['@type']).endsWith('google.rpc.BadRequest')) {
        for (const v of d.fieldViolations || []) out.push({ field: v.field, description: v.description });
      }
    }
    return out;
  }
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return {};
  try { return JSON.parse(text); } catch { return { message: text }; }
}

function slug(name) { return String(name || '').replace(/^tenants\//, ''); }

function fromAuthBody(body) {
  const active = body.active || {};
  return {
    mode: 'cookie',
    tenant: slug(active.tenant),
    role: active.role === 'editor' ? 'editor' : 'viewer',
    who: (body.account && (body.account.display_name || body.account.email)) || '',
    csrf: body.csrf_token,
  };
}

export function currentSession() { return session; }

// The session at start-up: the cookie's (GET /auth/session), else a key
// this tab holds, else null (the sign-in screen).
export async function restoreSession() {
  try {
    const res = await fetch('/auth/session', { credentials: 'same-origin' });
    if (res.ok) {
      session = fromAuthBody(await readBody(res));
      return session;
    }
  } catch { /* no front door: offline */ }
  const stored = sessionStorage.getItem(KEY_STORE);
  if (stored) {
    try {
      session = JSON.parse(stored);
      return session;
    } catch { sessionStorage.removeItem(KEY_STORE); }
  }
  return null;
}

// POST /auth/login. Throws ApiError: 401 wrong credentials, 429 throttled
// (retryAfter in seconds), 404/405 when the server has no such route.
export async function login(email, password, tenant) {
  const body = { email, password };
  if (tenant) body.tenant = tenant;
  const res = await fetch('/auth/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await readBody(res);
  if (!res.ok) {
    const error = new ApiError(res.status, json);
    error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
    throw error;
  }
  session = fromAuthBody(json);
  return session;
}

// The API-key fallback: the key must read the tenant; its role is what
// the services answer to a dry-run import of no rows (PERMISSION_DENIED for
// a viewer), which writes nothing.
export async function useApiKey(tenant, key) {
  const probe = { mode: 'key', tenant, key, role: 'viewer', who: tenant };
  const headers = { Authorization: `Bearer ${key}` };
  const read = await fetch(`/v1/tenants/${encodeURIComponent(tenant)}/events?page_size=1`, { headers });
  if (!read.ok) throw new ApiError(read.status, await readBody(read));
  const write = await fetch(`/v1/tenants/${encodeURIComponent(tenant)}:importOrganisations`, {
    method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ validateOnly: true, rows: [] }),
  });
  probe.role = write.ok ? 'editor' : 'viewer';
  session = probe;
  sessionStorage.setItem(KEY_STORE, JSON.stringify(session));
  return session;
}

export async function logout() {
  if (session && session.mode === 'cookie') {
    await fetch('/auth/logout', {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': session.csrf || '' },
    }).catch(() => {});
  }
  sessionStorage.removeItem(KEY_STORE);
  session = null;
}

// A call under /v1/: `path` without the prefix ("tenants/t/events"),
// `query` an object (arrays repeat the parameter), `body` JSON.
export async function api(method, path, { query, body } = {}) {
  if (!session) throw new ApiError(401, { message: 'not signed in' });
  const url = new URL(`/v1/${path}`, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue;
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
  }
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.mode === 'key') headers.Authorization = `Bearer ${session.key}`;
  else if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf || '';
  const res = await fetch(url, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answerOf(res);
}

// The answer's JSON, or its ApiError thrown. A 401 means the session expired
// or was revoked, or the key was: the app goes back to sign-in.
async function answerOf(res) {
  const json = await readBody(res);
  if (res.status === 401) {
    sessionStorage.removeItem(KEY_STORE);
    session = null;
    window.dispatchEvent(new Event('espace-deconnecte'));
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export function tenantPath(rest = '') {
  return `tenants/${encodeURIComponent(session.tenant)}${rest}`;
}

// A read of the gateway's own API under /api/v1/ (the bilan,
// docs/http-api.md): the session cookie, or the tab's API key. `path`
// without the prefix ("tenants/t/bilans/2017-2018"). Errors as api()'s.
export async function gatewayRead(path) {
  if (!session) throw new ApiError(401, { message: 'not signed in' });
  const headers = session.mode === 'key' ? { Authorization: `Bearer ${session.key}` } : {};
  const res = await fetch(new URL(`/api/v1/${path}`, window.location.origin),
                          { headers, credentials: 'same-origin' });
  return answerOf(res);
}

// The ErrorInfo reason of an error from /v1/ ("FISCAL_YEAR_SUBMITTED", ...)
// and its metadata, or null.
export function errorInfoOf(error) {
  const details = (error && error.body && error.body.details) || [];
  const info = details.find((d) => String(d['@type']).endsWith('google.rpc.ErrorInfo'));
  return info ? { reason: info.reason || '', metadata: info.metadata || {} } : null;
}

// POST /auth/password: chooses the password of the account a one-time link
// (`pl_…`, the token of /espace/mot-de-passe#pl_…) names; no session needed.
// The account ({name, email}), or ApiError thrown: 401 the link unknown,
// used or expired; 400 with field violations (`password`,
// `password_link`). Not api(): its 401 is the link's, not a session's.
export async function choosePassword(link, password) {
  const res = await fetch('/auth/password', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ link, password }),
  });
  const json = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, json);
  return json.account || {};
}

// The signed-in person's account name (`accounts/…`) from GET
// /auth/session, or '' (an API key, or no session).
export async function sessionAccountName() {
  if (!session || session.mode !== 'cookie') return '';
  try {
    const res = await fetch('/auth/session', { credentials: 'same-origin' });
    if (!res.ok) return '';
    const body = await readBody(res);
    return (body.account && body.account.name) || '';
  } catch { return ''; }
}
