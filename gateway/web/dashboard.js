// The national dashboard: asks for an API key (kept in sessionStorage),
// reads the JSON API of this gateway with it (Authorization: Bearer) and
// shows the PAGES table of the chosen fiscal year, the findings, a bar
// chart per indicator by region and a link to each Pôle's bilan.
// document.body.dataset.state is "ready" once a year is shown, "error" when
// a read failed (the browser test waits on it).
'use strict';

const KEY_ITEM = 'poles.apiKey';
const DEFAULT_YEAR = '2017-2018';
const FIRST_YEAR = 2010;

const STATE_LABELS = {
  NOTHING: 'Aucune donnée',
  DRAFT: 'Brouillon',
  SUBMITTED: 'Déposé',
  UNREACHABLE: 'Injoignable',
};
const SOURCE_CLASSES = {
  CELL_SOURCE_COMPUTED: 'computed',
  CELL_SOURCE_REPORTED: 'reported',
  CELL_SOURCE_MISSING: 'missing',
  CELL_SOURCE_UNREACHABLE: 'unreachable',
};
const SOURCE_TITLES = {
  computed: 'Calculé à partir des dossiers du Pôle',
  reported: 'Déclaré par le Pôle (agrégat)',
  missing: "Manquant : rien d'inscrit ni de déclaré pour l'exercice",
  unreachable: "Injoignable : le service du Pôle n'a pas répondu",
  suppressed: 'Masqué : moins de {n}, pour protéger la confidentialité',
};

const $ = (id) => document.getElementById(id);
const charts = [];

function apiKey() { return sessionStorage.getItem(KEY_ITEM) || ''; }

function slugOf(tenant) { return tenant.replace(/^tenants\//, ''); }
function codeOf(column) { return column.name.replace(/^nationalIndicators\//, ''); }

// Integer cents (a decimal string) as French dollars, without floats.
function dollars(cents) {
  const negative = cents.startsWith('-');
  const digits = (negative ? cents.slice(1) : cents).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '-' : ''}${whole},${digits.slice(-2)}\u00a0$`;
}

function figure(value, unit) {
  if (unit === 'cents') return dollars(String(value));
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
  }
}

async function api(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${apiKey()}` } });
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, body);
  }
  return res;
}

function explain(error) {
  if (error.status === 401) return `Clé refusée : ${error.message}`;
  if (error.status === 403) return `Accès refusé pour cette clé : ${error.message}`;
  if (error.status === 504) return "La lecture a dépassé son délai ; réessayez.";
  return `Erreur : ${error.message}`;
}

function setStatus(text, isError) {
  $('status').textContent = text;
  $('status').classList.toggle('error', Boolean(isError));
}

