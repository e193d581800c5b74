// One screen per attempt state (ACQUIRER.md), each with an icon and words, never colour alone.
import type { AttemptView } from '../../app/api/contract.ts';
import { isFinalAttemptState } from '../../app/domain/attempt.ts';
import { assertNever } from '../../app/domain/never.ts';
import { useCashier, useT } from './context.ts';
import { secondsUntil, useNow } from './hooks.ts';
import { declineAdvice } from './decline.ts';
import { money } from '../i18n/i18n.ts';
import { resultCodeMessage } from '../../app/domain/result-words.ts';
import type { MessageKey } from '../i18n/en.ts';
import { shortPaymentId, walletBrand } from '../../app/domain/wallets.ts';
import { ORDER_CODE_EXPIRED } from '../../app/domain/attempt.ts';
import { OrderQr } from '../customer/OrderQr.tsx';
import { useState } from 'react';

/** The last seconds of a QR: the countdown changes look so the cashier sees time running out. */
export const URGENT_SECONDS = 15;

/** The order QR ran out unpaid (ended expired, or its cancel is making sure of that). */
export function qrRanOut(a: AttemptView): boolean {
  return a.scenario === 'OrderCode' && (a.state === 'expired' || (a.state === 'cancelling' && a.resultCode === ORDER_CODE_EXPIRED));
}

/** The QR goes on this screen when no customer display shows it, or the cashier asked for it here. */
export function useQrHere(): boolean {
  const noDisplay = useCashier((s) => s.status?.customerDisplay === false);
  const asked = useCashier((s) => s.qrHere);
  return noDisplay || asked;
}

interface Look {
  icon: string;
  title: MessageKey;
  hint?: string;
  tone: 'wait' | 'ok' | 'bad' | 'warn';
  urgent?: boolean;
}

function useLook(a: AttemptView): Look {
  const t = useT();
  const lang = useCashier((s) => s.lang);
  const link = useCashier((s) => s.status?.link ?? 'unknown');
  const now = useNow(500);
  const here = useQrHere();
  if (qrRanOut(a)) return { icon: '◷', title: 'stateQrExpired', hint: t('stateQrExpiredHint'), tone: 'bad' };
  switch (a.state) {
    case 'created': {
      const left = secondsUntil(a.validUntil, now);
      return link === 'offline'
        ? { icon: '‖', title: 'stateCreatedOffline', hint: left !== null ? t('secondsLeft', { s: left }) : undefined, tone: 'warn' }
        : { icon: '⇡', title: 'stateCreatedOnline', hint: left !== null ? t('secondsLeft', { s: left }) : undefined, tone: 'wait' };
    }
    case 'sent':
      return { icon: '⇡', title: 'stateSent', tone: 'wait' };
    case 'awaiting_customer': {
      const left = secondsUntil(a.orderExpiresAt, now);
      return {
        icon: '▦',
        title: 'stateAwaiting',
        hint: `${here ? t('stateAwaitingHere') : t('stateAwaitingHint')}${left !== null ? ` ${t('expiresIn', { s: left })}` : ''}`,
        tone: 'wait',
        urgent: left !== null && left <= URGENT_SECONDS,
      };
    }
    case 'unknown':
      return { icon: '?', title: 'stateUnknown', hint: t('stateUnknownHint'), tone: 'warn' };
    case 'succeeded':
      return { icon: '✓', title: 'stateSucceeded', tone: 'ok' };
    case 'failed':
      return { icon: '✕', title: 'stateFailed', hint: declineAdvice(a.resultCode, lang), tone: 'bad' };
    case 'cancelling':
      return { icon: '↺', title: 'stateCancelling', tone: 'wait' };
    case 'cancelled':
      return { icon: '⊘', title: 'stateCancelled', tone: 'bad' };
    case 'needs_attention':
      return { icon: '⚠', title: 'stateNeedsAttention', hint: t('stateNeedsAttentionHint'), tone: 'warn' };
    case 'expired':
      return { icon: '◷', title: 'stateExpired', hint: t('stateExpiredHint'), tone: 'bad' };
    default:
      return assertNever(a.state, 'attempt state');
  }
}

