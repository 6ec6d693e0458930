// Équipe (/espace/equipe, editors only): the Pôle's members and its API
// keys, over TeamService (proto/poles/v1/team.proto) with the person's own
// credential. Members: invite a person (the one-time link to pass on, as a
// full /espace/mot-de-passe#pl_… address, with its expiry), change a role,
// remove a member behind a confirmation (their sessions on this Pôle end at
// once), issue a new link. Keys: create one (its plaintext shown this once),
// revoke one behind a confirmation. The service refuses to leave the Pôle
// without an editor (FAILED_PRECONDITION, LAST_EDITOR): said in words.
// Viewers see a notice and nothing to change (the service refuses them).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorInfoOf, sessionAccountName, tenantPath } from '../api.js';
import { t } from '../i18n.js';
import { formatDate, formatDateTime } from '../format.js';
import { Confirm, ErrorMessage, Field, FormError, described, errorText, useFormState, violationsOf } from './common.jsx';
import { PASSWORD_PATH } from './Password.jsx';
import './Team.words.js';

const ROLES = ['ROLE_VIEWER', 'ROLE_EDITOR'];

// The service's reasons (English) as people read them; others as they are.
const REASONS = [
  [/^must be an e-mail address/, 'team.r.email'],
  [/^is required/, 'team.r.required'],
  [/at most (\d+)/, 'team.r.max'],
  [/^must be (ROLE_)?EDITOR or (ROLE_)?VIEWER/, 'team.r.role'],
];

function reasonText(description) {
  for (const [pattern, key] of REASONS) {
    const m = pattern.exec(description || '');
    if (m) return t(key, { n: m[1] });
  }
  return description;
}

// The refusal as people read it: the last editor, or the service's answer.
function refusalText(error) {
  const info = errorInfoOf(error);
  if (info && info.reason === 'LAST_EDITOR') return t('team.lastEditor');
  return errorText(error);
}

async function readAll(path, field) {
  const all = [];
  let token = '';
  do {
    const r = await api('GET', path, { query: { page_size: 200, ...(token ? { page_token: token } : {}) } });
    all.push(...(r[field] || []));
    token = r.nextPageToken || '';
  } while (token);
  return all;
}

function focusSoon(id) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

// A value to copy (a link, a key): read-only field, « Copier », its status.
function CopyField({ id, label, value, hint }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    const field = document.getElementById(id);
    try {
      await navigator.clipboard.writeText(value);
      setCopied(t('team.copied'));
    } catch {
      field.select();
      setCopied(document.execCommand && document.execCommand('copy') ? t('team.copied') : t('team.copy.manual'));
    }
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="copy">
        <input id={id} readOnly value={value} size={Math.min(value.length, 70)} spellcheck={false}
               aria-describedby={hint ? `${id}-aide` : undefined} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" id={`${id}-copier`} class="secondary" onClick={copy}>{t('team.copy')}</button>
      </div>
      {hint && <span class="hint" id={`${id}-aide`}>{hint}</span>}
      <span role="status" class="ok">{copied}</span>
    </div>
  );
}

// The one-time password link just issued, to pass on.
function PasswordLink({ link, onClose }) {
  const url = `${window.location.origin}${PASSWORD_PATH}#${link.token}`;
  return (
    <div class="a-transmettre" id="lien-mot-de-passe" role="region" aria-labelledby="lien-titre">
      <h3 id="lien-titre" tabIndex={-1}>{t('team.link.title', { who: link.who })}</h3>
      <p>{t('team.link.text')}</p>
      <CopyField id="lien-url" label={t('team.link.label')} value={url}
                 hint={link.expire ? t('team.link.expires', { when: formatDateTime(link.expire) }) : undefined} />
      <button type="button" class="secondary" id="lien-fermer" onClick={onClose}>{t('team.close')}</button>
    </div>
  );
}

// The role a member or a key is given (its error `errors.role`).
function RoleField({ id, value, onChange, errors }) {
  return (
    <Field id={id} label={t('team.f.role')} errors={errors} name="role">
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...described(id, errors, 'role')}>
        {ROLES.map((r) => <option key={r} value={r}>{t(`team.role.${r}`)}</option>)}
      </select>
    </Field>
  );
}

// The service's field ("email", "member.role") to the form's field.
const INVITE_FIELDS = { email: 'email', display_name: 'name', role: 'role' };

