// Événements: the Pôle's bodies (instances: the board, the executive,
// committees, tables) and each one's meetings, the events of the fiscal
// year whose `body` names it; (editors) a new body.
import { useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { t } from '../i18n.js';
import { formatDate } from '../format.js';
import { ErrorMessage } from './common.jsx';
import './Bodies.words.js';

export const BODY_KINDS = ['BOARD', 'EXECUTIVE', 'COMMITTEE', 'NATIONAL_TABLE', 'PARTNER_COMMITTEE', 'OTHER'];

// The service's field ("body.display_name") to the form's field.
const FIELDS = { 'body.display_name': 'name', 'body.kind': 'kind' };

function NewBody({ onSaved }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('COMMITTEE');
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    setMessage('');
    setBusy(true);
    try {
      const body = await api('POST', tenantPath('/bodies'), {
        query: { request_id: crypto.randomUUID() },
        body: { displayName: name.trim(), kind },
      });
      setMessage(t('bodies.saved', { name: body.displayName }));
      setName('');
      onSaved(body);
    } catch (err) {
      const byField = {};
      for (const v of (err.violations ? err.violations() : [])) {
        const f = FIELDS[v.field];
        if (f) byField[f] = t(`bodies.v.${f}`);
      }
      if (Object.keys(byField).length) {
        setErrors(byField);
        setError({ text: t('bodies.refused') });
        const first = byField.name ? 'instance-nom' : 'instance-type';
        setTimeout(() => document.getElementById(first)?.focus(), 0);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (f) => ({ 'aria-invalid': errors[f] ? 'true' : undefined,
                            'aria-describedby': errors[f] ? `instance-${f}-erreur` : undefined });
  return (
    <form id="saisie-instance" onSubmit={submit} aria-labelledby="titre-saisie-instance" noValidate>
      <h3 id="titre-saisie-instance">{t('bodies.new')}</h3>
      <div class="grid">
        <div class="field">
          <label for="instance-nom">{t('bodies.f.name')}</label>
          <input id="instance-nom" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)}
                 {...invalid('name')} />
          {errors.name && <span class="error" id="instance-name-erreur">{errors.name}</span>}
        </div>
        <div class="field">
          <label for="instance-type">{t('bodies.f.kind')}</label>
          <select id="instance-type" value={kind} onChange={(e) => setKind(e.currentTarget.value)} {...invalid('kind')}>
            {BODY_KINDS.map((k) => <option key={k} value={k}>{t(`bodies.kind.${k}`)}</option>)}
          </select>
          {errors.kind && <span class="error" id="instance-kind-erreur">{errors.kind}</span>}
        </div>
      </div>
      {error && (error.text ? <p class="error" role="alert">{error.text}</p> : <ErrorMessage error={error} />)}
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('bodies.submit')}</button>
    </form>
  );
}

// Every body of the tenant (ListBodies, every page), sorted by name.
export async function loadBodies() {
  const all = [];
  let token = '';
  do {
    const r = await api('GET', tenantPath('/bodies'), { query: { page_size: 100, ...(token ? { page_token: token } : {}) } });
    all.push(...(r.bodies || []));
    token = r.nextPageToken || '';
  } while (token);
  return all.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}

// The bodies are the screen's (Events.jsx loads them once for this table
// and the quick entry's choice of body); `onCreated` asks it to read them
// again.
export function Bodies({ canEdit, events, fiscalYear, bodies, error, onCreated }) {
  return (
    <section aria-labelledby="titre-instances" id="instances">
      <h2 id="titre-instances">{t('bodies.title')}</h2>
      <ErrorMessage error={error} />
      {bodies.length === 0 ? <p>{t('bodies.none')}</p> : (
        <div class="scroll" tabIndex={0} role="region" aria-labelledby="titre-instances">
          <table id="liste-instances">
            <caption class="visually-hidden">{t('bodies.caption', { fy: fiscalYear })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bodies.col.name')}</th>
                <th scope="col">{t('bodies.col.kind')}</th>
                <th scope="col" class="num">{t('bodies.col.count', { fy: fiscalYear })}</th>
                <th scope="col">{t('bodies.col.meetings')}</th>
              </tr>
            </thead>
            <tbody>
              {bodies.map((b) => {
                const meetings = events.filter((ev) => ev.body === b.name);
                return (
                  <tr key={b.name} data-body={b.name}>
                    <th scope="row">{b.displayName}</th>
                    <td>{t(`bodies.kind.${b.kind}`)}</td>
                    <td class="num" data-count={meetings.length}>{meetings.length}</td>
                    <td>
                      {meetings.length === 0 ? t('bodies.nomeeting') : (
                        <ul class="rencontres">
                          {meetings.map((ev) => <li key={ev.name}>{formatDate(ev.startTime)} — {ev.title}</li>)}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && <NewBody onSaved={onCreated} />}
    </section>
  );
}
