// The takings of a business day or a range: totals, tenders, cashiers, VAT, the wallet status split
// with each unsettled payment, the hourly chart; printable (the print dialog saves a PDF) and
// downloadable as the same CSV `souq report day --csv` writes.
import { useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { TakingsView } from '../../app/api/manager.ts';
import { wordsIn, attemptStateMessage } from '../../app/domain/result-words.ts';
import { money } from '../i18n/i18n.ts';
import { HourlyChart } from './HourlyChart.tsx';
import { Insights } from './Insights.tsx';
import { ReportHeader } from './ReportHeader.tsx';
import { tenderName } from './Slip.tsx';
import { saidOf, SaidText, useWords, type Said } from './words.tsx';

export type Period = { kind: 'day'; date: string } | { kind: 'range'; from: string; to: string };

export function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const { t } = useWords();
  const [day, setDay] = useState(period.kind === 'day' ? period.date : period.from);
  const [from, setFrom] = useState(period.kind === 'range' ? period.from : day);
  const [to, setTo] = useState(period.kind === 'range' ? period.to : day);
  return (
    <fieldset className="manager-no-print manager-row" data-testid="takings-period">
      <label>
        {t('day')}{' '}
        <input
          type="date"
          data-testid="takings-date"
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
            // A half-typed date is empty: keep showing the last whole one.
            if (e.target.value) onChange({ kind: 'day', date: e.target.value });
          }}
        />
      </label>
      <label>
        {t('from')} <input type="date" data-testid="takings-from" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('to')} <input type="date" data-testid="takings-to" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="button" data-testid="takings-range" disabled={!from || !to} onClick={() => onChange({ kind: 'range', from, to })}>
        {t('showRange')}
      </button>
    </fieldset>
  );
}

/** Hands text to the browser as a file download (Chromium and Electron save it; no server round trip). */
export function saveFile(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser reads the blob after click() returns: let it go a little later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Takings({ takings, transport, session }: { takings: TakingsView; transport: Transport; session: string }) {
  const { t, lang } = useWords();
  const [csvMessage, setCsvMessage] = useState<Said | null>(null);
  const s = takings.status;
  const period = takings.from === takings.to ? takings.from : `${takings.from} – ${takings.to}`;
  const downloadCsv = () => {
    setCsvMessage(null);
    transport.call('report.csv', { session, from: takings.from, to: takings.to }).then(
      ({ filename, csv }) => {
        saveFile(filename, csv, 'text/csv;charset=utf-8');
        setCsvMessage({ text: t('csvSaved', { file: filename }) });
      },
      (err: unknown) => setCsvMessage(saidOf(err, lang)),
    );
  };
  return (
    <section data-testid="manager-takings" className="manager-takings" data-from={takings.from} data-to={takings.to}>
      <h2>{t('takings', { day: `\u2066${period}\u2069` })}</h2>
      <ReportHeader period={`\u2066${period}\u2069`} />
      <div className="manager-no-print manager-row">
        <button
          type="button"
          data-testid="takings-print"
          onClick={() => {
            // A slip print whose afterprint never came must not leave the page printing slips only.
            document.documentElement.classList.remove('manager-print-slip');
            window.print();
          }}
        >
          {t('print')}
        </button>
        <button type="button" data-testid="takings-csv" onClick={downloadCsv}>
          {t('downloadCsv')}
        </button>
        {csvMessage && (
          <span role="status" data-testid="takings-csv-message">
            <SaidText said={csvMessage} lang={lang} />
          </span>
        )}
      </div>
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
        <dd data-testid="takings-count" data-count={takings.sales.count}>
          <bdi>{takings.sales.count}</bdi>
        </dd>
        <dt>{t('averageTicket')}</dt>
        <dd data-testid="takings-average" data-minor={takings.sales.averageTicket.minor}>
          <bdi>{money(takings.sales.averageTicket, lang)}</bdi>
        </dd>
        <dt>{t('voidedOpen')}</dt>
        <dd>
          <bdi>
            {takings.sales.voidedCount} / {takings.sales.openCount}
          </bdi>
        </dd>
        <dt>{t('vat')}</dt>
        <dd data-testid="takings-vat" data-minor={takings.vat.collected.minor}>
          <bdi>{money(takings.vat.collected, lang)}</bdi>
        </dd>
        <dt>{t('vatRefunded')}</dt>
        <dd>
          <bdi>{money(takings.vat.refunded, lang)}</bdi>
        </dd>
        <dt>{t('vatNet')}</dt>
        <dd data-testid="takings-vat-net" data-minor={takings.vat.net.minor}>
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
              <th>{tenderName(tn, lang)}</th>
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
      <table data-testid="takings-cashiers">
        <caption>{t('byCashier')}</caption>
        <thead>
          <tr>
            <th>{t('cashier')}</th>
            <th>{t('count')}</th>
            <th>{t('gross')}</th>
          </tr>
        </thead>
        <tbody>
          {takings.byCashier.map((c) => (
            <tr key={c.cashierId ?? ''} data-testid="takings-cashier" data-count={c.count} data-gross-minor={c.gross.minor}>
              <th>
                {c.cashierId === null ? t('nobodySignedIn') : <bdi>{c.name}</bdi>}
              </th>
              <td>{c.count}</td>
              <td>
                <bdi>{money(c.gross, lang)}</bdi>
              </td>
            </tr>
          ))}
          {takings.byCashier.length === 0 && (
            <tr>
              <td colSpan={3}>{t('noCashier')}</td>
            </tr>
          )}
        </tbody>
      </table>
      <p data-testid="takings-status">{t('walletStatus', { settled: s.settled.count, pending: s.pending.count, attention: s.needsAttention.count })}</p>
      {takings.unsettled.length > 0 && (
        <ul data-testid="takings-unsettled">
          {takings.unsettled.map((a) => (
            <li key={a.attemptId} data-testid="takings-unsettled-row" data-state={a.state}>
              {a.invoiceNo === null ? t('noInvoice') : t('invoiceNo', { no: a.invoiceNo })}: <bdi>{money(a.amount, lang)}</bdi>, {t('code')} <bdi>{a.codeMasked ?? '—'}</bdi> —{' '}
              {wordsIn(attemptStateMessage(a.state), lang).what}
            </li>
          ))}
        </ul>
      )}
      <HourlyChart takings={takings} caption={t('byHour')} lang={lang} />
      <Insights transport={transport} session={session} from={takings.from} to={takings.to} version={takings} />
    </section>
  );
}
