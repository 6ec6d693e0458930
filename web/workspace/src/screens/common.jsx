import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.js';
import { recentFiscalYears } from '../format.js';
import { errorInfoOf } from '../api.js';
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
