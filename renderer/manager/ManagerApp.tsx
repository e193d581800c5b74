// The manager screens (#/manager): sign in with a manager PIN, then today's takings with the hourly
// chart, refunds (find a sale by invoice number; refund to the wallet or from the drawer) and the
// day close (X report, then Z with the counted cash). English only for now.
import { useCallback, useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { CallError } from '../api/transport.ts';
import type { FoundSaleView, ManagerRefundView, ManagerSessionView, TakingsView, XReportView, ZReportView } from '../../app/api/manager.ts';
import { formatMoney } from '../../app/domain/money.ts';
import { parseReceiptCode } from '../../app/domain/sale.ts';
import { HourlyChart } from './HourlyChart.tsx';

function errorText(err: unknown): string {
  if (err instanceof CallError) return err.message;
  return 'The terminal did not answer: check that it is running, then try again.';
}

function SignIn({ transport, onSignedIn }: { transport: Transport; onSignedIn: (s: ManagerSessionView) => void }) {
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
          setError(errorText(err));
        });
      }}
    >
      <h1>Manager</h1>
      <label>
        Name <input data-testid="manager-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" />
      </label>
      <label>
        PIN <input data-testid="manager-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="current-password" />
      </label>
      <button type="submit" data-testid="manager-signin-submit">Sign in</button>
      {error && <p role="alert" data-testid="manager-error">{error}</p>}
    </form>
  );
}

