// Événements: a month calendar of the fiscal year's events beside the list.
// One month at a time (April to March), French month and day names from
// Intl; the days form a grid moved through with the arrow keys (Home/End:
// the week's ends, Page Up/Down: the month before/after), one day in the
// tab order at a time.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { locale, t } from '../i18n.js';
import './EventsCalendar.words.js';

const ZONE = 'America/Montreal';

// "YYYY-MM-DD" of an instant in Montréal.
export function montrealDay(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(instant));
}

const iso = (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
// 0 = Sunday, as Quebec's calendars start the week.
const weekday = (y, m, d) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

// The fiscal year's twelve months, [{y, m}], April first.
function monthsOf(fy) {
  const start = Number(fy.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => ({ y: i < 9 ? start : start + 1, m: ((i + 3) % 12) + 1 }));
}

function monthName(y, m) {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, 15)));
}

function dayName(dow, style) {
  // 2017-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: 'UTC' })
    .format(new Date(Date.UTC(2017, 0, 1 + dow)));
}

function longDate(day) {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${day}T12:00:00Z`));
}

export function EventsCalendar({ events, fiscalYear }) {
  const months = monthsOf(fiscalYear);
  const byDay = {};
  for (const ev of events) (byDay[montrealDay(ev.startTime)] ||= []).push(ev);
  const firstWithEvents = () => {
    const days = Object.keys(byDay).sort();
    const i = days.length ? months.findIndex(({ y, m }) => days[0].startsWith(iso(y, m, 1).slice(0, 7))) : -1;
    return i < 0 ? 0 : i;
  };
  // The month shown and the day in the tab order ("YYYY-MM-DD"), for this
  // year and its events: a new year (or its events arriving) opens on its
  // first month with events, in the same render as the list.
  const key = `${fiscalYear}:${events.length}`;
  const [nav, setNav] = useState({ key: '', index: 0, focused: null });
  const index = nav.key === key ? nav.index : firstWithEvents();
  const focused = nav.key === key ? nav.focused : null;
  const setIndex = (i) => setNav({ key, index: i, focused: null });
  const grid = useRef(null);
  const moveFocus = useRef(false);

  const { y, m } = months[Math.min(index, 11)];
  const n = daysIn(y, m);
  const current = focused && focused.startsWith(iso(y, m, 1).slice(0, 8)) ? focused : iso(y, m, 1);

  // After the render that shows the day: the grid's cells of another month
  // replace the focused one.
  useLayoutEffect(() => {
    if (!moveFocus.current || !grid.current) return;
    moveFocus.current = false;
    const cell = grid.current.querySelector(`[data-day="${current}"]`);
    if (cell) cell.focus();
  });

  const go = (day) => {
    const [yy, mm] = day.split('-').map(Number);
    const i = months.findIndex((x) => x.y === yy && x.m === mm);
    if (i < 0) return;  // outside the fiscal year
    setNav({ key, index: i, focused: day });
    moveFocus.current = true;
  };
  const shift = (days) => {
    const d = new Date(`${current}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    go(d.toISOString().slice(0, 10));
  };
  const shiftMonth = (delta) => {
    const i = index + delta;
    if (i < 0 || i > 11) return;
    const day = Math.min(Number(current.slice(8)), daysIn(months[i].y, months[i].m));
    go(iso(months[i].y, months[i].m, day));
  };
  const onKey = (e) => {
    const d = Number(current.slice(8));
    const dow = weekday(y, m, d);
    const moves = {
      ArrowLeft: () => shift(-1), ArrowRight: () => shift(1), ArrowUp: () => shift(-7), ArrowDown: () => shift(7),
      Home: () => shift(-dow), End: () => shift(6 - dow), PageUp: () => shiftMonth(-1), PageDown: () => shiftMonth(1),
    };
    if (moves[e.key]) { e.preventDefault(); moves[e.key](); }
  };

  const lead = weekday(y, m, 1);
  const cells = [];
  for (let i = 0; i < lead; i += 1) cells.push(null);
  for (let d = 1; d <= n; d += 1) cells.push(iso(y, m, d));
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const inMonth = events.filter((ev) => montrealDay(ev.startTime).startsWith(iso(y, m, 1).slice(0, 8))).length;
  const title = monthName(y, m);

  return (
    <section aria-labelledby="titre-calendrier" id="calendrier">
      <h2 id="titre-calendrier">{t('cal.title')}</h2>
      <div class="cal-nav">
        <p id="cal-mois" aria-live="polite">
          <strong>{title}</strong> — {t('cal.count', { n: inMonth })}
        </p>
        <button type="button" class="secondary" id="cal-precedent" disabled={index === 0}
                onClick={() => setIndex(index - 1)}>
          {t('cal.prev')}{index > 0 && <span class="visually-hidden"> ({monthName(months[index - 1].y, months[index - 1].m)})</span>}
        </button>
        <button type="button" class="secondary" id="cal-suivant" disabled={index === 11}
                onClick={() => setIndex(index + 1)}>
          {t('cal.next')}{index < 11 && <span class="visually-hidden"> ({monthName(months[index + 1].y, months[index + 1].m)})</span>}
        </button>
      </div>
      <p class="hint" id="cal-aide">{t('cal.hint')}</p>
      <table role="grid" class="calendrier" ref={grid} aria-labelledby="cal-mois" aria-describedby="cal-aide"
             onKeyDown={onKey}>
        <thead>
          <tr>
            {[0, 1, 2, 3, 4, 5, 6].map((dow) => (
              <th key={dow} scope="col" abbr={dayName(dow, 'long')}>{dayName(dow, 'short')}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((day, i) => {
                if (!day) return <td key={`vide-${i}`} class="vide" />;
                const list = byDay[day] || [];
                return (
                  <td key={day} data-day={day} data-count={list.length} tabIndex={day === current ? 0 : -1}
                      class={list.length ? 'occupe' : undefined}
                      onClick={() => setNav({ key, index, focused: day })}>
                    <span class="jour" aria-hidden="true">{Number(day.slice(8))}</span>
                    <span class="visually-hidden">{longDate(day)}, {t('cal.count', { n: list.length })}</span>
                    {list.length > 0 && (
                      <ul>{list.map((ev) => <li key={ev.name}>{ev.title}</li>)}</ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
