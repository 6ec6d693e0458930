// Financement: the fiscal year's funding indicators, the Pôle's agreements
// covering it, the awards decided in it, and the totals reported by third
// parties with their breakdowns; for editors, a quick entry of an award
// (amounts typed the French way, read to the cent) and of a reported total
// whose breakdowns are checked against it, to the cent, as they are typed;
// an award or an agreement edited with its etag, or deleted after a
// confirmation that says what goes with it.
import { useEffect, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { t } from '../i18n.js';
import { fiscalYearBounds, fiscalYearOf, formatCents, formatDate, formatNumber, parseCount, parseMoney } from '../format.js';
import { Confirm, EditLoading, ErrorMessage, Field, FieldError, FiscalYearPicker, FormError, StaleNotice, described, errorText, isStale,
  useEtagEdit, violationsOf } from './common.jsx';
import { IndicatorTable, loadTotals } from './Dashboard.jsx';
import './Funding.words.js';

const AWARD_STATUSES = ['AUTHORISED', 'DISBURSED', 'REQUESTED', 'REFUSED', 'CANCELLED'];
const AGREEMENT_STATUSES = ['DRAFT', 'ACTIVE', 'COMPLETED', 'TERMINATED'];
const MEASURES = ['REPORTED_MEASURE_AMOUNT', 'REPORTED_MEASURE_INVESTMENT', 'REPORTED_MEASURE_ENTERPRISES',
  'REPORTED_MEASURE_JOBS_CREATED', 'REPORTED_MEASURE_JOBS_MAINTAINED', 'REPORTED_MEASURE_JOBS_CREATED_OR_MAINTAINED'];
const DIMENSIONS = ['measure', 'office', 'program', 'mrc', 'sector', 'legal_form'];

const isMoneyMeasure = (m) => m === 'REPORTED_MEASURE_AMOUNT' || m === 'REPORTED_MEASURE_INVESTMENT';
const money = (m) => (m && m.cents !== undefined ? formatCents(m.cents) : '—');
const showValue = (measure, v) => (isMoneyMeasure(measure) ? formatCents(v) : formatNumber(v));
const cad = (cents) => ({ cents, currencyCode: 'CAD' });

// Every page of a list, 200 at a time, at most 10 pages (the reference
// lists, the year's agreements and reported totals, the directory).
async function listAll(path, field, query = {}) {
  let out = [];
  let token = '';
  for (let i = 0; i < 10; i += 1) {
    const r = await api('GET', path, { query: { ...query, page_size: 200, page_token: token } });
    out = out.concat(r[field] || []);
    token = r.nextPageToken || '';
    if (!token) break;
  }
  return out;
}

function labelOf(item) {
  if (!item) return '';
  const fr = item.labelFr || item.displayName || item.name;
  return (document.documentElement.lang === 'en' && item.labelEn) || fr;
}

// The service's violation text in the person's language (its own words
// when it is not one of the known ones).
function violationText(description) {
  const key = `fund.v.${description}`;
  const text = t(key);
  return text === key ? t('fund.v.other', { msg: description }) : text;
}

// The violation's field without the request's message: "amount_disbursed"
// for "award.amount_disbursed", "breakdowns[0].items[1].value" for
// "reported_total.breakdowns[0].items[1].value".
function violationField(field) {
  return String(field || '').replace(/^[a-z_]+\./, '');
}

function MoneyField({ id, label, value, onInput, errors, name }) {
  const parsed = parseMoney(value);
  return (
    <Field id={id} label={label} errors={errors} name={name}>
      <input id={id} inputMode="decimal" autoComplete="off" value={value}
             onInput={(e) => onInput(e.currentTarget.value)} {...described(id, errors, name, true)} />
      <span class="hint" id={`${id}-aide`}>
        {parsed.cents !== undefined ? t('fund.f.reads', { amount: formatCents(parsed.cents) }) : t('fund.f.money.hint')}
      </span>
    </Field>
  );
}

function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
}

function defaultDecisionDate(fiscalYear) {
  const now = today();
  return fiscalYearOf(new Date(`${now}T12:00:00Z`)) === fiscalYear ? now : fiscalYearBounds(fiscalYear).to;
}

const AWARD_MONEY = [['authorised', 'amountAuthorised', 'amount_authorised'], ['disbursed', 'amountDisbursed', 'amount_disbursed'],
  ['investment', 'totalInvestment', 'total_investment']];
const AWARD_VIOLATIONS = { title: 'title', organisation: 'organisation', promoter_group: 'promoterGroup', program: 'program',
  status: 'status', decision_date: 'date', amount_authorised: 'authorised', amount_disbursed: 'disbursed',
  total_investment: 'investment' };

// An amount the service holds, written back in the field the French way
// (« 12 345,67 $ », which parseMoney reads back to the same cents).
const moneyText = (m) => (m && m.cents !== undefined ? formatCents(m.cents) : '');
const centsOf = (m) => (m && m.cents !== undefined ? String(m.cents) : '');

function awardValues(a) {
  return { title: a.title || '', recipientKind: a.promoterGroup ? 'group' : 'org', organisation: a.organisation || '',
    promoterGroup: a.promoterGroup || '', program: a.program || '', status: a.status || 'REQUESTED',
    date: a.decisionDate || '', authorised: moneyText(a.amountAuthorised), disbursed: moneyText(a.amountDisbursed),
    investment: moneyText(a.totalInvestment) };
}

