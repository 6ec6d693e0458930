import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { recentFiscalYears } from '../format.js';
import { api, errorInfoOf } from '../api.js';
import './common.words.js';

export function FiscalYearPicker({ value, onChange, id = 'exercice' }) {
  return (
    <div class="field inline">
      <label for={id}>{t('fy.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}
              aria-describedby={`${id}-hint`}>
        {recentFiscalYears().concat(value).filter((v, i, a) => a.indexOf(v) === i).sort().reverse()
          .map((fy) => <option key={fy} value={fy}>{fy}</option>)}
      </select>
      <span class="hint" id={`${id}-hint`}>{t('fy.hint')}</span>
    </div>
  );
}

// An error from the API as people read it.
export function errorText(error) {
  if (!error) return '';
  const locked = lockedYearOf(error);
  if (locked !== null) return locked ? t('err.locked', { fy: locked }) : t('err.locked.some');
  if (error.status === 403) return t('err.denied');
  const v = error.violations ? error.violations() : [];
  if (v.length) return v.map((x) => t('err.field', { field: x.field, msg: x.description })).join(' ; ');
  return t('err.generic', { msg: error.message });
}

export function ErrorMessage({ error }) {
  if (!error) return null;
  return <p class="error" role="alert">{errorText(error)}</p>;
}

// The fiscal year a write was refused for because it is submitted
// ("2019-2020"; "" when the service did not name it), or null.
export function lockedYearOf(error) {
  const info = errorInfoOf(error);
  if (!info || info.reason !== 'FISCAL_YEAR_SUBMITTED') return null;
  return info.metadata.fiscal_year || '';
}

// A form's summary of its errors: the screen's own sentence (`error.text`),
// or the service's answer as people read it.
export function FormError({ error }) {
  if (!error) return null;
  return <p class="error" role="alert">{error.text || errorText(error)}</p>;
}

// A field's own error (`errors[name]`), the element `described` names.
export function FieldError({ id, errors, name }) {
  if (!errors[name]) return null;
  return <span class="error" id={`${id}-erreur`}>{errors[name]}</span>;
}

// aria-invalid and aria-describedby for the field `id` (its hint `id`-aide
// when `hint`, its error `id`-erreur when `errors[name]`).
export function described(id, errors, name, hint) {
  const ids = [hint && `${id}-aide`, errors[name] && `${id}-erreur`].filter(Boolean);
  return { 'aria-invalid': errors[name] ? 'true' : undefined, 'aria-describedby': ids.length ? ids.join(' ') : undefined };
}

// A stale copy: the service refused a write or a delete because someone
// else changed the resource since it was read (ABORTED, ETAG_MISMATCH:
// HTTP 409). Nothing was written.
export function isStale(error) {
  const info = errorInfoOf(error);
  return Boolean(error && error.status === 409 && (!info || info.reason === 'ETAG_MISMATCH'));
}

// A confirmation before something that cannot be undone, inline where it
// was asked (role="alertdialog"): the focus goes to « cancel » when it
// opens, Tab and Shift+Tab stay on its two buttons, Escape cancels, and
// cancelling gives the focus back to what opened it. `text` says what goes
// with the thing deleted; `error` is shown inside it.
export function Confirm({ id, title, text, yes, no, onYes, onNo, busy, error }) {
  const box = useRef(null);
  const opener = useRef(null);
  useEffect(() => {
    opener.current = document.activeElement;
    const cancel = box.current && box.current.querySelector(`#${id}-non`);
    if (cancel) cancel.focus();
  }, []);
  const cancel = () => {
    const back = opener.current;
    onNo();
    if (back && back.isConnected) setTimeout(() => back.focus(), 0);
  };
  const keys = (e) => {
    if (e.key === 'Escape') { e.preventDefault(); cancel(); return; }
    if (e.key !== 'Tab') return;
    const buttons = [...box.current.querySelectorAll('button:not([disabled])')];
    if (!buttons.length) return;
    const at = buttons.indexOf(document.activeElement);
    const next = e.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : (at + 1) % buttons.length;
    e.preventDefault();
    buttons[next].focus();
  };
  return (
    <div role="alertdialog" id={id} class="entry confirm" ref={box} aria-modal="false"
         aria-labelledby={`${id}-titre`} aria-describedby={`${id}-texte`} onKeyDown={keys}>
      <h3 id={`${id}-titre`}>{title}</h3>
      <p id={`${id}-texte`}>{text}</p>
      {error && <p class="error" role="alert">{error.text || errorText(error)}</p>}
      <button type="button" id={`${id}-oui`} class="danger" disabled={busy} onClick={onYes}>{yes}</button>
      {' '}
      <button type="button" id={`${id}-non`} class="secondary" onClick={cancel}>{no}</button>
    </div>
  );
}

// A form's field: its label, the control (`children`), its hint `id`-aide
// when `hint`, and its error `id`-erreur (`errors[name]`) when `name`.
export function Field({ id, label, hint, errors, name, children }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <span class="hint" id={`${id}-aide`}>{hint}</span>}
      {name && <FieldError id={id} errors={errors} name={name} />}
    </div>
  );
}

