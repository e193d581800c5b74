// The transaction list: every sale of the chosen day or range — Dubai time, invoice, cashier,
// lines, each tender with its wallet and acquirer ids, refunds, status — filtered by cashier,
// tender, status and amount; one opens in Refunds to reprint or refund; the list downloads as CSV
// (one row a sale, the file `souq report transactions --csv` writes).
import { useEffect, useRef, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { TransactionView } from '../../app/api/manager.ts';
import { money as moneyOf } from '../../app/domain/money.ts';
import { money } from '../i18n/i18n.ts';
import type { ManagerKey } from '../i18n/manager.ts';
import { saidOf, SaidText, useWords, type Said } from './words.tsx';
import { saveFile } from './Takings.tsx';

const TENDERS = ['wallet', 'cash', 'card'] as const;
const STATUSES = ['paid', 'partly_refunded', 'refunded', 'voided'] as const;
const STATUS_WORDS: Record<(typeof STATUSES)[number], ManagerKey> = {
  paid: 'status_paid',
  partly_refunded: 'status_partly_refunded',
  refunded: 'status_refunded',
  voided: 'status_voided',
};

export function Transactions({ transport, session, from, to, onOpen }: { transport: Transport; session: string; from: string; to: string; onOpen: (invoiceNo: number) => void }) {
  const { t, lang } = useWords();
  const [rows, setRows] = useState<TransactionView[] | null>(null);
  const [cashier, setCashier] = useState('');
  const [tender, setTender] = useState<'' | (typeof TENDERS)[number]>('');
  const [status, setStatus] = useState<'' | (typeof STATUSES)[number]>('');
  const [minAmount, setMinAmount] = useState('');
  const [maxAmount, setMaxAmount] = useState('');
  const [said, setSaid] = useState<Said | null>(null);
  const filter = () => ({
    session,
    from,
    to,
    cashier: cashier.trim() || undefined,
    tender: tender || undefined,
    status: status || undefined,
    minAmount: minAmount.trim() || undefined,
    maxAmount: maxAmount.trim() || undefined,
  });
  // Only the latest read is shown: an earlier one may answer after it.
  const latest = useRef(0);
  const load = () => {
    setSaid(null);
    const mine = ++latest.current;
    transport.call('report.transactions', filter()).then(
      (r) => mine === latest.current && setRows(r),
      (e: unknown) => mine === latest.current && setSaid(saidOf(e, lang)),
    );
  };
  // Read again when the period changes; the filters apply with the Show button.
  useEffect(load, [transport, from, to, session]);
  const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return (
    <section data-testid="manager-transactions" className="manager-no-print manager-transactions">
      <h2>{t('transactions')}</h2>
      <div className="manager-row">
        <label>
          {t('cashier')} <input data-testid="tx-cashier" value={cashier} onChange={(e) => setCashier(e.target.value)} size={10} />
        </label>
        <label>
          {t('tender')}{' '}
          <select data-testid="tx-tender" value={tender} onChange={(e) => setTender(e.target.value as typeof tender)}>
            <option value="">{t('any')}</option>
            {TENDERS.map((x) => (
              <option key={x} value={x}>
                {t(x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('txStatus')}{' '}
          <select data-testid="tx-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t('any')}</option>
            {STATUSES.map((x) => (
              <option key={x} value={x}>
                {t(STATUS_WORDS[x])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('amountFrom')} <input data-testid="tx-min" inputMode="decimal" value={minAmount} onChange={(e) => setMinAmount(e.target.value)} size={7} />
        </label>
        <label>
          {t('amountTo')} <input data-testid="tx-max" inputMode="decimal" value={maxAmount} onChange={(e) => setMaxAmount(e.target.value)} size={7} />
        </label>
        <button type="button" data-testid="tx-filter" onClick={load}>
          {t('showTransactions')}
        </button>
        <button
          type="button"
          data-testid="tx-csv"
          onClick={() =>
            transport.call('report.transactionsCsv', filter()).then(
              ({ filename, csv }) => {
                saveFile(filename, csv, 'text/csv;charset=utf-8');
                setSaid({ text: t('csvSaved', { file: filename }) });
              },
              (e: unknown) => setSaid(saidOf(e, lang)),
            )
          }
        >
          {t('downloadCsv')}
        </button>
      </div>
      {said && (
        <p role="status" data-testid="tx-message">
          <SaidText said={said} lang={lang} />
        </p>
      )}
      {rows && rows.length === 0 && <p data-testid="tx-none">{t('noTransactions')}</p>}
      {rows && rows.length > 0 && (
        <div className="manager-scroll">
          <table data-testid="tx-list" data-count={rows.length}>
            <thead>
              <tr>
                <th>{t('txTime')}</th>
                <th>{t('txInvoice')}</th>
                <th>{t('cashier')}</th>
                <th>{t('txTotal')}</th>
                <th>{t('tender')}</th>
                <th>{t('refunds')}</th>
                <th>{t('txStatus')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.saleId} data-testid="tx-row" data-invoice={r.invoiceNumber ?? ''} data-status={r.status} data-total={r.total}>
                  <td>
                    <bdi>{time(r.time)}</bdi>
                  </td>
                  <th>{r.invoiceNumber ?? '—'}</th>
                  <td>
                    <bdi>{r.cashier ?? '—'}</bdi>
                  </td>
                  <td>
                    <bdi>{money(moneyOf(r.total), lang)}</bdi>
                    <div className="manager-hint">{r.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}</div>
                  </td>
                  <td>
                    {r.tenders.map((x, i) => (
                      <div key={i}>
                        <bdi>{x.type === 'wallet' ? (x.wallet ?? t('wallet')) : t(x.type)}</bdi> <bdi>{money(moneyOf(x.amount), lang)}</bdi>
                        {x.type === 'wallet' && x.paymentRequestId && (
                          <div className="manager-hint">
                            <bdi>{x.paymentRequestId}</bdi>
                            {x.paymentId && (
                              <>
                                {' / '}
                                <bdi>{x.paymentId}</bdi>
                              </>
                            )}
                          </div>
                        )}
                      </div>
                    ))}
                  </td>
                  <td>{r.refunded > 0 ? <bdi>{money(moneyOf(r.refunded), lang)}</bdi> : '—'}</td>
                  <td>{t(STATUS_WORDS[r.status])}</td>
                  <td>
                    {r.invoiceNumber !== null && (
                      <button type="button" data-testid="tx-open" onClick={() => onOpen(r.invoiceNumber!)}>
                        {t('txOpen')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