// The quick entry of an award (CreateAward), or, with `name`, the edit of
// that award (UpdateAward): the copy read fresh when the form opens carries
// its etag, and « Enregistrer » sends only the changed fields in the
// update_mask. When someone else saved the award meanwhile, the service
// refuses (409) and nothing is written: the form says so and offers to
// reload the current version.
function AwardEntry({ fiscalYear, refs, onSaved, name, onCancel }) {
  const editing = Boolean(name);
  const p = editing ? 'maide' : 'aide';
  const formId = editing ? 'modification-aide' : 'saisie-aide';
  const blank = { title: '', recipientKind: refs.organisations.length ? 'org' : 'group', organisation: '',
    promoterGroup: '', program: '', status: 'AUTHORISED', date: defaultDecisionDate(fiscalYear),
    authorised: '', disbursed: '', investment: '' };
  const edit = useEtagEdit({ name, formId, staleId: `${p}-perime`, valuesOf: awardValues, initial: editing ? null : blank,
    enabled: editing });
  const { orig, form, setForm, errors, setErrors, error, stale, message, setMessage, busy, set, fail } = edit;
  const setValue = (k) => (v) => setForm({ ...form, [k]: v });

  if (!form) {
    return <EditLoading id={formId} title={t('fund.edit.award.loading')} error={error} cancel={t('fund.edit.cancel')}
                        onCancel={onCancel} />;
  }

  const submit = async (e) => {
    e.preventDefault();
    edit.start();
    const found = {};
    const award = { title: form.title, program: form.program, status: form.status };
    if (form.recipientKind === 'org') award.organisation = form.organisation;
    else award.promoterGroup = form.promoterGroup;
    if (form.date) award.decisionDate = form.date;
    const cents = {};
    for (const [k, field] of AWARD_MONEY) {
      const parsed = parseMoney(form[k]);
      if (parsed.error) found[k] = t(`fund.${parsed.error}`);
      else if (parsed.cents !== undefined) { award[field] = cad(parsed.cents); cents[k] = parsed.cents; }
    }
    if (!form.title.trim()) found.title = t('fund.err.required');
    if (!form.program) found.program = t('fund.err.required');
    if (form.recipientKind === 'org' && !form.organisation) found.organisation = t('fund.err.required');
    if (form.recipientKind === 'group' && !form.promoterGroup.trim()) found.promoterGroup = t('fund.err.required');
    if (Object.keys(found).length) {
      fail(found, t('fund.f.fix'));
      return;
    }
    // An edit sends the changed fields only, named in the update_mask; a
    // field emptied is in the mask and absent from the body (cleared).
    let mask = [];
    if (editing) {
      const was = awardValues(orig);
      if (form.title !== was.title) mask.push('title');
      if (form.program !== was.program) mask.push('program');
      if (form.status !== was.status) mask.push('status');
      if (form.date !== was.date) mask.push('decision_date');
      if (form.recipientKind === 'org' && (was.recipientKind !== 'org' || form.organisation !== was.organisation)) mask.push('organisation');
      if (form.recipientKind === 'group' && (was.recipientKind !== 'group' || form.promoterGroup !== was.promoterGroup)) mask.push('promoter_group');
      for (const [k, field, path] of AWARD_MONEY) {
        if ((cents[k] || '') !== centsOf(orig[field])) mask.push(path);
      }
      if (!mask.length) { setMessage(t('fund.edit.unchanged')); return; }
      award.name = orig.name;
      award.etag = orig.etag;
    }
    const byFieldOf = (err) => {
      const byField = {};
      for (const v of violationsOf(err)) {
        const field = AWARD_VIOLATIONS[violationField(v.field).replace(/\..*$/, '')];
        if (field) byField[field] = violationText(v.description);
      }
      return byField;
    };
    if (editing) {
      await edit.save(() => api('PATCH', name, { query: { update_mask: mask.join(',') }, body: award }),
        (saved) => onSaved(saved, t('fund.edit.saved.award', { title: saved.title })), byFieldOf, t('fund.f.refused'));
      return;
    }
    await edit.save(() => api('POST', tenantPath('/awards'), { query: { request_id: crypto.randomUUID() }, body: award }),
      (saved) => {
        setMessage(t('fund.f.saved.award', { title: saved.title }));
        setForm({ ...blank, recipientKind: form.recipientKind, program: form.program, date: form.date });
        setErrors({});
        onSaved(saved);
      }, byFieldOf, t('fund.f.refused'));
  };

  const programs = refs.programs;
  // An award to an organisation the directory no longer lists keeps it as
  // a choice.
  const organisations = refs.organisations.some((o) => o.name === form.organisation) || !form.organisation
    ? refs.organisations
    : refs.organisations.concat({ name: form.organisation,
      displayName: (orig && orig.recipientSnapshot && orig.recipientSnapshot.displayName) || form.organisation });
  return (
    <form id={formId} class="entry" onSubmit={submit} aria-labelledby={`titre-${formId}`} noValidate
          onKeyDown={(e) => { if (editing && e.key === 'Escape') onCancel(); }}>
      <h2 id={`titre-${formId}`} tabIndex={-1}>{editing ? t('fund.edit.award', { title: orig.title }) : t('fund.new.award')}</h2>
      {stale && <StaleNotice id={`${p}-perime`} text={t('fund.edit.stale.award')} reload={t('fund.edit.reload')}
                             onReload={edit.load} />}
      <div class="grid">
        <Field id={`${p}-titre`} label={t('fund.f.title')} errors={errors} name="title">
          <input id={`${p}-titre`} maxLength={300} value={form.title} onInput={set('title')} {...described(`${p}-titre`, errors, 'title')} />
        </Field>
        <Field id={`${p}-programme`} label={t('fund.f.program')} errors={errors} name="program">
          <select id={`${p}-programme`} value={form.program} onChange={set('program')} {...described(`${p}-programme`, errors, 'program')}>
            <option value="">{t('fund.f.program.choose')}</option>
            {programs.map((x) => <option key={x.name} value={x.name}>{labelOf(x)}</option>)}
          </select>
        </Field>
      </div>
      <fieldset>
        <legend>{t('fund.f.recipient')}</legend>
        <div class="checks">
          <span><input type="radio" id={`${p}-dest-org`} name={`${p}-dest`} value="org" checked={form.recipientKind === 'org'}
                       onChange={() => setForm({ ...form, recipientKind: 'org' })} />
            <label for={`${p}-dest-org`}>{t('fund.f.recipient.org')}</label></span>
          <span><input type="radio" id={`${p}-dest-groupe`} name={`${p}-dest`} value="group" checked={form.recipientKind === 'group'}
                       onChange={() => setForm({ ...form, recipientKind: 'group' })} />
            <label for={`${p}-dest-groupe`}>{t('fund.f.recipient.group')}</label></span>
        </div>
        {form.recipientKind === 'org' ? (
          <Field id={`${p}-organisation`} label={t('fund.f.organisation')} errors={errors} name="organisation">
            <select id={`${p}-organisation`} value={form.organisation} onChange={set('organisation')}
                    {...described(`${p}-organisation`, errors, 'organisation')}>
              <option value="">{t('fund.f.organisation.choose')}</option>
              {organisations.map((o) => <option key={o.name} value={o.name}>{o.displayName}</option>)}
            </select>
          </Field>
        ) : (
          <Field id={`${p}-groupe`} label={t('fund.f.group')} errors={errors} name="promoterGroup">
            <input id={`${p}-groupe`} maxLength={300} value={form.promoterGroup} onInput={set('promoterGroup')}
                   {...described(`${p}-groupe`, errors, 'promoterGroup')} />
          </Field>
        )}
      </fieldset>
      <div class="grid">
        <Field id={`${p}-etat`} label={t('fund.f.status')} errors={errors} name="status">
          <select id={`${p}-etat`} value={form.status} onChange={set('status')} {...described(`${p}-etat`, errors, 'status')}>
            {AWARD_STATUSES.map((s) => <option key={s} value={s}>{t(`fund.aw.status.${s}`)}</option>)}
          </select>
        </Field>
        <Field id={`${p}-date`} label={t('fund.f.date')} errors={errors} name="date">
          <input id={`${p}-date`} type="date" value={form.date} onInput={set('date')} {...described(`${p}-date`, errors, 'date')} />
        </Field>
        <MoneyField id={`${p}-autorise`} label={t('fund.f.authorised')} value={form.authorised} onInput={setValue('authorised')}
                    errors={errors} name="authorised" />
        <MoneyField id={`${p}-verse`} label={t('fund.f.disbursed')} value={form.disbursed} onInput={setValue('disbursed')}
                    errors={errors} name="disbursed" />
        <MoneyField id={`${p}-investissement`} label={t('fund.f.investment')} value={form.investment}
                    onInput={setValue('investment')} errors={errors} name="investment" />
      </div>
      <FormError error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{editing ? t('fund.edit.submit') : t('fund.f.submit.award')}</button>
      {editing && <>{' '}<button type="button" class="secondary" onClick={onCancel}>{t('fund.edit.cancel')}</button></>}
    </form>
  );
}

