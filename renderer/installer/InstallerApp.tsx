// The installer screens (#/installer): sign in with an installer or manager PIN, then store details,
// acquirer credentials (keys read from files here, sent once, shown back only masked), the till
// (kiosk mode, silent printing, the customer display), the receipt printer and cash drawer, serial scanners with a live monitor and a
// test scan, and keyboard-wedge calibration. They open in the
// language the cashier chose (the same stored choice) and have their own toggle; Arabic is laid out
// right to left, with paths, codes and hex kept left to right inside <bdi dir="ltr">.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { InstallerSessionView } from '../../app/api/installer.ts';
import { dirOf, type Lang } from '../i18n/i18n.ts';
import { readLang, saveLang, windowStorage, type LangStorage } from '../i18n/lang.ts';
import { installerText } from '../i18n/installer.ts';
import { InstallerLangContext, useInstallerT, useLang } from './context.ts';
import { StorePanel } from './StorePanel.tsx';
import { AcquirerPanel } from './AcquirerPanel.tsx';
import { TillPanel } from './TillPanel.tsx';
import { DiscountLimitPanel } from './DiscountLimitPanel.tsx';
import { ScannersPanel } from './ScannersPanel.tsx';
import { WedgePanel } from './WedgePanel.tsx';
import { PrinterPanel } from './PrinterPanel.tsx';
import { errorText } from './errors.ts';
import './installer.css';

type Tab = 'store' | 'acquirer' | 'till' | 'printer' | 'scanners' | 'wedge';
const TABS: readonly Tab[] = ['store', 'acquirer', 'till', 'printer', 'scanners', 'wedge'];

function LanguageToggle({ onChange }: { onChange: (lang: Lang) => void }) {
  const t = useInstallerT();
  const lang = useLang();
  return (
    <button type="button" className="btn" lang={lang === 'en' ? 'ar' : 'en'} data-testid="installer-language-toggle" onClick={() => onChange(lang === 'en' ? 'ar' : 'en')}>
      {t('language')}
    </button>
  );
}

function SignIn({ transport, onSignedIn, onLang }: { transport: Transport; onSignedIn: (s: InstallerSessionView) => void; onLang: (lang: Lang) => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="installer-signin"
      data-testid="installer-signin"
      dir={dirOf(lang)}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        transport.call('installer.signIn', { name, pin }).then(
          (s) => onSignedIn(s),
          (err: unknown) => {
            setPin('');
            setError(err);
          },
        ).finally(() => setBusy(false));
      }}
    >
      <div className="row">
        <h1>{t('signInTitle')}</h1>
        <LanguageToggle onChange={onLang} />
      </div>
      <p>{t('signInHint')}</p>
      <label>
        {t('name')} <input data-testid="signin-name" value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('pin')} <input data-testid="signin-pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error !== null && (
        <p className="installer-error" role="alert" data-testid="signin-error">
          {errorText(error, lang)}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy || !name || !pin} data-testid="signin-submit">
        {t('signIn')}
      </button>
      <p>
        <a href="#/cashier">{t('backToCashier')}</a>
      </p>
    </form>
  );
}

export function InstallerApp({ transport, storage = windowStorage() }: { transport: Transport; storage?: LangStorage | null }) {
  const [session, setSession] = useState<InstallerSessionView | null>(null);
  const [tab, setTab] = useState<Tab>('store');
  const [lang, setLangState] = useState<Lang>(() => readLang(storage));
  const setLang = (next: Lang) => {
    saveLang(storage, next);
    setLangState(next);
  };
  // The event socket opens with the first listener and takes a moment; opened here, at load, it is
  // up before the scanners tab subscribes, so the monitor does not miss a scanner's first status.
  useEffect(() => transport.subscribe(() => {}), [transport]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dirOf(lang);
    document.title = installerText(lang, 'title');
  }, [lang]);
  const t = (key: Parameters<typeof installerText>[1], vars?: Record<string, string | number>) => installerText(lang, key, vars);
  if (!session) {
    return (
      <InstallerLangContext.Provider value={lang}>
        <SignIn transport={transport} onSignedIn={setSession} onLang={setLang} />
      </InstallerLangContext.Provider>
    );
  }
  const signOut = () => {
    void transport.call('installer.signOut', { session: session.session }).catch(() => {});
    setSession(null);
  };
  return (
    <InstallerLangContext.Provider value={lang}>
      <div className="installer" data-testid="installer" data-ready="yes" dir={dirOf(lang)}>
        <header className="status-bar">
          <span className="brand">{t('title')}</span>
          <span data-testid="installer-actor">
            <bdi>{session.actor.name}</bdi> ({t(`role_${session.actor.role}`)})
          </span>
          <span className="spacer" />
          <nav className="installer-tabs">
            {TABS.map((id) => (
              <button key={id} type="button" className={`btn${tab === id ? ' primary' : ''}`} data-testid={`tab-${id}`} onClick={() => setTab(id)}>
                {t(`tab_${id}`)}
              </button>
            ))}
          </nav>
          <LanguageToggle onChange={setLang} />
          <button type="button" className="btn" data-testid="signout" onClick={signOut}>
            {t('signOut')}
          </button>
        </header>
        <main className="installer-main">
          {tab === 'store' && <StorePanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
          {tab === 'acquirer' && <AcquirerPanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
          {tab === 'till' && <TillPanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
          {tab === 'till' && <DiscountLimitPanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
          {tab === 'printer' && <PrinterPanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
          {tab === 'scanners' && <ScannersPanel transport={transport} />}
          {tab === 'wedge' && <WedgePanel />}
        </main>
      </div>
    </InstallerLangContext.Provider>
  );
}