function Takings({ takings }: { takings: TakingsView }) {
  const s = takings.status;
  return (
    <section data-testid="manager-takings">
      <h2>Takings {takings.from === takings.to ? takings.from : `${takings.from} – ${takings.to}`}</h2>
      <dl>
        <dt>Gross</dt>
        <dd data-testid="takings-gross" data-minor={takings.sales.gross.minor}>{formatMoney(takings.sales.gross)}</dd>
        <dt>Refunds</dt>
        <dd data-testid="takings-refunds" data-minor={takings.refunds.total.minor}>{formatMoney(takings.refunds.total)}</dd>
        <dt>Net</dt>
        <dd data-testid="takings-net" data-minor={takings.net.minor}>{formatMoney(takings.net)}</dd>
        <dt>Sales</dt>
        <dd>{takings.sales.count} (average {formatMoney(takings.sales.averageTicket)})</dd>
        <dt>VAT collected</dt>
        <dd>{formatMoney(takings.vat.net)}</dd>
      </dl>
      <table data-testid="takings-tenders">
        <tbody>
          {takings.byTender.map((t) => (
            <tr key={`${t.tender}:${t.pspName ?? ''}`} data-testid={`takings-tender-${t.tender}`} data-net-minor={t.net.minor} data-sales-minor={t.sales.minor}>
              <th>{t.label}</th>
              <td>{formatMoney(t.sales)}</td>
              <td>{formatMoney(t.refunds)}</td>
              <td>{formatMoney(t.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="takings-status">
        Wallet: {s.settled.count} settled, {s.pending.count} unknown or pending, {s.needsAttention.count} need attention
      </p>
      {takings.unsettled.length > 0 && (
        <ul data-testid="takings-unsettled">
          {takings.unsettled.map((a) => (
            <li key={a.attemptId}>
              {a.state} {formatMoney(a.amount)} code {a.codeMasked ?? '—'}
            </li>
          ))}
        </ul>
      )}
      <HourlyChart takings={takings} />
    </section>
  );
}

const REFUND_WORDS: Record<ManagerRefundView['state'], string> = {
  created: 'queued, waiting to be sent',
  sent: 'sent, waiting for the answer',
  refund_unknown: 'no answer yet, asking again',
  refunded: 'refunded to the wallet',
  refund_failed: 'refused by the acquirer: give the money back another way',
};

function Refunds({ transport, session, onChanged }: { transport: Transport; session: string; onChanged: () => void }) {
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
        (err: unknown) => setMessage(errorText(err)),
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [sent, session, transport, onChanged]);
  const find = () => {
    // The receipt's own code (scanned or typed) or an invoice number.
    const text = invoice.trim();
    const query = parseReceiptCode(text) ? { receiptCode: text } : { invoiceNo: Number(text) };
    return transport.call('manager.findSales', { session, ...query }).then(
      (found) => {
        setSale(found[0] ?? null);
        setMessage(found.length ? null : `No sale with invoice number ${text}.`);
      },
      (err: unknown) => setMessage(errorText(err)),
    );
  };
  const refund = (t: FoundSaleView['tenders'][number]) => {
    // Re-read the sale (what is left to refund), then say what to do: find() clears old messages.
    const done = (words: string) => {
      onChanged();
      return find().then(() => setMessage(words));
    };
    const p =
      t.kind === 'wallet'
        ? transport.call('manager.refundWallet', { session, attemptId: t.attemptId!, amount }).then((r) => {
            setSent(r);
            return done(`Refund of ${formatMoney(r.amount)} to ${t.pspName ?? 'the wallet'} queued.`);
          })
        : transport.call('manager.refundDrawer', { session, saleId: sale!.saleId, kind: t.kind, amount }).then(() => done(`Give ${amount} back ${t.kind === 'cash' ? 'from the drawer' : 'on the card terminal'}.`));
    p.catch((err: unknown) => setMessage(errorText(err)));
  };
  return (
    <section data-testid="manager-refunds">
      <h2>Refund</h2>
      <label>
        Invoice number or receipt code <input data-testid="refund-invoice" value={invoice} onChange={(e) => setInvoice(e.target.value)} />
      </label>
      <button data-testid="refund-find" onClick={() => void find()}>Find</button>
      {sale && (
        <div data-testid="refund-sale">
          <p>
            Invoice {sale.invoiceNo} — {formatMoney(sale.total)}
          </p>
          <label>
            Amount <input data-testid="refund-amount" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 25.00" />
          </label>
          {sale.tenders.map((t, i) => (
            <button key={i} data-testid={`refund-tender-${t.kind}`} disabled={t.refundable.minor === 0} onClick={() => refund(t)}>
              Refund {t.kind === 'wallet' ? (t.pspName ?? 'wallet') : t.kind} (left {formatMoney(t.refundable)})
            </button>
          ))}
        </div>
      )}
      {message && <p role="status" data-testid="refund-message">{message}</p>}
      {sent && (
        <p data-testid="refund-state" data-state={sent.state}>
          Refund {formatMoney(sent.amount)}: {REFUND_WORDS[sent.state]}
          {sent.resultCode && sent.state === 'refund_failed' ? ` (${sent.resultCode}${sent.resultMessage ? `: ${sent.resultMessage}` : ''})` : ''}
        </p>
      )}
    </section>
  );
}

function DayClose({ transport, session, onChanged }: { transport: Transport; session: string; onChanged: () => void }) {
  const [x, setX] = useState<XReportView | null>(null);
  const [z, setZ] = useState<ZReportView | null>(null);
  const [counted, setCounted] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section data-testid="manager-close">
      <h2>Close the day</h2>
      <button data-testid="close-x" onClick={() => transport.call('manager.xReport', { session }).then(setX, (e: unknown) => setError(errorText(e)))}>
        X report
      </button>
      <label>
        Counted cash <input data-testid="close-counted" value={counted} onChange={(e) => setCounted(e.target.value)} placeholder="e.g. 1250.00" />
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
            (e: unknown) => setError(errorText(e)),
          );
        }}
      >
        Close the day (Z report)
      </button>
      {error && <p role="alert" data-testid="close-error">{error}</p>}
      {z && (
        <dl data-testid="z-summary">
          <dt>Z report</dt>
          <dd data-testid="z-number">{z.number}</dd>
          <dt>Expected cash</dt>
          <dd data-testid="z-expected" data-minor={z.expectedCash.minor}>{formatMoney(z.expectedCash)}</dd>
          <dt>Counted cash</dt>
          <dd data-testid="z-counted" data-minor={z.countedCash.minor}>{formatMoney(z.countedCash)}</dd>
          <dt>Difference</dt>
          <dd data-testid="z-difference" data-minor={z.difference.minor}>{formatMoney(z.difference)}</dd>
        </dl>
      )}
      {(z ?? x) && <pre data-testid="close-slip">{(z ?? x)!.text}</pre>}
    </section>
  );
}

export function ManagerApp({ transport }: { transport: Transport }) {
  const [session, setSession] = useState<ManagerSessionView | null>(null);
  const [takings, setTakings] = useState<TakingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    if (!session) return;
    transport.call('report.day', { session: session.session }).then(setTakings, (err: unknown) => {
      if (err instanceof CallError && err.code === 'NOT_ALLOWED') setSession(null);
      setError(errorText(err));
    });
  }, [session, transport]);
  useEffect(refresh, [refresh]);
  if (!session) return <SignIn transport={transport} onSignedIn={setSession} />;
  return (
    <main data-testid="manager" className="manager">
      <header>
        Signed in: {session.actor.name}{' '}
        <button onClick={() => void transport.call('manager.signOut', { session: session.session }).finally(() => setSession(null))}>Sign out</button>
      </header>
      {error && <p role="alert">{error}</p>}
      {takings && <Takings takings={takings} />}
      <Refunds transport={transport} session={session.session} onChanged={refresh} />
      <DayClose transport={transport} session={session.session} onChanged={refresh} />
    </main>
  );
}
