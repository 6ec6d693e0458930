// Plan d'action: the Pôle's plans and the progress of each for the chosen
// fiscal year (GetPlanProgress), the chosen plan's tree (axes, objectives,
// actions: ListPlanItems in code order) with each item's indicators, their
// targets and the year's result (ListIndicators). A computed result is
// shown as « calculé » and never offered for entry; editors record an
// entered result in place (RecordIndicatorResult) and edit an item's title
// in place (UpdatePlanItem), both sent with the etag read, so a change made
// meanwhile by someone else is refused and explained rather than
// overwritten. Editors also add an item (an axis, an objective, an action:
// CreatePlanItem under its parent) and delete one (DeletePlanItem) after a
// confirmation that counts what goes with it: the items below it and the
// indicators, with their targets and results, of all of them.
import './Plan.words.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorInfoOf, tenantPath } from '../api.js';
import { locale, t } from '../i18n.js';
import { formatDate, formatMoney, formatNumber } from '../format.js';
import { Confirm, ErrorMessage, Field, FiscalYearPicker, FormError, described, errorText, isStale, useFormState, violationsOf } from './common.jsx';

const lastId = (name) => String(name).split('/').pop();

// Fiscal years "2017-2018" compare as strings.
function inPeriod(plan, fy) {
  return fy >= plan.startFiscalYear && fy <= plan.endFiscalYear;
}

// Every page of a list (200 a page, the services' cap).
async function listAll(path, field) {
  let out = [];
  let token = '';
  do {
    const r = await api('GET', path, { query: { page_size: 200, page_token: token } });
    out = out.concat(r[field] || []);
    token = r.nextPageToken || '';
  } while (token);
  return out;
}

// A result as people type it: « 12 », « 7,5 », « 1 234,5 » or « 7.5 »;
// null when it is not a number. The sign is kept: the service says
// whether a negative value is allowed.
export function parseResult(text) {
  const s = String(text).replace(/[\s\u00a0\u202f]/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(s)) return null;
  return Number(s.replace(',', '.'));
}

function typedValue(value) {
  const s = String(value);
  return locale() === 'fr-CA' ? s.replace('.', ',') : s;
}

function formatShare(share) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(Number(share) || 0);
}

// The service's field violations in the screen's words ("item.title: is
// required" → « Titre : obligatoire »); the English text where a
// description is not one of the known ones.
function violationText(field, description) {
  const leaf = String(field).split('.').pop().replace(/\[\d+\]$/, '');
  const label = t(`plan.field.${leaf}`) === `plan.field.${leaf}` ? field : t(`plan.field.${leaf}`);
  let m;
  let msg = description;
  if (description === 'is required') msg = t('plan.v.required');
  else if (description === 'must not be negative') msg = t('plan.v.negative');
  else if (description === 'must be a finite number') msg = t('plan.v.finite');
  else if (description === 'is too large') msg = t('plan.v.large');
  else if (description === 'must not contain control characters') msg = t('plan.v.control');
  else if ((m = /^must be at most (\d+) characters$/.exec(description))) msg = t('plan.v.max', { n: formatNumber(m[1]) });
  return t('err.field', { field: label, msg });
}

// A refused write as people read it: the conflict of a stale etag
// (ABORTED, 409), the fields the service named, else the common wording.
function refusalText(error) {
  if (error.status === 409) return t('plan.err.conflict');
  const v = error.violations ? error.violations() : [];
  if (v.length) return v.map((x) => violationText(x.field, x.description)).join(' ; ');
  return errorText(error);
}

function Refusal({ id, error, onReload }) {
  if (!error) return null;
  return (
    <div id={id} class="error" role="alert">
      <p>{error.local || refusalText(error)}</p>
      {error.status === 409 && (
        <button type="button" class="secondary" onClick={onReload}>{t('plan.err.reload')}</button>
      )}
    </div>
  );
}

