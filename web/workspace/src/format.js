// Numbers, money and dates the French-Canadian way through Intl
// (« 1 234,56 $ », « 31 mars 2019 »), or the English one with the toggle;
// Quebec's fiscal year (1 April to 31 March, "2017-2018").
import { locale } from './i18n.js';

const ZONE = 'America/Montreal';

export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(Number(n));
}

// Cents (an integer, or a string: int64 in protobuf's JSON) as dollars.
export function formatMoney(cents) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CAD' })
    .format(Number(cents) / 100);
}

export function formatDate(value) {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: ZONE }).format(d);
}

// The fiscal year containing `date` in Montréal: "2026-2027" from April.
export function fiscalYearOf(date = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: 'numeric' })
    .formatToParts(date);
  const year = Number(parts.find((p) => p.type === 'year').value);
  const month = Number(parts.find((p) => p.type === 'month').value);
  const start = month >= 4 ? year : year - 1;
  return `${start}-${start + 1}`;
}

export function fiscalYearBounds(fy) {
  const start = Number(fy.slice(0, 4));
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

// The fiscal years offered: the current one and the ten before it.
export function recentFiscalYears(now = new Date()) {
  const current = Number(fiscalYearOf(now).slice(0, 4));
  const out = [];
  for (let y = current; y >= current - 10; y -= 1) out.push(`${y}-${y + 1}`);
  return out;
}

// Money indicators are integer cents.
export function isMoneyIndicator(code) {
  return /^funding\.(amount_|investment_|matching_|reported_amount|reported_investment)/.test(code);
}

// An instant from a date and a time typed in Montréal ("2018-05-03", "14:00").
export function montrealInstant(date, time) {
  // The offset of Montréal at that wall-clock time (EST -5, EDT -4).
  const guess = new Date(`${date}T${time}:00Z`);
  const wall = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  }).formatToParts(guess);
  const get = (t) => wall.find((p) => p.type === t).value;
  const asUtc = Date.UTC(Number(get('year')), Number(get('month')) - 1, Number(get('day')),
                         Number(get('hour')), Number(get('minute')));
  const offset = asUtc - guess.getTime();
  return new Date(guess.getTime() - offset).toISOString();
}

// Money as people type it (« 1 234,56 $ », « 1234.56 », « 337 905 $ »)
// to integer cents, exactly (digits as text, BigInt: no floating point).
// Spaces (also no-break and narrow no-break) and « $ » are ignored; one
// decimal separator, « , » or « . », with at most two digits after it;
// with both, the last one is the decimal separator and the other groups
// thousands. {cents: '123456'} (a string, as int64 in protobuf's JSON),
// {empty: true} for nothing typed, or {error: 'money.bad' | 'money.decimals'
// | 'money.negative' | 'money.large'}.
const INT64_MAX = 9223372036854775807n;

export function parseMoney(text) {
  let s = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(/\$/g, '');
  if (s === '') return { empty: true };
  if (/^[-−]/.test(s)) return { error: 'money.negative' };
  if (s.startsWith('+')) s = s.slice(1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let units = s;
  let fraction = '';
  if (lastComma >= 0 || lastDot >= 0) {
    const decimalAt = Math.max(lastComma, lastDot);
    const decimal = s[decimalAt];
    const group = decimal === ',' ? '.' : ',';
    units = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + 1);
    if (units.includes(decimal)) return { error: 'money.bad' };
    if (units.includes(group)) {
      // Thousands groups: 1.234.567,89 or 1,234,567.89.
      if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(units)) return { error: 'money.bad' };
      units = units.split(group).join('');
    }
    if (fraction === '' && units === '') return { error: 'money.bad' };
  }
  if (!/^\d*$/.test(units) || !/^\d*$/.test(fraction) || (units === '' && fraction === '')) {
    return { error: 'money.bad' };
  }
  if (fraction.length > 2) return { error: 'money.decimals' };
  const cents = BigInt(units || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  if (cents > INT64_MAX) return { error: 'money.large' };
  return { cents: cents.toString() };
}

// A count as people type it (« 1 234 », « 58 »): {value: '1234'}, {empty:
// true}, or {error: 'count.bad' | 'count.large'}.
export function parseCount(text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { empty: true };
  if (!/^\d+$/.test(s)) return { error: 'count.bad' };
  if (BigInt(s) > INT64_MAX) return { error: 'count.large' };
  return { value: BigInt(s).toString() };
}

// Cents (a string, number or BigInt, possibly negative) as money, exactly:
// Intl formats the decimal string itself, so no amount is rounded.
export function formatCents(cents) {
  const n = BigInt(cents);
  const abs = n < 0n ? -n : n;
  const text = `${n < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CAD' }).format(text);
}

// An instant as a date and a time in Montréal (« 3 décembre 2026 à 18 h 05 »).
export function formatDateTime(value) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: ZONE })
    .format(new Date(value));
}
