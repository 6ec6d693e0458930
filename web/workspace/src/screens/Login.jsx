// The sign-in screen: e-mail and password (POST /auth/login, the
// session cookie), or, where the server has no /auth/ routes, an API key
// kept in this tab only.
import { useState } from 'preact/hooks';
import { login, useApiKey } from '../api.js';
import { t } from '../i18n.js';

export function Login({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [keyTenant, setKeyTenant] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [keyError, setKeyError] = useState('');
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      onSignedIn(await login(email.trim(), password, tenant.trim()));
    } catch (err) {
      if (err.status === 401) setError(t('login.bad'));
      else if (err.status === 429) setError(t('login.throttled', { s: err.retryAfter || 60 }));
      else if (err.status === 404 || err.status === 405 || err.status === 501) {
        setUnavailable(true);
        setError(t('login.unavailable'));
      } else setError(t('err.generic', { msg: err.message }));
    } finally {
      setBusy(false);
    }
  };

  const submitKey = async (e) => {
    e.preventDefault();
    setKeyError('');
    setBusy(true);
    try {
      onSignedIn(await useApiKey(keyTenant.trim(), key.trim()));
    } catch (err) {
      setKeyError(err.status === 401 || err.status === 403 || err.status === 404
        ? t('login.key.bad') : t('err.generic', { msg: err.message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="titre-ecran" class="login">
      <h1 id="titre-ecran" tabIndex={-1}>{t('login.title')}</h1>
      <form id="connexion" onSubmit={submit} noValidate={false}>
        <div class="field">
          <label for="courriel">{t('login.email')}</label>
          <input id="courriel" type="email" autoComplete="username" required value={email}
                 onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="mot-de-passe">{t('login.password')}</label>
          <input id="mot-de-passe" type="password" autoComplete="current-password" required value={password}
                 onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="pole">{t('login.tenant')}</label>
          <input id="pole" autoComplete="organization" value={tenant}
                 onInput={(e) => setTenant(e.currentTarget.value)} />
        </div>
        {error && <p class="error" role="alert" id="connexion-erreur">{error}</p>}
        <button type="submit" disabled={busy}>{t('login.submit')}</button>
      </form>
      <details id="connexion-cle" open={unavailable}>
        <summary>{t('login.key.summary')}</summary>
        <form onSubmit={submitKey}>
          <p class="hint" id="cle-note">{t('login.key.note')}</p>
          <div class="field">
            <label for="cle-pole">{t('login.key.tenant')}</label>
            <input id="cle-pole" required value={keyTenant} onInput={(e) => setKeyTenant(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="cle">{t('login.key.key')}</label>
            <input id="cle" type="password" autoComplete="off" required aria-describedby="cle-note" value={key}
                   onInput={(e) => setKey(e.currentTarget.value)} />
          </div>
          {keyError && <p class="error" role="alert">{keyError}</p>}
          <button type="submit" disabled={busy}>{t('login.key.submit')}</button>
        </form>
      </details>
    </section>
  );
}
