// The close: the drawer's float, cash in/out and no-sale opens; an X report (everything since the
// previous Z); the Z with the cash counted as one total or by notes and coins — asked first, naming
// the difference, because a Z cannot be undone — refused while wallet payments are unsettled (each
// said in shop words), or while the acquirer does not answer (the manager may then close without
// confirming them); after it the acquirer check. Below, every Z report, each reprintable. The slip
// itself reads in the screen's language (Slip.tsx).
import { useCallback, useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { AED_DENOMINATIONS, type XReportView, type ZListEntryView as ZListEntry, type ZReportView } from '../../app/api/manager.ts';
import { money as moneyOf } from '../../app/domain/money.ts';
import { attemptStateMessage, wordsIn } from '../../app/domain/result-words.ts';
import { dateTime, money } from '../i18n/i18n.ts';
import { managerErrorWords } from '../i18n/manager.ts';
import { errorCode, saidOf, SaidText, useWords, type Said } from './words.tsx';
import { blockingSentence, Slip } from './Slip.tsx';
import { ReportHeader } from './ReportHeader.tsx';

type UnsettledAttempt = XReportView['blocking'][number];

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
    <div data-testid="close-pending" role="alert">
      {t('pendingList')}
      <ul>
        {pending.map((a) => (
          <li key={a.attemptId} data-testid="close-pending-row" data-attempt-id={a.attemptId} data-state={a.state}>
            {blockingSentence(a, lang)} {a.codeMasked && <span className="manager-muted">({t('code')} <bdi>{a.codeMasked}</bdi>)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

const DRAWER_KINDS = ['float', 'cash_in', 'cash_out', 'no_sale'] as const;
type DrawerKind = (typeof DRAWER_KINDS)[number];

/** Opening float, cash in/out with a reason, and the drawer opened with no sale: recorded, then on the X and Z. */
function DrawerForm({ transport, session, onRecorded }: { transport: Transport; session: string; onRecorded: () => void }) {
  const { t, lang } = useWords();
  const [kind, setKind] = useState<DrawerKind>('float');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<Said | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const record = () => {
    setSaid(null);
    setDone(null);
    transport
      .call('manager.drawer', { session, kind, amount: kind === 'no_sale' ? undefined : amount, reason: reason.trim() || undefined })
      .then(() => transport.call('manager.xReport', { session }))
      .then(
        (x) => {
          setAmount('');
          setReason('');
          setDone(t('drawerRecorded', { amount: money(x.expectedCash, lang) }));
          onRecorded();
        },
        (e: unknown) => setSaid(saidOf(e, lang)),
      );
  };
  return (
    <fieldset data-testid="drawer-form" className="manager-drawer">
      <legend>{t('drawer')}</legend>
      <div className="manager-row">
        <label>
          {t('drawerKind')}{' '}
          <select data-testid="drawer-kind" value={kind} onChange={(e) => setKind(e.target.value as DrawerKind)}>
            {DRAWER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`drawer_${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'no_sale' && (
          <label>
            {t('amount')} <input data-testid="drawer-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="500.00" size={9} />
          </label>
        )}
        {(kind === 'cash_in' || kind === 'cash_out') && (
          <label>
            {t('drawerReason')} <input data-testid="drawer-reason" value={reason} onChange={(e) => setReason(e.target.value)} size={18} />
          </label>
        )}
        <button type="button" data-testid="drawer-record" onClick={record}>
          {t('drawerRecord')}
        </button>
      </div>
      {done && <p data-testid="drawer-done">{done}</p>}
      {said && (
        <p role="alert" data-testid="drawer-error">
          <SaidText said={said} lang={lang} />
        </p>
      )}
    </fieldset>
  );
}

/** Notes and coins as the count form shows them: 1000 … 5 AED notes, then 1 AED, 50 and 25 fils. */
function denominationLabel(fils: number, lang: 'en' | 'ar'): string {
  return money(moneyOf(fils), lang);
}

function CashCount({ byNotes, setByNotes, total, setTotal, counts, setCounts }: {
  byNotes: boolean;
  setByNotes: (b: boolean) => void;
  total: string;
  setTotal: (s: string) => void;
  counts: Record<string, string>;
  setCounts: (c: Record<string, string>) => void;
}) {
  const { t, lang } = useWords();
  const sum = AED_DENOMINATIONS.reduce((n, d) => n + d * (Number(counts[String(d)]) || 0), 0);
  return (
    <fieldset data-testid="close-count" className="manager-count">
      <legend>{t('countHow')}</legend>
      <div className="manager-row">
        <label>
          <input type="radio" name="count-how" data-testid="count-total" checked={!byNotes} onChange={() => setByNotes(false)} /> {t('countTotal')}
        </label>
        <label>
          <input type="radio" name="count-how" data-testid="count-notes" checked={byNotes} onChange={() => setByNotes(true)} /> {t('countNotes')}
        </label>
      </div>
      {!byNotes ? (
        <label>
          {t('countedCash')} <input data-testid="close-counted" inputMode="decimal" value={total} onChange={(e) => setTotal(e.target.value)} placeholder="1250.00" size={10} />
        </label>
      ) : (
        <>
          <div className="manager-denominations">
            {AED_DENOMINATIONS.map((d) => (
              <label key={d}>
                <bdi>{denominationLabel(d, lang)}</bdi> ×{' '}
                <input
                  data-testid={`count-${d}`}
                  inputMode="numeric"
                  size={4}
                  value={counts[String(d)] ?? ''}
                  onChange={(e) => setCounts({ ...counts, [String(d)]: e.target.value.replace(/[^\d]/g, '') })}
                />
              </label>
            ))}
          </div>
          <p data-testid="count-sum" data-minor={sum}>
            {t('countedTotal', { amount: money(moneyOf(sum), lang) })}
          </p>
        </>
      )}
    </fieldset>
  );
}

export function DayClose({ transport, session, onChanged }: { transport: Transport; session: string; onChanged: () => void }) {
  const { t, lang } = useWords();
  const [shown, setShown] = useState<XReportView | ZReportView | null>(null);
  const [open, setOpen] = useState<XReportView | null>(null);
  const [byNotes, setByNotes] = useState(false);
  const [counted, setCounted] = useState('');
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<{ x: XReportView; counted: number; allowUnconfirmed: boolean } | null>(null);
  const [error, setError] = useState<Said | null>(null);
  const [pending, setPending] = useState<UnsettledAttempt[]>([]);
  const [zList, setZList] = useState<ZListEntry[] | null>(null);

  const loadList = useCallback(() => {
    transport.call('manager.zReports', { session }).then(setZList, (e: unknown) => setError(saidOf(e, lang)));
    // The words follow the language; the list does not.
  }, [transport, session]);
  useEffect(loadList, [loadList]);
  const loadOpen = useCallback(() => {
    transport.call('manager.xReport', { session }).then(setOpen, () => {});
  }, [transport, session]);
  useEffect(loadOpen, [loadOpen]);

  const fail = (e: unknown) => setError(saidOf(e, lang));
  const xReport = () => {
    setError(null);
    setConfirm(null);
    transport.call('manager.xReport', { session }).then((x) => {
      setShown(x);
      setOpen(x);
      setPending(x.blocking);
    }, fail);
  };
  const countedMinor = (): number | null => {
    if (byNotes) return AED_DENOMINATIONS.reduce((n, d) => n + d * (Number(counts[String(d)]) || 0), 0);
    const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(counted);
    return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
  };
  // Step 1: the figures as they are now, and the question naming the difference.
  const ask = (allowUnconfirmed: boolean) => {
    setError(null);
    setPending([]);
    const c = countedMinor();
    if (c === null || (!byNotes && counted.trim() === '')) {
      setError({ text: t('giveCounted') });
      return;
    }
    transport.call('manager.xReport', { session }).then((x) => {
      setOpen(x);
      if (x.blocking.length > 0) {
        setPending(x.blocking);
        // English: the core's own sentence; Arabic: the refusal in Arabic, each payment listed below in Arabic.
        const text = lang === 'en' ? `The Z report cannot be taken yet: ${x.blockingWords.join('; ')}.` : (managerErrorWords('DAY_HAS_PENDING', lang) ?? '');
        setError({ text, code: 'DAY_HAS_PENDING' });
        return;
      }
      setConfirm({ x, counted: c, allowUnconfirmed });
    }, fail);
  };
  // Step 2: the Z itself.
  const close = () => {
    if (!confirm) return;
    const { allowUnconfirmed } = confirm;
    setConfirm(null);
    setError(null);
    const input = byNotes
      ? { session, denominations: Object.fromEntries(AED_DENOMINATIONS.map((d) => [String(d), Number(counts[String(d)]) || 0])), allowUnconfirmed }
      : { session, countedCash: counted, allowUnconfirmed };
    transport.call('manager.closeDay', input).then(
      (z) => {
        setShown(z);
        setCounted('');
        setCounts({});
        loadList();
        loadOpen();
        onChanged();
      },
      (e: unknown) => {
        fail(e);
        if (errorCode(e) === 'DAY_HAS_PENDING') transport.call('manager.xReport', { session }).then((x) => setPending(x.blocking), () => {});
      },
    );
  };
  const reprint = (number: number) => {
    setError(null);
    setPending([]);
    setConfirm(null);
    transport.call('manager.zReport', { session, number }).then(setShown, fail);
  };

  const z = shown?.kind === 'Z' ? shown : null;
  const diff = confirm ? confirm.counted - confirm.x.expectedCash.minor : 0;
  return (
    <section data-testid="manager-close" className="manager-no-print manager-close">
      <h2>{t('closeDay')}</h2>
      {open && (
        <p data-testid="close-period" data-next={open.nextNumber} data-from={open.from}>
          {zList && zList.length > 0 ? t('zSince', { n: open.nextNumber, from: dateTime(open.from, lang) }) : t('zFirst', { n: open.nextNumber })}{' '}
          {t('expectedCash')}: <bdi data-testid="close-expected" data-minor={open.expectedCash.minor}>{money(open.expectedCash, lang)}</bdi>
        </p>
      )}
      {/* A new period starts with a fresh drawer form: nothing said about the last one stays. */}
      <DrawerForm key={open?.nextNumber ?? 0} transport={transport} session={session} onRecorded={loadOpen} />
      <CashCount byNotes={byNotes} setByNotes={setByNotes} total={counted} setTotal={setCounted} counts={counts} setCounts={setCounts} />
      <div className="manager-row">
        <button type="button" data-testid="close-x" onClick={xReport}>
          {t('xReport')}
        </button>
        <button type="button" data-testid="close-z" onClick={() => ask(false)} disabled={confirm !== null}>
          {t('zClose')}
        </button>
      </div>
      {confirm && (
        <div data-testid="close-confirm" role="alertdialog" className="manager-confirm" data-difference={diff}>
          <p>
            {t('zConfirmAsk', {
              n: confirm.x.nextNumber,
              expected: money(confirm.x.expectedCash, lang),
              counted: money(moneyOf(confirm.counted), lang),
              difference: money(moneyOf(diff), lang),
            })}
          </p>
          <p data-testid="close-confirm-difference">
            <strong>{diff < 0 ? t('zConfirmShort', { amount: money(moneyOf(-diff), lang) }) : diff > 0 ? t('zConfirmOver', { amount: money(moneyOf(diff), lang) }) : t('zConfirmExact')}</strong>
          </p>
          <p>{t('zConfirmFinal', { next: confirm.x.nextNumber + 1 })}</p>
          <div className="manager-row">
            <button type="button" data-testid="close-z-confirm" onClick={close}>
              {t('zConfirmYes')}
            </button>
            <button type="button" data-testid="close-z-cancel" onClick={() => setConfirm(null)}>
              {t('zConfirmNo')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" data-testid="close-error" data-code={error.code ?? undefined}>
          <SaidText said={error} lang={lang} />
        </p>
      )}
      {error?.code === 'ACQUIRER_UNREACHABLE' && (
        <button type="button" data-testid="close-z-unconfirmed" onClick={() => ask(true)}>
          {t('closeUnconfirmed')}
        </button>
      )}
      {pending.length > 0 && <PendingList pending={pending} />}
      {z && (
        <>
          <dl data-testid="z-summary">
            <dt>{t('zReport')}</dt>
            <dd data-testid="z-number">{z.number}</dd>
            <dt>{t('zPeriod')}</dt>
            <dd data-testid="z-period" data-from={z.from} data-to={z.to}>
              <bdi>{dateTime(z.from, lang)}</bdi> – <bdi>{dateTime(z.to, lang)}</bdi>
            </dd>
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
          {/* Printed with the slip: store, terminal, period, who printed it and when. */}
          <ReportHeader className="manager-slip" period={`${shown.kind === 'Z' ? `Z ${shown.number}` : 'X'}: \u2066${dateTime(shown.from, lang)} – ${dateTime(shown.kind === 'Z' ? shown.to : shown.at, lang)}\u2069`} />
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
              <th>{t('zPeriod')}</th>
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
                  <bdi>{dateTime(r.from, lang)}</bdi> – <bdi>{dateTime(r.to, lang)}</bdi>
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
