// Refunds and voids: find a sale by invoice number, by the receipt's own code (scanned or typed) or
// by amount and time; refund a tender to the customer's wallet (through the journal, followed until
// it is final), from the drawer, or as keyed on the external card terminal; void a sale that was
// never paid, after a confirmation.
import { walletBrand } from '../../app/domain/wallets.ts';
import { useEffect, useRef, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { FoundSaleView, ManagerRefundView } from '../../app/api/manager.ts';
import type { LinkStatus } from '../../app/api/views.ts';
import { money as moneyOf, normaliseDigits, toDecimalString } from '../../app/domain/money.ts';
import { dubaiIso } from '../../app/domain/time.ts';
import { resultCodeMessage, wordsIn } from '../../app/domain/result-words.ts';
import { dateTime, money } from '../i18n/i18n.ts';
import type { ManagerKey } from '../i18n/manager.ts';
import { errorCode, saidOf, SaidText, useWords, type Said, type Words } from './words.tsx';
import { SaleReceipt } from './SaleReceipt.tsx';
import { countText } from '../i18n/counted.ts';

const REFUND_WORDS: Record<ManagerRefundView['state'], ManagerKey> = {
  created: 'refund_created',
  sent: 'refund_sent',
  refund_unknown: 'refund_unknown',
  refunded: 'refund_refunded',
  refund_failed: 'refund_failed',
};
const FINAL: readonly ManagerRefundView['state'][] = ['refunded', 'refund_failed'];

/** What a datetime-local input shows for an instant: the shop's wall clock (Dubai), to the minute. */
function dubaiLocalInput(instant: Date): string {
  return dubaiIso(instant).slice(0, 16);
}

/** A datetime-local value read as Dubai wall time (the shop's clock, whatever the PC's zone), or null. */
function fromDubaiLocal(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const offset = dubaiIso(new Date()).slice(19); // "+04:00"
  const d = new Date(`${m[1]}${m[2] ?? ':00'}${offset}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Typed figures inside a sentence keep their own order in Arabic (a left-to-right isolate). */
const ltr = (text: string) => `\u2066${text}\u2069`;

/** paid, partly refunded or refunded for a paid sale; open or voided otherwise. */
function displayStatus(sale: FoundSaleView): string {
  return sale.status === 'paid' && sale.refundStatus !== 'none' ? sale.refundStatus : sale.status;
}

function statusKey(status: string): ManagerKey {
  switch (status) {
    case 'open':
      return 'status_open';
    case 'voided':
      return 'status_voided';
    case 'refunded':
      return 'status_refunded';
    case 'partly_refunded':
      return 'status_partly_refunded';
    default:
      return 'status_paid';
  }
}

/** Where the money goes, named in the confirmation: the wallet, the drawer, or the card terminal. */
function destinationKey(kind: FoundSaleView['tenders'][number]['kind']): ManagerKey {
  return kind === 'wallet' ? 'refundAskWallet' : kind === 'cash' ? 'refundAskCash' : 'refundAskCard';
}

/** Which tender gets the money back, as the customer knows it: the wallet's brand, the card's ending. */
function tenderName(tn: FoundSaleView['tenders'][number], t: Words): string {
  if (tn.kind === 'wallet') return walletBrand(tn.pspName) ?? t('wallet');
  if (tn.kind === 'card' && tn.cardLast4) return `${t('card')} ${ltr(`**** ${tn.cardLast4}`)}`;
  return t(tn.kind);
}

function SaleLine({ sale }: { sale: FoundSaleView }) {
  const { t, lang } = useWords();
  return (
    <>
      {sale.invoiceNo === null ? t('noInvoice') : t('invoiceNo', { no: sale.invoiceNo })} — <bdi>{money(sale.total, lang)}</bdi> — {t(statusKey(displayStatus(sale)))} —{' '}
      <bdi>{dateTime(sale.completedAt ?? sale.createdAt, lang)}</bdi>
    </>
  );
}

function VoidSale({ transport, session, sale, onVoided }: { transport: Transport; session: string; sale: FoundSaleView; onVoided: (status: string) => void }) {
  const { t, lang } = useWords();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Said | null>(null);
  if (!asking) {
    return (
      <button type="button" data-testid="sale-void" onClick={() => setAsking(true)}>
        {t('voidSale')}
      </button>
    );
  }
  return (
    <div role="group" data-testid="sale-void-ask" className="manager-confirm">
      <p>
        {t('voidAsk')} <bdi>{money(sale.total, lang)}</bdi>
      </p>
      <label>
        {t('reason')} <input data-testid="sale-void-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={256} />
      </label>
      <button
        type="button"
        data-testid="sale-void-confirm"
        onClick={() => {
          setError(null);
          transport.call('manager.voidSale', { session, saleId: sale.saleId, reason: reason.trim() || undefined }).then(
            (r) => onVoided(r.status),
            (err: unknown) => setError(saidOf(err, lang)),
          );
        }}
      >
        {t('voidConfirm')}
      </button>
      <button type="button" data-testid="sale-void-cancel" onClick={() => setAsking(false)}>
        {t('keepSale')}
      </button>
      {error && (
        <p role="alert" data-testid="sale-void-error">
          <SaidText said={error} lang={lang} />
        </p>
      )}
    </div>
  );
}

export function Refunds({ transport, session, onChanged, open }: { transport: Transport; session: string; onChanged: () => void; open?: { invoiceNo: number; seq: number } | null }) {
  const { t, lang } = useWords();
  const [invoice, setInvoice] = useState('');
  const [findAmount, setFindAmount] = useState('');
  const [around, setAround] = useState(() => dubaiLocalInput(new Date()));
  const [within, setWithin] = useState('30');
  const [results, setResults] = useState<FoundSaleView[] | null>(null);
  const [sale, setSale] = useState<FoundSaleView | null>(null);
  // The tender being refunded (its index in the sale), the amount (all that is left, editable), the
  // reason, and whether the manager is being asked to confirm.
  const [chosen, setChosen] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  // Words, and the amount they are about (shown apart, isolated, so it reads right in Arabic too).
  const [message, setMessage] = useState<Said | null>(null);
  const [sent, setSent] = useState<ManagerRefundView | null>(null);
  const [link, setLink] = useState<LinkStatus | null>(null);
  // Only the latest search is shown: an earlier one may answer after it.
  const searches = useRef(0);

  // A wallet refund is sent by the journal in the background: read it again until it is final,
  // and say so when it only waits because the acquirer cannot be reached.
  useEffect(() => {
    if (!sent || FINAL.includes(sent.state)) return;
    const timer = setTimeout(() => {
      transport.call('terminal.status', {}).then(
        (s) => setLink(s.link),
        () => setLink(null),
      );
      transport.call('manager.refund', { session, refundRequestId: sent.refundRequestId }).then(
        (r) => {
          setSent(r);
          if (r.state !== sent.state) {
            onChanged();
            if (FINAL.includes(r.state)) void reread();
          }
        },
        (err: unknown) => setMessage(saidOf(err, lang)),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [sent, session, transport, onChanged]);

  /** The same sale with fresh figures (what is left to refund): the form is done with, the words stay. */
  const update = (s: FoundSaleView) => {
    setSale(s);
    setChosen(null);
    setAmount('');
    setReason('');
    setAsking(false);
    setResults((rs) => rs && rs.map((r) => (r.saleId === s.saleId ? s : r)));
  };
  /** Another sale (or none): nothing of the previous one stays on screen. */
  const select = (s: FoundSaleView | null) => {
    setSale(s);
    setChosen(null);
    setAmount('');
    setReason('');
    setAsking(false);
    setSent(null);
    setLink(null);
    setMessage(null);
  };

  /** The selected sale read again (what is left to refund), by its invoice number. */
  const reread = async () => {
    if (!sale || sale.invoiceNo === null) return;
    try {
      const found = await transport.call('manager.findSales', { session, invoiceNo: sale.invoiceNo });
      if (found[0]) update(found[0]);
    } catch (err) {
      setMessage(saidOf(err, lang));
    }
  };

  const choose = (i: number) => {
    if (!sale) return;
    setChosen(i);
    setAsking(false);
    setMessage(null);
    // Full by default: everything left on this tender, which the manager may lower.
    setAmount(toDecimalString(sale.tenders[i]!.refundable));
  };

  /** The amount typed, in fils, or null when it is not an amount more than zero and within what is left. */
  const typedMinor = (): number | null => {
    const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(normaliseDigits(amount));
    if (!m) return null;
    const v = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    return v > 0 ? v : null;
  };
  const ask = () => {
    if (!sale || chosen === null) return;
    const tn = sale.tenders[chosen]!;
    const v = typedMinor();
    if (v === null) {
      setMessage({ text: t('refundAmountBad') });
      return;
    }
    if (v > tn.refundable.minor) {
      setMessage({ text: t('refundExceeds'), amount: tn.refundable, code: 'REFUND_AMOUNT_EXCEED' });
      return;
    }
    setMessage(null);
    setAsking(true);
  };

  const findByInvoice = (typed?: string) => {
    // An invoice number (in either digits), or else the receipt's own code as scanned or typed:
    // the terminal says in words when it is neither.
    const text = normaliseDigits((typed ?? invoice).trim());
    select(null);
    setResults(null);
    if (!text) {
      setMessage({ text: t('typeInvoice') });
      return;
    }
    const query = /^\d{1,15}$/.test(text) && Number(text) > 0 ? { invoiceNo: Number(text) } : { receiptCode: text };
    const mine = ++searches.current;
    transport.call('manager.findSales', { session, ...query }).then(
      (found) => {
        if (mine !== searches.current) return;
        select(found[0] ?? null);
        setResults(null);
        if (!found.length) setMessage({ text: t('noSale', { text }) });
      },
      (err: unknown) => setMessage(saidOf(err, lang)),
    );
  };

  const findByAmount = () => {
    setMessage(null);
    const at = fromDubaiLocal(around);
    if (!at) {
      setMessage({ text: t('badTime') });
      return;
    }
    const minutes = Number(normaliseDigits(within.trim()) || '60');
    const mine = ++searches.current;
    select(null);
    transport.call('manager.findSales', { session, amount: findAmount, around: at.toISOString(), withinMinutes: minutes }).then(
      (found) => {
        if (mine !== searches.current) return;
        setResults(found);
        select(found.length === 1 ? found[0]! : null);
        setMessage({ text: found.length ? countText(lang, 'matchingSales', found.length) : t('noMatch', { amount: ltr(findAmount), minutes, time: ltr(around.replace('T', ' ')) }) });
      },
      (err: unknown) => setMessage(saidOf(err, lang)),
    );
  };

  const refund = () => {
    if (!sale || chosen === null) return;
    const tn = sale.tenders[chosen]!;
    setMessage(null);
    setAsking(false);
    const typed = toDecimalString(moneyOf(typedMinor() ?? 0));
    const fail = (err: unknown) => {
      const code = errorCode(err);
      // The core counts in fils for the log; the manager needs the amount still left, in money.
      if (code === 'REFUND_EXCEEDS_PAID' || code === 'REFUND_AMOUNT_EXCEED') setMessage({ text: t('refundExceeds'), amount: tn.refundable, code });
      else setMessage(saidOf(err, lang));
    };
    if (tn.kind === 'wallet') {
      transport.call('manager.refundWallet', { session, attemptId: tn.attemptId!, amount: typed, reason: reason.trim() || undefined }).then((r) => {
        setSent(r);
        setLink(null);
        onChanged();
        setMessage({ text: t('walletQueued', { wallet: tenderName(tn, t) }), amount: r.amount });
        void reread();
      }, fail);
      return;
    }
    transport.call('manager.refundDrawer', { session, saleId: sale.saleId, kind: tn.kind, amount: typed, reason: reason.trim() || undefined }).then((updated) => {
      const given = tn.kind === 'cash' ? 'giveCash' : 'giveCard';
      const before = sale.tenders.filter((x) => x.kind === tn.kind).reduce((n, x) => n + x.refundable.minor, 0);
      const after = updated.tenders.filter((x) => x.kind === tn.kind).reduce((n, x) => n + x.refundable.minor, 0);
      update(updated);
      onChanged();
      setMessage({ text: t(given), amount: moneyOf(before - after) });
    }, fail);
  };

  // An amount inside an Arabic sentence keeps its own order; English needs no isolate.
  const isolated = (text: string) => (lang === 'ar' ? ltr(text) : text);
  // A sale opened from the transaction list: found here as if its invoice number had been typed.
  useEffect(() => {
    if (!open) return;
    setInvoice(String(open.invoiceNo));
    findByInvoice(String(open.invoiceNo));
    document.querySelector('[data-testid="manager-refunds"]')?.scrollIntoView?.({ block: 'start' });
    // Only a new request to open (its seq) finds again.
  }, [open?.seq]);

  const failedWords = sent?.state === 'refund_failed' ? wordsIn(resultCodeMessage(sent.resultCode), lang) : null;
  return (
    <section data-testid="manager-refunds" className="manager-no-print manager-refunds">
      <h2>{t('refund')}</h2>
      <div className="manager-row">
        <label>
          {t('findLabel')} <input data-testid="refund-invoice" value={invoice} onChange={(e) => setInvoice(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && findByInvoice()} />
        </label>
        <button type="button" data-testid="refund-find" onClick={() => findByInvoice()}>
          {t('find')}
        </button>
      </div>
      <fieldset className="manager-row">
        <legend>{t('orFindBy')}</legend>
        <label>
          {t('amount')} <input data-testid="refund-find-amount" inputMode="decimal" value={findAmount} onChange={(e) => setFindAmount(e.target.value)} placeholder="40.00" size={8} />
        </label>
        <label>
          {t('around')} <input type="datetime-local" data-testid="refund-find-around" value={around} onChange={(e) => setAround(e.target.value)} />
        </label>
        <label>
          {t('withinMinutes')} <input type="number" data-testid="refund-find-within" min={1} max={1440} value={within} onChange={(e) => setWithin(e.target.value)} size={5} />
        </label>
        <button type="button" data-testid="refund-find-by-amount" onClick={findByAmount}>
          {t('findByAmount')}
        </button>
      </fieldset>
      {results && results.length > 0 && (
        <ul data-testid="refund-results" className="manager-results">
          {results.map((r) => (
            <li key={r.saleId}>
              <button type="button" data-testid="refund-result" data-sale-id={r.saleId} data-status={r.status} aria-pressed={sale?.saleId === r.saleId} onClick={() => select(r)}>
                <SaleLine sale={r} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p role="status" data-testid="refund-message" data-code={message.code ?? undefined}>
          <SaidText said={message} lang={lang} />
        </p>
      )}
      {sale && (
        <div data-testid="refund-sale" data-sale-id={sale.saleId}>
          <p>
            <SaleLine sale={sale} />
          </p>
          <p data-testid="sale-status" data-status={displayStatus(sale)}>
            {t('status', { status: t(statusKey(displayStatus(sale))) })}
          </p>
          {sale.status === 'paid' && <SaleReceipt transport={transport} session={session} sale={sale} onTagged={select} />}
          {sale.status === 'open' && (
            <VoidSale
              key={sale.saleId}
              transport={transport}
              session={session}
              sale={sale}
              onVoided={(status) => {
                select({ ...sale, status });
                setMessage({ text: t('voided') });
                onChanged();
              }}
            />
          )}
          {sale.status === 'paid' && (
            <>
              <table data-testid="refund-tenders">
                <thead>
                  <tr>
                    <th>{t('tender')}</th>
                    <th>{t('paid')}</th>
                    <th>{t('refundedSoFar')}</th>
                    <th>{t('left')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {sale.tenders.map((tn, i) => (
                    <tr key={i} data-testid="refund-tender" data-kind={tn.kind} data-refundable-minor={tn.refundable.minor}>
                      <th>{tenderName(tn, t)}</th>
                      <td>
                        <bdi>{money(tn.amount, lang)}</bdi>
                      </td>
                      <td>
                        <bdi>{money(moneyOf(tn.amount.minor - tn.refundable.minor), lang)}</bdi>
                      </td>
                      <td>
                        <bdi>{money(tn.refundable, lang)}</bdi>
                      </td>
                      <td>
                        <button
                          type="button"
                          data-testid={`refund-tender-${tn.kind}`}
                          aria-pressed={chosen === i}
                          disabled={tn.refundable.minor === 0}
                          onClick={() => choose(i)}
                        >
                          {t('refundTender', { what: tenderName(tn, t) })} <bdi>{money(tn.refundable, lang)}</bdi>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {chosen !== null && sale.tenders[chosen] && (
                <div data-testid="refund-form" data-kind={sale.tenders[chosen]!.kind} className="manager-refund-form">
                  <label>
                    {t('refundAmountOf', { what: tenderName(sale.tenders[chosen]!, t) })}{' '}
                    <input
                      data-testid="refund-amount"
                      inputMode="decimal"
                      value={amount}
                      onChange={(e) => {
                        setAmount(e.target.value);
                        setAsking(false);
                      }}
                      size={9}
                    />
                  </label>
                  <label>
                    {t('reason')}{' '}
                    <input
                      data-testid="refund-reason"
                      value={reason}
                      onChange={(e) => {
                        setReason(e.target.value);
                        setAsking(false);
                      }}
                      maxLength={256}
                    />
                  </label>
                  <p className="manager-hint">{t('amountHint')}</p>
                  {!asking ? (
                    <button type="button" data-testid="refund-submit" onClick={ask}>
                      {t('refundNext')}
                    </button>
                  ) : (
                    <div data-testid="refund-confirm-ask" role="alertdialog" className="manager-confirm">
                      <p>
                        {t(destinationKey(sale.tenders[chosen]!.kind), {
                          amount: isolated(money(moneyOf(typedMinor() ?? 0), lang)),
                          wallet: tenderName(sale.tenders[chosen]!, t),
                          invoice: sale.invoiceNo ?? '—',
                        })}
                      </p>
                      <button type="button" data-testid="refund-confirm" onClick={refund}>
                        {t('refundConfirm', { amount: isolated(money(moneyOf(typedMinor() ?? 0), lang)) })}
                      </button>
                      <button type="button" data-testid="refund-cancel" onClick={() => setAsking(false)}>
                        {t('zConfirmNo')}
                      </button>
                    </div>
                  )}
                </div>
              )}
            </>
          )}
        </div>
      )}
      {sent && (
        <p data-testid="refund-state" data-state={sent.state}>
          {t('refundState')} <bdi>{money(sent.amount, lang)}</bdi>: {t(REFUND_WORDS[sent.state])}
          {failedWords && ` — ${failedWords.what} ${failedWords.todo} (${sent.resultCode ?? '—'})`}
        </p>
      )}
      {sent && !FINAL.includes(sent.state) && link === 'offline' && (
        <p role="status" data-testid="refund-offline">
          {t('acquirerOffline')}
        </p>
      )}
    </section>
  );
}
