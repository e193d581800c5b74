// The X / Z slip as the manager reads and prints it. English: the core's own text, character for
// character (dayReportText, the slip the CLI prints and a reprint repeats). Arabic: the same
// content from the report's fields, right to left, every amount, code, name and time isolated in
// <bdi> with Western digits. Each figure carries its fils in data-minor, so a reader (or a test)
// can check it against the report without parsing text.
import { walletBrand } from '../../app/domain/wallets.ts';
import { Fragment, type ReactNode } from 'react';
import type { XReportView, ZReportView } from '../../app/api/manager.ts';
import type { Money } from '../../app/domain/money.ts';
import { attemptStateMessage, wordsIn } from '../../app/domain/result-words.ts';
import { assertNever } from '../../app/domain/never.ts';
import { dateTime, money, type Lang } from '../i18n/i18n.ts';
import { managerMessages, type ManagerKey } from '../i18n/manager.ts';
import { useWords } from './words.tsx';
import { countText } from '../i18n/counted.ts';

type Report = XReportView | ZReportView;
type TenderTakings = Report['takings']['byTender'][number];
type Mismatch = ZReportView['reconciliation']['mismatches'][number];

/** A message with its {placeholders} filled by nodes (isolated values), in the language's order. */
function say(lang: Lang, key: ManagerKey, vars: Record<string, ReactNode> = {}): ReactNode {
  const parts = managerMessages[key][lang].split(/\{(\w+)\}/);
  // split with one capture group: even indexes are text, odd ones placeholder names.
  return parts.map((p, i) => (i % 2 === 0 ? p : <Fragment key={i}>{vars[p] ?? `{${p}}`}</Fragment>));
}

