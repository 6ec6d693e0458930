// The dashboard's part about submitting the year: the year's findings (what
// is missing or inconsistent, as the gateway's bilan lists them), and for
// an editor of an open year the submit button with its confirmation; a
// submitted year shows its lock.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, gatewayRead, tenantPath } from '../api.js';
import { currentLang, t } from '../i18n.js';
import { formatDate } from '../format.js';
import { ErrorMessage } from './common.jsx';
import './Submission.words.js';

// Findings the national mandate expects and that are absent, then the rest.
const MISSING = 'MISSING_EXPECTED';

function FindingList({ id, findings }) {
  const lang = currentLang();
  return (
    <ul id={id} class="findings">
      {findings.map((f, i) => (
        <li key={`${f.indicator}-${f.rule}-${f.dimension}-${i}`} data-indicator={f.indicator} data-rule={f.rule}>
          {lang === 'en' ? f.messageEn : f.messageFr}
        </li>
      ))}
    </ul>
  );
}

export function Findings({ fiscalYear }) {
  const [findings, setFindings] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    setFindings(null);
    setError(null);
    gatewayRead(tenantPath(`/bilans/${encodeURIComponent(fiscalYear)}`))
      .then((b) => live && setFindings(b.findings || []))
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, [fiscalYear]);

  const missing = (findings || []).filter((f) => f.rule === MISSING);
  const other = (findings || []).filter((f) => f.rule !== MISSING);
  return (
    <section aria-labelledby="titre-constats" id="constats">
      <h2 id="titre-constats">{t('submit.findings.title')}</h2>
      <ErrorMessage error={error} />
      {!findings && !error && <p role="status">{t('app.loading')}</p>}
      {findings && !findings.length && <p id="constats-aucun">{t('submit.findings.none', { fy: fiscalYear })}</p>}
      {findings && findings.length > 0 && (
        <>
          <p id="constats-compte">{t('submit.findings.count', { n: findings.length, fy: fiscalYear })}</p>
          {missing.length > 0 && (
            <>
              <h3 id="titre-manquants">{t('submit.findings.missing', { n: missing.length })}</h3>
              <FindingList id="constats-manquants" findings={missing} />
            </>
          )}
          {other.length > 0 && (
            <>
              <h3 id="titre-incoherences">{t('submit.findings.other', { n: other.length })}</h3>
              <FindingList id="constats-incoherences" findings={other} />
            </>
          )}
        </>
      )}
    </section>
  );
}

// `year` is the FiscalYear (null while unknown); `onSubmitted` receives the
// submitted one.
export function SubmitYear({ fiscalYear, year, canEdit, onSubmitted }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const confirm = useRef(null);
  const open = useRef(null);
  const lock = useRef(null);
  const [justSubmitted, setJustSubmitted] = useState(false);
  useEffect(() => { setConfirming(false); setError(null); setJustSubmitted(false); }, [fiscalYear]);
  useEffect(() => { if (confirming && confirm.current) confirm.current.focus(); }, [confirming]);
  // Once submitted here, the lock takes the focus the confirmation had.
  useEffect(() => { if (justSubmitted && lock.current) lock.current.focus(); }, [justSubmitted, year]);

  // The dashboard's year may still be the one chosen before.
  if (!year || !String(year.name).endsWith(`/${fiscalYear}`)) return null;
  if (year.state === 'SUBMITTED') {
    return (
      <section aria-labelledby="titre-soumission" id="soumission">
        <h2 id="titre-soumission">{t('submit.title')}</h2>
        <p class="notice" id="verrou" role="status" tabIndex={-1} ref={lock}>
          <strong>{t('submit.locked', { fy: fiscalYear })}</strong>{' '}
          {t('submit.locked.when', { date: formatDate(year.submitTime), who: year.submittedBy || '—' })}{' '}
          {t('submit.locked.why')}
        </p>
      </section>
    );
  }
  if (!canEdit) return null;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await api('POST', tenantPath(`/fiscalYears/${encodeURIComponent(fiscalYear)}:submitFiscalYear`),
                             { body: { requestId: crypto.randomUUID() } });
      setConfirming(false);
      setJustSubmitted(true);
      onSubmitted(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setConfirming(false);
    setTimeout(() => open.current && open.current.focus(), 0);
  };

  return (
    <section aria-labelledby="titre-soumission" id="soumission">
      <h2 id="titre-soumission">{t('submit.title')}</h2>
      <p id="soumission-aide">{t('submit.lead', { fy: fiscalYear })}</p>
      {!confirming && (
        <button type="button" id="soumettre" ref={open} aria-describedby="soumission-aide"
                onClick={() => setConfirming(true)}>{t('submit.button', { fy: fiscalYear })}</button>
      )}
      {confirming && (
        <div id="confirmation" role="group" aria-labelledby="confirmation-titre" class="confirm">
          <p id="confirmation-titre"><strong>{t('submit.confirm.question', { fy: fiscalYear })}</strong></p>
          <p id="confirmation-texte">{t('submit.confirm.text', { fy: fiscalYear })}</p>
          <button type="button" id="confirmer" ref={confirm} disabled={busy} aria-describedby="confirmation-texte"
                  onClick={submit}>{t('submit.confirm.yes', { fy: fiscalYear })}</button>{' '}
          <button type="button" id="annuler" class="secondary" disabled={busy} onClick={cancel}>
            {t('submit.confirm.no')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
