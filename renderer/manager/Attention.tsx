// Payments the terminal could not settle alone (needs_attention), for the manager: each with its
// amount, time, masked customer code and what went wrong; "Check with Alipay again" asks the
// acquirer once (its definite answer settles it), and "Mark as paid" / "Mark as not paid" settle it
// by hand with a reason and a confirmation. The list follows the terminal's attempt events.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Transport } from '../api/transport.ts';
import { CallError } from '../api/transport.ts';
import type { AttentionChangeView, AttentionItemView } from '../../app/api/manager.ts';
import { attemptStateMessage } from '../../app/domain/result-words.ts';
import { errorWords } from '../i18n/errors.ts';
import { dateTime, dirOf, money, type Lang } from '../i18n/i18n.ts';
import { attentionText, type AttentionKey } from '../i18n/attention.ts';

type Words = (key: AttentionKey, vars?: Record<string, string | number>) => string;

/**
 * What a call ended with, kept as data so a language switch rewords it. English shows the
 * terminal's own sentence (names the amounts and codes); Arabic its words by outcome or error code,
 * with the terminal's sentence beside it (isolated, left to right) for the details.
 */
type Said = { kind: 'change'; change: AttentionChangeView } | { kind: 'error'; code: string | null; text: string };

function saidOf(err: unknown): Said {
  return err instanceof CallError ? { kind: 'error', code: err.code, text: err.message } : { kind: 'error', code: null, text: '' };
}

function SaidWords({ said, lang, t }: { said: Said; lang: Lang; t: Words }) {
  if (said.kind === 'error' && !said.code) return <>{t('noAnswer')}</>;
  const core = said.kind === 'change' ? said.change.message : said.text;
  if (lang === 'en') return <>{core}</>;
  let words: string;
  if (said.kind === 'error') words = said.code === 'NOT_NEEDING_ATTENTION' ? t('notNeeding') : errorWords(lang, said.code, said.text);
  else if (!said.change.settled) words = t('unchanged');
  else words = t(said.change.state === 'succeeded' ? 'settledPaid' : said.change.state === 'cancelled' ? 'settledCancelled' : 'settledNotPaid');
  return (
    <>
      {words}{' '}
      <bdi lang="en" dir="ltr" className="manager-hint">
        ({core})
      </bdi>
    </>
  );
}

interface RowProps {
  item: AttentionItemView;
  transport: Transport;
  session: string;
  lang: Lang;
  t: Words;
  /** The call ended: say what happened above the list and read the list again. */
  onDone: (said: Said) => void;
}

function AttentionRow({ item, transport, session, lang, t, onDone }: RowProps) {
  const [reason, setReason] = useState('');
  const [paymentId, setPaymentId] = useState('');
  const [confirm, setConfirm] = useState<'succeeded' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Said | 'needReason' | null>(null);
  const amount = money(item.amount, lang);

  const run = (p: Promise<AttentionChangeView>) => {
    setBusy(true);
    setNote(null);
    p.then(
      (change) => {
        setBusy(false);
        setConfirm(null);
        if (change.settled) onDone({ kind: 'change', change });
        else setNote({ kind: 'change', change });
      },
      (err: unknown) => {
        setBusy(false);
        setConfirm(null);
        const said = saidOf(err);
        // Settled meanwhile (another manager, the CLI): say so above the list, which no longer has it.
        if (said.kind === 'error' && said.code === 'NOT_NEEDING_ATTENTION') onDone(said);
        else setNote(said);
      },
    );
  };
  const ask = (outcome: 'succeeded' | 'failed') => {
    if (reason.trim().length < 3) {
      setNote('needReason');
      return;
    }
    setNote(null);
    setConfirm(outcome);
  };
  const settle = (outcome: 'succeeded' | 'failed') =>
    run(
      transport.call('manager.settleAttempt', {
        session,
        attemptId: item.attemptId,
        outcome,
        reason: reason.trim(),
        ...(outcome === 'succeeded' && paymentId.trim() ? { paymentId: paymentId.trim() } : {}),
      }),
    );

  return (
    <li data-testid="attention-row" data-attempt-id={item.attemptId}>
      <p>
        <strong data-testid="attention-amount">
          <bdi>{amount}</bdi>
        </strong>{' '}
        — <span data-testid="attention-time">{t('when', { time: dateTime(item.createdAt, lang) })}</span> —{' '}
        <span data-testid="attention-code">{item.codeMasked ? t('code', { code: `\u2066${item.codeMasked}\u2069` }) : t('qr')}</span> —{' '}
        <span>{item.invoiceNo !== null ? t('invoice', { no: item.invoiceNo }) : t('openSale')}</span>
      </p>
      <p data-testid="attention-error">
        {lang === 'en' ? (
          t('lastError', { words: item.lastError })
        ) : (
          <>
            {t('lastError', { words: attemptStateMessage('needs_attention').words[lang].what })}{' '}
            <bdi lang="en" dir="ltr" className="manager-hint">
              ({item.lastError})
            </bdi>
          </>
        )}
      </p>
      <p className="manager-hint">
        <bdi>{t('requestId', { id: item.attemptId })}</bdi>
      </p>
      <div className="manager-row">
        <button type="button" data-testid="attention-recheck" disabled={busy} onClick={() => run(transport.call('manager.recheckAttempt', { session, attemptId: item.attemptId }))}>
          {busy && !confirm ? t('checking') : t('recheck')}
        </button>
      </div>
      <div className="manager-row">
        <label>
          {t('reason')} <input data-testid="attention-reason" value={reason} maxLength={256} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          {t('paymentId')} <input data-testid="attention-payment-id" value={paymentId} maxLength={64} dir="ltr" onChange={(e) => setPaymentId(e.target.value)} />
        </label>
        <button type="button" data-testid="attention-paid" disabled={busy} onClick={() => ask('succeeded')}>
          {t('paid')}
        </button>
        <button type="button" data-testid="attention-not-paid" disabled={busy} onClick={() => ask('failed')}>
          {t('notPaid')}
        </button>
      </div>
      {confirm && (
        <div className="manager-confirm" role="alertdialog" data-testid="attention-confirm" data-outcome={confirm}>
          <p>{t(confirm === 'succeeded' ? 'confirmPaid' : 'confirmNotPaid', { amount })}</p>
          <button type="button" data-testid="attention-confirm-yes" disabled={busy} onClick={() => settle(confirm)}>
            {t('yes')}
          </button>{' '}
          <button type="button" data-testid="attention-confirm-no" disabled={busy} onClick={() => setConfirm(null)}>
            {t('no')}
          </button>
        </div>
      )}
      {note && (
        <p role="status" data-testid="attention-row-message">
          {note === 'needReason' ? t('needReason') : <SaidWords said={note} lang={lang} t={t} />}
        </p>
      )}
    </li>
  );
}