function Invite({ onInvited }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('ROLE_VIEWER');
  const { errors, setErrors, error, setError, busy, setBusy, refused } = useFormState('invitation');

  const submit = async (e) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const r = await api('POST', tenantPath(':inviteMember'), {
        body: { email: email.trim(), displayName: name.trim(), role },
      });
      setEmail('');
      setName('');
      onInvited(r);
    } catch (err) {
      const byField = {};
      if (err.status === 409) byField.email = t('team.invite.exists');
      for (const v of violationsOf(err)) {
        const f = INVITE_FIELDS[String(v.field).replace(/^(request|member|account)\./, '')];
        if (f) byField[f] = reasonText(v.description);
      }
      // The focus goes to the first field refused (e-mail, name, role).
      refused(err, byField, t('team.invite.refused'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="invitation" class="entry" onSubmit={submit} aria-labelledby="titre-invitation" noValidate>
      <h3 id="titre-invitation">{t('team.invite.title')}</h3>
      <p class="hint">{t('team.invite.lead')}</p>
      <div class="grid">
        <Field id="invitation-courriel" label={t('team.f.email')} errors={errors} name="email">
          <input id="invitation-courriel" type="email" autoComplete="off" required maxLength={254} value={email}
                 onInput={(e) => setEmail(e.currentTarget.value)} {...described('invitation-courriel', errors, 'email')} />
        </Field>
        <Field id="invitation-nom" label={t('team.f.name')} errors={errors} name="name">
          <input id="invitation-nom" autoComplete="off" maxLength={200} value={name}
                 onInput={(e) => setName(e.currentTarget.value)} {...described('invitation-nom', errors, 'name')} />
        </Field>
        <RoleField id="invitation-role" value={role} onChange={setRole} errors={errors} />
      </div>
      <FormError error={error} />
      <button type="submit" disabled={busy}>{t('team.invite.submit')}</button>
    </form>
  );
}

function Members() {
  const [members, setMembers] = useState(null);
  const [me, setMe] = useState('');
  const [error, setError] = useState(null);       // the list's read
  const [refusal, setRefusal] = useState(null);   // a change refused: {text}
  const [message, setMessage] = useState('');
  const [link, setLink] = useState(null);         // {who, token, expire}
  const [asking, setAsking] = useState(null);     // {kind: 'remove'|'role', member, role?}
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => { sessionAccountName().then(setMe); }, []);
  useEffect(() => {
    let live = true;
    readAll(tenantPath('/members'), 'members')
      .then((all) => { if (live) { setMembers(all); setError(null); } })
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, [version]);

  const who = (m) => (m.account && (m.account.displayName || m.account.email)) || m.name;
  const mine = (m) => me && m.account && m.account.name === me;
  const start = () => { setRefusal(null); setMessage(''); };
  const refused = (err, m) => {
    setRefusal({ text: refusalText(err), member: m.name });
    focusSoon('equipe-refus');
  };

  const invited = (r) => {
    start();
    const m = r.member || {};
    if (r.passwordLink) {
      setLink({ who: who(m), token: r.passwordLink, expire: r.passwordLinkExpireTime });
      focusSoon('lien-titre');
    } else {
      setLink(null);
      setMessage(t('team.invite.existing', { who: who(m) }));
    }
    setVersion((v) => v + 1);
  };

  const changeRole = async (m, role) => {
    start();
    setBusy(true);
    try {
      const updated = await api('PATCH', m.name, { query: { update_mask: 'role' }, body: { name: m.name, role } });
      setAsking(null);
      setMessage(t('team.role.done', { who: who(m), role: t(`team.role.${updated.role || role}`) }));
      setVersion((v) => v + 1);
    } catch (err) {
      setAsking(null);
      refused(err, m);
    } finally {
      setBusy(false);
    }
  };

  const askRole = (m, role) => {
    // Giving oneself less: confirmed first (one loses the Équipe screen and every write).
    if (mine(m) && role !== 'ROLE_EDITOR') { start(); setAsking({ kind: 'role', member: m, role }); } else changeRole(m, role);
  };

  const remove = async () => {
    const m = asking.member;
    start();
    setBusy(true);
    try {
      await api('DELETE', m.name);
      setAsking(null);
      setMessage(t('team.remove.done', { who: who(m) }));
      setVersion((v) => v + 1);
      focusSoon('titre-membres');  // the row and its button are gone
    } catch (err) {
      setAsking(null);
      refused(err, m);
    } finally {
      setBusy(false);
    }
  };

  const newLink = async (m) => {
    start();
    setBusy(true);
    try {
      const r = await api('POST', `${m.name}:issueMemberPasswordLink`, { body: {} });
      setLink({ who: who(m), token: r.passwordLink, expire: r.expireTime });
      focusSoon('lien-titre');
    } catch (err) {
      if (err.status === 403) {
        setRefusal({ text: t('team.link.otherTenants', { who: who(m) }), member: m.name });
        focusSoon('equipe-refus');
      } else refused(err, m);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="titre-membres" id="membres">
      <h2 id="titre-membres" tabIndex={-1}>{t('team.members')}</h2>
      <ErrorMessage error={error} />
      {refusal && <p class="error" role="alert" id="equipe-refus" tabIndex={-1}>{refusal.text}</p>}
      <p role="status" class="ok" id="equipe-fait">{message}</p>
      {link && <PasswordLink link={link} onClose={() => setLink(null)} />}
      {asking && asking.kind === 'remove' && (
        <Confirm id="confirmer-retrait" busy={busy}
                 title={t('team.remove.confirm.title', { who: who(asking.member) })}
                 text={t(mine(asking.member) ? 'team.remove.confirm.self' : 'team.remove.confirm.text')}
                 yes={t('team.remove.yes')} no={t('team.cancel')} onYes={remove} onNo={() => setAsking(null)} />
      )}
      {asking && asking.kind === 'role' && (
        <Confirm id="confirmer-role" busy={busy} title={t('team.role.confirm.title')}
                 text={t('team.role.confirm.self')} yes={t('team.role.yes')} no={t('team.cancel')}
                 onYes={() => changeRole(asking.member, asking.role)} onNo={() => setAsking(null)} />
      )}
      {members && members.length > 0 && (
        <div class="scroll">
          <table id="table-membres">
            <caption class="visually-hidden">{t('team.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.col.email')}</th>
                <th scope="col">{t('team.col.name')}</th>
                <th scope="col">{t('team.col.role')}</th>
                <th scope="col">{t('team.col.state')}</th>
                <th scope="col">{t('team.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m, i) => {
                const other = m.role === 'ROLE_EDITOR' ? 'ROLE_VIEWER' : 'ROLE_EDITOR';
                const email = (m.account && m.account.email) || '';
                return (
                  <tr key={m.name} data-name={m.name} data-email={email}>
                    <th scope="row">{email}{mine(m) && <> <span class="hint">{t('team.you')}</span></>}</th>
                    <td>{m.account && m.account.displayName}</td>
                    <td data-role={m.role}>{t(`team.role.${m.role || 'ROLE_UNSPECIFIED'}`)}</td>
                    <td>
                      {m.passwordSet ? t('team.state.active') : <strong class="attente">{t('team.state.pending')}</strong>}
                      {m.otherTenants && <><br /><span class="hint">{t('team.state.otherTenants')}</span></>}
                    </td>
                    <td><div class="actions">
                      <button type="button" class="secondary" id={`role-${i}`} disabled={busy}
                              aria-label={t(`team.role.to.${other}.label`, { who: email })}
                              onClick={() => askRole(m, other)}>{t(`team.role.to.${other}`)}</button>
                      {m.otherTenants ? null : (
                        <button type="button" class="secondary" id={`lien-${i}`} disabled={busy}
                                aria-label={t('team.link.new.label', { who: email })}
                                onClick={() => newLink(m)}>{t('team.link.new')}</button>
                      )}
                      <button type="button" class="secondary" id={`retirer-${i}`} disabled={busy}
                              aria-label={t('team.remove.label', { who: email })}
                              onClick={() => { start(); setAsking({ kind: 'remove', member: m }); }}>
                        {t('team.remove')}
                      </button>
                    </div></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {members && members.length === 0 && <p>{t('team.members.none')}</p>}
      <Invite onInvited={invited} />
    </section>
  );
}

function NewKey({ onCreated }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('ROLE_VIEWER');
  const { errors, setErrors, error, setError, busy, setBusy, refused } = useFormState('nouvelle-cle');

  const submit = async (e) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const r = await api('POST', tenantPath(':createApiKey'), {
        body: { apiKey: { displayName: name.trim(), role }, requestId: crypto.randomUUID() },
      });
      setName('');
      onCreated(r);
    } catch (err) {
      const byField = {};
      for (const v of violationsOf(err)) {
        const path = String(v.field).replace(/^api_key\./, '');
        if (path === 'display_name') byField.name = reasonText(v.description);
        else if (path === 'role') byField.role = reasonText(v.description);
      }
      refused(err, byField, t('team.key.refused'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="nouvelle-cle" class="entry" onSubmit={submit} aria-labelledby="titre-nouvelle-cle" noValidate>
      <h3 id="titre-nouvelle-cle">{t('team.key.new')}</h3>
      <div class="grid">
        <Field id="cle-nom" label={t('team.key.f.name')} hint={t('team.key.f.name.hint')} errors={errors} name="name">
          <input id="cle-nom" autoComplete="off" maxLength={200} value={name}
                 onInput={(e) => setName(e.currentTarget.value)} {...described('cle-nom', errors, 'name', true)} />
        </Field>
        <RoleField id="cle-role" value={role} onChange={setRole} errors={errors} />
      </div>
      <FormError error={error} />
      <button type="submit" disabled={busy}>{t('team.key.submit')}</button>
    </form>
  );
}

function ApiKeys() {
  const [keys, setKeys] = useState(null);
  const [error, setError] = useState(null);
  const [created, setCreated] = useState(null);   // {apiKey, key}: shown this once
  const [asking, setAsking] = useState(null);     // {key}
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const now = useRef(Date.now());

  useEffect(() => {
    let live = true;
    readAll(tenantPath('/apiKeys'), 'apiKeys')
      .then((all) => { if (live) { setKeys(all); setError(null); now.current = Date.now(); } })
      .catch((e) => live && setError(e));
    return () => { live = false; };
  }, [version]);

  const revoke = async () => {
    const k = asking.key;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `${k.name}:revokeApiKey`, { body: {} });
      setAsking(null);
      setMessage(t('team.key.revoked', { name: k.displayName }));
      setVersion((v) => v + 1);
      focusSoon('titre-cles');  // the button is gone
    } catch (err) {
      setAsking(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const expired = (k) => k.expireTime && new Date(k.expireTime).getTime() <= now.current;

  return (
    <section aria-labelledby="titre-cles" id="cles">
      <h2 id="titre-cles" tabIndex={-1}>{t('team.keys')}</h2>
      <p class="hint">{t('team.keys.lead')}</p>
      <ErrorMessage error={error} />
      <p role="status" class="ok" id="cles-fait">{message}</p>
      {created && (
        <div class="a-transmettre" id="cle-creee" role="region" aria-labelledby="cle-creee-titre">
          <h3 id="cle-creee-titre" tabIndex={-1}>{t('team.key.created', { name: created.apiKey.displayName })}</h3>
          <p id="cle-creee-avertissement"><strong>{t('team.key.once')}</strong></p>
          <CopyField id="cle-valeur" label={t('team.key.value')} value={created.key} />
          <button type="button" class="secondary" id="cle-creee-fermer"
                  onClick={() => { setCreated(null); focusSoon('cle-nom'); }}>{t('team.key.close')}</button>
        </div>
      )}
      {asking && (
        <Confirm id="confirmer-revocation" busy={busy} title={t('team.key.revoke.title', { name: asking.key.displayName })}
                 text={t('team.key.revoke.text')} yes={t('team.key.revoke.yes')} no={t('team.cancel')} onYes={revoke} onNo={() => setAsking(null)} />
      )}
      {keys && keys.length > 0 && (
        <div class="scroll">
          <table id="table-cles">
            <caption class="visually-hidden">{t('team.keys')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.key.col.name')}</th>
                <th scope="col">{t('team.col.role')}</th>
                <th scope="col">{t('team.key.col.created')}</th>
                <th scope="col">{t('team.key.col.expires')}</th>
                <th scope="col">{t('team.key.col.revoked')}</th>
                <th scope="col">{t('team.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k, i) => (
                <tr key={k.name} data-name={k.name}>
                  <th scope="row">{k.displayName}</th>
                  <td data-role={k.role}>{t(`team.role.${k.role || 'ROLE_UNSPECIFIED'}`)}</td>
                  <td>{k.createTime ? formatDate(k.createTime) : '—'}</td>
                  <td>{k.expireTime ? formatDate(k.expireTime) : t('team.key.never')}</td>
                  <td data-revoked={k.revokeTime ? 'true' : 'false'}>{k.revokeTime ? formatDate(k.revokeTime) : '—'}</td>
                  <td>
                    {!k.revokeTime && !expired(k) && (
                      <button type="button" class="secondary" id={`revoquer-${i}`} disabled={busy}
                              aria-label={t('team.key.revoke.label', { name: k.displayName })}
                              onClick={() => { setMessage(''); setAsking({ key: k }); }}>
                        {t('team.key.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {keys && keys.length === 0 && <p>{t('team.keys.none')}</p>}
      <NewKey onCreated={(r) => { setMessage(''); setCreated(r); setVersion((v) => v + 1); focusSoon('cle-creee-titre'); }} />
    </section>
  );
}

export function Team({ canEdit }) {
  return (
    <section aria-labelledby="titre-ecran">
      <h1 id="titre-ecran" tabIndex={-1}>{t('team.title')}</h1>
      {canEdit ? (
        <>
          <p>{t('team.lead')}</p>
          <Members />
          <ApiKeys />
        </>
      ) : <p class="notice" id="equipe-reservee">{t('team.editorsOnly')}</p>}
    </section>
  );
}
