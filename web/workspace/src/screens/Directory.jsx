// Répertoire: the Pôle's organisations, searched as one types (the
// service ignores case and accents), filtered by MRC, sector, legal form
// and membership; and (editors) a CSV import checked whole by a dry run
// that names every bad line and column before anything is written, then
// applied all at once, or not at all; the directory exported as CSV
// (ExportDirectory) into a file the browser saves.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { currentLang, t } from '../i18n.js';
import { ErrorMessage } from './common.jsx';
import { parseOrganisations, problemsOf, readText } from '../csv.js';
import { OrganisationEdit } from './OrganisationEdit.jsx';
import './Directory.words.js';

const LEGAL = ['OBNL', 'COOPERATIVE', 'MUTUAL', 'OTHER'];
const MEMBERSHIP = ['ACTIVE', 'LAPSED', 'NON_MEMBER'];
const MAX_ROWS = 1000;  // ImportOrganisations' rows per message

function Import({ onImported }) {
  const [parsed, setParsed] = useState(null);
  const [check, setCheck] = useState(null);  // {ok, counts} | {problems}
  const [done, setDone] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const file = useRef(null);

  const send = (rows, validateOnly) => api('POST', tenantPath(':importOrganisations'), {
    body: { validateOnly, rows },
  });

  const verify = async (e) => {
    e.preventDefault();
    setCheck(null); setDone(null); setError(null);
    const f = file.current.files[0];
    if (!f) return;
    setBusy(true);
    try {
      const p = parseOrganisations(await readText(f));
      setParsed(p);
      if (p.problems.length) { setCheck({ problems: p.problems }); return; }
      if (!p.rows.length) { setError({ message: t('import.empty'), violations: () => [] }); return; }
      if (p.rows.length > MAX_ROWS) {
        setError({ message: `${p.rows.length} > ${MAX_ROWS}`, violations: () => [] });
        return;
      }
      try {
        const counts = await send(p.rows, true);
        setCheck({ ok: true, counts });
      } catch (err) {
        const v = err.violations ? err.violations() : [];
        if (err.status === 400 && v.length) setCheck({ problems: problemsOf(v, p.columnOf), message: err.message });
        else setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    setBusy(true); setError(null);
    try {
      const counts = await send(parsed.rows, false);
      setDone(counts);
      setCheck(null);
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="titre-import" id="import">
      <h2 id="titre-import">{t('import.title')}</h2>
      <p id="import-aide">{t('import.lead')}</p>
      <form onSubmit={verify}>
        <div class="field">
          <label for="import-fichier">{t('import.file')}</label>
          <input id="import-fichier" type="file" accept=".csv,text/csv" ref={file} aria-describedby="import-aide"
                 onChange={() => { setCheck(null); setDone(null); setError(null); }} />
        </div>
        <button type="submit" disabled={busy}>{t('import.check')}</button>
      </form>
      <ErrorMessage error={error} />
      <div role="status" id="import-resultat">
        {check && check.ok && (
          <p class="ok">{t('import.ok', {
            rows: check.counts.rows, created: check.counts.created,
            updated: check.counts.updated, unchanged: check.counts.unchanged,
          })}</p>
        )}
        {done && <p class="ok">{t('import.done', { created: done.created, updated: done.updated, unchanged: done.unchanged })}</p>}
      </div>
      {check && check.problems && (
        <div role="alert">
          <p class="error">{t('import.bad', { n: check.problems.length })}</p>
          {check.problems.length >= 25 && <p>{t('import.more', { shown: check.problems.length })}</p>}
          <table id="import-problemes">
            <caption>{t('import.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">{t('import.col.line')}</th>
                <th scope="col">{t('import.col.column')}</th>
                <th scope="col">{t('import.col.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {check.problems.map((p, i) => (
                <tr key={i} data-line={p.line}>
                  <td class="num">{p.line}</td><td>{p.column}</td><td>{p.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {check && check.ok && (
        <button type="button" id="import-appliquer" disabled={busy} onClick={apply}>
          {t('import.run', { rows: check.counts.rows })}
        </button>
      )}
    </section>
  );
}

// The public directory as CSV (ExportDirectory: UTF-8 with BOM, CRLF,
// opens as is in Excel; ';' between fields for Excel under French regional
// settings), saved by the browser under the service's file name.
function Export() {
  const [semicolon, setSemicolon] = useState(true);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setError(null); setMessage(''); setBusy(true);
    try {
      const r = await api('GET', tenantPath(':exportDirectory'), { query: { format: 'CSV', semicolon: semicolon ? 'true' : '' } });
      const binary = atob(r.data || '');
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], { type: r.contentType || 'text/csv; charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = r.filename || 'repertoire.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setMessage(t('export.done', { file: a.download }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="titre-export" id="export">
      <h2 id="titre-export">{t('export.title')}</h2>
      <p id="export-aide">{t('export.lead')}</p>
      <p class="checks">
        <span><input id="export-pointvirgule" type="checkbox" checked={semicolon}
                     onChange={(e) => setSemicolon(e.currentTarget.checked)} />
          <label for="export-pointvirgule">{t('export.semicolon')}</label></span>
      </p>
      <button type="button" class="secondary" id="export-telecharger" disabled={busy} onClick={download}
              aria-describedby="export-aide">{t('export.download')}</button>
      <ErrorMessage error={error} />
      <p role="status" class="ok" id="export-etat">{message}</p>
    </section>
  );
}

export function Directory({ canEdit }) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState({ mrc: '', sector: '', legal_form: '', membership_status: '' });
  const [orgs, setOrgs] = useState([]);
  const [next, setNext] = useState('');
  const [sectors, setSectors] = useState([]);
  const [mrcs, setMrcs] = useState([]);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [editing, setEditing] = useState(null);  // the organisation's name

  useEffect(() => {
    api('GET', 'sectors').then((r) => setSectors(r.sectors || [])).catch(setError);
    api('GET', tenantPath(':getDirectoryDistribution'))
      .then((r) => setMrcs((r.byMrc || []).slice().sort((a, b) => a.label.localeCompare(b.label, 'fr'))))
      .catch(setError);
  }, []);

  const params = () => ({ page_size: 50, query: query.trim(), ...filters });
  useEffect(() => {
    let live = true;
    // Typing waits 200 ms after the last key; each answer replaces the last.
    const timer = setTimeout(() => {
      api('GET', tenantPath('/organisations'), { query: params() })
        .then((r) => { if (live) { setOrgs(r.organisations || []); setNext(r.nextPageToken || ''); setError(null); setLoaded(true); } })
        .catch((e) => live && setError(e));
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [query, filters, version]);

  const more = async () => {
    try {
      const r = await api('GET', tenantPath('/organisations'), { query: { ...params(), page_token: next } });
      setOrgs(orgs.concat(r.organisations || []));
      setNext(r.nextPageToken || '');
    } catch (e) { setError(e); }
  };

  const sectorLabel = (name) => {
    const s = sectors.find((x) => x.name === name);
    return s ? (currentLang() === 'en' && s.labelEn ? s.labelEn : s.labelFr) : name;
  };
  const mrcLabel = (name) => { const m = mrcs.find((x) => x.key === name); return m ? m.label : name; };
  const setFilter = (k) => (e) => setFilters({ ...filters, [k]: e.currentTarget.value });

  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('dir.title')}</h1>
      <div role="search">
        <div class="field">
          <label for="recherche">{t('dir.search')}</label>
          <input id="recherche" type="search" value={query} aria-describedby="recherche-aide"
                 onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
          <span class="hint" id="recherche-aide">{t('dir.search.hint')}</span>
        </div>
        <fieldset class="filters">
          <legend>{t('dir.filters')}</legend>
          <div class="field">
            <label for="filtre-mrc">{t('dir.f.mrc')}</label>
            <select id="filtre-mrc" value={filters.mrc} onChange={setFilter('mrc')}>
              <option value="">{t('dir.f.all')}</option>
              {mrcs.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="filtre-secteur">{t('dir.f.sector')}</label>
            <select id="filtre-secteur" value={filters.sector} onChange={setFilter('sector')}>
              <option value="">{t('dir.f.all.m')}</option>
              {sectors.map((s) => <option key={s.name} value={s.name}>{sectorLabel(s.name)}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="filtre-forme">{t('dir.f.legal')}</label>
            <select id="filtre-forme" value={filters.legal_form} onChange={setFilter('legal_form')}>
              <option value="">{t('dir.f.all')}</option>
              {LEGAL.map((l) => <option key={l} value={l}>{t(`legal.${l}`)}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="filtre-adhesion">{t('dir.f.member')}</label>
            <select id="filtre-adhesion" value={filters.membership_status} onChange={setFilter('membership_status')}>
              <option value="">{t('dir.f.all')}</option>
              {MEMBERSHIP.map((m) => <option key={m} value={m}>{t(`member.${m}`)}</option>)}
            </select>
          </div>
        </fieldset>
      </div>
      <ErrorMessage error={error} />
      <p role="status" class="visually-hidden">{loaded ? t('dir.caption', { n: orgs.length }) : ''}</p>
      {loaded && orgs.length === 0 ? <p>{t('dir.none')}</p> : (
        <div class="scroll" tabIndex={0} role="region" aria-labelledby="liste-caption">
          <table id="liste-organisations">
            <caption id="liste-caption">{t('dir.caption', { n: orgs.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dir.col.name')}</th>
                <th scope="col">{t('dir.col.legal')}</th>
                <th scope="col">{t('dir.col.sector')}</th>
                <th scope="col">{t('dir.col.mrc')}</th>
                <th scope="col">{t('dir.col.municipality')}</th>
                <th scope="col">{t('dir.col.member')}</th>
                {canEdit && <th scope="col"><span class="visually-hidden">{t('orgedit.edit')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.name}>
                  <th scope="row">{o.displayName}</th>
                  <td>{o.legalForm && o.legalForm !== 'LEGAL_FORM_UNSPECIFIED' ? t(`legal.${o.legalForm}`) : ''}</td>
                  <td>{o.sector ? sectorLabel(o.sector) : ''}</td>
                  <td>{o.mrc ? mrcLabel(o.mrc) : ''}</td>
                  <td>{o.municipality}</td>
                  <td>{o.membership && o.membership.status === 'ACTIVE' ? t('yes') : t('no')}</td>
                  {canEdit && (
                    <td><button type="button" class="secondary" data-edit={o.name} onClick={() => setEditing(o.name)}
                                aria-label={t('orgedit.edit.label', { name: o.displayName })}>{t('orgedit.edit')}</button></td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && <button type="button" class="secondary" onClick={more}>{t('dir.more')}</button>}
      {canEdit && editing && (
        <OrganisationEdit name={editing} onSaved={() => setVersion(version + 1)} onClose={() => setEditing(null)} />
      )}
      <Export />
      {canEdit && <Import onImported={() => setVersion(version + 1)} />}
    </section>
  );
}

