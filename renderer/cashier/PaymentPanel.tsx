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

interface Look {
  icon: string;
  title: MessageKey;
  hint?: string;
  tone: 'wait' | 'ok' | 'bad' | 'warn';
}

function useLook(a: AttemptView): Look {
  const t = useT();
  const lang = useCashier((s) => s.lang);
  const link = useCashier((s) => s.status?.link ?? 'unknown');
  const now = useNow(500);
  switch (a.state) {
    case 'created': {
      const left = secondsUntil(a.validUntil, now);
      return link === 'offline'
        ? { icon: '⏸', title: 'stateCreatedOffline', hint: left !== null ? t('secondsLeft', { s: left }) : undefined, tone: 'warn' }
        : { icon: '⇡', title: 'stateCreatedOnline', hint: left !== null ? t('secondsLeft', { s: left }) : undefined, tone: 'wait' };
    }
    case 'sent':
      return { icon: '⇡', title: 'stateSent', tone: 'wait' };
    case 'awaiting_customer': {
      const left = secondsUntil(a.orderExpiresAt, now);
      return { icon: '▦', title: 'stateAwaiting', hint: `${t('stateAwaitingHint')}${left !== null ? ` ${t('expiresIn', { s: left })}` : ''}`, tone: 'wait' };
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
      return { icon: '⌛', title: 'stateExpired', hint: t('stateExpiredHint'), tone: 'bad' };
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
  const look = useLook(attempt);
  const final = isFinalAttemptState(attempt.state);
  const cancellable = attempt.state === 'created' || attempt.state === 'sent' || attempt.state === 'awaiting_customer' || attempt.state === 'unknown';
  return (
    <section className={`payment tone-${look.tone}`} data-testid="payment-state" data-state={attempt.state} aria-live="polite">
      <div className="payment-icon" aria-hidden="true">
        {look.icon}
      </div>
      <h2 className="payment-title">{t(look.title)}</h2>
      <p className="payment-amount">
        <bdi>{money(attempt.amount, lang)}</bdi>
      </p>
      {look.hint ? <p className="payment-hint">{look.hint}</p> : null}
      {attempt.state === 'failed' && attempt.resultCode ? (
        <p className="payment-code">
          <bdi>{attempt.resultCode}</bdi>
          {lang === 'en' ? (attempt.resultMessage ? ` — ${attempt.resultMessage}` : '') : ` — ${resultCodeMessage(attempt.resultCode).words[lang].what}`}
        </p>
      ) : null}
      {attempt.state === 'succeeded' ? (
        <dl className="payment-details">
          {attempt.pspName ? (
            <>
              <dt>{t('wallet')}</dt>
              <dd data-testid="payment-wallet">
                <bdi>{attempt.pspName}</bdi>
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
                <bdi>{attempt.paymentId}</bdi>
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
        {cancellable ? (
          <button type="button" className="btn danger" data-testid="payment-cancel" onClick={askCancel}>
            {t('cancel')}
          </button>
        ) : null}
        {final && attempt.state !== 'succeeded' ? (
          <>
            <button type="button" className="btn primary" data-testid="payment-retry" onClick={waitForCode}>
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
          <button type="button" className="btn primary" onClick={() => openPanel('sale')}>
            {t('otherTender')}
          </button>
        ) : null}
      </div>
    </section>
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