/** What stops a Z, in shop words: the amount, the Dubai time, the wallet, and what to do. */
export function blockingSentence(a: Report['takings']['unsettled'][number], lang: Lang): ReactNode {
  const vars = {
    amount: <Amount m={a.amount} lang={lang} />,
    time: <bdi>{new Intl.DateTimeFormat(lang === 'ar' ? 'ar-AE-u-nu-latn' : 'en-GB', { timeZone: 'Asia/Dubai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(a.createdAt))}</bdi>,
    wallet: <bdi>{a.pspName || 'Alipay'}</bdi>,
  };
  return say(lang, a.state === 'awaiting_customer' ? 'blockAwaiting' : a.state === 'cancelling' ? 'blockCancelling' : 'blockChecking', vars);
}

/** The line a slip's table shows when it has nothing to list. */
const NoneRow = ({ lang }: { lang: Lang }) => (
  <tr>
    <td colSpan={3}>{say(lang, 'slipNone')}</td>
  </tr>
);
const Amount = ({ m, lang }: { m: Money; lang: Lang }) => <bdi>{money(m, lang)}</bdi>;
const Time = ({ iso, lang }: { iso: string; lang: Lang }) => <bdi>{dateTime(iso, lang)}</bdi>;

export function tenderName(x: TenderTakings, lang: Lang): ReactNode {
  switch (x.tender) {
    case 'cash':
      return say(lang, 'slipTenderCash');
    case 'card':
      return say(lang, 'slipTenderCard');
    case 'wallet':
      // The wallet by the brand on the customer's phone (Alipay, AlipayHK, GCash…), not the acquirer's code.
      return x.pspName ? <bdi>{walletBrand(x.pspName)}</bdi> : say(lang, 'slipTenderWallet');
    default:
      return assertNever(x.tender, 'tender');
  }
}

/** Why the till and the acquirer disagree, from the mismatch's fields (the core's `words` are English). */
function mismatchWords(m: Mismatch, lang: Lang): ReactNode {
  const ours = <Amount m={m.ours.amount} lang={lang} />;
  const status = <bdi>{m.acquirer.paymentStatus ?? m.acquirer.resultCode}</bdi>;
  if (m.ours.state === 'succeeded') {
    if (m.acquirer.paymentStatus === 'SUCCESS' && m.acquirer.amount) return say(lang, 'slipOtherAmount', { ours, theirs: <Amount m={m.acquirer.amount} lang={lang} /> });
    return say(lang, 'slipNotTaken', { amount: ours, status });
  }
  const state = wordsIn(attemptStateMessage(m.ours.state), lang).what.replace(/[.。]$/, '');
  return say(lang, 'slipTaken', { amount: <Amount m={m.acquirer.amount ?? m.ours.amount} lang={lang} />, state });
}

const REFUND_WORDS: Record<string, ManagerKey> = { created: 'refund_created', sent: 'refund_sent', refund_unknown: 'refund_unknown' };

/** One line of figures: the label, then the amount (and the count when there is one). */
function Row({ field, label, m, count, lang, extra }: { field: string; label: ReactNode; m?: Money; count?: number; lang: Lang; extra?: ReactNode }) {
  return (
    <tr data-field={field} data-minor={m?.minor} data-count={count}>
      <th scope="row">{label}</th>
      <td>{count !== undefined && <bdi>{count}</bdi>}</td>
      <td>
        {m && <Amount m={m} lang={lang} />}
        {extra && <> {extra}</>}
      </td>
    </tr>
  );
}

function TranslatedSlip({ r, lang }: { r: Report; lang: Lang }) {
  const { t } = useWords();
  const tk = r.takings;
  const s = tk.status;
  const busy = tk.byHour.filter((h) => h.count > 0);
  const refunds: Money = { ...tk.refunds.total, minor: -tk.refunds.total.minor };
  return (
    <>
      <p>
        <strong>{r.kind === 'Z' ? say(lang, 'slipZ', { n: <bdi>{r.number}</bdi> }) : say(lang, 'slipX')}</strong>
      </p>
      <p>{say(lang, 'slipTerminal', { id: <bdi>{r.terminalId}</bdi> })}</p>
      <p>{r.kind === 'Z' ? say(lang, 'slipClosed', { time: <Time iso={r.createdAt} lang={lang} />, name: <bdi>{r.actorName}</bdi> }) : say(lang, 'slipAt', { time: <Time iso={r.at} lang={lang} /> })}</p>
      <p data-field="period" data-from={r.from} data-to={r.to}>
        {say(lang, 'slipPeriod', { from: <Time iso={r.from} lang={lang} />, to: <Time iso={r.to} lang={lang} /> })}
      </p>

      <table>
        <caption>{t('slipTakings')}</caption>
        <tbody>
          <Row field="gross" label={t('gross')} m={tk.sales.gross} lang={lang} />
          <Row field="refunds" label={t('refunds')} m={refunds} lang={lang} />
          <Row field="net" label={t('net')} m={tk.net} lang={lang} />
          <Row field="sales" label={t('slipSalesPaid')} count={tk.sales.count} lang={lang} />
          <Row field="average" label={t('averageTicket')} m={tk.sales.averageTicket} lang={lang} />
          <Row field="refund-count" label={t('slipRefundsMade')} count={tk.refunds.count} lang={lang} />
          <Row field="voided" label={t('slipVoided')} count={tk.sales.voidedCount} lang={lang} />
          <Row field="open" label={t('slipOpen')} count={tk.sales.openCount} lang={lang} />
          <Row field="vat" label={t('vat')} m={tk.vat.collected} lang={lang} />
          <Row field="vat-refunded" label={t('vatRefunded')} m={tk.vat.refunded} lang={lang} />
          <Row field="vat-net" label={t('vatNet')} m={tk.vat.net} lang={lang} />
        </tbody>
      </table>

      <table>
        <caption>{t('slipByTender')}</caption>
        <tbody>
          {tk.byTender.map((x) => (
            <tr key={`${x.tender}:${x.pspName ?? ''}`} data-field="tender" data-tender={x.tender} data-count={x.count} data-sales-minor={x.sales.minor} data-refunds-minor={x.refunds.minor} data-minor={x.net.minor}>
              <th scope="row">{tenderName(x, lang)}</th>
              <td>
                <bdi>{x.count}</bdi>
              </td>
              <td>
                <Amount m={x.sales} lang={lang} /> / <Amount m={x.refunds} lang={lang} /> / <Amount m={x.net} lang={lang} />
              </td>
            </tr>
          ))}
          {tk.byTender.length === 0 && <NoneRow lang={lang} />}
        </tbody>
      </table>

      <table>
        <caption>{t('slipByHour')}</caption>
        <tbody>
          {busy.map((h) => (
            <Row key={h.hour} field="hour" label={<bdi>{`${String(h.hour).padStart(2, '0')}:00`}</bdi>} count={h.count} m={h.gross} lang={lang} />
          ))}
          {busy.length === 0 && <NoneRow lang={lang} />}
        </tbody>
      </table>

      <table>
        <caption>{t('byCashier')}</caption>
        <tbody>
          {tk.byCashier.map((c) => (
            <Row key={c.cashierId ?? ''} field="cashier" label={c.cashierId === null ? t('nobodySignedIn') : <bdi>{c.name}</bdi>} count={c.count} m={c.gross} lang={lang} />
          ))}
          {tk.byCashier.length === 0 && <NoneRow lang={lang} />}
        </tbody>
      </table>

      <table>
        <caption>{t('slipWallet')}</caption>
        <tbody>
          <Row field="settled" label={t('slipSettled')} count={s.settled.count} m={s.settled.amount} lang={lang} />
          <Row field="pending" label={t('slipPending')} count={s.pending.count} m={s.pending.amount} lang={lang} />
          <Row field="needs-attention" label={t('slipAttention')} count={s.needsAttention.count} m={s.needsAttention.amount} lang={lang} />
          <Row field="not-paid" label={t('slipNotPaid')} count={s.notPaid.count} m={s.notPaid.amount} lang={lang} />
        </tbody>
      </table>

      {tk.unsettled.length > 0 && (
        <div>
          <p>{t('slipUnsettled')}</p>
          <ul>
            {tk.unsettled.map((a) => (
              <li key={a.attemptId} data-field="unsettled" data-attempt-id={a.attemptId} data-minor={a.amount.minor}>
                <bdi>{a.attemptId}</bdi> — {a.bucket === 'needsAttention' ? t('slipAttention') : wordsIn(attemptStateMessage(a.state), lang).what} <Amount m={a.amount} lang={lang} /> — {t('code')}{' '}
                <bdi>{a.codeMasked ?? '—'}</bdi> — {say(lang, 'slipSale', { id: <bdi>{a.invoiceNo ?? a.saleId}</bdi> })} — <Time iso={a.createdAt} lang={lang} />
                {a.resultCode && (
                  <>
                    {' '}
                    — <bdi>{a.resultCode}</bdi>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {tk.pendingRefunds.length > 0 && (
        <div>
          <p>{t('slipPendingRefunds')}</p>
          <ul>
            {tk.pendingRefunds.map((x) => (
              <li key={x.refundId} data-field="pending-refund" data-minor={x.amount.minor}>
                <bdi>{x.refundId}</bdi> — {x.state in REFUND_WORDS ? t(REFUND_WORDS[x.state]!) : <bdi>{x.state}</bdi>} <Amount m={x.amount} lang={lang} /> —{' '}
                {say(lang, 'slipRefundOf', { id: <bdi>{x.attemptId}</bdi> })} — <Time iso={x.createdAt} lang={lang} />
              </li>
            ))}
          </ul>
        </div>
      )}

      <table>
        <caption>{t('drawer')}</caption>
        <tbody>
          <Row field="float" label={t('drawer_float')} m={r.drawer.float} lang={lang} />
          <Row field="cash-in" label={t('drawer_cash_in')} m={r.drawer.cashIn} lang={lang} />
          <Row field="cash-out" label={t('drawer_cash_out')} m={{ ...r.drawer.cashOut, minor: -r.drawer.cashOut.minor }} lang={lang} />
          <Row field="no-sale" label={t('drawer_no_sale')} count={r.drawer.noSales} lang={lang} />
          <Row field="expected" label={t('slipExpected')} m={r.expectedCash} lang={lang} />
          {r.kind === 'Z' && (
            <>
              <Row field="counted" label={t('countedCash')} m={r.countedCash} lang={lang} />
              <Row
                field="difference"
                label={t('difference')}
                m={r.difference}
                lang={lang}
                extra={r.difference.minor < 0 ? t('slipShort') : r.difference.minor > 0 ? t('slipOver') : undefined}
              />
            </>
          )}
        </tbody>
      </table>

      {r.kind === 'Z' && (
        <div data-field="acquirer-check" data-checked={r.reconciliation.checked} data-confirmed={r.reconciliation.confirmed}>
          <p>{t('acquirerCheck', { confirmed: r.reconciliation.confirmed, checked: r.reconciliation.checked })}</p>
          <ul>
            {r.reconciliation.mismatches.map((m) => (
              <li key={m.attemptId} data-field="mismatch" data-attempt-id={m.attemptId} data-minor={m.ours.amount.minor}>
                {say(lang, 'slipMismatch', { id: <bdi>{m.attemptId}</bdi>, code: <bdi>{m.codeMasked ?? '—'}</bdi> })} {mismatchWords(m, lang)}
              </li>
            ))}
            {r.reconciliation.unconfirmed.map((id) => (
              <li key={id} data-field="unconfirmed" data-attempt-id={id}>
                {t('unconfirmed')} <bdi>{id}</bdi>
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.kind === 'X' && r.blocking.length > 0 && (
        <div data-field="cannot-close">
          <p>{countText(lang, 'slipCannotClose', r.blocking.length)}</p>
          <ul>
            {r.blocking.map((a) => (
              <li key={a.attemptId}>{blockingSentence(a, lang)}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/**
 * The slip of an X or Z report, `data-testid="close-slip"`: the core's text in English (so a
 * reprint reads exactly as the first print), the translated slip in Arabic. It carries the class
 * the print rules keep on paper (.manager-slip), so it must stay a direct child of .manager-close.
 */
export function Slip({ report }: { report: Report }) {
  const { lang } = useWords();
  const number = report.kind === 'Z' ? report.number : undefined;
  if (lang === 'en') {
    return (
      <pre data-testid="close-slip" className="manager-slip" dir="ltr" lang="en" data-kind={report.kind} data-number={number}>
        {report.text}
      </pre>
    );
  }
  return (
    <div data-testid="close-slip" className="manager-slip manager-slip-translated" dir="rtl" lang={lang} data-kind={report.kind} data-number={number}>
      <TranslatedSlip r={report} lang={lang} />
    </div>
  );
}
