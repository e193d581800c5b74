// Acquirer credentials: endpoint (region), client id, and the two keys read from files in this
// window and sent once. After saving, the screen only ever sees maskedConfig's description of them.
// Then a test payment of AED 0.01 through the journal and a clock check.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { ClockCheckView, InstallerSettingsView, TestPaymentView } from '../../app/api/installer.ts';
import { ATTEMPT_STATE_WORDS, REFUND_STATE_WORDS } from '../../app/domain/result-words.ts';
import { isFinalAttemptState, type AttemptState, type RefundState } from '../../app/domain/attempt.ts';
import { money, type Lang } from '../i18n/i18n.ts';
import { installerKey, installerText } from '../i18n/installer.ts';
import { wordsForCode } from '../i18n/errors.ts';
import { errorText, isExpired } from './errors.ts';
import { useInstallerT, useLang } from './context.ts';
import { countText } from '../i18n/counted.ts';

const REGIONS = [
  { label: 'region_global', endpoint: 'https://open-sea-global.alipay.com' },
  { label: 'region_na', endpoint: 'https://open-na-global.alipay.com' },
  { label: 'region_eu', endpoint: 'https://open-de-global.alipay.com' },
] as const;

const TEST_AMOUNT = { minor: 1, currency: 'AED' } as const;

/** The test payment's outcome in words: the core's sentence in English, built from its fields in Arabic. */
function testPaymentWords(test: TestPaymentView, lang: Lang): string {
  if (lang === 'en') return test.message;
  const t = (k: Parameters<typeof installerText>[1], v?: Record<string, string | number>) => installerText(lang, k, v);
  const state = test.state as AttemptState;
  if (state === 'succeeded') return `${t('testPaid', { amount: money(TEST_AMOUNT, lang) })}${test.sandbox ? ` ${t('testPaidSandbox')}` : ''}`;
  if (!isFinalAttemptState(state)) return t('testNoAnswer');
  const why = wordsForCode(test.resultCode, lang);
  return `${t('testEnded', { state: ATTEMPT_STATE_WORDS[state]?.words[lang].what ?? '' })}${why ? ` ${why}` : ''}`;
}

/**
 * A key file chooser in the screen's own words: the browser's file button speaks the browser's
 * language ("Choose File"), so it is hidden and the label (which opens it) carries ours.
 */
function KeyFile({ label, testId, loaded, onChange }: { label: string; testId: string; loaded: boolean; onChange: (e: React.ChangeEvent<HTMLInputElement>) => void }) {
  const t = useInstallerT();
  return (
    <label className="key-file">
      {label}
      <span className="row">
        <span className="btn" aria-hidden="true">
          {t('chooseFile')}
        </span>
        <span data-testid={`${testId}-state`}>{loaded ? t('fileLoaded') : t('noFile')}</span>
      </span>
      <input className="visually-hidden" data-testid={testId} type="file" accept=".pem,.key,.txt" onChange={onChange} />
    </label>
  );
}

/** The automatic refund of a succeeded test payment, where the terminal reports one. */
function TestRefund({ test, lang }: { test: TestPaymentView; lang: Lang }) {
  // Read loosely: the refund field is newer than this screen, and an older core leaves it out.
  const refund = (test as { refund?: { state: string; message: string } | null }).refund;
  if (!refund) return null;
  const words = lang === 'en' ? refund.message : refund.state in REFUND_STATE_WORDS ? REFUND_STATE_WORDS[refund.state as RefundState].words[lang].what : installerText(lang, 'testRefundNotStarted');
  return (
    <p data-testid="test-payment-refund" data-state={refund.state}>
      {words}
    </p>
  );
}

function clockWords(clock: ClockCheckView, lang: Lang): string {
  if (lang === 'en') return clock.message;
  if (clock.skewSeconds === null) return installerText(lang, 'clockNoAnswer');
  const n = Math.abs(clock.skewSeconds);
  if (clock.ok) return countText(lang, 'clockOk', n);
  return countText(lang, clock.skewSeconds > 0 ? 'clockAhead' : 'clockBehind', n);
}

