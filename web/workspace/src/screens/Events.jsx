// Événements: the fiscal year's events, their indicators, and (editors) a
// quick entry of an event with its participants by gender, where « non
// collecté » (the count absent) is a choice distinct from 0; a month
// calendar with the list (EventsCalendar.jsx), the bodies and their
// meetings (Bodies.jsx), and the trainings with their satisfaction results.
import { useEffect, useState } from 'preact/hooks';
import { api, errorInfoOf, tenantPath } from '../api.js';
import { locale, t } from '../i18n.js';
import { fiscalYearOf, formatDate, formatNumber, montrealInstant } from '../format.js';
import { ErrorMessage, FieldError, FiscalYearPicker, FormError, described } from './common.jsx';
import { IndicatorTable, loadTotals } from './Dashboard.jsx';
import { EventsCalendar } from './EventsCalendar.jsx';
import { Bodies, loadBodies } from './Bodies.jsx';
import './Events.words.js';

const KINDS = ['BOARD_MEETING', 'EXECUTIVE_MEETING', 'AGA', 'FORUM', 'TRAINING', 'WEBINAR',
  'CONFERENCE_CALL', 'NETWORKING', 'VISIT', 'PROMOTION', 'COMMITTEE_MEETING', 'OTHER'];
const COUNTS = ['total', 'women', 'men', 'other'];

function count(p, k) {
  return p && p[k] !== undefined && p[k] !== null ? formatNumber(p[k]) : t('events.nc');
}

function today() {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
  return p;  // en-CA writes YYYY-MM-DD
}

function CountField({ name, state, setState }) {
  const id = `participants-${name}`;
  const value = state[name];
  const nc = value === null;
  return (
    <div class="count">
      <label for={id}>{t(`events.f.${name}`)}</label>
      <input id={id} name={id} type="number" min="0" step="1" inputMode="numeric"
             value={nc ? '' : value} disabled={nc}
             onInput={(e) => setState({ ...state, [name]: e.currentTarget.value })} />
      <span class="nc">
        <input id={`${id}-nc`} type="checkbox" checked={nc}
               onChange={(e) => setState({ ...state, [name]: e.currentTarget.checked ? null : '' })} />
        <label for={`${id}-nc`}>{t('events.f.nc')}<span class="visually-hidden"> ({t(`events.f.${name}`)})</span></label>
      </span>
    </div>
  );
}

// The kind of meeting a body holds: choosing the board makes the event a
// board meeting (the person may still choose another kind, an AGA).
const MEETING_OF = {
  BOARD: 'BOARD_MEETING', EXECUTIVE: 'EXECUTIVE_MEETING', COMMITTEE: 'COMMITTEE_MEETING',
  NATIONAL_TABLE: 'COMMITTEE_MEETING', PARTNER_COMMITTEE: 'COMMITTEE_MEETING',
};

// The service's fields the quick entry shows its refusals on.
const ENTRY_FIELDS = { 'event.title': 'title', 'event.body': 'body', 'event.end_time': 'end' };

