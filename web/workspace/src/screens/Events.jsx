// Événements: the fiscal year's events, their indicators, and (editors) a
// quick entry of an event with its participants by gender, where « non
// collecté » (the count absent) is a choice distinct from 0; a month
// calendar with the list (EventsCalendar.jsx), the bodies and their
// meetings (Bodies.jsx), and the trainings with their satisfaction results.
import { useEffect, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { t } from '../i18n.js';
import { fiscalYearOf, formatDate, formatNumber, montrealInstant } from '../format.js';
import { ErrorMessage, FiscalYearPicker } from './common.jsx';
import { IndicatorTable, loadTotals } from './Dashboard.jsx';
import { EventsCalendar } from './EventsCalendar.jsx';
import { Bodies } from './Bodies.jsx';
import { locale } from '../i18n.js';

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

function QuickEntry({ onSaved }) {
  const [form, setForm] = useState({
    title: '', kind: 'NETWORKING', date: today(), start: '09:00', end: '11:00',
    organised: true, online: false, location: '',
  });
  // '' until a number is typed or « non collecté » (null) is ticked: both
  // are real answers, none is assumed.
  const [counts, setCounts] = useState({ total: '', women: '', men: '', other: '' });
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });

  const submit = async (e) => {
    e.preventDefault();
    setError(null);
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
          title: form.title, kind: form.kind, organised: form.organised, online: form.online,
          location: form.location,
          startTime: montrealInstant(form.date, form.start),
          endTime: montrealInstant(form.date, form.end),
          participants,
        },
      });
      setMessage(t('events.f.saved', { title: event.title }));
      setForm({ ...form, title: '', location: '' });
      setCounts({ total: '', women: '', men: '', other: '' });
      onSaved(event);
    } catch (err) {
      setError(err);
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
          <input id="ev-title" required maxLength={300} value={form.title} onInput={set('title')} />
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
          <input id="ev-end" type="time" required value={form.end} onInput={set('end')} />
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
      <ErrorMessage error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('events.f.submit')}</button>
    </form>
  );
}

function formatPercent(p) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(p) / 100);
}

// The year's trainings: the cohort and each satisfaction question's share
// of satisfied respondents, as the event carries them.
function Trainings({ events }) {
  const trainings = events.filter((ev) => ev.kind === 'TRAINING' || ev.training);
  return (
    <section aria-labelledby="titre-formations" id="formations">
      <h2 id="titre-formations">{t('trainings.title')}</h2>
      {trainings.length === 0 ? <p>{t('trainings.none')}</p> : trainings.map((ev) => {
        const results = (ev.training && ev.training.satisfaction) || [];
        return (
          <article key={ev.name} class="formation" data-event={ev.name} aria-labelledby={`formation-${ev.name.split('/').pop()}`}>
            <h3 id={`formation-${ev.name.split('/').pop()}`}>{ev.title} — {formatDate(ev.startTime)}</h3>
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
      {canEdit && <QuickEntry onSaved={saved} />}
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
      <Bodies canEdit={canEdit} events={events} fiscalYear={fiscalYear} />
      <Trainings events={events} />
    </section>
  );
}
