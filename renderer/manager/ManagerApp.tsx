// The manager screens (#/manager): sign in with a manager PIN, then today's takings with the hourly
// chart (printable: the browser's print dialog saves it as PDF), refunds (find a sale by invoice
// number or the receipt's own code; refund to the wallet or from the drawer) and the day close
// (X report, then Z with the counted cash). English or Arabic (right to left).
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { CallError } from '../api/transport.ts';
import type { FoundSaleView, ManagerRefundView, ManagerSessionView, TakingsView, XReportView, ZReportView } from '../../app/api/manager.ts';
import { parseReceiptCode } from '../../app/domain/sale.ts';
import { dirOf, money, type Lang } from '../i18n/i18n.ts';
import { managerText, type ManagerKey } from '../i18n/manager.ts';
import { HourlyChart } from './HourlyChart.tsx';
import './manager.css';

const LangContext = createContext<Lang>('en');
type Words = (key: ManagerKey, vars?: Record<string, string | number>) => string;
function useWords(): { t: Words; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: (key, vars) => managerText(lang, key, vars), lang };
}

function errorText(err: unknown, t: Words): string {
  if (err instanceof CallError) return err.message;
  return t('noAnswer');
}

function LanguageToggle({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <button type="button" className="manager-no-print" data-testid="manager-language" lang={lang === 'en' ? 'ar' : 'en'} onClick={() => setLang(lang === 'en' ? 'ar' : 'en')}>
      {managerText(lang, 'language')}
    </button>
  );
}

function SignIn({ transport, onSignedIn }: { transport: Transport; onSignedIn: (s: ManagerSessionView) => void }) {
  const { t } = useWords();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      data-testid="manager-signin"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        transport.call('manager.signIn', { name, pin }).then(onSignedIn, (err: unknown) => {
          setPin('');
          setError(errorText(err, t));
        });
      }}
    >
      <h1>{t('manager')}</h1>
      <label>
        {t('name')} <input data-testid="manager-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" />
      </label>
      <label>
        {t('pin')} <input data-testid="manager-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="current-password" />
      </label>
      <button type="submit" data-testid="manager-signin-submit">
        {t('signIn')}
      </button>
      {error && (
        <p role="alert" data-testid="manager-error">
          {error}
        </p>
      )}
    </form>
  );
}

