// Bilan: the Pôle's bilan (rapport d'activité) of a fiscal year as the
// gateway compiles it (GET /api/v1/tenants/{t}/bilans/{fy}), printable (the
// print style sheet keeps the bilan alone) and saved as PDF by the
// browser's print; the gateway's own HTML rendering one link away.
import { useEffect, useState } from 'preact/hooks';
import { gatewayRead, tenantPath } from '../api.js';
import { currentLang, t } from '../i18n.js';
import { formatDate, formatMoney, formatNumber } from '../format.js';
import { ErrorMessage, FiscalYearPicker } from './common.jsx';
import './Bilan.words.js';

function cellText(cell, unit) {
  if (!cell) return '—';
  if (cell.suppressed) return '< 5';
  if (cell.source === 'CELL_SOURCE_MISSING') return t('bilan.missing');
  if (cell.source === 'CELL_SOURCE_UNREACHABLE') return t('bilan.unreachable');
  return unit === 'cents' ? formatMoney(cell.value) : formatNumber(cell.value);
}

function BilanTable({ table, id }) {
  const en = currentLang() === 'en';
  const title = (en && table.titleEn) || table.titleFr || table.indicator;
  const labels = table.rowLabels || {};
  const rows = table.rows || [];
  return (
    <table class="figures" id={id} data-indicator={table.indicator}>
      <caption>{title}</caption>
      {rows.length > 0 && (
        <thead>
          <tr>
            <th scope="col">{t('bilan.category')}</th>
            <th scope="col" class="num">{t('dash.value')}</th>
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row, i) => {
          const value = (row.dimensions || {})[table.dimension] || '';
          return (
            <tr key={`${value}-${i}`} data-row={value}>
              <th scope="row">{labels[value] || value}</th>
              <td class="num" data-value={row.value}>{cellText(row, table.unit)}</td>
            </tr>
          );
        })}
        <tr class="total" data-row="total">
          <th scope="row">{t('bilan.total')}</th>
          <td class="num" data-value={table.total ? table.total.value : ''}>{cellText(table.total, table.unit)}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function Bilan({ session, fiscalYear, setFiscalYear }) {
  const [bilan, setBilan] = useState(null);
  const [error, setError] = useState(null);
  const path = tenantPath(`/bilans/${encodeURIComponent(fiscalYear)}`);

  useEffect(() => {
    let live = true;
    setBilan(null);
    setError(null);
    gatewayRead(path).then((b) => live && setBilan(b)).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [fiscalYear]);

  const en = currentLang() === 'en';
  const html = `/api/v1/${path}.html${en ? '?lang=en' : ''}`;
  const submitted = bilan && bilan.state === 'SUBMITTED';
  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('bilan.title', { fy: fiscalYear })}</h1>
      <div class="no-print">
        <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
        <p>
          <button type="button" id="imprimer" onClick={() => window.print()} aria-describedby="imprimer-aide"
                  disabled={!bilan}>{t('bilan.print')}</button>{' '}
          {session && session.mode === 'cookie' && (
            <a id="bilan-html" href={html} target="_blank" rel="noopener">{t('bilan.html')}</a>
          )}
        </p>
        <p class="hint" id="imprimer-aide">{t('bilan.print.hint')}</p>
      </div>
      <ErrorMessage error={error} />
      {!bilan && !error && <p role="status">{t('app.loading')}</p>}
      {bilan && (
        <article id="bilan" aria-labelledby="bilan-pole">
          <header class="bilan-head">
            <h2 id="bilan-pole">{bilan.displayName}</h2>
            {bilan.legalName && <p id="bilan-nom-legal">{t('bilan.legal', { name: bilan.legalName })}</p>}
            {bilan.incorporationDate && (
              <p id="bilan-constitution">{t('bilan.incorporated', { date: formatDate(bilan.incorporationDate) })}</p>
            )}
            <p>{t('bilan.region', { region: bilan.regionName })}</p>
            <p id="bilan-etat">
              {submitted ? t('bilan.state.submitted', { date: formatDate(bilan.submitTime) }) : t('bilan.state.open')}
            </p>
            <p class="hint">{t('bilan.computed', { date: formatDate(bilan.computeTime) })}</p>
          </header>
          {(bilan.unreachable || []).length > 0 && (
            <p class="error" role="alert">{t('bilan.partial')}</p>
          )}
          {(bilan.sections || []).map((section) => (
            <section key={section.key} aria-labelledby={`section-${section.key}`} class="bilan-section"
                     data-section={section.key}>
              <h3 id={`section-${section.key}`}>{(en && section.titleEn) || section.titleFr}</h3>
              {(section.tables || []).map((table, i) => (
                <BilanTable key={`${table.indicator}-${table.dimension}-${i}`} table={table}
                            id={`bilan-${section.key}-${i}`} />
              ))}
              {(section.notes || []).length > 0 && (
                <ul class="notes">{section.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>
              )}
            </section>
          ))}
          <section aria-labelledby="bilan-constats" class="bilan-section">
            <h3 id="bilan-constats">{t('bilan.findings')}</h3>
            {(bilan.findings || []).length === 0 && <p>{t('bilan.findings.none')}</p>}
            <ul id="bilan-constats-liste">
              {(bilan.findings || []).map((f, i) => (
                <li key={i} data-indicator={f.indicator}>{en ? f.messageEn : f.messageFr}</li>
              ))}
            </ul>
          </section>
        </article>
      )}
    </section>
  );
}
