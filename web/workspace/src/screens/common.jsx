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
