// Accompagnement: the dossiers opened in the fiscal year (filtered by
// phase, sector and MRC, as ListDossiers allows), each dossier's
// interventions, and the people the Pôle knows with their consent; for
// editors, opening a dossier, editing its phase, sector, MRC, gender and
// closing date (with its etag), adding an intervention, deleting an
// intervention or a dossier (with its interventions), and erasing a
// person's information on request, each behind a confirmation that says
// what goes and that it cannot be undone.
import { useEffect, useState } from 'preact/hooks';
import { api, tenantPath } from '../api.js';
import { currentLang, t } from '../i18n.js';
import { fiscalYearBounds, formatDate } from '../format.js';
import { Confirm, EditLoading, ErrorMessage, Field, FiscalYearPicker, FormError, StaleNotice, described, errorText, isStale,
  useEtagEdit, useFormState, violationsOf } from './common.jsx';
import './Accompaniment.words.js';

const PHASES = ['PRE_STARTUP', 'STARTUP', 'CONSOLIDATION', 'DEVELOPMENT', 'SUCCESSION'];
const GENDERS = ['NOT_COLLECTED', 'WOMEN', 'MEN', 'MIXED'];

// The service's violation text in the person's language.
function violationText(description) {
  const key = `acc.v.${description}`;
  const text = t(key);
  return text === key ? t('acc.v.other', { msg: description }) : text;
}

// "close_date" for "dossier.close_date", "subjects" for "intervention.subjects[0]".
function violationField(field) {
  return String(field || '').replace(/^[a-z_]+\./, '').replace(/[.[].*$/, '');
}

const lines = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);

// A form's submission: local checks, then the write; the service's field
// violations (by `names`, the API field to the form's) on their fields.
function useEntry(formId, names) {
  const { errors, setErrors, error, setError, message, setMessage, busy, setBusy, fail, refused } = useFormState(formId);
  const run = async (found, write, done) => {
    setError(null);
    setMessage('');
    if (Object.keys(found).length) { fail(found, t('acc.f.fix')); return; }
    setBusy(true);
    try {
      const saved = await write();
      setErrors({});
      setMessage(done(saved));
    } catch (err) {
      refused(err, fieldsOf(err, names), t('acc.f.refused'));
    } finally {
      setBusy(false);
    }
  };
  return { errors, error, message, busy, run };
}

// The service's violations by the form's field (`names`: the API field to
// the form's), in the person's language.
function fieldsOf(err, names) {
  const byField = {};
  for (const v of violationsOf(err)) {
    const name = names[violationField(v.field)];
    if (name) byField[name] = violationText(v.description);
  }
  return byField;
}

// A form's field block: `field(name, id, label, control, hint)`.
const fieldIn = (errors) => (k, id, label, input, hint) => (
  <Field id={id} label={label} hint={hint} errors={errors} name={k}>{input}</Field>
);