/** The language of the screen around this panel (the manager screen's <main lang>), unless given. */
function useScreenLang(given: Lang | undefined): { lang: Lang; ref: RefObject<HTMLElement | null> } {
  const ref = useRef<HTMLElement | null>(null);
  const [found, setFound] = useState<Lang>('en');
  useLayoutEffect(() => {
    if (given) return;
    const l: Lang = ref.current?.parentElement?.closest('[lang]')?.getAttribute('lang') === 'ar' ? 'ar' : 'en';
    if (l !== found) setFound(l);
  });
  return { lang: given ?? found, ref };
}

export function Attention({ transport, session, onChanged, lang: given }: { transport: Transport; session: string; onChanged: () => void; lang?: Lang }) {
  const { lang, ref } = useScreenLang(given);
  const t: Words = (key, vars) => attentionText(lang, key, vars);
  const [items, setItems] = useState<AttentionItemView[] | null>(null);
  const [message, setMessage] = useState<Said | null>(null);
  const [error, setError] = useState<Said | null>(null);

  const load = useCallback(() => {
    transport.call('manager.attention', { session }).then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (err: unknown) => setError(saidOf(err)),
    );
  }, [transport, session]);
  useEffect(load, [load]);
  // The engine may send a payment here (or a late answer may settle one) while the panel is open.
  useEffect(
    () =>
      transport.subscribe((ev) => {
        if (ev.type === 'attempt' && (ev.attempt.state === 'needs_attention' || items?.some((i) => i.attemptId === ev.attempt.paymentRequestId))) load();
      }),
    [transport, load, items],
  );

  const done = (said: Said) => {
    setMessage(said);
    load();
    onChanged();
  };

  return (
    <section ref={ref} data-testid="manager-attention" className="manager-attention manager-no-print" lang={lang} dir={dirOf(lang)}>
      <h2>{t('title')}</h2>
      <p className="manager-hint">{t('intro')}</p>
      {error && (
        <p role="alert" data-testid="attention-error-banner">
          <SaidWords said={error} lang={lang} t={t} />
        </p>
      )}
      {message && (
        <p role="status" data-testid="attention-message">
          <SaidWords said={message} lang={lang} t={t} />
        </p>
      )}
      {items === null && !error && <p>{t('loading')}</p>}
      {items !== null && items.length === 0 && <p data-testid="attention-empty">{t('empty')}</p>}
      <ul data-testid="attention-list" className="manager-results">
        {(items ?? []).map((item) => (
          <AttentionRow key={item.attemptId} item={item} transport={transport} session={session} lang={lang} t={t} onDone={done} />
        ))}
      </ul>
    </section>
  );
}
