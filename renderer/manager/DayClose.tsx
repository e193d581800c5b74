// The day close: an X report (the day so far), the Z close with the counted cash — refused while
// wallet payments are unsettled (listed), or while the acquirer does not answer (the manager may
// then close without confirming them) — and after it the acquirer check: payments confirmed and
// every mismatch between the till and the acquirer. Below, every Z report, each reprintable. The
// slip itself reads in the screen's language (Slip.tsx).
import { useCallback, useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { XReportView, ZReportView } from '../../app/api/manager.ts';
import { money as moneyOf } from '../../app/domain/money.ts';
import { attemptStateMessage, wordsIn } from '../../app/domain/result-words.ts';
import { dateTime, money } from '../i18n/i18n.ts';
import { errorCode, saidOf, SaidText, useWords, type Said } from './words.tsx';
import { Slip } from './Slip.tsx';

type UnsettledAttempt = XReportView['blocking'][number];
type ZListRow = { number: number; businessDay: string; createdAt: string; differenceMinor: number };

/** Prints the slip alone: the page's print rules show only `.manager-slip` while this class is set. */
function printSlip(): void {
  const root = document.documentElement;
  root.classList.add('manager-print-slip');
  const done = () => root.classList.remove('manager-print-slip');
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}

function Reconciliation({ z }: { z: ZReportView }) {
  const { t, lang } = useWords();
  const rec = z.reconciliation;
  return (
    <div data-testid="z-reconciliation" data-checked={rec.checked} data-confirmed={rec.confirmed}>
      <p>{t('acquirerCheck', { confirmed: rec.confirmed, checked: rec.checked })}</p>
      <div data-testid="z-mismatches" data-count={rec.mismatches.length}>
        {rec.mismatches.length === 0 ? (
          <p>{t('noMismatch')}</p>
        ) : (
          <table>
            <caption>{t('mismatches')}</caption>
            <thead>
              <tr>
                <th>{t('payment')}</th>
                <th>{t('tillSays')}</th>
                <th>{t('acquirerSays')}</th>
                <th>{t('whatDiffers')}</th>
              </tr>
            </thead>
            <tbody>
              {rec.mismatches.map((m) => (
                <tr key={m.attemptId} data-testid="z-mismatch" data-attempt-id={m.attemptId}>
                  <th>
                    <bdi>{m.codeMasked ?? m.attemptId}</bdi>
                  </th>
                  <td>
                    {wordsIn(attemptStateMessage(m.ours.state), lang).what} <bdi>{money(m.ours.amount, lang)}</bdi>
                  </td>
                  <td>
                    <bdi>{m.acquirer.paymentStatus ?? m.acquirer.resultCode}</bdi>
                    {m.acquirer.amount && (
                      <>
                        {' '}
                        <bdi>{money(m.acquirer.amount, lang)}</bdi>
                      </>
                    )}
                  </td>
                  <td>{m.words}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {rec.unconfirmed.length > 0 && (
        <div data-testid="z-unconfirmed">
          {t('unconfirmed')}
          <ul>
            {rec.unconfirmed.map((id) => (
              <li key={id}>
                <bdi>{id}</bdi>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PendingList({ pending }: { pending: UnsettledAttempt[] }) {
  const { t, lang } = useWords();
  return (
    <div data-testid="close-pending">
      {t('pendingList')}
      <ul>
        {pending.map((a) => (
          <li key={a.attemptId} data-testid="close-pending-row" data-attempt-id={a.attemptId} data-state={a.state}>
            {a.invoiceNo === null ? t('noInvoice') : t('invoiceNo', { no: a.invoiceNo })}: <bdi>{money(a.amount, lang)}</bdi>, {t('code')} <bdi>{a.codeMasked ?? '—'}</bdi> —{' '}
            {wordsIn(attemptStateMessage(a.state), lang).what}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DayClose({ transport, session, day, onChanged }: { transport: Transport; session: string; day: string; onChanged: () => void }) {
  const { t, lang } = useWords();
  const [shown, setShown] = useState<XReportView | ZReportView | null>(null);
  const [counted, setCounted] = useState('');
  const [error, setError] = useState<Said | null>(null);
  const [pending, setPending] = useState<UnsettledAttempt[]>([]);
  const [zList, setZList] = useState<ZListRow[] | null>(null);

  const loadList = useCallback(() => {
    transport.call('manager.zReports', { session }).then(setZList, (e: unknown) => setError(saidOf(e, lang)));
    // The words follow the language; the list does not.
  }, [transport, session]);
  useEffect(loadList, [loadList]);

  const fail = (e: unknown) => setError(saidOf(e, lang));
  const xReport = () => {
    setError(null);
    transport.call('manager.xReport', { session, date: day }).then((x) => {
      setShown(x);
      setPending(x.blocking);
    }, fail);
  };
  const close = (allowUnconfirmed: boolean) => {
    setError(null);
    setPending([]);
    transport.call('manager.closeDay', { session, countedCash: counted, date: day, allowUnconfirmed }).then(
      (z) => {
        setShown(z);
        loadList();
        onChanged();
      },
      (e: unknown) => {
        fail(e);
        // The refusal names them in words; the day's own figures list them one per line.
        if (errorCode(e) === 'DAY_HAS_PENDING') transport.call('manager.xReport', { session, date: day }).then((x) => setPending(x.blocking), () => {});
      },
    );
  };
  const reprint = (number: number) => {
    setError(null);
    setPending([]);
    transport.call('manager.zReport', { session, number }).then(setShown, fail);
  };

  const z = shown?.kind === 'Z' ? shown : null;
  return (
    <section data-testid="manager-close" className="manager-no-print manager-close">
      <h2>{t('closeDay')}</h2>
      <p data-testid="close-day" data-day={day}>
        {t('closeFor')} <bdi>{day}</bdi>
      </p>
      <div className="manager-row">
        <button type="button" data-testid="close-x" onClick={xReport}>
          {t('xReport')}
        </button>
        <label>
          {t('countedCash')} <input data-testid="close-counted" inputMode="decimal" value={counted} onChange={(e) => setCounted(e.target.value)} placeholder="1250.00" size={10} />
        </label>
        <button type="button" data-testid="close-z" onClick={() => close(false)}>
          {t('zClose')}
        </button>
      </div>
      {error && (
        <p role="alert" data-testid="close-error" data-code={error.code ?? undefined}>
          <SaidText said={error} lang={lang} />
        </p>
      )}
      {error?.code === 'ACQUIRER_UNREACHABLE' && (
        <button type="button" data-testid="close-z-unconfirmed" onClick={() => close(true)}>
          {t('closeUnconfirmed')}
        </button>
      )}
      {pending.length > 0 && <PendingList pending={pending} />}
      {z && (
        <>
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
          <Reconciliation z={z} />
        </>
      )}
      {shown && (
        <>
          <button type="button" data-testid="slip-print" onClick={printSlip}>
            {t('printSlip')}
          </button>
          <Slip report={shown} />
        </>
      )}
      <h3>{t('zList')}</h3>
      {zList && zList.length === 0 && <p>{t('noZ')}</p>}
      {zList && zList.length > 0 && (
        <table data-testid="z-list">
          <thead>
            <tr>
              <th>{t('zReport')}</th>
              <th>{t('day')}</th>
              <th>{t('closedAt')}</th>
              <th>{t('difference')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {/* The latest first: the one a manager reprints most. */}
            {[...zList].reverse().map((r) => (
              <tr key={r.number} data-testid="z-row" data-number={r.number}>
                <th>{r.number}</th>
                <td>
                  <bdi>{r.businessDay}</bdi>
                </td>
                <td>
                  <bdi>{dateTime(r.createdAt, lang)}</bdi>
                </td>
                <td>
                  <bdi>{money(moneyOf(r.differenceMinor), lang)}</bdi>
                </td>
                <td>
                  <button type="button" data-testid="z-reprint" onClick={() => reprint(r.number)}>
                    {t('reprint')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