export function AcquirerPanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [settings, setSettings] = useState<InstallerSettingsView | null>(null);
  const [endpoint, setEndpoint] = useState<string>(REGIONS[0].endpoint);
  const [clientId, setClientId] = useState('');
  const [keyVersion, setKeyVersion] = useState('1');
  const [privateKey, setPrivateKey] = useState<string | null>(null);
  const [publicKey, setPublicKey] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [test, setTest] = useState<TestPaymentView | null>(null);
  const [clock, setClock] = useState<ClockCheckView | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) }));

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
      <h2>{t('acquirerTitle')}</h2>
      {settings?.sandbox && <p data-testid="acquirer-sandbox">{t('acquirerSandbox')}</p>}
      {settings?.keyUnavailable ? (
        // The saved key is sealed by a keystore this computer cannot open: the form below takes the
        // key files again, and saving seals them with this computer's keystore.
        <p className="installer-error" role="alert" data-testid="acquirer-key-unavailable" data-code={settings.keyUnavailable}>
          <span aria-hidden="true">⚠ </span>
          {wordsForCode(settings.keyUnavailable, lang)}
        </p>
      ) : settings?.secretsWarning && (
        <p className="installer-warning" role="note" data-testid="secrets-warning">
          {lang === 'en' ? settings.secretsWarning : t('secretsWarning')}
        </p>
      )}
      {settings?.acquirer && (
        <dl data-testid="acquirer-masked">
          {Object.entries(settings.acquirer).map(([k, v]) => {
            const label = installerKey(`masked_${k}`);
            return (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{label ? t(label) : <bdi dir="ltr">{k}</bdi>}</dt>
                <dd>
                  <bdi dir="ltr">{String(v ?? '')}</bdi>
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          if (!privateKey || !publicKey) return setMessage({ ok: false, text: t('chooseKeys') });
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
              setMessage({ ok: true, text: t('acquirerSaved') });
            }, fail)
            .finally(() => setBusy(false));
        }}
      >
        <label>
          {t('endpoint')}
          <input data-testid="acquirer-endpoint" dir="ltr" list="acquirer-regions" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
          <datalist id="acquirer-regions">
            {REGIONS.map((r) => (
              <option key={r.endpoint} value={r.endpoint}>
                {t(r.label)}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t('clientId')} <input data-testid="acquirer-client-id" dir="ltr" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </label>
        <label>
          {t('keyVersion')} <input data-testid="acquirer-key-version" dir="ltr" inputMode="numeric" value={keyVersion} onChange={(e) => setKeyVersion(e.target.value)} />
        </label>
        <KeyFile label={t('privateKeyFile')} testId="acquirer-private-key" loaded={privateKey !== null} onChange={readFile(setPrivateKey)} />
        <KeyFile label={t('publicKeyFile')} testId="acquirer-public-key" loaded={publicKey !== null} onChange={readFile(setPublicKey)} />
        <button className="btn primary" type="submit" disabled={busy || !clientId || !privateKey || !publicKey} data-testid="acquirer-save">
          {t('acquirerSave')}
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
          {t('testPayment', { amount: money(TEST_AMOUNT, lang) })}
        </button>
        <button type="button" className="btn" data-testid="clock-check" onClick={() => transport.call('installer.clockCheck', { session }).then(setClock, fail)}>
          {t('clockCheck')}
        </button>
      </div>
      {test && (
        <p className={test.state === 'succeeded' ? 'installer-ok' : 'installer-error'} data-testid="test-payment-result" data-state={test.state}>
          {testPaymentWords(test, lang)}
        </p>
      )}
      {test && <TestRefund test={test} lang={lang} />}
      {clock && (
        <p className={clock.ok ? 'installer-ok' : 'installer-error'} data-testid="clock-result" data-ok={clock.ok ? 'yes' : 'no'}>
          {clockWords(clock, lang)}
        </p>
      )}
    </section>
  );
}
