// The customer-facing screen: the amount in AED (large) and an indicative CNY, the order QR with a
// countdown, and the state in Simplified Chinese and English. It never takes input: it only mirrors
// the counter (sale.current) and follows the event stream.
import { useEffect, useRef, useState } from 'react';
import type { AttemptView, CounterView, DisplaySettings, SaleView } from '../../app/api/contract.ts';
import { ORDER_CODE_EXPIRED } from '../../app/domain/attempt.ts';
import type { AttemptState } from '../../app/domain/attempt.ts';
import { assertNever } from '../../app/domain/never.ts';
import type { Transport } from '../api/transport.ts';
import { customerMessages, type CustomerKey } from '../i18n/customer.ts';
import { fill, indicativeCny, money } from '../i18n/i18n.ts';
import { OrderQr } from './OrderQr.tsx';
import './fonts.css';
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
      return { icon: '◷', key: 'expired' };
    default:
      return assertNever(state, 'attempt state');
  }
}

/** The QR's last seconds look different: the customer sees time running out. */
const URGENT_SECONDS = 15;

function AttemptScreen({ attempt }: { attempt: AttemptView }) {
  const now = useNow(500);
  // An order QR that ran out is "expired" here too, also while its cancel makes sure of it.
  const ranOut = attempt.scenario === 'OrderCode' && (attempt.state === 'expired' || (attempt.state === 'cancelling' && attempt.resultCode === ORDER_CODE_EXPIRED));
  const w = ranOut ? { icon: '◷', key: 'qrExpired' as const, hint: 'newQrComing' as const } : stateWords(attempt.state);
  const left = attempt.state === 'awaiting_customer' ? secondsUntil(attempt.orderExpiresAt, now) : null;
  const urgent = left !== null && left <= URGENT_SECONDS;
  return (
    <div className="customer-attempt" data-testid="customer-state" data-state={ranOut ? 'expired' : attempt.state}>
      {attempt.state === 'awaiting_customer' && attempt.orderCode ? <OrderQr value={attempt.orderCode} /> : <div className="customer-icon" aria-hidden="true">{w.icon}</div>}
      <Bilingual k={w.key} className="customer-status" />
      {left !== null ? <Bilingual k="expiresIn" vars={{ s: left }} className={`countdown${urgent ? ' urgent' : ''}`} /> : null}
      {w.hint ? <Bilingual k={w.hint} /> : null}
    </div>
  );
}

/** The sale's lines as they are rung up, the newest in view. */
function Lines({ sale }: { sale: SaleView }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [sale.lines.length, sale.lines.at(-1)?.quantity]);
  return (
    <ol className="customer-lines" data-testid="customer-lines">
      {sale.lines.map((l, i) => (
        <li key={l.id} className="customer-line" ref={i === sale.lines.length - 1 ? end : undefined}>
          <span className="cl-name">{l.kind === 'keyed' ? <Bilingual k="keyedItem" className="inline" /> : <bdi>{l.name}</bdi>}</span>
          <span className="cl-qty">×{l.quantity}</span>
          <span className="cl-amount">{money(l.total, 'zh')}</span>
        </li>
      ))}
    </ol>
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
  const paid = sale?.status === 'paid';
  const qr = !idle && !paid && attempt?.state === 'awaiting_customer' && !!attempt.orderCode;
  // A live wallet payment shows its own amount; otherwise what is still due (the total once paid).
  const live = attempt && !paid && (attempt.state === 'awaiting_customer' || attempt.state === 'created' || attempt.state === 'sent' || attempt.state === 'unknown');
  const amount = paid ? sale.total : live ? attempt.amount : (sale?.due ?? sale?.total);
  const partPaid = !!sale && !paid && sale.paid.minor > 0;
  const showAttempt = attempt && !paid && !(attempt.state === 'succeeded' && !partPaid);
  return (
    <div className={`customer${qr ? ' with-qr' : ''}${paid ? ' paid' : ''}${settings?.sandbox ? ' sandboxed' : ''}`} data-testid="customer-display" data-idle={idle ? 'yes' : 'no'}>
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
          {!qr && sale ? <Lines sale={sale} /> : null}
          <div className="customer-side">
            <div className="customer-amount">
              <Bilingual k={paid ? 'grandTotal' : 'total'} />
              <div className="aed" data-testid="customer-amount">
                {amount ? money(amount, 'zh') : ''}
              </div>
              {amount && settings && !paid ? (
                <div className="cny">
                  <span lang="zh-CN">{customerMessages.indicative.zh}</span> / <span lang="en">{customerMessages.indicative.en}</span>:{' '}
                  <span data-testid="customer-cny">≈ {money(indicativeCny(amount, settings.indicativeCnyPerAed), 'zh')}</span>
                </div>
              ) : null}
              {partPaid && sale ? (
                <div className="customer-paid-part" data-testid="customer-paid-part">
                  <span lang="zh-CN">{customerMessages.paidSoFar.zh}</span> / <span lang="en">{customerMessages.paidSoFar.en}</span>: {money(sale.paid, 'zh')}
                </div>
              ) : null}
            </div>
            {paid ? (
              <div className="customer-attempt" data-testid="customer-state" data-state="succeeded">
                <div className="customer-icon ok" aria-hidden="true">
                  ✓
                </div>
                <Bilingual k="succeeded" className="customer-status" />
                <Bilingual k="thanks" />
              </div>
            ) : showAttempt ? (
              <AttemptScreen attempt={attempt} />
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