// The service's field violations of an error (none when it has none).
export function violationsOf(error) {
  return error && error.violations ? error.violations() : [];
}

// A form's errors (`errors` by field, `error` its summary), its message
// and whether it is busy. `fail` shows the fields' errors with the form's
// sentence and puts the focus on the first field refused; `refused` does
// so with the service's refusals by field, or shows its answer when it
// named none.
export function useFormState(formId) {
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const fail = (found, text) => {
    setErrors(found);
    setError({ text });
    setTimeout(() => {
      const first = document.querySelector(`#${formId} [aria-invalid="true"]`);
      if (first) first.focus();
    }, 0);
  };
  const refused = (err, byField, text) => {
    if (Object.keys(byField).length) fail(byField, text);
    else { setErrors({}); setError(err); }
  };
  return { errors, setErrors, error, setError, message, setMessage, busy, setBusy, fail, refused };
}

// The edit of the resource `name` with its etag (the form `formId`, its
// heading titre-`formId`): the copy read fresh when the form opens
// (`orig`, the form's values `valuesOf(orig)`, the heading focused), and
// `save` for the write. When the service refuses a stale copy (isStale),
// nothing was written: `stale` is set and the notice `staleId` focused,
// with `load` to read the current version. `initial` is the form before
// any read (a creation form that edits too passes `enabled` false).
export function useEtagEdit({ name, formId, staleId, valuesOf, initial = null, enabled = true }) {
  const state = useFormState(formId);
  const { setErrors, setError, setMessage, setBusy, refused } = state;
  const [orig, setOrig] = useState(null);
  const [form, setForm] = useState(initial);
  const [stale, setStale] = useState(false);
  const load = async () => {
    try {
      const o = await api('GET', name);
      setOrig(o);
      setForm(valuesOf(o));
      setStale(false);
      setErrors({});
      setError(null);
      return o;
    } catch (err) { setError(err); return null; }
  };
  useEffect(() => {
    if (!enabled) return;
    load().then(() => { const h = document.getElementById(`titre-${formId}`); if (h) h.focus(); });
  }, [name]);
  useEffect(() => {
    if (stale) { const box = document.getElementById(staleId); if (box) box.focus(); }
  }, [stale]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  // A submission begins: the last one's summary, notice and message go.
  const start = () => { setError(null); setStale(false); setMessage(''); };
  // `write()` then `done(saved)`; a stale copy (once read) explained, the
  // service's refusals (`byFieldOf(err)`) on their fields with `text`.
  const save = async (write, done, byFieldOf, text) => {
    setBusy(true);
    try {
      done(await write());
    } catch (err) {
      if (orig && isStale(err)) { setErrors({}); setStale(true); return; }
      refused(err, byFieldOf(err), text);
    } finally {
      setBusy(false);
    }
  };
  return { ...state, orig, form, setForm, stale, load, set, start, save };
}

// An edit form's place while its copy is read (or why it could not be).
export function EditLoading({ id, title, error, cancel, onCancel }) {
  return (
    <section id={id} class="entry" aria-labelledby={`titre-${id}`}>
      <h2 id={`titre-${id}`} tabIndex={-1}>{title}</h2>
      {error ? <ErrorMessage error={error} /> : <p role="status">{t('app.loading')}</p>}
      <button type="button" class="secondary" onClick={onCancel}>{cancel}</button>
    </section>
  );
}

// The notice of a stale copy (useEtagEdit's `stale`), with its reload.
export function StaleNotice({ id, text, reload, onReload }) {
  return (
    <div id={id} class="notice error" role="alert" tabIndex={-1}>
      <p>{text}</p>
      <button type="button" class="secondary" onClick={onReload}>{reload}</button>
    </div>
  );
}
