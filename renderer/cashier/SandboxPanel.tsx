// Demo helper shown only against the sandbox acquirer: plays the customer's wallet.
import { useState } from 'react';
import { useCashier, useT, useTransport } from './context.ts';
import { CallError } from '../api/transport.ts';
import { errorWords } from '../i18n/errors.ts';

export function SandboxPanel() {
  const t = useT();
  const transport = useTransport();
  const lang = useCashier((s) => s.lang);
  const sandbox = useCashier((s) => s.status?.sandbox ?? false);
  const panel = useCashier((s) => s.panel);
  const attempt = useCashier((s) => s.attempts[0] ?? null);
  const submitScan = useCashier((s) => s.submitScan);
  const [error, setError] = useState<string | null>(null);
  if (!sandbox) return null;
  const qr = attempt?.state === 'awaiting_customer' ? attempt.orderCode : null;
  const wrap = (fn: () => Promise<void>) => () => {
    setError(null);
    fn().catch((err: unknown) => setError(err instanceof CallError ? errorWords(lang, err.code, err.message) : errorWords(lang, 'INTERNAL', String(err))));
  };
  return (
    <aside className="sandbox-panel" aria-label={t('sandboxPanel')} data-testid="sandbox-panel">
      <h3>{t('sandboxPanel')}</h3>
      <button
        type="button"
        className="btn"
        disabled={panel !== 'wallet_code'}
        data-testid="sandbox-mint"
        onClick={wrap(async () => {
          const { code } = await transport.call('sandbox.mintCode', {});
          await submitScan(code, 'wedge');
        })}
      >
        {t('sandboxMint')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!qr}
        data-testid="sandbox-pay-qr"
        onClick={wrap(async () => {
          if (qr) await transport.call('sandbox.payQr', { codeValue: qr });
        })}
      >
        {t('sandboxPayQr')}
      </button>
      {error ? <p className="error">{error}</p> : null}
    </aside>
  );
}