export function PaymentPanel({ attempt }: { attempt: AttemptView }) {
  const t = useT();
  const lang = useCashier((s) => s.lang);
  const sale = useCashier((s) => s.sale);
  const askCancel = useCashier((s) => s.askCancel);
  const waitForCode = useCashier((s) => s.waitForCode);
  const openPanel = useCashier((s) => s.openPanel);
  const newSale = useCashier((s) => s.newSale);
  const showQr = useCashier((s) => s.showQr);
  const setQrHere = useCashier((s) => s.setQrHere);
  const asked = useCashier((s) => s.qrHere);
  const noDisplay = useCashier((s) => s.status?.customerDisplay === false);
  const busy = useCashier((s) => s.busy);
  const look = useLook(attempt);
  const here = useQrHere();
  const final = isFinalAttemptState(attempt.state);
  const cancellable = attempt.state === 'created' || attempt.state === 'sent' || attempt.state === 'awaiting_customer' || attempt.state === 'unknown';
  const qr = attempt.state === 'awaiting_customer' && attempt.orderCode ? attempt.orderCode : null;
  const ranOut = qrRanOut(attempt);
  const brand = walletBrand(attempt.pspName);
  return (
    <section className={`payment tone-${look.tone}${qr && here ? ' with-qr' : ''}`} data-testid="payment-state" data-state={attempt.state} aria-live="polite">
      {qr && here ? (
        <div className="cashier-qr-box">
          <OrderQr value={qr} testId="cashier-qr" className="cashier-qr" />
        </div>
      ) : (
        <div className="payment-icon" aria-hidden="true">
          {look.icon}
        </div>
      )}
      <h2 className="payment-title">{t(look.title)}</h2>
      <p className="payment-amount">
        <bdi>{money(attempt.amount, lang)}</bdi>
      </p>
      {look.hint ? (
        <p className={`payment-hint${look.urgent ? ' urgent' : ''}`} data-urgent={look.urgent ? 'yes' : 'no'}>
          {look.hint}
        </p>
      ) : null}
      {qr && noDisplay ? <p className="payment-note">{t('noCustomerDisplay')}</p> : null}
      {attempt.state === 'failed' && attempt.resultCode ? (
        <p className="payment-code">
          <bdi>{attempt.resultCode}</bdi>
          {lang === 'en' ? (attempt.resultMessage ? ` — ${attempt.resultMessage}` : '') : ` — ${resultCodeMessage(attempt.resultCode).words[lang].what}`}
        </p>
      ) : null}
      {attempt.state === 'succeeded' ? (
        <dl className="payment-details">
          {brand ? (
            <>
              <dt>{t('wallet')}</dt>
              <dd data-testid="payment-wallet">
                <bdi>{brand}</bdi>
              </dd>
            </>
          ) : null}
          {attempt.customerId ? (
            <>
              <dt>{t('customer')}</dt>
              <dd>
                <bdi>{attempt.customerId}</bdi>
              </dd>
            </>
          ) : null}
          {attempt.paymentId ? (
            <>
              <dt>{t('paymentId')}</dt>
              <dd>
                <PaymentIdCopy id={attempt.paymentId} />
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {attempt.codeMasked ? (
        <p className="payment-masked">
          <bdi>{attempt.codeMasked}</bdi>
        </p>
      ) : null}
      <div className="payment-actions">
        {qr && !noDisplay ? (
          <button type="button" className="btn" data-testid="qr-here" onClick={() => setQrHere(!asked)}>
            {asked ? t('hideQrHere') : t('showQrHere')}
          </button>
        ) : null}
        {ranOut && attempt.state === 'expired' && sale?.status === 'open' ? (
          <button type="button" className="btn primary" data-testid="new-qr" disabled={busy} onClick={() => void showQr()}>
            <span aria-hidden="true">▦</span> {t('newQr')}
          </button>
        ) : null}
        {cancellable ? (
          <button type="button" className="btn danger" data-testid="payment-cancel" onClick={askCancel}>
            {t('cancel')}
          </button>
        ) : null}
        {final && attempt.state !== 'succeeded' ? (
          <>
            <button type="button" className={`btn${ranOut ? '' : ' primary'}`} data-testid="payment-retry" onClick={waitForCode}>
              {t('tryAnotherCode')}
            </button>
            <button type="button" className="btn" data-testid="payment-other" onClick={() => openPanel('sale')}>
              {t('otherTender')}
            </button>
          </>
        ) : null}
        {attempt.state === 'succeeded' && sale?.status === 'paid' ? (
          <>
            <button type="button" className="btn primary" data-testid="show-receipt" onClick={() => openPanel('receipt')}>
              {t('showReceipt')}
            </button>
            <button type="button" className="btn" onClick={() => void newSale()}>
              {t('newSale')}
            </button>
          </>
        ) : null}
        {attempt.state === 'succeeded' && sale?.status === 'open' ? (
          <button type="button" className="btn primary" data-testid="take-rest" onClick={() => openPanel('sale')}>
            {t('takeRest', { due: money(sale.due, lang) })}
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** A payment id shortened to fit, with the whole id one tap away (the manager may ask for it). */
function PaymentIdCopy({ id }: { id: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <span className="payment-id">
      <bdi title={id} data-testid="payment-id" data-full={id}>
        {shortPaymentId(id)}
      </bdi>{' '}
      <button
        type="button"
        className="btn small"
        data-testid="payment-id-copy"
        onClick={() => {
          void navigator.clipboard?.writeText(id).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? t('copied') : t('copy')}
      </button>
    </span>
  );
}

export function CancelDialog() {
  const t = useT();
  const open = useCashier((s) => s.confirmingCancel);
  const yes = useCashier((s) => s.confirmCancel);
  const no = useCashier((s) => s.dismissCancel);
  if (!open) return null;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="cancel-title" data-testid="cancel-confirm">
        <h2 id="cancel-title">{t('cancelConfirmTitle')}</h2>
        <div className="dialog-actions">
          <button type="button" className="btn" autoFocus onClick={no}>
            {t('cancelConfirmNo')}
          </button>
          <button type="button" className="btn danger" data-testid="cancel-confirm-yes" onClick={() => void yes()}>
            {t('cancelConfirmYes')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function ListeningPanel() {
  const t = useT();
  const openPanel = useCashier((s) => s.openPanel);
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  return (
    <section className="payment tone-wait" data-testid="wallet-listening" aria-live="polite">
      <div className="payment-icon" aria-hidden="true">
        ▥
      </div>
      <h2 className="payment-title">{t('listening')}</h2>
      {sale ? (
        <p className="payment-amount">
          <bdi>{money(sale.due, lang)}</bdi>
        </p>
      ) : null}
      <p className="payment-hint">{t('listeningHint')}</p>
      <div className="payment-actions">
        <button type="button" className="btn" onClick={() => openPanel('sale')}>
          <span aria-hidden="true" className="mirror">
            ←
          </span>{' '}
          {t('back')}
        </button>
      </div>
    </section>
  );
}