function DossierEntry({ fiscalYear, refs, onSaved }) {
  const blank = { title: '', organisation: '', group: '', sector: '', mrc: '', phase: '', gender: 'NOT_COLLECTED',
    open: fiscalYearBounds(fiscalYear).from, close: '', subjects: '' };
  const [form, setForm] = useState(blank);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const entry = useEntry('saisie-dossier', { title: 'title', promoter_group: 'group', organisation: 'organisation',
    sector: 'sector', mrc: 'mrc', phase: 'phase', promoter_gender: 'gender', open_date: 'open',
    close_date: 'close', subjects: 'subjects' });
  const { errors } = entry;

  const submit = (e) => {
    e.preventDefault();
    const found = {};
    for (const k of ['title', 'sector', 'mrc', 'phase', 'open']) {
      if (!form[k].trim()) found[k] = t('acc.err.required');
    }
    // One of the organisation and the promoter group.
    if (!form.organisation && !form.group.trim()) found.group = t('acc.err.group');
    const dossier = { title: form.title.trim(), organisation: form.organisation, promoterGroup: form.group.trim(),
      sector: form.sector, mrc: form.mrc,
      phase: form.phase, promoterGender: form.gender, openDate: form.open, subjects: lines(form.subjects) };
    if (form.close) dossier.closeDate = form.close;
    entry.run(found,
      () => api('POST', tenantPath('/dossiers'), { query: { request_id: crypto.randomUUID() }, body: dossier }),
      (saved) => { setForm(blank); onSaved(saved); return t('acc.f.saved', { title: saved.title }); });
  };

  const field = fieldIn(errors);
  return (
    <form id="saisie-dossier" class="entry" onSubmit={submit} aria-labelledby="titre-saisie-dossier" noValidate>
      <h2 id="titre-saisie-dossier">{t('acc.new')}</h2>
      <div class="grid">
        {field('title', 'dossier-titre', t('acc.f.title'),
          <input id="dossier-titre" maxLength={300} value={form.title} onInput={set('title')} {...described('dossier-titre', errors, 'title')} />)}
        {field('organisation', 'dossier-organisation', t('acc.f.organisation'),
          <select id="dossier-organisation" value={form.organisation} onChange={set('organisation')}
                  {...described('dossier-organisation', errors, 'organisation')}>
            <option value="">{t('acc.f.organisation.none')}</option>
            {refs.organisations.map((o) => <option key={o.name} value={o.name}>{o.displayName}</option>)}
          </select>)}
        {field('group', 'dossier-groupe', t('acc.f.group'),
          <input id="dossier-groupe" maxLength={300} value={form.group} onInput={set('group')} {...described('dossier-groupe', errors, 'group', true)} />,
          t('acc.f.group.hint'))}
        {field('sector', 'dossier-secteur', t('acc.f.sector'),
          <select id="dossier-secteur" value={form.sector} onChange={set('sector')} {...described('dossier-secteur', errors, 'sector')}>
            <option value="">{t('acc.f.choose')}</option>
            {refs.sectors.map((s) => <option key={s.name} value={s.name}>{refs.sectorLabel(s.name)}</option>)}
          </select>)}
        {field('mrc', 'dossier-mrc', t('acc.f.mrc'),
          <select id="dossier-mrc" value={form.mrc} onChange={set('mrc')} {...described('dossier-mrc', errors, 'mrc')}>
            <option value="">{t('acc.f.choose')}</option>
            {refs.mrcs.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
          </select>)}
        {field('phase', 'dossier-phase', t('acc.f.phase'),
          <select id="dossier-phase" value={form.phase} onChange={set('phase')} {...described('dossier-phase', errors, 'phase')}>
            <option value="">{t('acc.f.choose')}</option>
            {PHASES.map((p) => <option key={p} value={p}>{t(`acc.phase.${p}`)}</option>)}
          </select>)}
        {field('gender', 'dossier-genre', t('acc.f.gender'),
          <select id="dossier-genre" value={form.gender} onChange={set('gender')} {...described('dossier-genre', errors, 'gender')}>
            {GENDERS.map((g) => <option key={g} value={g}>{t(`acc.gender.${g}`)}</option>)}
          </select>)}
        {field('open', 'dossier-ouverture', t('acc.f.open'),
          <input id="dossier-ouverture" type="date" value={form.open} onInput={set('open')} {...described('dossier-ouverture', errors, 'open')} />)}
        {field('close', 'dossier-fermeture', t('acc.f.close'),
          <input id="dossier-fermeture" type="date" value={form.close} onInput={set('close')} {...described('dossier-fermeture', errors, 'close', true)} />,
          t('acc.f.close.hint'))}
      </div>
      {field('subjects', 'dossier-sujets', t('acc.f.subjects'),
        <textarea id="dossier-sujets" rows={3} value={form.subjects} onInput={set('subjects')} {...described('dossier-sujets', errors, 'subjects', true)} />,
        t('acc.int.subjects.hint'))}
      <FormError error={entry.error} />
      <p role="status" class="ok">{entry.message}</p>
      <button type="submit" disabled={entry.busy}>{t('acc.f.submit')}</button>
    </form>
  );
}

// The edit of a dossier's phase, sector, MRC, promoter group's gender and
// closing date (UpdateDossier): the copy read fresh when the form opens
// carries its etag, and only the changed fields are sent in the
// update_mask. A stale copy is refused by the service (409) and explained,
// with the current version to reload.
const DOSSIER_FIELDS = [['phase', 'phase', 'phase'], ['sector', 'sector', 'sector'], ['mrc', 'mrc', 'mrc'],
  ['gender', 'promoterGender', 'promoter_gender'], ['close', 'closeDate', 'close_date']];

function DossierEdit({ name, refs, onSaved, onCancel }) {
  const valuesOf = (d) => ({ phase: d.phase || '', sector: d.sector || '', mrc: d.mrc || '',
    gender: d.promoterGender || 'NOT_COLLECTED', close: d.closeDate || '' });
  const edit = useEtagEdit({ name, formId: 'modification-dossier', staleId: 'dossier-perime', valuesOf });
  const { orig, form, errors, error, stale, message, busy, set, fail } = edit;

  if (!form) {
    return <EditLoading id="modification-dossier" title={t('acc.edit.loading')} error={error}
                        cancel={t('acc.edit.cancel')} onCancel={onCancel} />;
  }
  const submit = async (e) => {
    e.preventDefault();
    edit.start();
    const found = {};
    for (const k of ['phase', 'sector', 'mrc']) if (!form[k]) found[k] = t('acc.err.required');
    if (Object.keys(found).length) { fail(found, t('acc.f.fix')); return; }
    const was = valuesOf(orig);
    const body = { name: orig.name, etag: orig.etag };
    const mask = [];
    for (const [k, field, path] of DOSSIER_FIELDS) {
      if (form[k] === was[k]) continue;
      mask.push(path);
      if (form[k]) body[field] = form[k];
    }
    if (!mask.length) { edit.setMessage(t('acc.edit.unchanged')); return; }
    const names = { phase: 'phase', sector: 'sector', mrc: 'mrc', promoter_gender: 'gender', close_date: 'close' };
    await edit.save(() => api('PATCH', name, { query: { update_mask: mask.join(',') }, body }), onSaved,
      (err) => fieldsOf(err, names), t('acc.f.refused'));
  };
  const field = fieldIn(errors);
  return (
    <form id="modification-dossier" class="entry" onSubmit={submit} aria-labelledby="titre-modification-dossier" noValidate
          onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <h2 id="titre-modification-dossier" tabIndex={-1}>{t('acc.edit.title', { title: orig.title })}</h2>
      {stale && <StaleNotice id="dossier-perime" text={t('acc.edit.stale')} reload={t('acc.edit.reload')} onReload={edit.load} />}
      <p class="hint">{t('acc.edit.opened', { date: orig.openDate ? formatDate(orig.openDate) : '—' })}</p>
      <div class="grid">
        {field('phase', 'mdossier-phase', t('acc.f.phase'),
          <select id="mdossier-phase" value={form.phase} onChange={set('phase')} {...described('mdossier-phase', errors, 'phase')}>
            <option value="">{t('acc.f.choose')}</option>
            {PHASES.map((p) => <option key={p} value={p}>{t(`acc.phase.${p}`)}</option>)}
          </select>)}
        {field('sector', 'mdossier-secteur', t('acc.f.sector'),
          <select id="mdossier-secteur" value={form.sector} onChange={set('sector')} {...described('mdossier-secteur', errors, 'sector')}>
            <option value="">{t('acc.f.choose')}</option>
            {refs.sectors.map((s) => <option key={s.name} value={s.name}>{refs.sectorLabel(s.name)}</option>)}
          </select>)}
        {field('mrc', 'mdossier-mrc', t('acc.f.mrc'),
          <select id="mdossier-mrc" value={form.mrc} onChange={set('mrc')} {...described('mdossier-mrc', errors, 'mrc')}>
            <option value="">{t('acc.f.choose')}</option>
            {refs.mrcs.concat(refs.mrcs.some((m) => m.key === form.mrc) || !form.mrc ? [] : [{ key: form.mrc, label: form.mrc }])
              .map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
          </select>)}
        {field('gender', 'mdossier-genre', t('acc.f.gender'),
          <select id="mdossier-genre" value={form.gender} onChange={set('gender')} {...described('mdossier-genre', errors, 'gender')}>
            {GENDERS.map((g) => <option key={g} value={g}>{t(`acc.gender.${g}`)}</option>)}
          </select>)}
        {field('close', 'mdossier-fermeture', t('acc.f.close'),
          <input id="mdossier-fermeture" type="date" value={form.close} onInput={set('close')}
                 {...described('mdossier-fermeture', errors, 'close', true)} />,
          t('acc.f.close.hint'))}
      </div>
      <FormError error={error} />
      <p role="status" class="ok">{message}</p>
      <button type="submit" disabled={busy}>{t('acc.edit.submit')}</button>
      {' '}
      <button type="button" class="secondary" onClick={onCancel}>{t('acc.edit.cancel')}</button>
    </form>
  );
}

function InterventionEntry({ dossier, onSaved }) {
  const blank = { date: dossier.openDate || '', subjects: '', note: '' };
  const [form, setForm] = useState(blank);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const entry = useEntry('saisie-intervention', { intervention_date: 'date', subjects: 'subjects', note: 'note' });
  const { errors } = entry;
  const submit = (e) => {
    e.preventDefault();
    const found = {};
    if (!form.date) found.date = t('acc.err.required');
    if (!lines(form.subjects).length) found.subjects = t('acc.err.required');
    const body = { interventionDate: form.date, subjects: lines(form.subjects), note: form.note.trim() };
    entry.run(found,
      () => api('POST', `${dossier.name}/interventions`, { query: { request_id: crypto.randomUUID() }, body }),
      (saved) => { setForm(blank); onSaved(saved); return t('acc.int.saved', { date: formatDate(saved.interventionDate) }); });
  };
  return (
    <form id="saisie-intervention" class="entry" onSubmit={submit} aria-labelledby="titre-saisie-intervention" noValidate>
      <h3 id="titre-saisie-intervention">{t('acc.int.new')}</h3>
      <Field id="intervention-date" label={t('acc.int.date')} errors={errors} name="date">
        <input id="intervention-date" type="date" value={form.date} onInput={set('date')} {...described('intervention-date', errors, 'date')} />
      </Field>
      <Field id="intervention-sujets" label={t('acc.int.subjects')} hint={t('acc.int.subjects.hint')} errors={errors} name="subjects">
        <textarea id="intervention-sujets" rows={3} value={form.subjects} onInput={set('subjects')}
                  {...described('intervention-sujets', errors, 'subjects', true)} />
      </Field>
      <Field id="intervention-note" label={t('acc.int.note')} errors={errors} name="note">
        <textarea id="intervention-note" rows={3} maxLength={5000} value={form.note} onInput={set('note')}
                  {...described('intervention-note', errors, 'note')} />
      </Field>
      <FormError error={entry.error} />
      <p role="status" class="ok">{entry.message}</p>
      <button type="submit" disabled={entry.busy}>{t('acc.int.submit')}</button>
    </form>
  );
}

function Interventions({ dossier, canEdit, onChanged, children }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const [asking, setAsking] = useState(null);  // the intervention to delete
  const [busy, setBusy] = useState(false);
  const [askError, setAskError] = useState(null);
  const [notice, setNotice] = useState(null);  // {ok, text}
  const [chosen, setChosen] = useState('');   // the intervention chosen for a delete
  useEffect(() => {
    let live = true;
    api('GET', `${dossier.name}/interventions`, { query: { page_size: 200 } })
      .then((r) => {
        if (!live) return;
        const list = r.interventions || [];
        setItems(list);
        setChosen((c) => (list.some((i) => i.name === c) ? c : (list[0] ? list[0].name : '')));
      }).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [dossier.name, version]);
  const focusSoon = (id) => setTimeout(() => { const el = document.getElementById(id); if (el) el.focus(); }, 0);
  const remove = async () => {
    const date = formatDate(asking.interventionDate);
    setBusy(true);
    setAskError(null);
    try {
      await api('DELETE', asking.name, { query: { etag: asking.etag } });
      setAsking(null);
      setNotice({ ok: true, text: t('acc.del.int.done', { date }) });
      focusSoon('titre-interventions');
    } catch (err) {
      if (!isStale(err)) { setAskError({ text: t('acc.del.refused', { why: errorText(err) }) }); return; }
      setAsking(null);
      setNotice({ ok: false, text: t('acc.del.int.stale', { date }) });
      focusSoon('alerte-interventions');
    } finally {
      setBusy(false);
    }
    setVersion((v) => v + 1);
    onChanged();
  };
  return (
    <section id="interventions" aria-labelledby="titre-interventions">
      <h2 id="titre-interventions" tabIndex={-1}>{t('acc.int.title', { title: dossier.title })}</h2>
      {children}
      <ErrorMessage error={error} />
      <p role="status" class="ok" id="avis-interventions">{notice && notice.ok ? notice.text : ''}</p>
      {notice && !notice.ok && <p role="alert" class="error" id="alerte-interventions" tabIndex={-1}>{notice.text}</p>}
      {asking && (
        <Confirm id="confirmer-suppression-intervention"
                 title={t('acc.del.int.title', { date: formatDate(asking.interventionDate) })}
                 text={t('acc.del.int.text', { title: dossier.title })}
                 yes={t('acc.del.yes')} no={t('acc.del.no')} busy={busy} error={askError}
                 onYes={remove} onNo={() => setAsking(null)} />
      )}
      {items && !items.length && <p>{t('acc.int.none')}</p>}
      {items && items.length > 0 && (
        <table id="table-interventions">
          <caption class="visually-hidden">{t('acc.int.title', { title: dossier.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('acc.int.date')}</th><th scope="col">{t('acc.int.subjects')}</th><th scope="col">{t('acc.int.note')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.name} data-name={i.name}>
                <td>{formatDate(i.interventionDate)}</td><td>{(i.subjects || []).join(' ; ')}</td><td>{i.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && items && items.length > 0 && (
        <div class="field inline" id="choix-suppression-intervention">
          <label for="intervention-a-supprimer">{t('acc.del.int.choose')}</label>
          <select id="intervention-a-supprimer" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            {items.map((i) => (
              <option key={i.name} value={i.name}>{formatDate(i.interventionDate)} — {(i.subjects || []).join(', ')}</option>
            ))}
          </select>
          <button type="button" class="secondary" id="supprimer-intervention"
                  onClick={() => { setNotice(null); setAskError(null); setAsking(items.find((i) => i.name === chosen) || items[0]); }}>
            {t('acc.del.int.button')}
          </button>
        </div>
      )}
      {canEdit && <InterventionEntry key={dossier.name} dossier={dossier}
                                     onSaved={() => { setVersion(version + 1); onChanged(); }} />}
    </section>
  );
}

function People({ canEdit }) {
  const [people, setPeople] = useState(null);
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(null);  // the person to erase
  const [message, setMessage] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    api('GET', tenantPath('/people'), { query: { page_size: 200 } })
      .then((r) => live && setPeople(r.people || [])).catch((e) => live && setError(e));
    return () => { live = false; };
  }, [version]);

  const ask = (p) => {
    setAsking(p);
    setMessage('');
    setTimeout(() => { const b = document.getElementById('effacer-non'); if (b) b.focus(); }, 0);
  };
  const erase = async () => {
    const who = asking.displayName;
    setError(null);
    try {
      await api('POST', `${asking.name}:erasePerson`, { body: { etag: asking.etag } });
      setAsking(null);
      setMessage(t('acc.erase.done', { who }));
      setVersion(version + 1);
    } catch (e) { setError(e); }
  };

  return (
    <section aria-labelledby="titre-personnes">
      <h2 id="titre-personnes">{t('acc.people')}</h2>
      <p class="hint">{t('acc.people.lead')}</p>
      <ErrorMessage error={error} />
      <p role="status" class="ok" id="effacement-fait">{message}</p>
      {asking && (
        <div role="alertdialog" id="confirmer-effacement" class="entry" aria-labelledby="effacer-titre" aria-describedby="effacer-texte"
             onKeyDown={(e) => { if (e.key === 'Escape') setAsking(null); }}>
          <h3 id="effacer-titre">{t('acc.erase.confirm.title', { who: asking.displayName })}</h3>
          <p id="effacer-texte">{t('acc.erase.confirm.text')}</p>
          <button type="button" id="effacer-oui" onClick={erase}>{t('acc.erase.yes')}</button>
          {' '}
          <button type="button" id="effacer-non" class="secondary" onClick={() => setAsking(null)}>{t('acc.erase.no')}</button>
        </div>
      )}
      {people && !people.length && <p>{t('acc.people.none')}</p>}
      {people && people.length > 0 && (
        <table id="table-personnes">
          <caption class="visually-hidden">{t('acc.people')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('acc.p.name')}</th><th scope="col">{t('acc.p.role')}</th>
              <th scope="col">{t('acc.p.position')}</th><th scope="col">{t('acc.p.consent')}</th>
              {canEdit && <th scope="col">{t('acc.p.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.name} data-name={p.name}>
                <th scope="row">{p.erased ? t('acc.p.erased.name') : p.displayName}</th>
                <td>{t(`acc.role.${p.role || 'ROLE_UNSPECIFIED'}`)}</td>
                <td>{p.position}</td>
                <td>{p.erased
                  ? t('acc.p.erased', { date: p.eraseTime ? formatDate(p.eraseTime) : '—' })
                  : p.consent && p.consent.purpose
                    ? t('acc.p.consent.text', { purpose: p.consent.purpose, date: formatDate(p.consent.consentDate) })
                    : '—'}</td>
                {canEdit && (
                  <td>{!p.erased && (
                    <button type="button" class="secondary" aria-label={t('acc.erase.label', { who: p.displayName })}
                            onClick={() => ask(p)}>{t('acc.erase')}</button>
                  )}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

// Every organisation of the directory, 200 at a time, at most 10 pages.
async function listOrganisations() {
  let out = [];
  let token = '';
  for (let i = 0; i < 10; i += 1) {
    const r = await api('GET', tenantPath('/organisations'), { query: { page_size: 200, page_token: token } });
    out = out.concat(r.organisations || []);
    token = r.nextPageToken || '';
    if (!token) break;
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}

async function loadReference() {
  const [sectors, dist, organisations] = await Promise.all([
    api('GET', 'sectors'),
    api('GET', tenantPath(':getDirectoryDistribution')),
    listOrganisations(),
  ]);
  const organisationLabel = (name) => {
    const o = organisations.find((x) => x.name === name);
    return o ? o.displayName : name;
  };
  const list = sectors.sectors || [];
  const sectorLabel = (name) => {
    const s = list.find((x) => x.name === name);
    return s ? (currentLang() === 'en' && s.labelEn ? s.labelEn : s.labelFr) : name;
  };
  const mrcs = (dist.byMrc || []).slice().sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const mrcLabel = (name) => { const m = mrcs.find((x) => x.key === name); return m ? m.label : name; };
  return { sectors: list.slice().sort((a, b) => sectorLabel(a.name).localeCompare(sectorLabel(b.name), 'fr')),
    sectorLabel, mrcs, mrcLabel, organisations, organisationLabel };
}

export function Accompaniment({ canEdit, fiscalYear, setFiscalYear }) {
  const [refs, setRefs] = useState(null);
  const [filters, setFilters] = useState({ phase: '', sector: '', mrc: '' });
  const [dossiers, setDossiers] = useState(null);
  const [next, setNext] = useState('');
  const [open, setOpen] = useState(null);  // the dossier whose interventions are shown
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(null);    // {name, opener}: the dossier edited
  const [deleting, setDeleting] = useState(null);  // the dossier to delete
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState(null);
  const [notice, setNotice] = useState(null);      // {ok, text} after an edit or a delete

  useEffect(() => { loadReference().then(setRefs).catch(setError); }, []);
  useEffect(() => { setEditing(null); setDeleting(null); setNotice(null); }, [fiscalYear]);
  const params = () => ({ fiscal_year: fiscalYear, page_size: 50, ...filters });
  useEffect(() => {
    let live = true;
    api('GET', tenantPath('/dossiers'), { query: params() })
      .then((r) => {
        if (!live) return;
        const list = r.dossiers || [];
        setDossiers(list);
        setNext(r.nextPageToken || '');
        setError(null);
        setOpen((o) => (o && list.find((d) => d.name === o.name)) || null);
      })
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, [fiscalYear, filters, version]);

  const more = async () => {
    try {
      const r = await api('GET', tenantPath('/dossiers'), { query: { ...params(), page_token: next } });
      setDossiers(dossiers.concat(r.dossiers || []));
      setNext(r.nextPageToken || '');
    } catch (e) { setError(e); }
  };
  const setFilter = (k) => (e) => setFilters({ ...filters, [k]: e.currentTarget.value });
  const show = (d) => {
    setOpen(d);
    setEditing(null);
    setDeleting(null);
    setTimeout(() => { const h = document.getElementById('titre-interventions'); if (h) h.focus(); }, 0);
  };
  const focusSoon = (id) => setTimeout(() => { const el = document.getElementById(id); if (el) el.focus(); }, 0);
  const edit = (d) => (e) => { setDeleting(null); setNotice(null); setEditing({ name: d.name, opener: e.currentTarget }); };
  const cancelEdit = () => {
    const opener = editing && editing.opener;
    setEditing(null);
    if (opener && opener.isConnected) setTimeout(() => opener.focus(), 0);
  };
  const edited = (saved) => {
    setEditing(null);
    setNotice({ ok: true, text: t('acc.edit.saved', { title: saved.title }) });
    setVersion((v) => v + 1);
    focusSoon('titre-dossiers');
  };
  // A dossier with interventions is deleted with them (force): the
  // confirmation says how many.
  const remove = async () => {
    const d = deleting;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await api('DELETE', d.name, { query: { etag: d.etag, force: true } });
      setDeleting(null);
      setNotice({ ok: true, text: t('acc.del.dossier.done', { title: d.title, n: d.interventionCount || 0 }) });
      setVersion((v) => v + 1);
      focusSoon('titre-dossiers');
    } catch (err) {
      if (isStale(err)) {
        setDeleting(null);
        setNotice({ ok: false, text: t('acc.del.dossier.stale', { title: d.title }) });
        setVersion((v) => v + 1);
        focusSoon('alerte-dossiers');
      } else setDeleteError({ text: t('acc.del.refused', { why: errorText(err) }) });
    } finally {
      setDeleteBusy(false);
    }
  };

  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('acc.title')}</h1>
      <FiscalYearPicker value={fiscalYear} onChange={setFiscalYear} />
      <p>{t('acc.lead', { fy: fiscalYear })}</p>
      <ErrorMessage error={error} />
      {(!refs || !dossiers) && !error && <p role="status">{t('app.loading')}</p>}
      {refs && dossiers && (
        <>
          <fieldset class="filters">
            <legend>{t('acc.filters')}</legend>
            <div class="field inline">
              <label for="filtre-phase">{t('acc.col.phase')}</label>
              <select id="filtre-phase" value={filters.phase} onChange={setFilter('phase')}>
                <option value="">{t('acc.all')}</option>
                {PHASES.map((p) => <option key={p} value={p}>{t(`acc.phase.${p}`)}</option>)}
              </select>
            </div>
            <div class="field inline">
              <label for="filtre-secteur">{t('acc.col.sector')}</label>
              <select id="filtre-secteur" value={filters.sector} onChange={setFilter('sector')}>
                <option value="">{t('acc.all')}</option>
                {refs.sectors.map((s) => <option key={s.name} value={s.name}>{refs.sectorLabel(s.name)}</option>)}
              </select>
            </div>
            <div class="field inline">
              <label for="filtre-mrc">{t('acc.col.mrc')}</label>
              <select id="filtre-mrc" value={filters.mrc} onChange={setFilter('mrc')}>
                <option value="">{t('acc.all')}</option>
                {refs.mrcs.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
              </select>
            </div>
          </fieldset>
          <section aria-labelledby="titre-dossiers">
            <h2 id="titre-dossiers" tabIndex={-1}>{t('acc.dossiers', { fy: fiscalYear })}</h2>
            <p role="status" class="ok" id="avis-dossiers">{notice && notice.ok ? notice.text : ''}</p>
            {notice && !notice.ok && <p role="alert" class="error" id="alerte-dossiers" tabIndex={-1}>{notice.text}</p>}
            {!dossiers.length && <p>{t('acc.dossiers.none')}</p>}
            {dossiers.length > 0 && (
              <table id="table-dossiers">
                <caption class="visually-hidden">{t('acc.dossiers', { fy: fiscalYear })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('acc.col.title')}</th><th scope="col">{t('acc.col.promoter')}</th>
                    <th scope="col">{t('acc.col.phase')}</th><th scope="col">{t('acc.col.sector')}</th>
                    <th scope="col">{t('acc.col.mrc')}</th><th scope="col">{t('acc.col.gender')}</th>
                    <th scope="col">{t('acc.col.open')}</th><th scope="col">{t('acc.col.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dossiers.map((d) => (
                    <tr key={d.name} data-name={d.name}>
                      <th scope="row">
                        <button type="button" class="link" aria-label={t('acc.show.label', { title: d.title })}
                                aria-expanded={open && open.name === d.name ? 'true' : 'false'} aria-controls="interventions"
                                onClick={() => show(d)}>{d.title}</button>
                      </th>
                      <td>{d.promoterGroup || refs.organisationLabel(d.organisation)}</td>
                      <td>{t(`acc.phase.${d.phase || 'PHASE_UNSPECIFIED'}`)}</td>
                      <td>{refs.sectorLabel(d.sector)}</td>
                      <td>{refs.mrcLabel(d.mrc)}</td>
                      <td>{t(`acc.gender.${d.promoterGender || 'NOT_COLLECTED'}`)}</td>
                      <td>{d.openDate ? formatDate(d.openDate) : '—'}</td>
                      <td class="num">{d.interventionCount || 0}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {next && <button type="button" class="secondary" onClick={more}>{t('acc.more')}</button>}
          </section>
          {open && (
            <Interventions key={open.name} dossier={open} canEdit={canEdit} onChanged={() => setVersion(version + 1)}>
              {canEdit && (
                <p class="actions">
                  <button type="button" class="secondary" id="modifier-dossier" onClick={edit(open)}>{t('acc.edit.button')}</button>
                  {' '}
                  <button type="button" class="secondary" id="supprimer-dossier"
                          onClick={() => { setEditing(null); setNotice(null); setDeleteError(null); setDeleting(open); }}>
                    {t('acc.del.dossier.button')}
                  </button>
                </p>
              )}
              {deleting && (
                <Confirm id="confirmer-suppression-dossier" title={t('acc.del.dossier.title', { title: deleting.title })}
                         text={t('acc.del.dossier.text', { n: deleting.interventionCount || 0, fy: fiscalYear })}
                         yes={t('acc.del.yes')} no={t('acc.del.no')} busy={deleteBusy} error={deleteError}
                         onYes={remove} onNo={() => setDeleting(null)} />
              )}
              {canEdit && editing && (
                <DossierEdit key={editing.name} name={editing.name} refs={refs} onSaved={edited} onCancel={cancelEdit} />
              )}
            </Interventions>
          )}
          {canEdit && <DossierEntry key={`dossier-${fiscalYear}`} fiscalYear={fiscalYear} refs={refs}
                                    onSaved={() => setVersion(version + 1)} />}
          <People canEdit={canEdit} />
        </>
      )}
    </section>
  );
}