function TitleEditor({ item, onSaved, onCancel, onReload }) {
  const id = `titre-${lastId(item.name)}`;
  const [value, setValue] = useState(item.title);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const input = useRef(null);
  useEffect(() => { if (input.current) input.current.focus(); }, []);

  const save = async (e) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const updated = await api('PATCH', item.name, {
        query: { update_mask: 'title' },
        body: { name: item.name, title: value, etag: item.etag },
      });
      onSaved(updated);
    } catch (err) {
      setError(err);
      if (input.current) input.current.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="edition" id={`${id}-form`} onSubmit={save}>
      <label for={id}>{t('plan.item.field', { code: item.code || lastId(item.name) })}</label>
      <input id={id} ref={input} value={value} maxLength={500} size={60}
             aria-invalid={error ? 'true' : undefined}
             aria-describedby={error ? `${id}-erreur` : undefined}
             onInput={(e) => setValue(e.currentTarget.value)}
             onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }} />
      <span class="actions">
        <button type="submit" disabled={busy}>{t('plan.item.save')}</button>
        <button type="button" class="secondary" onClick={onCancel}>{t('plan.item.cancel')}</button>
      </span>
      <Refusal id={`${id}-erreur`} error={error} onReload={onReload} />
    </form>
  );
}

function ResultEntry({ indicator, fiscalYear, current, onSaved, onReload }) {
  const id = `resultat-${lastId(indicator.name)}`;
  const [value, setValue] = useState(current ? typedValue(current.actualValue) : '');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const save = async (e) => {
    e.preventDefault();
    setError(null);
    const n = parseResult(value);
    if (n === null) {
      setError({ local: t('plan.err.number') });
      e.currentTarget.querySelector('input').focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await api('POST', `${indicator.name}:recordIndicatorResult`, {
        body: {
          result: { fiscalYear, actualValue: n, note: (current && current.note) || '' },
          etag: indicator.etag,
        },
      });
      onSaved(updated, n);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="saisie-resultat" onSubmit={save}>
      <label for={id} class="visually-hidden">
        {t('plan.ind.field', { fy: fiscalYear, description: indicator.description })}
      </label>
      <input id={id} value={value} inputMode="decimal" size={8}
             aria-invalid={error ? 'true' : undefined}
             aria-describedby={error ? `${id}-erreur ${id}-aide` : `${id}-aide`}
             onInput={(e) => setValue(e.currentTarget.value)} />
      <span class="visually-hidden" id={`${id}-aide`}>{t('plan.ind.hint')}</span>
      <button type="submit" class="secondary" disabled={busy}>{t('plan.ind.save')}</button>
      <Refusal id={`${id}-erreur`} error={error} onReload={onReload} />
    </form>
  );
}

function IndicatorRows({ item, indicators, fiscalYear, editable, onRecorded, onReload }) {
  return (
    <div class="scroll" tabIndex={0} role="region"
         aria-label={t('plan.ind.caption', { code: item.code || '', title: item.title })}>
      <table class="indicateurs">
        <caption class="visually-hidden">{t('plan.ind.caption', { code: item.code || '', title: item.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan.ind.description')}</th>
            <th scope="col" class="num">{t('plan.ind.target')}</th>
            <th scope="col" class="num">{t('plan.ind.result', { fy: fiscalYear })}</th>
            <th scope="col">{t('plan.ind.source')}</th>
            {editable && <th scope="col">{t('plan.ind.entry')}</th>}
          </tr>
        </thead>
        <tbody>
          {indicators.map((ind) => {
            const result = (ind.results || []).find((r) => r.fiscalYear === fiscalYear);
            const hasTarget = ind.target !== undefined && ind.target !== null;
            const reached = result && hasTarget && Number(result.actualValue) >= Number(ind.target);
            return (
              <tr key={ind.name} id={`ind-${lastId(ind.name)}`} data-indicator={ind.name}
                  data-computed={ind.computed ? 'true' : 'false'}>
                <th scope="row">{ind.description}</th>
                <td class="num">
                  {hasTarget ? `${formatNumber(ind.target)} ${ind.unit || ''}`.trim() : t('plan.ind.notarget')}
                  {ind.baseline !== undefined && ind.baseline !== null && (
                    <span class="hint"> ({t('plan.ind.baseline', { n: formatNumber(ind.baseline) })})</span>
                  )}
                </td>
                <td class="num resultat" data-value={result ? result.actualValue : undefined}>
                  {result ? formatNumber(result.actualValue) : t('plan.ind.noresult')}
                  {reached && <span class="atteint"> ({t('plan.ind.achieved')})</span>}
                </td>
                <td class="provenance">
                  {ind.computed
                    ? <><strong class="calcule">{t('plan.ind.computed')}</strong>
                        <span class="hint"> — {t('plan.ind.computed.hint')}</span></>
                    : (result ? t('plan.ind.entered') : '—')}
                </td>
                {editable && (
                  <td>
                    {!ind.computed && (
                      <ResultEntry key={`${ind.name}-${fiscalYear}`} indicator={ind} fiscalYear={fiscalYear}
                                   current={result} onSaved={onRecorded} onReload={onReload} />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function scheduleText(schedule) {
  if (!schedule) return '';
  if (schedule.note) return schedule.note;
  if (schedule.continuous) return t('plan.item.continuous');
  if (schedule.dueDate) return formatDate(schedule.dueDate);
  return '';
}

const KINDS = ['ORIENTATION', 'AXE', 'OBJECTIVE', 'SUB_OBJECTIVE', 'ACTION'];
// The kind an item under `parent` usually has (an objective under an axis).
const CHILD_KIND = { '': 'AXE', ORIENTATION: 'AXE', AXE: 'OBJECTIVE', OBJECTIVE: 'ACTION', SUB_OBJECTIVE: 'ACTION', ACTION: 'ACTION' };

// What a delete takes with it: the items below `item` and the indicators
// (with their results) of the item and of those below it.
function dependentsOf(item, byParent, byItem) {
  let items = 0;
  let indicators = 0;
  let results = 0;
  const visit = (name) => {
    for (const ind of byItem.get(name) || []) {
      indicators += 1;
      results += (ind.results || []).length;
    }
    for (const child of byParent.get(name) || []) {
      items += 1;
      visit(child.name);
    }
  };
  visit(item.name);
  return { items, indicators, results };
}

// The new item's form (CreatePlanItem under its parent): where it goes in
// the tree (the plan's first level or under an item), its kind, its number
// and its title. The service's refusals are shown on their fields.
function ItemEntry({ plan, items, parent, setParent, onSaved }) {
  const parentKind = (name) => (items.find((i) => i.name === name) || {}).kind || '';
  const [form, setForm] = useState({ kind: CHILD_KIND[parentKind(parent)] || 'ACTION', code: '', title: '' });
  const { errors, setErrors, error, setError, message, setMessage, busy, setBusy, fail, refused } = useFormState('ajout-element');
  useEffect(() => { setForm((f) => ({ ...f, kind: CHILD_KIND[parentKind(parent)] || 'ACTION' })); }, [parent]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setMessage('');
    if (!form.title.trim()) { fail({ title: t('plan.v.required') }, t('plan.add.fix')); return; }
    const body = { kind: form.kind, code: form.code.trim(), title: form.title.trim() };
    if (parent) body.parentItem = parent;
    setBusy(true);
    try {
      const saved = await api('POST', `${plan.name}/items`, { query: { request_id: crypto.randomUUID() }, body });
      setErrors({});
      setForm({ ...form, code: '', title: '' });
      setMessage(t('plan.add.saved', { kind: t(`plan.kind.${saved.kind}`), title: saved.title }));
      onSaved(saved);
    } catch (err) {
      const found = {};
      for (const v of violationsOf(err)) {
        const leaf = String(v.field).replace(/^item\./, '').replace(/\..*$/, '');
        const k = { kind: 'kind', code: 'code', title: 'title', parent_item: 'parent' }[leaf];
        if (!k) continue;
        if (k === 'code' && /^must be numbers separated by dots/.test(v.description)) found.code = t('plan.add.code.bad');
        else found[k] = violationText(v.field, v.description).replace(/^[^:]*: /, '');
      }
      // A number already taken (ALREADY_EXISTS, 409: the code is unique in the plan).
      if (err.status === 409 && body.code && !Object.keys(found).length) found.code = t('plan.add.code.taken');
      refused(err, found, t('plan.add.refused'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id="ajout-element" class="entry" onSubmit={submit} aria-labelledby="titre-ajout-element" noValidate>
      <h3 id="titre-ajout-element">{t('plan.add.title')}</h3>
      <div class="grid">
        <Field id="nouvel-element-parent" label={t('plan.add.parent')} errors={errors} name="parent">
          <select id="nouvel-element-parent" value={parent} onChange={(e) => setParent(e.currentTarget.value)}
                  {...described('nouvel-element-parent', errors, 'parent')}>
            <option value="">{t('plan.add.parent.root')}</option>
            {items.map((i) => (
              <option key={i.name} value={i.name}>
                {t(`plan.kind.${i.kind || 'KIND_UNSPECIFIED'}`)}{i.code ? ` ${i.code}` : ''} — {i.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="nouvel-element-genre" label={t('plan.add.kind')} errors={errors} name="kind">
          <select id="nouvel-element-genre" value={form.kind} onChange={set('kind')} {...described('nouvel-element-genre', errors, 'kind')}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`plan.kind.${k}`)}</option>)}
          </select>
        </Field>
        <Field id="nouvel-element-code" label={t('plan.add.code')} hint={t('plan.add.code.hint')} errors={errors} name="code">
          <input id="nouvel-element-code" maxLength={20} value={form.code} onInput={set('code')} autoComplete="off"
                 {...described('nouvel-element-code', errors, 'code', true)} />
        </Field>
      </div>
      <Field id="nouvel-element-titre" label={t('plan.add.name')} errors={errors} name="title">
        <input id="nouvel-element-titre" maxLength={500} value={form.title} onInput={set('title')}
               {...described('nouvel-element-titre', errors, 'title')} />
      </Field>
      <FormError error={error} />
      <p role="status" class="ok" id="ajout-element-fait">{message}</p>
      <button type="submit" disabled={busy}>{t('plan.add.submit')}</button>
    </form>
  );
}

function ItemNode({ item, ...rest }) {
  const { byParent, byItem, canEdit, fiscalYear, entryOpen, editing, setEditing, onTitleSaved,
          onRecorded, onReload, addUnder, deleting, askDelete, confirmDelete } = rest;
  const id = lastId(item.name);
  const children = byParent.get(item.name) || [];
  const indicators = byItem.get(item.name) || [];
  const isEditing = editing === item.name;
  const schedule = scheduleText(item.schedule);
  const budget = item.budget && item.budget.cents !== undefined ? formatMoney(item.budget.cents) : '';
  return (
    <li id={`el-${id}`} data-item={item.name} data-kind={item.kind}>
      {isEditing ? (
        <TitleEditor item={item} onSaved={onTitleSaved} onReload={onReload}
                     onCancel={() => {
                       setEditing('');
                       setTimeout(() => { const b = document.getElementById(`modifier-${id}`); if (b) b.focus(); }, 0);
                     }} />
      ) : (
        <p class="element">
          <span class="genre">{t(`plan.kind.${item.kind || 'KIND_UNSPECIFIED'}`)}</span>
          {item.code && <span class="code"> {item.code}</span>}
          <span> — </span>
          <span class="titre-element">{item.title}</span>
          {canEdit && (
            <button type="button" class="link" id={`modifier-${id}`}
                    aria-label={t('plan.item.edit.label', { title: item.title })}
                    onClick={() => setEditing(item.name)}>{t('plan.item.edit')}</button>
          )}
          {canEdit && (
            <button type="button" class="link" id={`ajouter-sous-${id}`}
                    aria-label={t('plan.add.under.label', { title: item.title })}
                    onClick={() => addUnder(item)}>{t('plan.add.under')}</button>
          )}
          {canEdit && (
            <button type="button" class="link" id={`supprimer-${id}`}
                    aria-label={t('plan.del.label', { title: item.title })}
                    onClick={() => askDelete(item)}>{t('plan.del.button')}</button>
          )}
        </p>
      )}
      {deleting === item.name && confirmDelete(item, dependentsOf(item, byParent, byItem))}
      {(item.responsables || []).length > 0 || schedule || budget ? (
        <p class="details">
          {(item.responsables || []).length > 0 && <span>{t('plan.item.responsables', { list: item.responsables.join(', ') })}</span>}
          {schedule && <span>{t('plan.item.schedule', { text: schedule })}</span>}
          {budget && <span>{t('plan.item.budget', { amount: budget })}</span>}
        </p>
      ) : null}
      {indicators.length > 0 && (
        <IndicatorRows item={item} indicators={indicators} fiscalYear={fiscalYear}
                       editable={canEdit && entryOpen} onRecorded={onRecorded} onReload={onReload} />
      )}
      {children.length > 0 && (
        <ul>
          {children.map((c) => <ItemNode key={c.name} item={c} {...rest} />)}
        </ul>
      )}
    </li>
  );
}

function ProgressTable({ plans, progress, fiscalYear }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-labelledby="titre-avancement">
      <table id="avancement">
        <caption class="visually-hidden">{t('plan.progress.caption', { fy: fiscalYear })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan.progress.plan')}</th>
            <th scope="col" class="num">{t('plan.progress.indicators')}</th>
            <th scope="col" class="num">{t('plan.progress.measurable')}</th>
            <th scope="col" class="num">{t('plan.progress.measured')}</th>
            <th scope="col" class="num">{t('plan.progress.achieved')}</th>
            <th scope="col" class="num">{t('plan.progress.share')}</th>
            <th scope="col" class="num">{t('plan.progress.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => {
            const g = progress[p.name];
            const cell = (k) => <td class="num" data-count={k} data-value={g ? g[k] || 0 : ''}>{g ? formatNumber(g[k] || 0) : '…'}</td>;
            return (
              <tr key={p.name} data-plan={p.name}>
                <th scope="row">{p.title}</th>
                {cell('indicatorCount')}
                {cell('measurableCount')}
                {cell('measuredCount')}
                {cell('achievedCount')}
                <td class="num" data-count="achievedShare" data-value={g ? g.achievedShare || 0 : ''}>
                  {g ? formatShare(g.achievedShare) : '…'}
                </td>
                <td class="num">{g ? `${formatNumber(g.enteredCount || 0)} / ${formatNumber(g.computedCount || 0)}` : '…'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Plan({ canEdit, fiscalYear, setFiscalYear }) {
  const [plans, setPlans] = useState(null);
  const [chosen, setChosen] = useState('');
  const [progress, setProgress] = useState({});
  const [progressVersion, setProgressVersion] = useState(0);
  const [content, setContent] = useState(null);  // {plan, items, indicators}
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState(null);
  const [addParent, setAddParent] = useState('');   // where the new item goes ('' the first level)
  const [deleting, setDeleting] = useState('');     // the item whose delete is asked
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState(null);
  const [alert, setAlert] = useState('');           // a delete refused for a stale copy

  useEffect(() => {
    let live = true;
    listAll(tenantPath('/plans'), 'plans')
      .then((list) => live && setPlans(list))
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, []);

  // The plan shown: the one chosen while it covers the year, else one that
  // covers it, else the first.
  useEffect(() => {
    if (!plans || !plans.length) return;
    const current = plans.find((p) => p.name === chosen);
    if (current && inPeriod(current, fiscalYear)) return;
    const covering = plans.find((p) => inPeriod(p, fiscalYear));
    if (covering) setChosen(covering.name);
    else if (!current) setChosen(plans[0].name);
  }, [plans, fiscalYear]);

  useEffect(() => {
    if (!plans || !plans.length) return undefined;
    let live = true;
    Promise.all(plans.map((p) => api('GET', `${p.name}:getPlanProgress`, { query: { fiscal_year: fiscalYear } })))
      .then((all) => {
        if (!live) return;
        const byPlan = {};
        plans.forEach((p, i) => { byPlan[p.name] = all[i]; });
        setProgress(byPlan);
      })
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, [plans, fiscalYear, progressVersion]);

  // The tree and its indicators change together (one state update).
  useEffect(() => {
    if (!chosen) return undefined;
    let live = true;
    setError(null);
    Promise.all([
      api('GET', chosen),
      listAll(`${chosen}/items`, 'items'),
      listAll(`${chosen}/items/-/indicators`, 'indicators'),
    ]).then(([plan, items, indicators]) => {
      if (!live) return;
      setContent({ plan, items, indicators });
    }).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [chosen, version]);

  const reload = () => {
    setEditing('');
    setMessage('');
    setVersion((v) => v + 1);
    setProgressVersion((v) => v + 1);
  };

  const onTitleSaved = (updated) => {
    setContent((c) => ({ ...c, items: c.items.map((i) => (i.name === updated.name ? updated : i)) }));
    setEditing('');
    setMessage(t('plan.item.saved'));
    const id = lastId(updated.name);
    setTimeout(() => { const b = document.getElementById(`modifier-${id}`); if (b) b.focus(); }, 0);
  };

  const focusSoon = (id) => setTimeout(() => { const el = document.getElementById(id); if (el) el.focus(); }, 0);
  const addUnder = (item) => {
    setAddParent(item.name);
    focusSoon('nouvel-element-genre');
  };
  const itemAdded = () => {
    setVersion((v) => v + 1);
    setProgressVersion((v) => v + 1);
  };
  const askDelete = (item) => {
    setEditing('');
    setMessage('');
    setAlert('');
    setDeleteError(null);
    setDeleting(item.name);
  };
  // The delete sends force only when something goes with the item, so an
  // item that gained children meanwhile is refused rather than taken with them.
  const removeItem = async (item, dependents) => {
    setDeleteBusy(true);
    setDeleteError(null);
    const some = dependents.items + dependents.indicators > 0;
    try {
      await api('DELETE', item.name, { query: { etag: item.etag, force: some ? true : undefined } });
      setDeleting('');
      reload();
      setMessage(t('plan.del.done', { title: item.title }));
      focusSoon('titre-arbre');
    } catch (err) {
      const reason = (errorInfoOf(err) || {}).reason;
      if (isStale(err) || reason === 'HAS_CHILDREN') {
        setDeleting('');
        setAlert(t('plan.del.stale', { title: item.title }));
        reload();
        focusSoon('plan-alerte');
      } else setDeleteError({ text: t('plan.del.refused', { why: errorText(err) }) });
    } finally {
      setDeleteBusy(false);
    }
  };
  const confirmDelete = (item, dependents) => (
    <Confirm id="confirmer-suppression-element" title={t('plan.del.title', { title: item.title })}
             text={`${dependents.items + dependents.indicators > 0 ? t('plan.del.text', {
               items: dependents.items, indicators: dependents.indicators, results: dependents.results,
             }) : t('plan.del.text.alone')} ${t('plan.del.text.end')}`}
             yes={t('plan.del.yes')} no={t('plan.del.no')} busy={deleteBusy} error={deleteError}
             onYes={() => removeItem(item, dependents)} onNo={() => setDeleting('')} />
  );

  const onRecorded = (updated, value) => {
    setContent((c) => ({ ...c, indicators: c.indicators.map((i) => (i.name === updated.name ? updated : i)) }));
    setMessage(t('plan.ind.saved', { value: formatNumber(value) }));
    setProgressVersion((v) => v + 1);
  };

  // An item deleted (or gone with its parent) is no longer where a new one goes.
  useEffect(() => {
    if (content && addParent && !content.items.some((i) => i.name === addParent)) setAddParent('');
  }, [content]);

  const plan = content && content.plan.name === chosen ? content.plan : null;
  const byParent = new Map();
  const byItem = new Map();
  const roots = [];
  if (plan) {
    const names = new Set(content.items.map((i) => i.name));
    for (const item of content.items) {
      const parent = item.parentItem && names.has(item.parentItem) ? item.parentItem : '';
      if (!parent) roots.push(item);
      else byParent.set(parent, (byParent.get(parent) || []).concat(item));
    }
    for (const ind of content.indicators) {
      const item = ind.name.replace(/\/indicators\/[^/]+$/, '');
      byItem.set(item, (byItem.get(item) || []).concat(ind));
    }
  }
  const entryOpen = plan ? inPeriod(plan, fiscalYear) : false;

  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('plan.title')}</h1>
      <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
      <ErrorMessage error={error} />
      {!plans && !error && <p role="status">{t('app.loading')}</p>}
      {plans && plans.length === 0 && <p id="aucun-plan">{t('plan.none')}</p>}
      {plans && plans.length > 0 && (
        <>
          <section aria-labelledby="titre-avancement">
            <h2 id="titre-avancement">{t('plan.progress', { fy: fiscalYear })}</h2>
            <ProgressTable plans={plans} progress={progress} fiscalYear={fiscalYear} />
          </section>
          <div class="field inline">
            <label for="plan-choisi">{t('plan.choose')}</label>
            <select id="plan-choisi" value={chosen}
                    onChange={(e) => {
                      setEditing(''); setMessage(''); setDeleting(''); setAlert(''); setAddParent('');
                      setChosen(e.currentTarget.value);
                    }}>
              {plans.map((p) => (
                <option key={p.name} value={p.name}>{p.title} ({p.startFiscalYear} – {p.endFiscalYear})</option>
              ))}
            </select>
          </div>
        </>
      )}
      {plan && (
        <section aria-labelledby="titre-plan" id="plan-affiche" data-plan={plan.name}>
          <h2 id="titre-plan">{plan.title}</h2>
          <p>
            <span id="statut-plan">
              {plan.status === 'ADOPTED' && plan.adoptionDate
                ? t('plan.status.adopted', { date: formatDate(plan.adoptionDate) })
                : t(`plan.status.${plan.status === 'ADOPTED' ? 'ADOPTED' : 'DRAFT'}`)}
            </span>
            {' · '}
            {t('plan.period', { from: plan.startFiscalYear, to: plan.endFiscalYear })}
          </p>
          {!entryOpen && (
            <p class="notice" id="hors-periode">
              {t('plan.outside', { fy: fiscalYear, from: plan.startFiscalYear, to: plan.endFiscalYear })}
            </p>
          )}
          <h3 id="titre-arbre" tabIndex={-1}>{t('plan.tree')}</h3>
          <p role="status" class="ok" id="plan-statut">{message}</p>
          {alert && <p role="alert" class="error" id="plan-alerte" tabIndex={-1}>{alert}</p>}
          {roots.length === 0 ? <p>{t('plan.tree.none')}</p> : (
            <ul class="arbre" aria-labelledby="titre-arbre">
              {roots.map((item) => (
                <ItemNode key={item.name} item={item} byParent={byParent} byItem={byItem} canEdit={canEdit}
                          fiscalYear={fiscalYear} entryOpen={entryOpen} editing={editing}
                          setEditing={setEditing} onTitleSaved={onTitleSaved} onRecorded={onRecorded}
                          onReload={reload} addUnder={addUnder} deleting={deleting} askDelete={askDelete}
                          confirmDelete={confirmDelete} />
              ))}
            </ul>
          )}
          {canEdit && (
            <ItemEntry key={plan.name} plan={plan} items={content.items} parent={addParent}
                       setParent={setAddParent} onSaved={itemAdded} />
          )}
        </section>
      )}
    </section>
  );
}