// The edit of an agreement (UpdateAgreement, its etag): title, status,
// signature date, note and each year's amount (`years` is replaced whole:
// the matching contributions are sent back as they were read). The period
// is not edited here.
function AgreementEdit({ name, onSaved, onCancel }) {
  const valuesOf = (a) => ({ title: a.title || '', status: a.status || 'DRAFT', signature: a.signatureDate || '',
    note: a.note || '', years: (a.years || []).map((y) => moneyText(y.amount)) });
  const edit = useEtagEdit({ name, formId: 'modification-entente', staleId: 'ent-perime', valuesOf });
  const { orig, form, setForm, errors, error, stale, message, busy, set, fail } = edit;

  if (!form) {
    return <EditLoading id="modification-entente" title={t('fund.edit.agreement.loading')} error={error}
                        cancel={t('fund.edit.cancel')} onCancel={onCancel} />;
  }

  const submit = async (e) => {
    e.preventDefault();
    edit.start();
    const found = {};
    if (!form.title.trim()) found.title = t('fund.err.required');
    const years = (orig.years || []).map((y, i) => {
      const parsed = parseMoney(form.years[i]);
      if (parsed.error) found[`y${i}`] = t(`fund.${parsed.error}`);
      const out = { ...y };
      delete out.amount;
      if (parsed.cents !== undefined) out.amount = cad(parsed.cents);
      return out;
    });
    if (Object.keys(found).length) { fail(found, t('fund.f.fix')); return; }
    const was = valuesOf(orig);
    const body = { name: orig.name, etag: orig.etag, title: form.title, status: form.status, note: form.note, years };
    if (form.signature) body.signatureDate = form.signature;
    const mask = [];
    if (form.title !== was.title) mask.push('title');
    if (form.status !== was.status) mask.push('status');
    if (form.signature !== was.signature) mask.push('signature_date');
    if (form.note !== was.note) mask.push('note');
    if (years.some((y, i) => centsOf(y.amount) !== centsOf(orig.years[i].amount))) mask.push('years');
    if (!mask.length) { edit.setMessage(t('fund.edit.unchanged')); return; }
    const names = { title: 'title', status: 'status', signature_date: 'signature', note: 'note' };
    const byFieldOf = (err) => {
      const byField = {};
      for (const v of violationsOf(err)) {
        const path = violationField(v.field);
        const year = /^years\[(\d+)\]/.exec(path);
        const field = year ? `y${year[1]}` : names[path.replace(/\..*$/, '')];
        if (field) byField[field] = violationText(v.description);
      }
      return byField;
    };
    await edit.save(() => api('PATCH', name, { query: { update_mask: mask.join(',') }, body }),
      (saved) => onSaved(saved, t('fund.edit.saved.agreement', { title: saved.title })), byFieldOf, t('fund.f.refused'));
  };

  return (
    <form id="modification-entente" class="entry" onSubmit={submit} aria-labelledby="titre-modification-entente" noValidate
          onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <h2 id="titre-modification-entente" tabIndex={-1}>{t('fund.edit.agreement', { title: orig.title })}</h2>
      {stale && <StaleNotice id="ent-perime" text={t('fund.edit.stale.agreement')} reload={t('fund.edit.reload')}
                             onReload={edit.load} />}
      <p class="hint">{t('fund.edit.agreement.period', { from: orig.startFiscalYear, to: orig.endFiscalYear })}</p>
      <div class="grid">
        <Field id="ent-titre" label={t('fund.ag.title')} errors={errors} name="title">
          <input id="ent-titre" maxLength={300} value={form.title} onInput={set('title')} {...described('ent-titre', errors, 'title')} />
        </Field>
        <Field id="ent-etat" label={t('fund.ag.status')} errors={errors} name="status">
          <select id="ent-etat" value={form.status} onChange={set('status')} {...described('ent-etat', errors, 'status')}>
            {AGREEMENT_STATUSES.map((s) => <option key={s} value={s}>{t(`fund.ag.status.${s}`)}</option>)}
          </select>
        </Field>
        <Field id="ent-signature" label={t('fund.edit.signature')} errors={errors} name="signature">
          <input id="ent-signature" type="date" value={form.signature} onInput={set('signature')}
                 {...described('ent-signature', errors, 'signature')} />
        </Field>
      </div>
      <fieldset>
        <legend>{t('fund.edit.years')}</legend>
        <div class="grid">
          {(orig.years || []).map((y, i) => (
            <MoneyField key={y.fiscalYear} id={`ent-annee-${i}`} label={t('fund.edit.year', { fy: y.fiscalYear })}
                        value={form.years[i]} errors={errors} name={`y${i}`}
                        onInput={(v) => setForm({ ...form, years: form.years.map((x, k) => (k === i ? v : x)) })} />
          ))}
        </div>
      </fieldset>
      <Field id="ent-note" label={t('fund.edit.note')} errors={errors} name="note">
        <textarea id="ent-note" rows={3} maxLength={2000} value={form.note} onInput={set('note')} {...described('ent-note', errors, 'note')} />
      </Field>
      <FormError error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('fund.edit.submit')}</button>
      {' '}
      <button type="button" class="secondary" onClick={onCancel}>{t('fund.edit.cancel')}</button>
    </form>
  );
}