function QuickEntry({ onSaved, bodies, onBodiesStale }) {
  const [form, setForm] = useState({
    title: '', kind: 'NETWORKING', body: '', date: today(), start: '09:00', end: '11:00',
    organised: true, online: false, location: '',
  });
  const [fieldErrors, setFieldErrors] = useState({});
  // '' until a number is typed or « non collecté » (null) is ticked: both
  // are real answers, none is assumed.
  const [counts, setCounts] = useState({ total: '', women: '', men: '', other: '' });
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const chooseBody = (e) => {
    const body = e.currentTarget.value;
    const chosen = bodies.find((b) => b.name === body);
    const kind = chosen && MEETING_OF[chosen.kind];
    setForm({ ...form, body, ...(kind ? { kind } : {}) });
  };

  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setFieldErrors({});
    setMessage('');
    const participants = {};
    const missing = COUNTS.filter((k) => counts[k] === '');
    if (missing.length) {
      setError({ message: t('events.f.missing', { fields: missing.map((k) => t(`events.f.${k}`)).join(', ') }),
                 violations: () => [] });
      document.getElementById(`participants-${missing[0]}`).focus();
      return;
    }
    for (const k of COUNTS) {
      if (counts[k] !== null) participants[k] = Number(counts[k]);
    }
    const given = ['women', 'men', 'other'].filter((k) => participants[k] !== undefined);
    if (participants.total !== undefined && given.length === 3) {
      const sum = given.reduce((a, k) => a + participants[k], 0);
      if (sum !== participants.total) {
        setError({ message: t('events.f.sum', { sum, total: participants.total }), violations: () => [] });
        return;
      }
    }
    setBusy(true);
    try {
      const event = await api('POST', tenantPath('/events'), {
        query: { request_id: crypto.randomUUID() },
        body: {
          title: form.title, kind: form.kind, body: form.body, organised: form.organised, online: form.online,
          location: form.location,
          startTime: montrealInstant(form.date, form.start),
          endTime: montrealInstant(form.date, form.end),
          participants,
        },
      });
      setMessage(t('events.f.saved', { title: event.title }));
      setForm({ ...form, title: '', location: '', body: '' });
      setCounts({ total: '', women: '', men: '', other: '' });
      onSaved(event);
    } catch (err) {
      const byField = {};
      for (const v of (err.violations ? err.violations() : [])) {
        const f = ENTRY_FIELDS[v.field];
        if (f) byField[f] = t(`events.v.${f}`);
      }
      if (Object.keys(byField).length) {
        setFieldErrors(byField);
        setError({ text: t('events.refused') });
        // A body deleted since the list was read: read it again.
        if (byField.body) onBodiesStale();
        const first = ['title', 'body', 'end'].find((f) => byField[f]);
        setTimeout(() => document.getElementById(`ev-${first}`)?.focus(), 0);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="saisie-evenement" onSubmit={submit} aria-labelledby="titre-saisie">
      <h2 id="titre-saisie">{t('events.new')}</h2>
      <div class="grid">
        <div class="field">
          <label for="ev-title">{t('events.f.title')}</label>
          <input id="ev-title" required maxLength={300} value={form.title} onInput={set('title')}
                 {...described('ev-title', fieldErrors, 'title')} />
          <FieldError id="ev-title" errors={fieldErrors} name="title" />
        </div>
        <div class="field">
          <label for="ev-body">{t('events.f.body')}</label>
          <select id="ev-body" value={form.body} onChange={chooseBody}
                  {...described('ev-body', fieldErrors, 'body', true)}>
            <option value="">{t('events.f.body.none')}</option>
            {bodies.map((b) => <option key={b.name} value={b.name}>{b.displayName}</option>)}
          </select>
          <span class="hint" id="ev-body-aide">{t('events.f.body.hint')}</span>
          <FieldError id="ev-body" errors={fieldErrors} name="body" />
        </div>
        <div class="field">
          <label for="ev-kind">{t('events.f.kind')}</label>
          <select id="ev-kind" value={form.kind} onChange={set('kind')}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="ev-date">{t('events.f.date')}</label>
          <input id="ev-date" type="date" required value={form.date} onInput={set('date')} />
        </div>
        <div class="field">
          <label for="ev-start">{t('events.f.start')}</label>
          <input id="ev-start" type="time" required value={form.start} onInput={set('start')} />
        </div>
        <div class="field">
          <label for="ev-end">{t('events.f.end')}</label>
          <input id="ev-end" type="time" required value={form.end} onInput={set('end')}
                 {...described('ev-end', fieldErrors, 'end')} />
          <FieldError id="ev-end" errors={fieldErrors} name="end" />
        </div>
        <div class="field">
          <label for="ev-location">{t('events.f.location')}</label>
          <input id="ev-location" maxLength={300} value={form.location} onInput={set('location')} />
        </div>
      </div>
      <div class="checks">
        <span><input id="ev-organised" type="checkbox" checked={form.organised} onChange={set('organised')} />
          <label for="ev-organised">{t('events.f.organised')}</label></span>
        <span><input id="ev-online" type="checkbox" checked={form.online} onChange={set('online')} />
          <label for="ev-online">{t('events.f.online')}</label></span>
      </div>
      <fieldset aria-describedby="nc-hint">
        <legend>{t('events.f.participants')}</legend>
        <p class="hint" id="nc-hint">{t('events.f.nc.hint')}</p>
        <div class="counts">
          {COUNTS.map((k) => <CountField key={k} name={k} state={counts} setState={setCounts} />)}
        </div>
      </fieldset>
      <FormError error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('events.f.submit')}</button>
    </form>
  );
}

