// The installer screens (#/installer): sign in with an installer or manager PIN, then store details,
// acquirer credentials (keys read from files here, sent once, shown back only masked), serial
// scanners with a live monitor and a test scan, and keyboard-wedge calibration. English only for
// now: installers work from the setup guide, which is English.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { InstallerSessionView } from '../../app/api/installer.ts';
import { StorePanel } from './StorePanel.tsx';
import { AcquirerPanel } from './AcquirerPanel.tsx';
import { ScannersPanel } from './ScannersPanel.tsx';
import { WedgePanel } from './WedgePanel.tsx';
import { errorText } from './errors.ts';
import './installer.css';

type Tab = 'store' | 'acquirer' | 'scanners' | 'wedge';
const TABS: { id: Tab; label: string }[] = [
  { id: 'store', label: 'Store' },
  { id: 'acquirer', label: 'Acquirer' },
  { id: 'scanners', label: 'Scanners' },
  { id: 'wedge', label: 'Keyboard wedge' },
];

function SignIn({ transport, onSignedIn }: { transport: Transport; onSignedIn: (s: InstallerSessionView) => void }) {
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="installer-signin"
      data-testid="installer-signin"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        transport.call('installer.signIn', { name, pin }).then(
          (s) => onSignedIn(s),
          (err: unknown) => {
            setPin('');
            setError(errorText(err));
          },
        ).finally(() => setBusy(false));
      }}
    >
      <h1>Installer sign-in</h1>
      <p>An installer or a manager signs in with their PIN.</p>
      <label>
        Name <input data-testid="signin-name" value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        PIN <input data-testid="signin-pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error && (
        <p className="installer-error" role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy || !name || !pin} data-testid="signin-submit">
        Sign in
      </button>
      <p>
        <a href="#/cashier">Back to the cashier screen</a>
      </p>
    </form>
  );
}

export function InstallerApp({ transport }: { transport: Transport }) {
  const [session, setSession] = useState<InstallerSessionView | null>(null);
  const [tab, setTab] = useState<Tab>('store');
  useEffect(() => {
    document.title = 'Souq POS — installer';
  }, []);
  if (!session) return <SignIn transport={transport} onSignedIn={setSession} />;
  const signOut = () => {
    void transport.call('installer.signOut', { session: session.session }).catch(() => {});
    setSession(null);
  };
  return (
    <div className="installer" data-testid="installer" data-ready="yes">
      <header className="status-bar">
        <span className="brand">Souq POS — installer</span>
        <span data-testid="installer-actor">
          {session.actor.name} ({session.actor.role})
        </span>
        <span className="spacer" />
        <nav className="installer-tabs">
          {TABS.map((t) => (
            <button key={t.id} type="button" className={`btn${tab === t.id ? ' primary' : ''}`} data-testid={`tab-${t.id}`} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
        <button type="button" className="btn" data-testid="signout" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="installer-main">
        {tab === 'store' && <StorePanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
        {tab === 'acquirer' && <AcquirerPanel transport={transport} session={session.session} onExpired={() => setSession(null)} />}
        {tab === 'scanners' && <ScannersPanel transport={transport} />}
        {tab === 'wedge' && <WedgePanel />}
      </main>
    </div>
  );
}
