// The customer-facing screen: the amount in AED (large) and an indicative CNY, the order QR with a
// countdown, and the state in Simplified Chinese and English. It never takes input: it only mirrors
// the counter (sale.current) and follows the event stream.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { AttemptView, CounterView, DisplaySettings } from '../../app/api/contract.ts';
import type { AttemptState } from '../../app/domain/attempt.ts';
import { assertNever } from '../../app/domain/never.ts';
import type { Transport } from '../api/transport.ts';
import { customerMessages, type CustomerKey } from '../i18n/customer.ts';
import { fill, indicativeCny, money } from '../i18n/i18n.ts';
import { secondsUntil, useNow } from '../cashier/hooks.ts';
import { mergeReread, upsertAttempt } from '../state/attempts.ts';
import './customer.css';

function Bilingual({ k, vars, className }: { k: CustomerKey; vars?: Record<string, string | number>; className?: string }) {
  const m = customerMessages[k];
  return (
    <div className={`bilingual ${className ?? ''}`}>
      <div lang="zh-CN" className="zh">
        {fill(m.zh, vars)}
      </div>
      <div lang="en" className="en">
        {fill(m.en, vars)}
      </div>
    </div>
  );
}

function stateWords(state: AttemptState): { icon: string; key: CustomerKey; hint?: CustomerKey } {
  switch (state) {
    case 'created':
    case 'sent':
      return { icon: '⇡', key: 'processing' };
    case 'awaiting_customer':
      return { icon: '▦', key: 'scanQr' };
    case 'unknown':
      return { icon: '?', key: 'checking' };
    case 'succeeded':
      return { icon: '✓', key: 'succeeded', hint: 'thanks' };
    case 'failed':
      return { icon: '✕', key: 'failed', hint: 'refreshCode' };
    case 'cancelling':
      return { icon: '↺', key: 'cancelling' };
    case 'cancelled':
      return { icon: '⊘', key: 'cancelled' };
    case 'needs_attention':
      return { icon: '⚠', key: 'attention' };
    case 'expired':
      return { icon: '⌛', key: 'expired' };
    default:
      return assertNever(state, 'attempt state');
  }
}

export function OrderQr({ value }: { value: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Error correction M and the full 4-module quiet zone, as the Alipay+ QR guidance asks; 10 px
    // per module keeps a ~40-module code around 480 px, readable by a phone at arm's length.
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 4, scale: 10, color: { dark: '#000000', light: '#ffffff' } }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [value]);
  if (!src) return <div className="qr-placeholder" />;
  return <img className="customer-qr" data-testid="customer-qr" src={src} alt="Alipay QR" data-value-length={value.length} />;
}

function AttemptScreen({ attempt }: { attempt: AttemptView }) {
  const now = useNow(500);
  const w = stateWords(attempt.state);
  const left = attempt.state === 'awaiting_customer' ? secondsUntil(attempt.orderExpiresAt, now) : null;
  return (
    <div className="customer-attempt" data-testid="customer-state" data-state={attempt.state}>
      {attempt.state === 'awaiting_customer' && attempt.orderCode ? <OrderQr value={attempt.orderCode} /> : <div className="customer-icon" aria-hidden="true">{w.icon}</div>}
      <Bilingual k={w.key} className="customer-status" />
      {left !== null ? <Bilingual k="expiresIn" vars={{ s: left }} className="countdown" /> : null}
      {w.hint ? <Bilingual k={w.hint} /> : null}
    </div>
  );
}

export function CustomerDisplay({ transport }: { transport: Transport }) {
  const [counter, setCounter] = useState<CounterView>({ sale: null, attempts: [] });
  const [settings, setSettings] = useState<DisplaySettings | null>(null);
  useEffect(() => {
    let live = true;
    // Only the newest re-read may land: an older answer must not overwrite a fresher event.
    let asked = 0;
    const reread = () => {
      const mine = ++asked;
      return transport.call('sale.current', {}).then(
        // An event that overtook this re-read keeps its newer view of the same sale's attempts.
        (c) => live && mine === asked && setCounter((now) => (now.sale && c.sale && now.sale.id === c.sale.id ? { ...c, attempts: mergeReread(now.attempts, c.attempts) } : c)),
        () => {},
      );
    };
    transport.call('settings.display', {}).then((s) => live && setSettings(s), () => {});
    const unsub = transport.subscribe((e) => {
      switch (e.type) {
        case 'connection':
          if (e.connected) void reread();
          return;
        case 'counter':
          void reread();
          return;
        case 'sale':
          setCounter((c) => {
            if (c.sale && c.sale.id === e.sale.id) return { ...c, sale: e.sale };
            // A sale we do not show yet (its counter re-read is still on its way): read again.
            void reread();
            return c;
          });
          return;
        case 'attempt':
          setCounter((c) => {
            if (!c.sale || c.sale.id !== e.attempt.saleId) return c;
            return { ...c, attempts: upsertAttempt(c.attempts, e.attempt) };
          });
          return;
        default:
          return;
      }
    });
    void reread();
    document.documentElement.lang = 'zh-CN';
    document.documentElement.dir = 'ltr';
    return () => {
      live = false;
      unsub();
    };
  }, [transport]);

  const { sale } = counter;
  const attempt = counter.attempts[0] ?? null;
  const idle = !sale || (sale.lines.length === 0 && !attempt);
  const amount = attempt && attempt.state !== 'failed' && attempt.state !== 'expired' && attempt.state !== 'cancelled' ? attempt.amount : (sale?.due ?? sale?.total);
  return (
    <div className={`customer${!idle && attempt?.state === 'awaiting_customer' && attempt.orderCode ? ' with-qr' : ''}`} data-testid="customer-display" data-idle={idle ? 'yes' : 'no'}>
      {settings?.sandbox ? (
        <div className="sandbox-mark">
          <Bilingual k="sandbox" />
        </div>
      ) : null}
      {idle ? (
        <div className="customer-idle">
          <Bilingual k="welcome" className="welcome" />
          {settings ? <p className="store">{settings.storeName}</p> : null}
        </div>
      ) : (
        <>
          <div className="customer-amount">
            <Bilingual k="total" />
            <div className="aed" data-testid="customer-amount">
              {amount ? money(amount, 'zh') : ''}
            </div>
            {amount && settings ? (
              <div className="cny">
                <span lang="zh-CN">{customerMessages.indicative.zh}</span> / <span lang="en">{customerMessages.indicative.en}</span>:{' '}
                <span data-testid="customer-cny">≈ {money(indicativeCny(amount, settings.indicativeCnyPerAed), 'zh')}</span>
              </div>
            ) : null}
          </div>
          {attempt ? <AttemptScreen attempt={attempt} /> : null}
          {!attempt && sale?.status === 'paid' ? <Bilingual k="thanks" className="customer-status" /> : null}
        </>
      )}
    </div>
  );
}