function formatPercent(p) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(p) / 100);
}

// A share of satisfied respondents as people type it (« 92 », « 92,5 »,
// « 92.5 % »): {value: 92.5}, {empty: true}, or {error: 'bad'}. The range
// (0 to 100) is the service's to check.
function parsePercent(text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  if (s === '') return { empty: true };
  if (!/^\d+(\.\d+)?$/.test(s)) return { error: 'bad' };
  return { value: Number(s) };
}

function percentText(p) {
  return p === undefined || p === null ? '' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, useGrouping: false }).format(p);
}

// A refused field of the satisfaction form: "cohort", "q0" (question of
// row 0), "p0" (its percent); from the service's field path.
function satisfactionField(path) {
  if (path === 'event.training.cohort_size') return 'cohort';
  const m = /^event\.training\.satisfaction\[(\d+)\]\.(question|percent)$/.exec(path);
  if (m) return `${m[2] === 'question' ? 'q' : 'p'}${m[1]}`;
  if (path === 'event.training.satisfaction') return 'rows';
  return null;
}

function isConflict(error) {
  const info = errorInfoOf(error);
  return error && error.status === 409 && (!info || info.reason === 'ETAG_MISMATCH');
}

function rowsOf(ev) {
  const results = (ev.training && ev.training.satisfaction) || [];
  return results.map((r) => ({ question: r.question, percent: percentText(r.percent ?? 0) }));
}

