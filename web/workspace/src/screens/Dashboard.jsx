// Tableau de bord du Pôle: the fiscal year's indicators from the four
// services' summaries (computed from the records or reported), and the
// year's state (open or submitted).
import { useEffect, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { indicatorLabel, t } from '../i18n.js';
import { fiscalYearBounds, formatDate, formatMoney, formatNumber, isMoneyIndicator } from '../format.js';
import { ErrorMessage, FiscalYearPicker } from './common.jsx';
import { Findings, SubmitYear } from './Submission.jsx';

const SERVICES = [
  ['events', 'summarizeEvents'],
  ['directories', 'summarizeDirectories'],
  ['funding', 'summarizeFunding'],
  ['plans', 'summarizePlans'],
];

export async function loadTotals(fiscalYear, services = SERVICES) {
  const groups = await Promise.all(services.map(async ([group, verb]) => {
    const summary = await api('GET', tenantPath(`:${verb}`), { query: { fiscal_year: fiscalYear } });
    const totals = (summary.values || []).filter((v) => Object.keys(v.dimensions || {}).length === 0);
    return { group, totals };
  }));
  return groups;
}

export function IndicatorTable({ caption, totals, id }) {
  if (!totals.length) return <p>{t('dash.none')}</p>;
  return (
    <table id={id} class="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('dash.indicator')}</th>
          <th scope="col" class="num">{t('dash.value')}</th>
          <th scope="col">{t('dash.provenance')}</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((v) => (
          <tr key={v.indicator} data-indicator={v.indicator}>
            <th scope="row">{indicatorLabel(v.indicator)}</th>
            <td class="num" data-value={v.value}>
              {isMoneyIndicator(v.indicator) ? formatMoney(v.value) : formatNumber(v.value)}
            </td>
            <td>{v.provenance === 'PROVENANCE_REPORTED' ? t('dash.reported') : t('dash.computed')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Dashboard({ fiscalYear, setFiscalYear, canEdit }) {
  const [groups, setGroups] = useState(null);
  const [year, setYear] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setGroups(null);
    setError(null);
    loadTotals(fiscalYear).then((g) => live && setGroups(g)).catch((e) => live && setError(e));
    api('GET', tenantPath(`/fiscalYears/${fiscalYear}`))
      .then((fy) => live && setYear(fy)).catch(() => live && setYear(null));
    return () => { live = false; };
  }, [fiscalYear]);

  const { from, to } = fiscalYearBounds(fiscalYear);
  const submitted = year && year.state === 'SUBMITTED';
  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('dash.title')}</h1>
      <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
      <p>{t('dash.lead', { fy: fiscalYear, from: formatDate(from), to: formatDate(to) })}</p>
      <p id="etat-exercice">
        <strong>{t('dash.status')} : </strong>
        {submitted ? t('dash.status.submitted', { date: formatDate(year.submitTime) }) : t('dash.status.open')}
      </p>
      <Findings fiscalYear={fiscalYear} />
      <SubmitYear fiscalYear={fiscalYear} year={year} canEdit={canEdit} onSubmitted={setYear} />
      <ErrorMessage error={error} />
      {!groups && !error && <p role="status">{t('app.loading')}</p>}
      {groups && groups.map(({ group, totals }) => (
        <section key={group} aria-labelledby={`groupe-${group}`}>
          <h2 id={`groupe-${group}`}>{t(`dash.group.${group}`)}</h2>
          <IndicatorTable id={`indicateurs-${group}`} totals={totals}
                          caption={`${t(`dash.group.${group}`)} — ${t('dash.caption', { fy: fiscalYear })}`} />
        </section>
      ))}
    </section>
  );
}