// A typed total or line value: cents for money measures, a count otherwise.
function parseFigure(measure, text) {
  if (isMoneyMeasure(measure)) {
    const p = parseMoney(text);
    return p.cents !== undefined ? { value: p.cents } : p;
  }
  return parseCount(text);
}

function slugify(text) {
  return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

// Each line's key: the slug of its label (« DRUMMONDVILLE » is
// drummondville), unique within its breakdown.
function itemKeys(items) {
  const seen = new Set();
  return items.map((item, j) => {
    const base = slugify(item.label) || `ligne-${j + 1}`;
    let key = base;
    for (let n = 2; seen.has(key); n += 1) key = `${base}-${n}`;
    seen.add(key);
    return key;
  });
}

// The live check of one breakdown: the sum of its lines against the total,
// in BigInt (exact to the cent), or null while a figure cannot be read.
function checkBreakdown(measure, totalText, breakdown) {
  const total = parseFigure(measure, totalText);
  if (total.value === undefined) return null;
  let sum = 0n;
  for (const item of breakdown.items) {
    const v = parseFigure(measure, item.value);
    if (v.value === undefined) return null;
    sum += BigInt(v.value);
  }
  return { sum, total: BigInt(total.value), diff: sum - BigInt(total.value) };
}

const blankBreakdown = () => ({ dimension: 'measure', label: '', items: [{ label: '', value: '' }, { label: '', value: '' }] });

// « breakdowns[1] (office) adds up to 717 280,82 $, 0,01 $ less than the
// total of 717 280,83 $ »: the service's BREAKDOWN_MISMATCH message, each
// breakdown it names.
function serverMismatches(message) {
  const out = [];
  const re = /breakdowns\[(\d+)\] \(([^)]*)\) adds up to (.+?), (.+?) (less|more) than the total of (.+?)(?=;|\s\(set|$)/g;
  let m;
  while ((m = re.exec(String(message || ''))) !== null) {
    out.push({ index: Number(m[1]), dimension: m[2], sum: m[3], diff: m[4], way: m[5], total: m[6] });
  }
  return out;
}

function reasonOf(err) {
  for (const d of (err && err.body && err.body.details) || []) {
    if (String(d['@type']).endsWith('google.rpc.ErrorInfo')) return d.reason;
  }
  return '';
}

function ReportedEntry({ fiscalYear, refs, onSaved }) {
  const blank = { funder: '', program: '', measure: 'REPORTED_MEASURE_AMOUNT', title: '', total: '', sourceNote: '',
    asPublished: false };
  const [form, setForm] = useState(blank);
  const [breakdowns, setBreakdowns] = useState([blankBreakdown()]);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const inCents = isMoneyMeasure(form.measure);

  const setBreakdown = (i, change) => setBreakdowns(breakdowns.map((b, k) => (k === i ? { ...b, ...change } : b)));
  const setItem = (i, j, change) => setBreakdown(i, { items: breakdowns[i].items.map((it, k) => (k === j ? { ...it, ...change } : it)) });

  const fail = (found, err) => {
    setErrors(found);
    setError(err);
    setTimeout(() => {
      const first = document.querySelector('#saisie-montant-rapporte [aria-invalid="true"], #saisie-montant-rapporte [data-mismatch]');
      if (first) first.focus();
    }, 0);
  };

  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setMessage('');
    const found = {};
    if (!form.funder) found.funder = t('fund.err.required');
    if (!form.title.trim()) found.title = t('fund.err.required');
    const total = parseFigure(form.measure, form.total);
    if (total.error) found.total = t(`fund.${total.error}`);
    else if (total.empty) found.total = t('fund.err.required');
    const sent = breakdowns.map((b, i) => {
      const keys = itemKeys(b.items);
      return {
        dimension: b.dimension, label: b.label,
        items: b.items.map((item, j) => {
          const v = parseFigure(form.measure, item.value);
          if (v.error) found[`b${i}.i${j}`] = t(`fund.${v.error}`);
          else if (v.empty) found[`b${i}.i${j}`] = t('fund.err.required');
          return { key: keys[j], label: item.label, value: v.value };
        }),
      };
    });
    if (Object.keys(found).length) {
      fail(found, { text: t('fund.f.fix') });
      return;
    }
    if (!form.asPublished) {
      const bad = breakdowns.map((b, i) => [i, checkBreakdown(form.measure, form.total, b)]).filter(([, c]) => c && c.diff !== 0n);
      if (bad.length) {
        const [i, c] = bad[0];
        const diff = inCents ? formatCents(c.diff) : formatNumber(c.diff);
        fail({ [`b${i}`]: t('fund.f.check.bad') }, { text: t('fund.f.mismatch', { n: i + 1, diff }) });
        return;
      }
    }
    const body = { funder: form.funder, fiscalYear, measure: form.measure, title: form.title, total: total.value,
      sourceNote: form.sourceNote, asPublished: form.asPublished, breakdowns: sent };
    if (form.program) body.program = form.program;
    setBusy(true);
    try {
      const saved = await api('POST', tenantPath('/reportedTotals'), { query: { request_id: crypto.randomUUID() }, body });
      setMessage(t('fund.f.saved.reported', { title: saved.title }));
      setForm({ ...blank, funder: form.funder, measure: form.measure });
      setBreakdowns([blankBreakdown()]);
      setErrors({});
      onSaved(saved);
    } catch (err) {
      const mismatches = reasonOf(err) === 'BREAKDOWN_MISMATCH' ? serverMismatches(err.message) : [];
      if (mismatches.length) {
        const byField = {};
        for (const m of mismatches) byField[`b${m.index}`] = t('fund.f.check.bad');
        const text = mismatches.map((m) => t('fund.f.server.mismatch', {
          n: m.index + 1, dimension: t(`fund.dim.${m.dimension}`) === `fund.dim.${m.dimension}` ? m.dimension : t(`fund.dim.${m.dimension}`),
          sum: m.sum, diff: m.diff, total: m.total, way: t(`fund.f.server.${m.way}`),
        })).join(' ');
        fail(byField, { text });
      } else {
        const byField = {};
        for (const v of (err.violations ? err.violations() : [])) {
          const f = violationField(v.field);
          let m;
          if ((m = /^breakdowns\[(\d+)\]\.items\[(\d+)\]\.(value|key|label)$/.exec(f))) {
            byField[m[3] === 'value' ? `b${m[1]}.i${m[2]}` : `b${m[1]}.l${m[2]}`] = violationText(v.description);
          } else if ((m = /^breakdowns\[(\d+)\]\.dimension$/.exec(f))) {
            byField[`b${m[1]}.dim`] = violationText(v.description);
          } else if (['funder', 'program', 'title', 'total', 'measure'].includes(f)) {
            byField[f] = violationText(v.description);
          }
        }
        if (Object.keys(byField).length) fail(byField, { text: t('fund.f.refused') });
        else setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const funderPrograms = refs.programs.filter((p) => p.funder === form.funder);
  return (
    <form id="saisie-montant-rapporte" class="entry" onSubmit={submit} aria-labelledby="titre-saisie-rapporte" noValidate>
      <h2 id="titre-saisie-rapporte">{t('fund.new.reported')}</h2>
      <p class="hint">{t('fund.reported.note')}</p>
      <div class="grid">
        <Field id="rt-source" label={t('fund.f.funder')} errors={errors} name="funder">
          <select id="rt-source" value={form.funder} onChange={(e) => setForm({ ...form, funder: e.currentTarget.value, program: '' })}
                  {...described('rt-source', errors, 'funder')}>
            <option value="">{t('fund.f.funder.choose')}</option>
            {refs.funders.map((f) => <option key={f.name} value={f.name}>{labelOf(f)}</option>)}
          </select>
        </Field>
        <Field id="rt-programme" label={t('fund.f.program')} errors={errors} name="program">
          <select id="rt-programme" value={form.program} onChange={set('program')} {...described('rt-programme', errors, 'program')}>
            <option value="">{t('fund.f.program.none')}</option>
            {funderPrograms.map((p) => <option key={p.name} value={p.name}>{labelOf(p)}</option>)}
          </select>
        </Field>
        <div class="field">
          <label for="rt-mesure">{t('fund.f.measure')}</label>
          <select id="rt-mesure" value={form.measure} onChange={set('measure')}>
            {MEASURES.map((m) => <option key={m} value={m}>{t(`fund.measure.${m}`)}</option>)}
          </select>
        </div>
        <Field id="rt-titre" label={t('fund.f.rtitle')} errors={errors} name="title">
          <input id="rt-titre" maxLength={300} value={form.title} onInput={set('title')} {...described('rt-titre', errors, 'title')} />
        </Field>
        {inCents ? (
          <MoneyField id="rt-total" label={t('fund.f.total')} value={form.total} onInput={(v) => setForm({ ...form, total: v })}
                      errors={errors} name="total" />
        ) : (
          <Field id="rt-total" label={t('fund.f.total')} hint={t('fund.f.count.hint')} errors={errors} name="total">
            <input id="rt-total" inputMode="numeric" autoComplete="off" value={form.total} onInput={set('total')}
                   {...described('rt-total', errors, 'total', true)} />
          </Field>
        )}
        <div class="field">
          <label for="rt-note">{t('fund.f.sourcenote')}</label>
          <input id="rt-note" maxLength={1000} value={form.sourceNote} onInput={set('sourceNote')} />
        </div>
      </div>
      {breakdowns.map((b, i) => {
        const check = checkBreakdown(form.measure, form.total, b);
        const show = (v) => (inCents ? formatCents(v) : formatNumber(v));
        const dimId = `rt-r${i}-dim`;
        return (
          <fieldset key={i} id={`rt-r${i}`} class="breakdown">
            <legend>{t('fund.f.breakdown', { n: i + 1 })}</legend>
            <div class="grid">
              <Field id={dimId} label={t('fund.f.dimension')} errors={errors} name={`b${i}.dim`}>
                <select id={dimId} value={b.dimension} onChange={(e) => setBreakdown(i, { dimension: e.currentTarget.value })}
                        {...described(dimId, errors, `b${i}.dim`)}>
                  {DIMENSIONS.map((d) => <option key={d} value={d}>{t(`fund.dim.${d}`)}</option>)}
                </select>
              </Field>
              <div class="field">
                <label for={`rt-r${i}-libelle`}>{t('fund.f.blabel')}</label>
                <input id={`rt-r${i}-libelle`} maxLength={300} value={b.label}
                       onInput={(e) => setBreakdown(i, { label: e.currentTarget.value })} />
              </div>
            </div>
            <table class="lines">
              <caption class="visually-hidden">{t('fund.f.breakdown', { n: i + 1 })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fund.rt.item')}</th>
                  <th scope="col">{t('fund.rt.value')}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {b.items.map((item, j) => {
                  const vid = `rt-r${i}-l${j}-valeur`;
                  const lid = `rt-r${i}-l${j}-libelle`;
                  const parsed = parseFigure(form.measure, item.value);
                  return (
                    <tr key={j}>
                      <td>
                        <label for={lid} class="visually-hidden">{t('fund.f.ilabel', { n: j + 1 })}</label>
                        <input id={lid} maxLength={300} value={item.label}
                               onInput={(e) => setItem(i, j, { label: e.currentTarget.value })}
                               {...described(lid, errors, `b${i}.l${j}`)} />
                        <FieldError id={lid} errors={errors} name={`b${i}.l${j}`} />
                      </td>
                      <td>
                        <label for={vid} class="visually-hidden">{t('fund.f.ivalue', { n: j + 1 })}</label>
                        <input id={vid} inputMode={inCents ? 'decimal' : 'numeric'} autoComplete="off" value={item.value}
                               onInput={(e) => setItem(i, j, { value: e.currentTarget.value })}
                               {...described(vid, errors, `b${i}.i${j}`, true)} />
                        <span class="hint" id={`${vid}-aide`}>
                          {parsed.value !== undefined ? t('fund.f.reads', { amount: show(parsed.value) }) : ''}
                        </span>
                        <FieldError id={vid} errors={errors} name={`b${i}.i${j}`} />
                      </td>
                      <td>
                        <button type="button" class="secondary" disabled={b.items.length < 2}
                                onClick={() => setBreakdown(i, { items: b.items.filter((_, k) => k !== j) })}>
                          {t('fund.f.iremove', { n: j + 1 })}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p>
              <button type="button" class="secondary"
                      onClick={() => setBreakdown(i, { items: b.items.concat({ label: '', value: '' }) })}>{t('fund.f.iadd')}</button>
              {' '}
              {breakdowns.length > 0 && (
                <button type="button" class="secondary" onClick={() => setBreakdowns(breakdowns.filter((_, k) => k !== i))}>
                  {t('fund.f.bremove', { n: i + 1 })}
                </button>
              )}
            </p>
            <p id={`rt-r${i}-ecart`} class={check && check.diff !== 0n ? 'error' : (check ? 'ok' : 'hint')}
               role="status" data-difference={check ? check.diff.toString() : ''}
               tabIndex={errors[`b${i}`] ? -1 : undefined} data-mismatch={errors[`b${i}`] ? 'true' : undefined}>
              {check ? t('fund.f.check', { sum: show(check.sum), total: show(check.total), diff: show(check.diff) }) : t('fund.f.check.wait')}
              {check && ` — ${check.diff === 0n ? t('fund.f.check.ok') : t('fund.f.check.bad')}`}
            </p>
          </fieldset>
        );
      })}
      <p>
        <button type="button" class="secondary" disabled={breakdowns.length >= 20}
                onClick={() => setBreakdowns(breakdowns.concat(blankBreakdown()))}>{t('fund.f.badd')}</button>
      </p>
      <div class="checks">
        <span><input id="rt-tel-que-publie" type="checkbox" checked={form.asPublished} onChange={set('asPublished')} />
          <label for="rt-tel-que-publie">{t('fund.f.aspublished')}</label></span>
      </div>
      <FormError error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('fund.f.submit.reported')}</button>
    </form>
  );
}

function AgreementsTable({ agreements, fiscalYear, refs, actions }) {
  if (!agreements.length) return <p>{t('fund.agreements.none')}</p>;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-labelledby="titre-ententes">
      <table id="liste-ententes">
        <caption class="visually-hidden">{t('fund.agreements', { fy: fiscalYear })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fund.ag.title')}</th>
            <th scope="col">{t('fund.ag.funder')}</th>
            <th scope="col">{t('fund.ag.period')}</th>
            <th scope="col" class="num">{t('fund.ag.year')}</th>
            <th scope="col" class="num">{t('fund.ag.total')}</th>
            <th scope="col">{t('fund.ag.status')}</th>
            {actions && <th scope="col">{t('fund.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {agreements.map((a) => {
            const year = (a.years || []).find((y) => y.fiscalYear === fiscalYear);
            return (
              <tr key={a.name} data-name={a.name}>
                <th scope="row">{a.title}{a.signatureDate && <><br /><span class="hint">{t('fund.ag.signed', { date: formatDate(a.signatureDate) })}</span></>}</th>
                <td>{labelOf(refs.funderByName[a.funder]) || a.funder}</td>
                <td>{a.startFiscalYear} – {a.endFiscalYear}</td>
                <td class="num">{year ? money(year.amount) : '—'}</td>
                <td class="num">{money(a.totalAmount)}</td>
                <td>{t(`fund.ag.status.${a.status || 'STATUS_UNSPECIFIED'}`)}</td>
                {actions && <td class="actions">{actions(a)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AwardsTable({ awards, fiscalYear, refs, actions }) {
  if (!awards.length) return <p>{t('fund.awards.none')}</p>;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-labelledby="titre-aides">
      <table id="liste-aides">
        <caption class="visually-hidden">{t('fund.awards', { fy: fiscalYear })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fund.aw.date')}</th>
            <th scope="col">{t('fund.aw.title')}</th>
            <th scope="col">{t('fund.aw.recipient')}</th>
            <th scope="col">{t('fund.aw.program')}</th>
            <th scope="col" class="num">{t('fund.aw.authorised')}</th>
            <th scope="col" class="num">{t('fund.aw.disbursed')}</th>
            <th scope="col">{t('fund.aw.status')}</th>
            {actions && <th scope="col">{t('fund.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {awards.map((a) => (
            <tr key={a.name} data-name={a.name}>
              <td>{a.decisionDate ? formatDate(a.decisionDate) : t('fund.aw.nodate')}</td>
              <th scope="row">{a.title}</th>
              <td>{a.promoterGroup || (a.recipientSnapshot && a.recipientSnapshot.displayName) || a.organisation}</td>
              <td>{labelOf(refs.programByName[a.program]) || a.program}</td>
              <td class="num" data-cents={a.amountAuthorised ? a.amountAuthorised.cents : ''}>{money(a.amountAuthorised)}</td>
              <td class="num" data-cents={a.amountDisbursed ? a.amountDisbursed.cents : ''}>{money(a.amountDisbursed)}</td>
              <td>{t(`fund.aw.status.${a.status || 'STATUS_UNSPECIFIED'}`)}</td>
              {actions && <td class="actions">{actions(a)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReportedList({ totals, refs }) {
  if (!totals.length) return <p>{t('fund.reported.none')}</p>;
  return (
    <ul id="liste-montants-rapportes" class="reported">
      {totals.map((r) => (
        <li key={r.name} data-name={r.name}>
          <h3>{r.title}</h3>
          <p>
            <strong>{labelOf(refs.funderByName[r.funder]) || r.funder}</strong>
            {r.program && <> — {labelOf(refs.programByName[r.program]) || r.program}</>}
            {' — '}{t(`fund.measure.${r.measure}`)}{' — '}
            {t('fund.rt.total')} : <span class="rt-total" data-value={r.total}>{showValue(r.measure, r.total)}</span>
          </p>
          {(r.breakdowns || []).map((b, i) => (
            <table key={i} class="figures" data-dimension={b.dimension}>
              <caption>{b.label || t(`fund.dim.${b.dimension}`)}</caption>
              <thead>
                <tr><th scope="col">{t('fund.rt.item')}</th><th scope="col" class="num">{t('fund.rt.value')}</th></tr>
              </thead>
              <tbody>
                {(b.items || []).map((item) => (
                  <tr key={item.key}>
                    <th scope="row">{item.label || item.key}</th>
                    <td class="num" data-value={item.value}>{showValue(r.measure, item.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          {(r.findings || []).map((f) => {
            const n = Number((/\[(\d+)\]/.exec(f.field) || [0, 0])[1]);
            const b = (r.breakdowns || [])[n];
            return (
              <p key={f.field} class="notice finding" data-difference={f.difference}>
                {t('fund.rt.finding', { n: n + 1, label: b ? (b.label || t(`fund.dim.${b.dimension}`)) : f.field,
                                        diff: showValue(r.measure, f.difference || 0) })}
              </p>
            );
          })}
          {r.sourceNote && <p class="hint">{t('fund.rt.source')} : {r.sourceNote}</p>}
        </li>
      ))}
    </ul>
  );
}

async function loadReference(canEdit) {
  const [funders, programs, localPrograms, organisations] = await Promise.all([
    listAll('funders', 'funders'),
    listAll('programs', 'programs'),
    listAll(tenantPath('/programs'), 'programs'),
    canEdit ? listAll(tenantPath('/organisations'), 'organisations') : Promise.resolve([]),
  ]);
  const allPrograms = programs.concat(localPrograms);
  const byLabel = (a, b) => labelOf(a).localeCompare(labelOf(b), 'fr');
  return {
    funders: funders.slice().sort(byLabel),
    programs: allPrograms.slice().sort(byLabel),
    organisations: organisations.slice().sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr')),
    funderByName: Object.fromEntries(funders.map((f) => [f.name, f])),
    programByName: Object.fromEntries(allPrograms.map((p) => [p.name, p])),
  };
}

// The confirmation of an award's or an agreement's delete: what goes with it.
function deleteText(kind, item, fiscalYear) {
  if (kind === 'award') {
    return t('fund.del.award.text', { authorised: money(item.amountAuthorised), disbursed: money(item.amountDisbursed),
      fy: item.fiscalYear || fiscalYear });
  }
  return t('fund.del.agreement.text', { n: (item.years || []).length, total: money(item.totalAmount) });
}

export function Funding({ canEdit, fiscalYear, setFiscalYear }) {
  const [refs, setRefs] = useState(null);
  const [data, setData] = useState(null);
  const [next, setNext] = useState('');
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(null);    // {kind: 'award'|'agreement', name, opener}
  const [deleting, setDeleting] = useState(null);  // {kind, item}
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState(null);
  const [notice, setNotice] = useState(null);      // {kind, ok, text} after an edit or a delete

  useEffect(() => {
    let live = true;
    loadReference(canEdit).then((r) => live && setRefs(r)).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [canEdit]);

  useEffect(() => {
    let live = true;
    setError(null);
    // The lists and the indicators change together (one state update).
    const fy = { fiscal_year: fiscalYear };
    Promise.all([
      loadTotals(fiscalYear, [['funding', 'summarizeFunding']]),
      listAll(tenantPath('/agreements'), 'agreements', fy),
      api('GET', tenantPath('/awards'), { query: { ...fy, page_size: 50 } }),
      listAll(tenantPath('/reportedTotals'), 'reportedTotals', fy),
    ]).then(([g, agreements, awards, reported]) => {
      if (!live) return;
      setData({ totals: g[0].totals, agreements, awards: awards.awards || [], reported });
      setNext(awards.nextPageToken || '');
    }).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [fiscalYear, version]);

  useEffect(() => { setEditing(null); setDeleting(null); setNotice(null); }, [fiscalYear]);

  const more = async () => {
    try {
      const r = await api('GET', tenantPath('/awards'), { query: { fiscal_year: fiscalYear, page_size: 50, page_token: next } });
      setData({ ...data, awards: data.awards.concat(r.awards || []) });
      setNext(r.nextPageToken || '');
    } catch (e) { setError(e); }
  };

  const awardSaved = (award) => {
    if (award.fiscalYear && award.fiscalYear !== fiscalYear) setFiscalYear(award.fiscalYear);
    else setVersion(version + 1);
  };

  const focusSoon = (id) => setTimeout(() => { const el = document.getElementById(id); if (el) el.focus(); }, 0);
  const sectionOf = (kind) => (kind === 'award' ? 'aides' : 'ententes');
  const edit = (kind, item) => (e) => {
    setDeleting(null);
    setNotice(null);
    setEditing({ kind, name: item.name, opener: e.currentTarget });
  };
  const cancelEdit = () => {
    const opener = editing && editing.opener;
    setEditing(null);
    if (opener && opener.isConnected) setTimeout(() => opener.focus(), 0);
  };
  const edited = (kind) => (saved, text) => {
    setEditing(null);
    setNotice({ kind, ok: true, text });
    setVersion((v) => v + 1);
    focusSoon(`titre-${sectionOf(kind)}`);
  };
  const ask = (kind, item) => () => {
    setEditing(null);
    setNotice(null);
    setDeleteError(null);
    setDeleting({ kind, item });
  };
  const remove = async () => {
    const { kind, item } = deleting;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await api('DELETE', item.name, { query: { etag: item.etag } });
      setDeleting(null);
      setNotice({ kind, ok: true, text: t(`fund.del.done.${kind}`, { title: item.title }) });
      setVersion((v) => v + 1);
      focusSoon(`titre-${sectionOf(kind)}`);
    } catch (err) {
      if (isStale(err)) {
        // Someone else changed it since the list was read: nothing is
        // deleted; the list is read again for a decision on what it is now.
        setDeleting(null);
        setNotice({ kind, ok: false, text: t(`fund.del.stale.${kind}`, { title: item.title }) });
        setVersion((v) => v + 1);
        focusSoon(`alerte-${sectionOf(kind)}`);
      } else setDeleteError({ text: t('fund.del.refused', { why: errorText(err) }) });
    } finally {
      setDeleteBusy(false);
    }
  };
  const actions = (kind) => (canEdit ? (item) => (
    <>
      <button type="button" class="secondary" aria-label={t(`fund.edit.${kind}.label`, { title: item.title })}
              onClick={edit(kind, item)}>{t('fund.edit.button')}</button>
      {' '}
      <button type="button" class="secondary" aria-label={t(`fund.del.${kind}.label`, { title: item.title })}
              onClick={ask(kind, item)}>{t('fund.del.button')}</button>
    </>
  ) : null);
  const noticeOf = (kind) => (
    <>
      <p role="status" class="ok" id={`avis-${sectionOf(kind)}`}>{notice && notice.kind === kind && notice.ok ? notice.text : ''}</p>
      {notice && notice.kind === kind && !notice.ok && (
        <p role="alert" class="error" id={`alerte-${sectionOf(kind)}`} tabIndex={-1}>{notice.text}</p>
      )}
    </>
  );
  const confirmOf = (kind) => deleting && deleting.kind === kind && (
    <Confirm id={`confirmer-suppression-${kind === 'award' ? 'aide' : 'entente'}`}
             title={t(`fund.del.${kind}.title`, { title: deleting.item.title })}
             text={deleteText(kind, deleting.item, fiscalYear)}
             yes={t('fund.del.yes')} no={t('fund.del.no')} busy={deleteBusy} error={deleteError}
             onYes={remove} onNo={() => setDeleting(null)} />
  );

  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('fund.title')}</h1>
      <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
      <p>{t('fund.lead', { fy: fiscalYear })}</p>
      <ErrorMessage error={error} />
      {(!data || !refs) && !error && <p role="status">{t('app.loading')}</p>}
      {data && refs && (
        <>
          <section aria-labelledby="titre-indicateurs">
            <h2 id="titre-indicateurs">{t('fund.indicators', { fy: fiscalYear })}</h2>
            <IndicatorTable id="indicateurs-funding" totals={data.totals} caption={t('fund.indicators', { fy: fiscalYear })} />
          </section>
          <section aria-labelledby="titre-ententes">
            <h2 id="titre-ententes" tabIndex={-1}>{t('fund.agreements', { fy: fiscalYear })}</h2>
            {noticeOf('agreement')}
            {confirmOf('agreement')}
            <AgreementsTable agreements={data.agreements} fiscalYear={fiscalYear} refs={refs} actions={actions('agreement')} />
            {canEdit && editing && editing.kind === 'agreement' && (
              <AgreementEdit key={editing.name} name={editing.name} onSaved={edited('agreement')} onCancel={cancelEdit} />
            )}
          </section>
          <section aria-labelledby="titre-aides">
            <h2 id="titre-aides" tabIndex={-1}>{t('fund.awards', { fy: fiscalYear })}</h2>
            {noticeOf('award')}
            {confirmOf('award')}
            <AwardsTable awards={data.awards} fiscalYear={fiscalYear} refs={refs} actions={actions('award')} />
            {next && <button type="button" class="secondary" onClick={more}>{t('fund.more')}</button>}
            {canEdit && editing && editing.kind === 'award' && (
              <AwardEntry key={editing.name} name={editing.name} fiscalYear={fiscalYear} refs={refs}
                          onSaved={edited('award')} onCancel={cancelEdit} />
            )}
          </section>
          {canEdit && <AwardEntry key={`aide-${fiscalYear}`} fiscalYear={fiscalYear} refs={refs} onSaved={awardSaved} />}
          <section aria-labelledby="titre-rapportes">
            <h2 id="titre-rapportes">{t('fund.reported', { fy: fiscalYear })}</h2>
            <p class="hint">{t('fund.reported.note')}</p>
            <ReportedList totals={data.reported} refs={refs} />
          </section>
          {canEdit && <ReportedEntry key={`rapporte-${fiscalYear}`} fiscalYear={fiscalYear} refs={refs}
                                     onSaved={() => setVersion(version + 1)} />}
        </>
      )}
    </section>
  );
}