// Editors: a training's cohort and satisfaction results, written whole
// (UpdateEvent, update_mask=training) with the etag of the copy the form
// opened with; a change made meanwhile is refused (409) and explained, and
// the form offers the current version.
function SatisfactionForm({ event, onSaved, onCancel }) {
  const [ev, setEv] = useState(event);
  const [cohort, setCohort] = useState(event.training && event.training.cohortSize !== undefined ? String(event.training.cohortSize) : '');
  const [rows, setRows] = useState(() => { const r = rowsOf(event); return r.length ? r : [{ question: '', percent: '' }]; });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `satisfaction-${event.name.split('/').pop()}`;

  const setRow = (i, k) => (e) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: e.currentTarget.value } : r)));
  const focusFirst = (byField) => {
    const order = ['cohort', ...rows.flatMap((_, i) => [`q${i}`, `p${i}`])];
    const first = order.find((f) => byField[f]);
    if (first) setTimeout(() => document.getElementById(`${id}-${first}`)?.focus(), 0);
  };

  const save = async (e) => {
    e.preventDefault();
    setErrors({}); setError(null); setConflict(false);
    const byField = {};
    const cohortText = cohort.replace(/[\s\u00a0\u202f]/g, '');
    if (cohortText !== '' && !/^\d+$/.test(cohortText)) byField.cohort = t('sat.v.cohort');
    const satisfaction = [];
    rows.forEach((r, i) => {
      if (r.question.trim() === '' && r.percent.trim() === '') return;  // an empty row is left out
      const p = parsePercent(r.percent);
      if (p.error || p.empty) byField[`p${i}`] = t('sat.v.percent.bad');
      satisfaction.push({ question: r.question.trim(), percent: p.value ?? 0 });
    });
    if (Object.keys(byField).length) {
      setErrors(byField);
      setError({ text: t('sat.refused.local') });
      focusFirst(byField);
      return;
    }
    setBusy(true);
    try {
      const updated = await api('PATCH', ev.name, {
        query: { update_mask: 'training' },
        body: { name: ev.name, etag: ev.etag, training: { cohortSize: cohortText === '' ? 0 : Number(cohortText), satisfaction } },
      });
      onSaved(updated);
    } catch (err) {
      if (isConflict(err)) { setConflict(true); return; }
      const fromService = {};
      // The rows sent skip the empty ones: the service's index is theirs.
      const sent = rows.map((r, i) => [r, i]).filter(([r]) => !(r.question.trim() === '' && r.percent.trim() === '')).map(([, i]) => i);
      for (const v of (err.violations ? err.violations() : [])) {
        const f = satisfactionField(v.field);
        if (!f) continue;
        const at = /^[qp](\d+)$/.exec(f);
        const field = at ? `${f[0]}${sent[Number(at[1])]}` : f;
        fromService[field] = t(`sat.v.${f === 'cohort' || f === 'rows' ? f : (f[0] === 'q' ? 'question' : 'percent')}`);
      }
      if (Object.keys(fromService).length) {
        setErrors(fromService);
        setError({ text: t('sat.refused') });
        focusFirst(fromService);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    try {
      const fresh = await api('GET', ev.name);
      setEv(fresh);
      setCohort(fresh.training && fresh.training.cohortSize !== undefined ? String(fresh.training.cohortSize) : '');
      const r = rowsOf(fresh);
      setRows(r.length ? r : [{ question: '', percent: '' }]);
      setErrors({}); setError(null); setConflict(false);
    } catch (err) { setError(err); }
  };

  return (
    <form id={id} class="satisfaction-form" onSubmit={save} noValidate aria-labelledby={`${id}-titre`}
          onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }}>
      <h4 id={`${id}-titre`}>{t('sat.form', { title: ev.title })}</h4>
      <div class="field">
        <label for={`${id}-cohort`}>{t('sat.f.cohort')}</label>
        <input id={`${id}-cohort`} inputMode="numeric" value={cohort} onInput={(e) => setCohort(e.currentTarget.value)}
               {...described(`${id}-cohort`, errors, 'cohort', true)} />
        <span class="hint" id={`${id}-cohort-aide`}>{t('sat.f.cohort.hint')}</span>
        <FieldError id={`${id}-cohort`} errors={errors} name="cohort" />
      </div>
      <fieldset aria-describedby={`${id}-aide`}>
        <legend>{t('sat.f.results')}</legend>
        <p class="hint" id={`${id}-aide`}>{t('sat.f.hint')}</p>
        {errors.rows && <p class="error" id={`${id}-rows-erreur`}>{errors.rows}</p>}
        {rows.map((r, i) => (
          <div class="grid satisfaction-row" key={i} data-row={i}>
            <div class="field">
              <label for={`${id}-q${i}`}>{t('sat.f.question', { n: i + 1 })}</label>
              <input id={`${id}-q${i}`} maxLength={300} value={r.question} onInput={setRow(i, 'question')}
                     {...described(`${id}-q${i}`, errors, `q${i}`)} />
              <FieldError id={`${id}-q${i}`} errors={errors} name={`q${i}`} />
            </div>
            <div class="field">
              <label for={`${id}-p${i}`}>{t('sat.f.percent', { n: i + 1 })}</label>
              <input id={`${id}-p${i}`} inputMode="decimal" value={r.percent} onInput={setRow(i, 'percent')}
                     {...described(`${id}-p${i}`, errors, `p${i}`)} />
              <FieldError id={`${id}-p${i}`} errors={errors} name={`p${i}`} />
            </div>
            <div class="field actions">
              <button type="button" class="secondary" onClick={() => { setRows(rows.filter((_, j) => j !== i)); setErrors({}); }}
                      aria-label={t('sat.remove.label', { n: i + 1 })}>{t('sat.remove')}</button>
            </div>
          </div>
        ))}
        <button type="button" class="secondary" id={`${id}-ajouter`}
                onClick={() => setRows(rows.concat({ question: '', percent: '' }))}>{t('sat.add')}</button>
      </fieldset>
      {conflict && (
        <div class="notice" role="alert" id={`${id}-conflit`}>
          <p>{t('sat.conflict', { title: ev.title })}</p>
          <button type="button" id={`${id}-recharger`} onClick={reload}>{t('sat.reload')}</button>
        </div>
      )}
      <FormError error={error} />
      <p>
        <button type="submit" disabled={busy}>{t('sat.save')}</button>{' '}
        <button type="button" class="secondary" onClick={onCancel}>{t('sat.cancel')}</button>
      </p>
    </form>
  );
}

