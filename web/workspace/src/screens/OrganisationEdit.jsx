// Répertoire: an organisation's edit form (editors). The copy read when the
// form opens carries its etag, sent back with the change: when someone
// else changed the organisation in the meantime, the service refuses
// (ABORTED, ETAG_MISMATCH: HTTP 409), nothing is written, and the form says
// so and offers to reload the current version. A refused field is marked
// (aria-invalid) and its reason tied to it (aria-describedby). Below it, the
// membership and its history of renewals, and a renewal recorded
// (RenewMembership, with the same etag).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatDate } from '../format.js';
import { Field, described, errorText, isStale } from './common.jsx';
import './OrganisationEdit.words.js';

// Form field -> the proto path (update_mask, violations' field).
const FIELDS = [
  ['displayName', 'display_name', 'text', 300],
  ['municipality', 'municipality', 'text', 100],
  ['phone', 'phone', 'tel', 300],
  ['email', 'email', 'email', 300],
  ['website', 'website', 'url', 300],
  ['description', 'description', 'textarea', 2000],
];

// The service's reasons (English) as people read them; others as they are.
const REASONS = [
  [/^must be an e-mail address$/, 'orgedit.r.email'],
  [/^must be an http:\/\/ or https:\/\/ address$/, 'orgedit.r.url'],
  [/^is required$/, 'orgedit.r.required'],
  [/^must be at most (\d+) characters$/, 'orgedit.r.max'],
];

function reasonText(description, reasons = REASONS) {
  for (const [pattern, key] of reasons) {
    const m = pattern.exec(description);
    if (m) return t(key, { n: m[1] });
  }
  return description;
}

function valuesOf(org) {
  const out = {};
  for (const [key] of FIELDS) out[key] = org[key] || '';
  return out;
}

function todayInMontreal() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
}

// The ISO date a year after `iso` ("2018-05-01" -> "2019-05-01").
function aYearAfter(iso) {
  const [y, m, d] = iso.split('-');
  return `${Number(y) + 1}-${m}-${d === '29' && m === '02' ? '28' : d}`;
}

const RENEWAL_FIELDS = { 'renewal.renewal_date': 'date', 'renewal.renewed_until': 'until', 'renewal.note': 'note' };
const RENEWAL_REASONS = [
  [/^is required/, 'renew.r.required'],
  [/^must be an ISO date/, 'renew.r.date'],
  [/^must be after renewal_date$/, 'renew.r.after'],
  [/^must be at most (\d+) characters$/, 'orgedit.r.max'],
];

const renewalReason = (description) => reasonText(description, RENEWAL_REASONS);

