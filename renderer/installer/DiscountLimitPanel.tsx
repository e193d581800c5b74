// The installer's limit on what a cashier takes off a line without a manager (issue 9): kept in the
// terminal's database, in force at once (the cashier screen reads it with the terminal's status).
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { errorText, isExpired } from './errors.ts';
import { useInstallerT, useLang } from './context.ts';

const toText = (bp: number) => (bp / 100).toString();

export function DiscountLimitPanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fail = (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) }));
  useEffect(() => {
    transport.call('installer.discountLimit', { session }).then((r) => setText(toText(r.basisPoints)), fail);
  }, [transport, session]);
  if (text === null) return null;
  return (
    <form
      className="panel"
      data-testid="discount-limit-panel"
      onSubmit={(e) => {
        e.preventDefault();
        const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
        const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
        if (!Number.isInteger(bp) || bp > 10_000) return setMessage({ ok: false, text: t('discountInvalid') });
        transport.call('installer.saveDiscountLimit', { session, basisPoints: bp }).then((r) => {
          setText(toText(r.basisPoints));
          setMessage({ ok: true, text: t('saved') });
        }, fail);
      }}
    >
      <h2>{t('discountTitle')}</h2>
      <label>
        {t('discountLimit')}
        <input data-testid="discount-limit" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button className="btn primary" type="submit" data-testid="discount-limit-save">
        {t('discountSave')}
      </button>
      {message ? (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
