// Acquirer credentials: endpoint (region), client id, and the two keys read from files in this
// window and sent once. After saving, the screen only ever sees maskedConfig's description of them.
// Then a test payment of AED 0.01 through the journal and a clock check.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { ClockCheckView, InstallerSettingsView, TestPaymentView } from '../../app/api/installer.ts';
import { errorText, isExpired } from './errors.ts';

const REGIONS = [
  { label: 'Antom global (open-sea-global)', endpoint: 'https://open-sea-global.alipay.com' },
  { label: 'Antom North America', endpoint: 'https://open-na-global.alipay.com' },
  { label: 'Antom Europe', endpoint: 'https://open-de-global.alipay.com' },
];

export function AcquirerPanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const [settings, setSettings] = useState<InstallerSettingsView | null>(null);
  const [endpoint, setEndpoint] = useState(REGIONS[0]!.endpoint);
  const [clientId, setClientId] = useState('');
  const [keyVersion, setKeyVersion] = useState('1');
  const [privateKey, setPrivateKey] = useState<string | null>(null);
  const [publicKey, setPublicKey] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [test, setTest] = useState<TestPaymentView | null>(null);
  const [clock, setClock] = useState<ClockCheckView | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err) }));

  useEffect(() => {
    transport.call('installer.settings', { session }).then((s) => {
      setSettings(s);
      const a = s.acquirer as { endpoint?: string; clientId?: string } | null;
      if (a?.endpoint) setEndpoint(a.endpoint);
      if (a?.clientId) setClientId(a.clientId);
    }, fail);
  }, [transport, session]);

  const readFile = (set: (text: string | null) => void) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return set(null);
    void file.text().then(set);
  };

  return (
    <section className="panel" data-testid="acquirer-panel">
      <h2>Acquirer</h2>
      {settings?.sandbox && <p data-testid="acquirer-sandbox">No acquirer is configured: this terminal runs against the built-in SANDBOX acquirer (no real money moves).</p>}
      {settings?.secretsWarning && (
        <p className="installer-warning" role="note" data-testid="secrets-warning">
          {settings.secretsWarning}
        </p>
      )}
      {settings?.acquirer && (
        <dl data-testid="acquirer-masked">
          {Object.entries(settings.acquirer).map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{String(v ?? '')}</dd>
            </div>
          ))}
        </dl>
      )}
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          if (!privateKey || !publicKey) return setMessage({ ok: false, text: 'Choose both key files first.' });
          setBusy(true);
          setMessage(null);
          transport
            .call('installer.saveAcquirer', { session, acquirer: { endpoint, clientId, keyVersion: Number(keyVersion), merchantPrivateKey: privateKey, acquirerPublicKey: publicKey } })
            .then((s) => {
              setSettings(s);
              // The keys leave this window's memory once saved; only their description comes back.
              setPrivateKey(null);
              setPublicKey(null);
              (e.target as HTMLFormElement).reset();
              setMessage({ ok: true, text: 'Saved. The terminal uses the new acquirer after it restarts.' });
            }, fail)
            .finally(() => setBusy(false));
        }}
      >
        <label>
          Endpoint (region)
          <input data-testid="acquirer-endpoint" list="acquirer-regions" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
          <datalist id="acquirer-regions">
            {REGIONS.map((r) => (
              <option key={r.endpoint} value={r.endpoint}>
                {r.label}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Client id <input data-testid="acquirer-client-id" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </label>
        <label>
          Key version <input data-testid="acquirer-key-version" inputMode="numeric" value={keyVersion} onChange={(e) => setKeyVersion(e.target.value)} />
        </label>
        <label>
          Merchant private key file (PEM) <input data-testid="acquirer-private-key" type="file" accept=".pem,.key,.txt" onChange={readFile(setPrivateKey)} />
        </label>
        <label>
          Acquirer public key file (PEM) <input data-testid="acquirer-public-key" type="file" accept=".pem,.key,.txt" onChange={readFile(setPublicKey)} />
        </label>
        <button className="btn primary" type="submit" disabled={busy || !clientId || !privateKey || !publicKey} data-testid="acquirer-save">
          Save acquirer settings
        </button>
      </form>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'acquirer-saved' : 'acquirer-error'}>
          {message.text}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="btn"
          data-testid="test-payment"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setTest(null);
            transport.call('installer.testPayment', { session }).then(setTest, fail).finally(() => setBusy(false));
          }}
        >
          Test payment (AED 0.01)
        </button>
        <button type="button" className="btn" data-testid="clock-check" onClick={() => transport.call('installer.clockCheck', { session }).then(setClock, fail)}>
          Check the clock
        </button>
      </div>
      {test && (
        <p className={test.state === 'succeeded' ? 'installer-ok' : 'installer-error'} data-testid="test-payment-result" data-state={test.state}>
          {test.message}
        </p>
      )}
      {clock && (
        <p className={clock.ok ? 'installer-ok' : 'installer-error'} data-testid="clock-result" data-ok={clock.ok ? 'yes' : 'no'}>
          {clock.message}
        </p>
      )}
    </section>
  );
}