function fiscalYears() {
  const now = new Date();
  const current = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  const years = [];
  for (let y = current; y >= FIRST_YEAR; y--) years.push(`${y}-${y + 1}`);
  return years;
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

// Opens a keyed document (a bilan) in a new tab, or downloads it.
async function openWithKey(path, filename) {
  const target = filename ? null : window.open('', '_blank');
  try {
    const blob = await (await api(path)).blob();
    const url = URL.createObjectURL(blob);
    if (filename) {
      const a = el('a', { href: url, download: filename });
      document.body.appendChild(a);
      a.click();
      a.remove();
    } else if (target) {
      target.location = url;
    }
  } catch (error) {
    if (target) target.close();
    setStatus(explain(error), true);
  }
}

function renderCell(cell, unit, threshold) {
  const kind = SOURCE_CLASSES[cell.source] || 'missing';
  const td = el('td', { class: `num ${kind}`, 'data-indicator': cell.indicator, 'data-source': kind });
  if (kind === 'missing') {
    td.textContent = '—';
    td.title = SOURCE_TITLES.missing;
  } else if (kind === 'unreachable') {
    td.textContent = 'injoignable';
    td.title = SOURCE_TITLES.unreachable;
  } else if (cell.suppressed) {
    td.classList.add('suppressed');
    td.dataset.source = 'suppressed';
    td.textContent = `< ${threshold || 5}`;
    td.title = SOURCE_TITLES.suppressed.replace('{n}', threshold || 5);
  } else {
    td.dataset.value = cell.value;
    td.textContent = cell.display || figure(cell.value, unit);
    td.title = SOURCE_TITLES[kind];
    if (kind === 'reported') td.appendChild(el('sup', { class: 'mark' }, 'D'));
  }
  return td;
}

function renderTable(table) {
  const year = table.fiscalYear;
  const columns = table.columns;
  const thead = $('national-table').tHead;
  const tbody = $('national-table').tBodies[0];
  const tfoot = $('national-table').tFoot;
  thead.replaceChildren();
  tbody.replaceChildren();
  tfoot.replaceChildren();

  const head = el('tr');
  head.append(el('th', { scope: 'col' }, 'Pôle'), el('th', { scope: 'col' }, 'Région'),
              el('th', { scope: 'col' }, 'État'), el('th', { scope: 'col' }, 'Bilan'));
  for (const column of columns) {
    head.appendChild(el('th', { scope: 'col', 'data-indicator': codeOf(column), title: codeOf(column) },
                        column.labelFr || codeOf(column)));
  }
  thead.appendChild(head);

  for (const row of table.rows) {
    const slug = slugOf(row.tenant);
    const tr = el('tr', { 'data-tenant': slug, 'data-state': row.state });
    if (row.state === 'UNREACHABLE') tr.classList.add('unreachable');
    tr.appendChild(el('th', { scope: 'row' }, row.displayName || slug));
    tr.appendChild(el('td', {}, row.regionName));
    const state = el('td', { class: `state ${row.state.toLowerCase()}` }, STATE_LABELS[row.state] || row.state);
    if (row.state === 'SUBMITTED' && row.submitTime) {
      state.title = `Déposé le ${row.submitTime.slice(0, 10)}${row.submittedBy ? ` par ${row.submittedBy}` : ''}`;
    }
    tr.appendChild(state);
    const bilan = `/api/v1/tenants/${encodeURIComponent(slug)}/bilans/${year}.html`;
    const link = el('a', { href: bilan, class: 'bilan', target: '_blank' }, 'Bilan');
    link.addEventListener('click', (event) => { event.preventDefault(); openWithKey(bilan); });
    const bilanCell = el('td');
    bilanCell.appendChild(link);
    tr.appendChild(bilanCell);
    const byCode = new Map();
    for (const cell of row.cells) {
      if (!cell.dimensions || Object.keys(cell.dimensions).length === 0) byCode.set(cell.indicator, cell);
    }
    for (const column of columns) {
      const code = codeOf(column);
      const cell = byCode.get(code) || { indicator: code, source: 'CELL_SOURCE_MISSING' };
      tr.appendChild(renderCell(cell, column.unit, table.disclosureThreshold));
    }
    tbody.appendChild(tr);
  }

  const totals = new Map();
  for (const total of table.totals) {
    if (!total.dimensions || Object.keys(total.dimensions).length === 0) totals.set(total.indicator, total);
  }
  const foot = el('tr');
  const partial = table.totals.some((t) => t.partial);
  foot.appendChild(el('th', { scope: 'row', colspan: '4' }, partial ? 'Total national (partiel)' : 'Total national'));
  for (const column of columns) {
    const total = totals.get(codeOf(column));
    const td = el('td', { class: 'num', 'data-indicator': codeOf(column) });
    if (total) {
      td.dataset.value = total.value;
      td.textContent = total.display || figure(total.value, column.unit);
      td.title = `Sur ${total.tenantCount} Pôle(s)${total.partial ? ', partiel' : ''}`;
    } else {
      td.textContent = '—';
    }
    foot.appendChild(td);
  }
  tfoot.appendChild(foot);

  const unreachable = $('unreachable');
  if (table.unreachable && table.unreachable.length) {
    unreachable.hidden = false;
    unreachable.textContent = 'Injoignables (non comptés dans les totaux) : ' +
      table.unreachable.map((u) => `${slugOf(u.tenant)} (${u.service} : ${u.reason || u.code})`).join(', ');
  } else {
    unreachable.hidden = true;
  }
}

function renderCharts(table) {
  for (const chart of charts.splice(0)) chart.destroy();
  const container = $('charts');
  container.replaceChildren();
  if (typeof Chart === 'undefined') {
    container.textContent = 'Graphiques indisponibles (Chart.js non installé).';
    return;
  }
  const regions = [...new Set(table.rows.map((r) => r.regionName))].sort((a, b) => a.localeCompare(b, 'fr'));
  for (const column of table.columns) {
    const code = codeOf(column);
    const sums = new Map(regions.map((r) => [r, 0]));
    let any = false;
    for (const row of table.rows) {
      for (const cell of row.cells) {
        if (cell.indicator !== code || (cell.dimensions && Object.keys(cell.dimensions).length)) continue;
        if (cell.suppressed || !['CELL_SOURCE_COMPUTED', 'CELL_SOURCE_REPORTED'].includes(cell.source)) continue;
        const value = Number(cell.value) / (column.unit === 'cents' ? 100 : 1);
        sums.set(row.regionName, sums.get(row.regionName) + value);
        any = true;
      }
    }
    const box = el('figure', { class: 'chart', 'data-indicator': code });
    const canvas = el('canvas', { 'aria-label': `${column.labelFr} par région`, role: 'img' });
    box.appendChild(canvas);
    container.appendChild(box);
    charts.push(new Chart(canvas, {
      type: 'bar',
      data: {
        labels: regions,
        datasets: [{ label: column.labelFr + (column.unit === 'cents' ? ' ($)' : ''),
                     data: regions.map((r) => sums.get(r)), backgroundColor: '#3b6ea8' }],
      },
      options: {
        animation: false,
        locale: 'fr-CA',
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: column.labelFr + (any ? '' : ' (aucune valeur)') },
                   legend: { display: false } },
        scales: { x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 45, font: { size: 9 } } },
                  y: { beginAtZero: true } },
      },
    }));
  }
}

