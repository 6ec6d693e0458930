// The Pôle's workspace: sign-in, then the screens of the person's Pôle
// (SCREENS: the dashboard, the action plan, the directory, the
// accompaniment, the events, the funding, the bilan, and for editors the
// team), in French (English on request). /espace/mot-de-passe#pl_… (choosing
// a password with a one-time link) is reachable without signing in.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentSession, logout, restoreSession } from './api.js';
import { currentLang, setLang, t } from './i18n.js';
import { fiscalYearOf } from './format.js';
import { Login } from './screens/Login.jsx';
import { Dashboard } from './screens/Dashboard.jsx';
import { Events } from './screens/Events.jsx';
import { Directory } from './screens/Directory.jsx';
import { Plan } from './screens/Plan.jsx';
import { Bilan } from './screens/Bilan.jsx';
import { Funding } from './screens/Funding.jsx';
import { Accompaniment } from './screens/Accompaniment.jsx';
import { Team } from './screens/Team.jsx';
import { PASSWORD_PATH, Password } from './screens/Password.jsx';

const SCREENS = [
  { path: '/espace/', key: 'nav.dashboard', Screen: Dashboard },
  { path: '/espace/plan', key: 'nav.plan', Screen: Plan },
  { path: '/espace/repertoire', key: 'nav.directory', Screen: Directory },
  { path: '/espace/accompagnement', key: 'nav.accompaniment', Screen: Accompaniment },
  { path: '/espace/evenements', key: 'nav.events', Screen: Events },
  { path: '/espace/financement', key: 'nav.funding', Screen: Funding },
  { path: '/espace/bilan', key: 'nav.bilan', Screen: Bilan },
  // Editors only in the nav; a viewer who opens it reads a notice.
  { path: '/espace/equipe', key: 'nav.team', Screen: Team, editors: true },
];

function screenOf(pathname) {
  return SCREENS.find((s) => s.path === pathname) || SCREENS[0];
}

function App() {
  const [lang, setLangState] = useState(currentLang());
  const [session, setSession] = useState(undefined);  // undefined: loading
  const [path, setPath] = useState(window.location.pathname);
  const [fiscalYear, setFiscalYear] = useState(fiscalYearOf());
  const main = useRef(null);

  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  useEffect(() => { restoreSession().then((s) => setSession(s)); }, []);
  useEffect(() => {
    const signedOut = () => setSession(null);
    window.addEventListener('espace-deconnecte', signedOut);
    return () => window.removeEventListener('espace-deconnecte', signedOut);
  }, []);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // The first screen is usable: a mark for the browser test's figure.
  useEffect(() => {
    if (session !== undefined && !performance.getEntriesByName('espace-pret').length) {
      performance.mark('espace-pret');
    }
  }, [session]);

  const screen = screenOf(path);
  useEffect(() => {
    document.title = `${t(path === PASSWORD_PATH ? 'pw.title' : screen.key)} · ${t('app.title')}`;
  }, [screen, path, lang, session]);

  const go = (event, to) => {
    event.preventDefault();
    window.history.pushState({}, '', to);
    setPath(to);
    // The new screen's heading takes the focus (announced by readers).
    setTimeout(() => { const h = main.current && main.current.querySelector('h1'); if (h) h.focus(); }, 0);
  };
  const toggle = () => { const next = lang === 'fr' ? 'en' : 'fr'; setLang(next); setLangState(next); };

  const header = (
    <header class="top">
      <a class="skip" href="#contenu">{t('app.skip')}</a>
      <p class="brand">{t('app.title')}{session ? ` — ${session.tenant}` : ''}</p>
      <div class="tools">
        {session && (
          <span class="who">
            {t('app.signedin', { who: session.who })} ({t(`app.role.${session.role}`)})
          </span>
        )}
        <button type="button" class="link" lang={lang === 'fr' ? 'en' : 'fr'} onClick={toggle}
                aria-label={t('app.lang.toggle.label')}>{t('app.lang.toggle')}</button>
        {session && (
          <button type="button" class="link"
                  onClick={async () => { await logout(); setSession(null); }}>{t('app.signout')}</button>
        )}
      </div>
    </header>
  );

  if (path === PASSWORD_PATH) {
    const signedIn = (s) => {
      window.history.pushState({}, '', '/espace/');
      setPath('/espace/');
      setSession(s);
    };
    return <>{header}<main id="contenu" ref={main}><Password onSignedIn={signedIn} /></main></>;
  }
  if (session === undefined) {
    return <>{header}<main id="contenu"><p role="status">{t('app.loading')}</p></main></>;
  }
  if (session === null) {
    return <>{header}<main id="contenu" ref={main}><Login onSignedIn={(s) => setSession(s)} /></main></>;
  }
  const { Screen } = screen;
  return (
    <>
      {header}
      <nav aria-label={t('app.nav')} class="tabs">
        <ul>
          {SCREENS.filter((s) => !s.editors || session.role === 'editor').map((s) => (
            <li key={s.path}>
              <a href={s.path} aria-current={s === screen ? 'page' : undefined}
                 onClick={(e) => go(e, s.path)}>{t(s.key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="contenu" ref={main} tabIndex={-1}>
        {session.role !== 'editor' && <p class="notice" id="lecture-seule">{t('app.readonly')}</p>}
        <Screen key={`${screen.path}-${lang}`} session={currentSession()} canEdit={session.role === 'editor'}
                fiscalYear={fiscalYear} setFiscalYear={setFiscalYear} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app'));