// The year's trainings: the cohort and each satisfaction question's share
// of satisfied respondents, as the event carries them; editors enter them.
function Trainings({ events, canEdit, onSaved }) {
  const [open, setOpen] = useState('');  // the event whose form is open
  const [message, setMessage] = useState('');
  const trainings = events.filter((ev) => ev.kind === 'TRAINING' || ev.training);
  const saved = (ev) => {
    setOpen('');
    setMessage(t('sat.saved', { title: ev.title }));
    onSaved(ev);
    setTimeout(() => document.getElementById(`saisir-${ev.name.split('/').pop()}`)?.focus(), 0);
  };
  return (
    <section aria-labelledby="titre-formations" id="formations">
      <h2 id="titre-formations">{t('trainings.title')}</h2>
      <p role="status" class="ok" id="formations-etat">{message}</p>
      {trainings.length === 0 ? <p>{t('trainings.none')}</p> : trainings.map((ev) => {
        const results = (ev.training && ev.training.satisfaction) || [];
        const short = ev.name.split('/').pop();
        return (
          <article key={ev.name} class="formation" data-event={ev.name} aria-labelledby={`formation-${short}`}>
            <h3 id={`formation-${short}`}>{ev.title} — {formatDate(ev.startTime)}</h3>
            {ev.training && ev.training.cohortSize !== undefined &&
              <p class="cohorte">{t('trainings.cohort', { n: formatNumber(ev.training.cohortSize) })}</p>}
            {results.length === 0 ? <p>{t('trainings.nosatisfaction')}</p> : (
              <table class="satisfaction">
                <caption class="visually-hidden">{t('trainings.caption', { title: ev.title })}</caption>
                <thead>
                  <tr><th scope="col">{t('trainings.col.question')}</th>
                    <th scope="col" class="num">{t('trainings.col.percent')}</th></tr>
                </thead>
                <tbody>
                  {results.map((r, i) => (
                    <tr key={i}><th scope="row">{r.question}</th>
                      <td class="num" data-percent={r.percent ?? 0}>{formatPercent(r.percent ?? 0)}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            {canEdit && ev.kind === 'TRAINING' && open !== ev.name && (
              <button type="button" class="secondary" id={`saisir-${short}`} aria-label={t('sat.enter.label', { title: ev.title })}
                      onClick={() => { setOpen(ev.name); setMessage(''); }}>{t('sat.enter')}</button>
            )}
            {canEdit && open === ev.name && (
              <SatisfactionForm event={ev} onSaved={saved}
                                onCancel={() => { setOpen(''); setTimeout(() => document.getElementById(`saisir-${short}`)?.focus(), 0); }} />
            )}
          </article>
        );
      })}
    </section>
  );
}

export function Events({ canEdit, fiscalYear, setFiscalYear }) {
  const [events, setEvents] = useState([]);
  const [next, setNext] = useState('');
  const [totals, setTotals] = useState(null);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const [bodies, setBodies] = useState([]);
  const [bodiesError, setBodiesError] = useState(null);
  const [bodiesVersion, setBodiesVersion] = useState(0);

  useEffect(() => {
    let live = true;
    loadBodies().then((all) => { if (live) { setBodies(all); setBodiesError(null); } })
      .catch((e) => live && setBodiesError(e));
    return () => { live = false; };
  }, [bodiesVersion]);

  useEffect(() => {
    let live = true;
    setError(null);
    // The list and its indicators change together: one state update once
    // both have answered, so the screen never shows a count its list lacks.
    Promise.all([
      api('GET', tenantPath('/events'), { query: { fiscal_year: fiscalYear, page_size: 50 } }),
      loadTotals(fiscalYear, [['events', 'summarizeEvents']]),
    ]).then(([r, g]) => {
      if (!live) return;
      setEvents(r.events || []);
      setNext(r.nextPageToken || '');
      setTotals(g[0].totals);
    }).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [fiscalYear, version]);

  const more = async () => {
    try {
      const r = await api('GET', tenantPath('/events'), { query: { fiscal_year: fiscalYear, page_size: 50, page_token: next } });
      setEvents(events.concat(r.events || []));
      setNext(r.nextPageToken || '');
    } catch (e) { setError(e); }
  };

  const saved = (event) => {
    const fy = fiscalYearOf(new Date(event.startTime));
    if (fy !== fiscalYear) setFiscalYear(fy); else setVersion(version + 1);
  };

  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('events.title')}</h1>
      <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
      <ErrorMessage error={error} />
      <section aria-labelledby="titre-indicateurs">
        <h2 id="titre-indicateurs">{t('events.indicators', { fy: fiscalYear })}</h2>
        {totals && <IndicatorTable id="indicateurs-events" totals={totals}
                                   caption={t('events.indicators', { fy: fiscalYear })} />}
      </section>
      {canEdit && <QuickEntry onSaved={saved} bodies={bodies} onBodiesStale={() => setBodiesVersion((v) => v + 1)} />}
      <EventsCalendar events={events} fiscalYear={fiscalYear} />
      <section aria-labelledby="titre-liste">
        <h2 id="titre-liste">{t('events.caption', { fy: fiscalYear })}</h2>
        {events.length === 0 ? <p>{t('events.none')}</p> : (
          <div class="scroll" tabIndex={0} role="region" aria-labelledby="titre-liste">
            <table id="liste-evenements">
              <caption class="visually-hidden">{t('events.caption', { fy: fiscalYear })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('events.col.date')}</th>
                  <th scope="col">{t('events.col.title')}</th>
                  <th scope="col">{t('events.col.kind')}</th>
                  <th scope="col" class="num">{t('events.col.participants')}</th>
                  <th scope="col" class="num">{t('events.col.women')}</th>
                  <th scope="col" class="num">{t('events.col.men')}</th>
                  <th scope="col" class="num">{t('events.col.other')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((ev) => (
                  <tr key={ev.name}>
                    <td>{formatDate(ev.startTime)}</td>
                    <th scope="row">{ev.title}</th>
                    <td>{t(`kind.${ev.kind}`)}</td>
                    {COUNTS.map((k) => <td key={k} class="num">{count(ev.participants, k)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {next && <button type="button" class="secondary" onClick={more}>{t('events.more')}</button>}
      </section>
      <Bodies canEdit={canEdit} events={events} fiscalYear={fiscalYear} bodies={bodies} error={bodiesError}
              onCreated={() => setBodiesVersion((v) => v + 1)} />
      <Trainings events={events} canEdit={canEdit} onSaved={() => setVersion((v) => v + 1)} />
    </section>
  );
}