function renderFindings(response, names) {
  const list = $('findings');
  list.replaceChildren();
  const findings = response.findings || [];
  if (!findings.length) {
    list.appendChild(el('li', {}, 'Aucun constat pour cet exercice.'));
    return;
  }
  for (const f of findings) {
    const item = el('li', { 'data-tenant': slugOf(f.tenant), 'data-rule': f.rule });
    item.appendChild(el('strong', {}, names.get(f.tenant) || slugOf(f.tenant)));
    item.append(` — ${f.messageFr || `${f.indicator} : ${f.value} / ${f.comparedValue}`}`);
    list.appendChild(item);
  }
}

async function show(year) {
  document.body.dataset.state = 'loading';
  setStatus(`Lecture de l'exercice ${year}…`);
  const url = new URL(window.location);
  url.searchParams.set('fiscal_year', year);
  history.replaceState(null, '', url);
  try {
    const table = await (await api(`/api/v1/national/table?fiscal_year=${encodeURIComponent(year)}`)).json();
    renderTable(table);
    renderCharts(table);
    const names = new Map(table.rows.map((r) => [r.tenant, r.displayName]));
    try {
      renderFindings(await (await api(`/api/v1/national/findings?fiscal_year=${encodeURIComponent(year)}`)).json(), names);
    } catch (error) {
      $('findings').replaceChildren(el('li', {}, explain(error)));
    }
    const nothing = table.rows.filter((r) => r.state === 'NOTHING').length;
    setStatus(`${table.rows.length} Pôles, dont ${nothing} sans aucune donnée pour ${year}.`);
    document.body.dataset.state = 'ready';
  } catch (error) {
    setStatus(explain(error), true);
    document.body.dataset.state = 'error';
  }
}

function start() {
  const select = $('fiscal-year');
  const wanted = new URLSearchParams(window.location.search).get('fiscal_year') || DEFAULT_YEAR;
  for (const year of fiscalYears()) select.appendChild(el('option', { value: year }, year));
  if ([...select.options].some((o) => o.value === wanted)) select.value = wanted;
  select.addEventListener('change', () => show(select.value));
  $('csv-link').addEventListener('click', (event) => {
    event.preventDefault();
    openWithKey(`/api/v1/national/table?fiscal_year=${select.value}&format=csv&separator=semicolon`,
                `tableau-national-${select.value}.csv`);
  });

  const connected = () => {
    $('tableau').hidden = false;
    $('key-forget').hidden = false;
    $('api-key').value = '';
    $('api-key').placeholder = 'clé enregistrée pour cet onglet';
    show(select.value);
  };
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY_ITEM, key);
    connected();
  });
  $('key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_ITEM);
    $('tableau').hidden = true;
    $('key-forget').hidden = true;
    $('api-key').placeholder = 'pk_…';
    document.body.dataset.state = '';
  });
  if (apiKey()) connected();
}

document.addEventListener('DOMContentLoaded', start);
