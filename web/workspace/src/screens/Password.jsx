// Choosing a password with a one-time link (/espace/mot-de-passe#pl_…),
// reachable without signing in. The token is the URL's fragment, never sent
// to a server but in the body of POST /auth/password; it is taken out of the
// address once used. Two fields (10 to 256 bytes, the same twice), checked
// here before anything is sent and by the service anyway; then « Se
// connecter » signs in with the e-mail of the link's account and the
// password just chosen.
import { useRef, useState } from 'preact/hooks';
import { choosePassword, login } from '../api.js';
import { t } from '../i18n.js';
import { FieldError, FormError, described } from './common.jsx';
import './Password.words.js';

export const PASSWORD_PATH = '/espace/mot-de-passe';

const bytes = (s) => new TextEncoder().encode(s).length;

function tokenOfLocation() {
  try { return decodeURIComponent(window.location.hash.replace(/^#/, '')).trim(); } catch { return ''; }
}

export function Password({ onSignedIn }) {
  const [token] = useState(tokenOfLocation);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [account, setAccount] = useState(null);  // once the password is chosen
  const [busy, setBusy] = useState(false);
  const done = useRef(null);

  const focus = (id) => setTimeout(() => document.getElementById(id)?.focus(), 0);

  const submit = async (e) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    const mine = {};
    const n = bytes(password);
    if (n < 10) mine.password = t('pw.v.short');
    else if (n > 256) mine.password = t('pw.v.long');
    if (!mine.password && again !== password) mine.again = t('pw.v.mismatch');
    if (Object.keys(mine).length) {
      setErrors(mine);
      focus(mine.password ? 'nouveau-mot-de-passe' : 'confirmation-mot-de-passe');
      return;
    }
    setBusy(true);
    try {
      const who = await choosePassword(token, password);
      setAccount(who);
      // The link is used: out of the address and the history entry.
      window.history.replaceState({}, '', PASSWORD_PATH);
      setTimeout(() => done.current && done.current.focus(), 0);
    } catch (err) {
      const byField = {};
      for (const v of err.violations ? err.violations() : []) {
        if (v.field === 'password') byField.password = /too long|256/.test(v.description) ? t('pw.v.long') : t('pw.v.short');
      }
      if (byField.password) {
        setErrors(byField);
        focus('nouveau-mot-de-passe');
      } else if (err.status === 401 || (err.violations && err.violations().some((v) => v.field === 'password_link'))) {
        setError({ text: t('pw.link.refused') });
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const signIn = async () => {
    setError(null);
    setBusy(true);
    try {
      onSignedIn(await login(account.email, password));
    } catch (err) {
      setError(err.status === 429 ? { text: t('login.throttled', { s: err.retryAfter || 60 }) } : err);
    } finally {
      setBusy(false);
    }
  };

  if (account) {
    return (
      <section aria-labelledby="titre-ecran" class="login" id="mot-de-passe-choisi">
        <h1 id="titre-ecran" tabIndex={-1} ref={done}>{t('pw.done.title')}</h1>
        <p role="status" class="ok">{t('pw.done', { email: account.email })}</p>
        <FormError error={error} />
        <p>
          <button type="button" id="se-connecter" disabled={busy} onClick={signIn}>{t('pw.signin')}</button>
        </p>
        <p><a href="/espace/">{t('pw.signin.other')}</a></p>
      </section>
    );
  }

  if (!/^pl_[A-Za-z0-9_-]+$/.test(token)) {
    return (
      <section aria-labelledby="titre-ecran" class="login">
        <h1 id="titre-ecran" tabIndex={-1}>{t('pw.title')}</h1>
        <p class="error" role="alert" id="lien-absent">{t('pw.link.missing')}</p>
        <p><a href="/espace/">{t('pw.signin.other')}</a></p>
      </section>
    );
  }

  return (
    <section aria-labelledby="titre-ecran" class="login">
      <h1 id="titre-ecran" tabIndex={-1}>{t('pw.title')}</h1>
      <p>{t('pw.lead')}</p>
      <form id="choix-mot-de-passe" onSubmit={submit} noValidate>
        <div class="field">
          <label for="nouveau-mot-de-passe">{t('pw.f.password')}</label>
          <input id="nouveau-mot-de-passe" type="password" autoComplete="new-password" required value={password}
                 onInput={(e) => setPassword(e.currentTarget.value)}
                 {...described('nouveau-mot-de-passe', errors, 'password', true)} />
          <span class="hint" id="nouveau-mot-de-passe-aide">{t('pw.f.password.hint')}</span>
          <FieldError id="nouveau-mot-de-passe" errors={errors} name="password" />
        </div>
        <div class="field">
          <label for="confirmation-mot-de-passe">{t('pw.f.again')}</label>
          <input id="confirmation-mot-de-passe" type="password" autoComplete="new-password" required value={again}
                 onInput={(e) => setAgain(e.currentTarget.value)}
                 {...described('confirmation-mot-de-passe', errors, 'again')} />
          <FieldError id="confirmation-mot-de-passe" errors={errors} name="again" />
        </div>
        <FormError error={error} />
        <button type="submit" disabled={busy}>{t('pw.submit')}</button>
      </form>
    </section>
  );
}
