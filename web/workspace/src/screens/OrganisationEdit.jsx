// Répertoire: an organisation's edit form (editors). The copy read when the
// form opens carries its etag, sent back with the change: when someone
// else changed the organisation in the meantime, the service refuses
// (ABORTED, ETAG_MISMATCH: HTTP 409), nothing is written, and the form says
// so and offers to reload the current version. A refused field is marked
// (aria-invalid) and its reason tied to it (aria-describedby).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorInfoOf } from '../api.js';
import { t } from '../i18n.js';
import { formatDate } from '../format.js';
import { errorText } from './common.jsx';
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

function reasonText(description) {
  for (const [pattern, key] of REASONS) {
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

function isConflict(error) {
  const info = errorInfoOf(error);
  return error && (error.status === 409 && (!info || info.reason === 'ETAG_MISMATCH'));
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
      if (isConflict(err)) { setConflict(true); return; }
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
    </section>
  );
}