// The organisation's membership, its renewals (oldest first, as the
// service keeps them) and the renewal form. `org` is the form's copy: a
// renewal sends its etag and hands the renewed organisation back
// (`onRenewed`); a stale copy is `onConflict`'s to explain.
function Membership({ org, onRenewed, onConflict }) {
  const m = org.membership || {};
  const status = m.status && m.status !== 'STATUS_UNSPECIFIED' ? m.status : 'NON_MEMBER';
  const renewals = m.renewals || [];
  const [form, setForm] = useState(() => { const d = todayInMontreal(); return { date: d, until: aYearAfter(d), note: '' }; });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });

  const renew = async (e) => {
    e.preventDefault();
    setErrors({}); setError(null); setMessage('');
    setBusy(true);
    try {
      const updated = await api('POST', `${org.name}:renewMembership`, {
        body: { renewal: { renewalDate: form.date, renewedUntil: form.until, note: form.note.trim() }, etag: org.etag },
      });
      setMessage(t('renew.saved', { until: formatDate(updated.membership.renewalDue || form.until) }));
      setForm({ ...form, note: '' });
      onRenewed(updated);
    } catch (err) {
      if (isStale(err)) { onConflict(); return; }
      const byField = {};
      for (const v of err.violations ? err.violations() : []) {
        const f = RENEWAL_FIELDS[v.field];
        if (f) byField[f] = renewalReason(v.description);
      }
      setErrors(byField);
      setError(Object.keys(byField).length ? { text: t('renew.refused') } : err);
      const first = ['date', 'until', 'note'].find((f) => byField[f]);
      if (first) setTimeout(() => document.getElementById(`renouv-${first}`)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="adhesion" aria-labelledby="titre-adhesion">
      <h3 id="titre-adhesion">{t('renew.title')}</h3>
      <p id="adhesion-etat" data-status={status}>
        {t(`member.${status}`)}
        {m.since ? ` — ${t('renew.since', { date: formatDate(m.since) })}` : ''}
        {status === 'ACTIVE' && m.renewalDue ? ` — ${t('renew.due', { date: formatDate(m.renewalDue) })}` : ''}
        {m.ended ? ` — ${t('renew.ended', { date: formatDate(m.ended) })}` : ''}
      </p>
      <h4 id="titre-renouvellements">{t('renew.history')}</h4>
      {renewals.length === 0 ? <p id="renouvellements-aucun">{t('renew.none')}</p> : (
        <ol id="renouvellements" aria-labelledby="titre-renouvellements">
          {renewals.map((r, i) => (
            <li key={i} data-until={r.renewedUntil}>
              {t('renew.item', { date: formatDate(r.renewalDate), until: formatDate(r.renewedUntil) })}
              {r.note ? ` — ${r.note}` : ''}
            </li>
          ))}
        </ol>
      )}
      <form id="formulaire-renouvellement" onSubmit={renew} noValidate aria-labelledby="titre-renouveler">
        <h4 id="titre-renouveler">{t(status === 'NON_MEMBER' ? 'renew.form.new' : 'renew.form')}</h4>
        <div class="grid">
          <Field id="renouv-date" label={t('renew.f.date')} errors={errors} name="date">
            <input id="renouv-date" type="date" value={form.date} onInput={set('date')} {...described('renouv-date', errors, 'date')} />
          </Field>
          <Field id="renouv-until" label={t('renew.f.until')} errors={errors} name="until">
            <input id="renouv-until" type="date" value={form.until} onInput={set('until')} {...described('renouv-until', errors, 'until')} />
          </Field>
          <Field id="renouv-note" label={t('renew.f.note')} errors={errors} name="note">
            <input id="renouv-note" maxLength={300} value={form.note} onInput={set('note')} {...described('renouv-note', errors, 'note')} />
          </Field>
        </div>
        {error && <p class="error" role="alert" id="renouv-erreur">{error.text || errorText(error)}</p>}
        <p role="status" class="ok" id="renouv-etat">{message}</p>
        <button type="submit" id="renouv-enregistrer" disabled={busy}>{t('renew.submit')}</button>
      </form>
    </section>
  );
}

export function OrganisationEdit({ name, onSaved, onClose }) {
  const [org, setOrg] = useState(null);       // the copy the form edits (its etag)
  const [values, setValues] = useState(null);
  const [fieldErrors, setFieldErrors] = useState({});
  const [error, setError] = useState(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  const alertBox = useRef(null);

  const load = async () => {
    setError(null); setFieldErrors({});
    try {
      const o = await api('GET', name);
      // The conflict's message stays until the current version is in the
      // form: one render swaps the one for the other.
      setOrg(o);
      setValues(valuesOf(o));
      setConflict(false);
      return o;
    } catch (e) { setError(e); return null; }
  };
  useEffect(() => {
    setSaved('');
    load().then(() => heading.current && heading.current.focus());
  }, [name]);
  useEffect(() => { if ((conflict || error) && alertBox.current) alertBox.current.focus(); }, [conflict, error]);

  if (!values) {
    return (
      <section id="edition-organisation" aria-labelledby="titre-edition">
        <h2 id="titre-edition" ref={heading} tabIndex={-1}>{t('orgedit.title.loading')}</h2>
        {error ? <p class="error" role="alert">{errorText(error)}</p> : <p role="status">{t('app.loading')}</p>}
      </section>
    );
  }

  const set = (key) => (e) => setValues({ ...values, [key]: e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    setError(null); setConflict(false); setFieldErrors({}); setSaved('');
    const changed = FIELDS.filter(([key]) => values[key] !== (org[key] || ''));
    if (!changed.length) { setSaved(t('orgedit.unchanged')); return; }
    const body = { name: org.name, etag: org.etag };
    for (const [key] of changed) body[key] = values[key];
    setBusy(true);
    try {
      const updated = await api('PATCH', name, {
        query: { update_mask: changed.map(([, path]) => path).join(',') }, body,
      });
      setOrg(updated);
      setValues(valuesOf(updated));
      setSaved(t('orgedit.saved', { name: updated.displayName }));
      onSaved(updated);
    } catch (err) {
      if (isStale(err)) { setConflict(true); return; }
      const byField = {};
      for (const v of err.violations ? err.violations() : []) {
        const path = v.field.replace(/^organisation\./, '');
        const field = FIELDS.find(([, p]) => p === path);
        if (field) byField[field[0]] = reasonText(v.description);
      }
      setFieldErrors(byField);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    const fresh = await load();
    if (fresh) setSaved(t('orgedit.reloaded', { date: formatDate(fresh.updateTime) }));
  };

  const invalid = Object.keys(fieldErrors);
  return (
    <section id="edition-organisation" aria-labelledby="titre-edition">
      <h2 id="titre-edition" ref={heading} tabIndex={-1}>{t('orgedit.title', { name: org.displayName })}</h2>
      <form id="formulaire-organisation" onSubmit={save} noValidate>
        {FIELDS.map(([key, , type, max]) => {
          const id = `org-${key}`;
          const bad = key in fieldErrors;
          return (
            <div class="field" key={key}>
              <label for={id}>{t(`orgedit.f.${key}`)}</label>
              {type === 'textarea'
                ? <textarea id={id} rows={4} maxLength={max} value={values[key]} onInput={set(key)}
                            aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-erreur` : undefined} />
                : <input id={id} type={type} maxLength={max} value={values[key]} onInput={set(key)}
                         required={key === 'displayName'}
                         aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-erreur` : undefined} />}
              {bad && (
                <span class="error" id={`${id}-erreur`}>
                  {t('orgedit.field.error', { field: t(`orgedit.f.${key}`), msg: fieldErrors[key] })}
                </span>
              )}
            </div>
          );
        })}
        <p>
          <button type="submit" id="org-enregistrer" disabled={busy}>{t('orgedit.save')}</button>{' '}
          <button type="button" class="secondary" id="org-fermer" onClick={onClose}>{t('orgedit.close')}</button>
        </p>
      </form>
      {conflict && (
        <div class="notice" role="alert" id="org-conflit" tabIndex={-1} ref={alertBox}>
          <p><strong>{t('orgedit.conflict.title')}</strong></p>
          <p>{t('orgedit.conflict.text', { name: org.displayName, date: formatDate(org.updateTime) })}</p>
          <button type="button" id="org-recharger" onClick={reload}>{t('orgedit.conflict.reload')}</button>
        </div>
      )}
      {error && !conflict && (
        <p class="error" role="alert" id="org-erreur" tabIndex={-1} ref={alertBox}>
          {invalid.length ? t('orgedit.invalid', { n: invalid.length }) : errorText(error)}
        </p>
      )}
      <p role="status" class="ok" id="org-etat">{saved}</p>
      <Membership org={org} onRenewed={(updated) => { setOrg(updated); onSaved(updated); }}
                  onConflict={() => { setSaved(''); setConflict(true); }} />
    </section>
  );
}