function Takings({ takings }: { takings: TakingsView }) {
  const { t, lang } = useWords();
  const s = takings.status;
  return (
    <section data-testid="manager-takings" className="manager-takings">
      <h2>{t('takings', { day: `\u2066${takings.from === takings.to ? takings.from : `${takings.from} – ${takings.to}`}\u2069` })}</h2>
      <button type="button" className="manager-no-print" data-testid="takings-print" onClick={() => window.print()}>
        {t('print')}
      </button>
      <dl>
        <dt>{t('gross')}</dt>
        <dd data-testid="takings-gross" data-minor={takings.sales.gross.minor}>
          <bdi>{money(takings.sales.gross, lang)}</bdi>
        </dd>
        <dt>{t('refunds')}</dt>
        <dd data-testid="takings-refunds" data-minor={takings.refunds.total.minor}>
          <bdi>{money(takings.refunds.total, lang)}</bdi>
        </dd>
        <dt>{t('net')}</dt>
        <dd data-testid="takings-net" data-minor={takings.net.minor}>
          <bdi>{money(takings.net, lang)}</bdi>
        </dd>
        <dt>{t('sales')}</dt>
        <dd>{t('average', { n: takings.sales.count, avg: money(takings.sales.averageTicket, lang) })}</dd>
        <dt>{t('vat')}</dt>
        <dd>
          <bdi>{money(takings.vat.net, lang)}</bdi>
        </dd>
      </dl>
      <table data-testid="takings-tenders">
        <thead>
          <tr>
            <th>{t('tender')}</th>
            <th>{t('gross')}</th>
            <th>{t('refunds')}</th>
            <th>{t('net')}</th>
          </tr>
        </thead>
        <tbody>
          {takings.byTender.map((tn) => (
            <tr key={`${tn.tender}:${tn.pspName ?? ''}`} data-testid={`takings-tender-${tn.tender}`} data-net-minor={tn.net.minor} data-sales-minor={tn.sales.minor}>
              <th>{tn.label}</th>
              <td>
                <bdi>{money(tn.sales, lang)}</bdi>
              </td>
              <td>
                <bdi>{money(tn.refunds, lang)}</bdi>
              </td>
              <td>
                <bdi>{money(tn.net, lang)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="takings-status">{t('walletStatus', { settled: s.settled.count, pending: s.pending.count, attention: s.needsAttention.count })}</p>
      {takings.unsettled.length > 0 && (
        <ul data-testid="takings-unsettled">
          {takings.unsettled.map((a) => (
            <li key={a.attemptId}>
              {a.state} <bdi>{money(a.amount, lang)}</bdi> {t('code')} <bdi>{a.codeMasked ?? '—'}</bdi>
            </li>
          ))}
        </ul>
      )}
      <HourlyChart takings={takings} caption={t('byHour')} lang={lang} />
    </section>
  );
}

const REFUND_WORDS: Record<ManagerRefundView['state'], ManagerKey> = {
  created: 'refund_created',
  sent: 'refund_sent',
  refund_unknown: 'refund_unknown',
  refunded: 'refund_refunded',
  refund_failed: 'refund_failed',
};

function Refunds({ transport, session, onChanged }: { transport: Transport; session: string; onChanged: () => void }) {
  const { t, lang } = useWords();
  const [invoice, setInvoice] = useState('');
  const [sale, setSale] = useState<FoundSaleView | null>(null);
  const [amount, setAmount] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [sent, setSent] = useState<ManagerRefundView | null>(null);
  // A wallet refund is sent by the journal in the background: read it again until it is final.
  useEffect(() => {
    if (!sent || !['created', 'sent', 'refund_unknown'].includes(sent.state)) return;
    const timer = setTimeout(() => {
      transport.call('manager.refund', { session, refundRequestId: sent.refundRequestId }).then(
        (r) => {
          setSent(r);
          if (r.state !== sent.state) onChanged();
        },
        (err: unknown) => setMessage(errorText(err, (k) => managerText(lang, k))),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [sent, session, transport, onChanged, lang]);
  const find = () => {
    // The receipt's own code (scanned or typed) or an invoice number.
    const text = invoice.trim();
    const query = parseReceiptCode(text) ? { receiptCode: text } : { invoiceNo: Number(text) };
    return transport.call('manager.findSales', { session, ...query }).then(
      (found) => {
        setSale(found[0] ?? null);
        setMessage(found.length ? null : t('noSale', { text }));
      },
      (err: unknown) => setMessage(errorText(err, t)),
    );
  };
  const refund = (tn: FoundSaleView['tenders'][number]) => {
    // Re-read the sale (what is left to refund), then say what to do: find() clears old messages.
    const done = (words: string) => {
      onChanged();
      return find().then(() => setMessage(words));
    };
    const p =
      tn.kind === 'wallet'
        ? transport.call('manager.refundWallet', { session, attemptId: tn.attemptId!, amount }).then((r) => {
            setSent(r);
            return done(t('walletQueued', { amount: money(r.amount, lang), wallet: tn.pspName ?? t('wallet') }));
          })
        : transport.call('manager.refundDrawer', { session, saleId: sale!.saleId, kind: tn.kind, amount }).then(() => done(t(tn.kind === 'cash' ? 'giveCash' : 'giveCard', { amount })));
    p.catch((err: unknown) => setMessage(errorText(err, t)));
  };
  return (
    <section data-testid="manager-refunds" className="manager-no-print">
      <h2>{t('refund')}</h2>
      <label>
        {t('findLabel')} <input data-testid="refund-invoice" value={invoice} onChange={(e) => setInvoice(e.target.value)} />
      </label>
      <button data-testid="refund-find" onClick={() => void find()}>
        {t('find')}
      </button>
      {sale && (
        <div data-testid="refund-sale">
          <p>{t('invoice', { no: sale.invoiceNo ?? '—', total: money(sale.total, lang) })}</p>
          <label>
            {t('amount')} <input data-testid="refund-amount" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="25.00" />
          </label>
          {sale.tenders.map((tn, i) => (
            <button key={i} data-testid={`refund-tender-${tn.kind}`} disabled={tn.refundable.minor === 0} onClick={() => refund(tn)}>
              {t('refundTender', { what: tn.kind === 'wallet' ? (tn.pspName ?? t('wallet')) : t(tn.kind), left: money(tn.refundable, lang) })}
            </button>
          ))}
        </div>
      )}
      {message && (
        <p role="status" data-testid="refund-message">
          {message}
        </p>
      )}
      {sent && (
        <p data-testid="refund-state" data-state={sent.state}>
          {t('refundState', { amount: money(sent.amount, lang), state: t(REFUND_WORDS[sent.state]) })}
          {sent.resultCode && sent.state === 'refund_failed' ? ` (${sent.resultCode}${sent.resultMessage ? `: ${sent.resultMessage}` : ''})` : ''}
        </p>
      )}
    </section>
  );
}

function DayClose({ transport, session, onChanged }: { transport: Transport; session: string; onChanged: () => void }) {
  const { t, lang } = useWords();
  const [x, setX] = useState<XReportView | null>(null);
  const [z, setZ] = useState<ZReportView | null>(null);
  const [counted, setCounted] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section data-testid="manager-close" className="manager-no-print">
      <h2>{t('closeDay')}</h2>
      <button data-testid="close-x" onClick={() => transport.call('manager.xReport', { session }).then(setX, (e: unknown) => setError(errorText(e, t)))}>
        {t('xReport')}
      </button>
      <label>
        {t('countedCash')} <input data-testid="close-counted" value={counted} onChange={(e) => setCounted(e.target.value)} placeholder="1250.00" />
      </label>
      <button
        data-testid="close-z"
        onClick={() => {
          setError(null);
          transport.call('manager.closeDay', { session, countedCash: counted }).then(
            (r) => {
              setZ(r);
              onChanged();
            },
            (e: unknown) => setError(errorText(e, t)),
          );
        }}
      >
        {t('zClose')}
      </button>
      {error && (
        <p role="alert" data-testid="close-error">
          {error}
        </p>
      )}
      {z && (
        <dl data-testid="z-summary">
          <dt>{t('zReport')}</dt>
          <dd data-testid="z-number">{z.number}</dd>
          <dt>{t('expectedCash')}</dt>
          <dd data-testid="z-expected" data-minor={z.expectedCash.minor}>
            <bdi>{money(z.expectedCash, lang)}</bdi>
          </dd>
          <dt>{t('countedCash')}</dt>
          <dd data-testid="z-counted" data-minor={z.countedCash.minor}>
            <bdi>{money(z.countedCash, lang)}</bdi>
          </dd>
          <dt>{t('difference')}</dt>
          <dd data-testid="z-difference" data-minor={z.difference.minor}>
            <bdi>{money(z.difference, lang)}</bdi>
          </dd>
        </dl>
      )}
      {(z ?? x) && (
        <pre data-testid="close-slip" dir="ltr">
          {(z ?? x)!.text}
        </pre>
      )}
    </section>
  );
}

export function ManagerApp({ transport }: { transport: Transport }) {
  const [lang, setLang] = useState<Lang>('en');
  const [session, setSession] = useState<ManagerSessionView | null>(null);
  const [takings, setTakings] = useState<TakingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Read at call time: a language switch needs no new figures, so refresh does not depend on it.
  const langNow = useRef(lang);
  langNow.current = lang;
  const refresh = useCallback(() => {
    if (!session) return;
    transport.call('report.day', { session: session.session }).then(setTakings, (err: unknown) => {
      if (err instanceof CallError && err.code === 'NOT_ALLOWED') setSession(null);
      setError(errorText(err, (k) => managerText(langNow.current, k)));
    });
  }, [session, transport]);
  useEffect(refresh, [refresh]);
  return (
    <LangContext.Provider value={lang}>
      <main data-testid="manager" className="manager" dir={dirOf(lang)} lang={lang}>
        <header className="manager-no-print">
          {session && (
            <>
              {managerText(lang, 'signedIn', { name: session.actor.name })}{' '}
              <button onClick={() => void transport.call('manager.signOut', { session: session.session }).finally(() => setSession(null))}>{managerText(lang, 'signOut')}</button>{' '}
            </>
          )}
          <LanguageToggle lang={lang} setLang={setLang} />
        </header>
        {!session ? (
          <SignIn transport={transport} onSignedIn={setSession} />
        ) : (
          <>
            {error && <p role="alert">{error}</p>}
            {takings && <Takings takings={takings} />}
            <Refunds transport={transport} session={session.session} onChanged={refresh} />
            <DayClose transport={transport} session={session.session} onChanged={refresh} />
          </>
        )}
      </main>
    </LangContext.Provider>
  );
}
