// Takings for a business day or a range of them. Every figure is an SQL aggregate over integer
// fils (no row is summed in JS), read from the per-day cells of migration 004.
//
// What counts where:
// - a sale is taken on its business day (Asia/Dubai) once it is paid; its tenders count with it;
// - a refund counts on the day it was made: wallet refunds once the acquirer confirmed them
//   (state refunded), drawer/card refunds when recorded. Reversals (a cancel past the acquirer's
//   cut-off) undo an attempt that never became a tender, so they are not refunds of takings;
// - the status split covers the payment attempts of the period's sales, whatever their state.
import type { Db } from '../store/db.ts';
import { readTx } from '../journal/tx.ts';
import { walletBrand } from '../domain/wallets.ts';
import { money, type Money } from '../domain/money.ts';
import { businessDayBounds } from '../domain/time.ts';
import type { AttemptState } from '../domain/attempt.ts';
import { assertNever } from '../domain/never.ts';

export type TenderKind = 'wallet' | 'cash' | 'card';

export interface TenderTakings {
  tender: TenderKind;
  /** Wallet only: pspCustomerInfo.pspName as the acquirer returned it ("" when it did not say). */
  pspName: string | null;
  label: string;
  count: number;
  sales: Money;
  refundCount: number;
  refunds: Money;
  net: Money;
}

export interface HourTakings {
  /** Dubai hour 0–23. */
  hour: number;
  count: number;
  gross: Money;
}

export interface CashierTakings {
  cashierId: string | null;
  name: string;
  count: number;
  gross: Money;
}

export type AttemptBucket = 'settled' | 'pending' | 'needsAttention' | 'notPaid';

export interface UnsettledAttempt {
  attemptId: string;
  saleId: string;
  invoiceNo: number | null;
  state: AttemptState;
  bucket: 'pending' | 'needsAttention';
  amount: Money;
  /** Masked: 2810…2345. The full code is never read by reports. */
  codeMasked: string | null;
  pspName: string | null;
  resultCode: string | null;
  createdAt: string;
}

export interface PendingRefund {
  refundId: string;
  attemptId: string;
  state: string;
  amount: Money;
  createdAt: string;
}

export interface Takings {
  from: string;
  to: string;
  currency: 'AED';
  sales: { count: number; gross: Money; averageTicket: Money; voidedCount: number; openCount: number };
  refunds: { count: number; total: Money; pendingCount: number; pending: Money };
  net: Money;
  vat: { collected: Money; refunded: Money; net: Money };
  byTender: TenderTakings[];
  byHour: HourTakings[];
  byCashier: CashierTakings[];
  status: Record<AttemptBucket, { count: number; amount: Money }>;
  unsettled: UnsettledAttempt[];
  pendingRefunds: PendingRefund[];
}

export class ReportError extends Error {
  readonly code = 'INVALID_PERIOD';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(day: string, what: string): string {
  if (!DAY.test(day)) throw new ReportError(`${what} must be a date like 2026-01-31, got "${day}".`);
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw new ReportError(`${what} is not a calendar date: "${day}".`);
  return day;
}

/** Attempt states by what they mean for the manager's trust in the day's numbers. */
export function attemptBucket(state: AttemptState): AttemptBucket {
  switch (state) {
    case 'succeeded':
      return 'settled';
    case 'created':
    case 'sent':
    case 'awaiting_customer':
    case 'unknown':
    case 'cancelling':
      return 'pending';
    case 'needs_attention':
      return 'needsAttention';
    case 'failed':
    case 'cancelled':
    case 'expired':
      return 'notPaid';
    default:
      return assertNever(state, 'attempt state');
  }
}

const PENDING_STATES = "'created', 'sent', 'awaiting_customer', 'unknown', 'cancelling'";
const PENDING_REFUND_STATES = "'created', 'sent', 'refund_unknown'";

const WALLET_LABEL = 'Wallet';
function tenderLabel(kind: TenderKind, psp: string | null): string {
  switch (kind) {
    case 'wallet':
      return walletBrand(psp) ?? `${WALLET_LABEL} (name not given)`;
    case 'cash':
      return 'Cash';
    case 'card':
      return 'Card (external terminal)';
    default:
      return assertNever(kind, 'tender');
  }
}

type Statement = import('better-sqlite3').Statement;
interface Prepared {
  cells: Statement;
  byCashier: Statement;
  unsettled: Statement;
  pendingRefunds: Statement;
}

// Prepared once per connection: the bench and the app call takings many times on one handle.
const cache = new WeakMap<Db, Prepared>();

function prepared(db: Db): Prepared {
  let p = cache.get(db);
  if (p) return p;
  p = {
    // The per-day cells of migration 004, kept by triggers in the same transaction as each change.
    cells: db.prepare(`
      SELECT key, SUM(n) AS n, SUM(amount) AS amount, SUM(vat) AS vat
      FROM takings_cells WHERE dim = @dim AND business_day BETWEEN @from AND @to
      GROUP BY key HAVING SUM(n) <> 0`),
    byCashier: db.prepare(`
      SELECT c.key AS cashierId, u.name AS name, c.n AS n, c.amount AS gross
      FROM (SELECT key, SUM(n) AS n, SUM(amount) AS amount FROM takings_cells
            WHERE dim = 'cashier' AND business_day BETWEEN @from AND @to GROUP BY key HAVING SUM(n) <> 0) c
      LEFT JOIN users u ON u.id = c.key
      ORDER BY c.amount DESC, c.key`),
    // Few attempts are ever unsettled: find them by state (attempts_pending), then keep the period's.
    unsettled: db.prepare(`
      SELECT a.id AS attemptId, a.sale_id AS saleId, s.invoice_no AS invoiceNo, a.state AS state, a.amount_minor AS amount,
             a.code_masked AS codeMasked, a.psp_name AS pspName, a.result_code AS resultCode, a.created_at AS createdAt
      FROM attempts a CROSS JOIN sales s ON s.id = a.sale_id
      WHERE a.state IN (${PENDING_STATES}, 'needs_attention') AND s.business_day BETWEEN @from AND @to
      ORDER BY a.created_at`),
    pendingRefunds: db.prepare(`
      SELECT id AS refundId, attempt_id AS attemptId, state, amount_minor AS amount, created_at AS createdAt
      FROM refunds WHERE state IN (${PENDING_REFUND_STATES}) AND created_at >= @start AND created_at < @end
      ORDER BY created_at`),
  };
  cache.set(db, p);
  return p;
}

const aed = (minor: number | null | undefined): Money => money(minor ?? 0, 'AED');

/** Takings of one Dubai business day (YYYY-MM-DD). */
export function takingsForDay(db: Db, day: string): Takings {
  return takingsForRange(db, day, day);
}

/** Takings of the business days from `from` to `to`, both included. */
export function takingsForRange(db: Db, from: string, to: string): Takings {
  checkDay(from, 'The first day');
  checkDay(to, 'The last day');
  if (from > to) throw new ReportError(`The period starts (${from}) after it ends (${to}).`);
  const start = businessDayBounds(from).start.toISOString();
  const end = businessDayBounds(to).end.toISOString();
  const q = prepared(db);
  const days = { from, to };
  const instants = { start, end };

  // One read transaction: every figure comes from the same snapshot, even while the till sells.
  return readTx(db, () =>
    assemble(from, to, {
      cells: (dim) => q.cells.all({ dim, ...days }) as Cell[],
      byCashier: () => q.byCashier.all(days) as CashierRow[],
      unsettled: () => q.unsettled.all(days) as UnsettledRow[],
      pendingRefunds: () => q.pendingRefunds.all(instants) as PendingRow[],
    }),
  );
}

type Cell = { key: string; n: number; amount: number; vat: number };
type CashierRow = { cashierId: string; name: string | null; n: number; gross: number };
type UnsettledRow = Omit<UnsettledAttempt, 'amount' | 'bucket'> & { amount: number };
type PendingRow = Omit<PendingRefund, 'amount'> & { amount: number };

interface Source {
  cells(dim: string): Cell[];
  byCashier(): CashierRow[];
  unsettled(): UnsettledRow[];
  pendingRefunds(): PendingRow[];
}

/** The figures from per-dimension cells, whichever rows they were summed over (days or a Z period). */
function assemble(from: string, to: string, src: Source): Takings {
  const cells = src.cells;
  let count = 0;
  let gross = 0;
  let vat = 0;
  let voidedCount = 0;
  let openCount = 0;
  for (const r of cells('sale')) {
    if (r.key === 'paid') ({ n: count, amount: gross, vat } = r);
    else if (r.key === 'voided') voidedCount = r.n;
    else if (r.key === 'open') openCount = r.n;
  }

  const tenders = new Map<string, TenderTakings>();
  const slot = (key: string) => {
    let t = tenders.get(key);
    if (!t) {
      const colon = key.indexOf(':');
      const kind = key.slice(0, colon) as TenderKind;
      const psp = kind === 'wallet' ? key.slice(colon + 1) : null;
      t = { tender: kind, pspName: psp, label: tenderLabel(kind, psp), count: 0, sales: aed(0), refundCount: 0, refunds: aed(0), net: aed(0) };
      tenders.set(key, t);
    }
    return t;
  };
  for (const r of cells('tender')) {
    const t = slot(r.key);
    t.count = r.n;
    t.sales = aed(r.amount);
  }
  let refundCount = 0;
  let refundTotal = 0;
  let refundVat = 0;
  for (const r of cells('refund')) {
    const t = slot(r.key);
    t.refundCount = r.n;
    t.refunds = aed(r.amount);
    refundCount += r.n;
    refundTotal += r.amount;
    refundVat += r.vat;
  }
  const order: Record<TenderKind, number> = { wallet: 0, cash: 1, card: 2 };
  const byTender = [...tenders.values()]
    .map((t) => ({ ...t, net: aed(t.sales.minor - t.refunds.minor) }))
    .sort((a, b) => order[a.tender] - order[b.tender] || b.sales.minor - a.sales.minor || a.label.localeCompare(b.label));

  const hours = new Map(cells('hour').map((r) => [Number(r.key), r]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: hours.get(hour)?.n ?? 0, gross: aed(hours.get(hour)?.amount) }));

  const byCashier = src.byCashier().map((r) => ({
    cashierId: r.cashierId === '' ? null : r.cashierId,
    name: r.name ?? (r.cashierId ? `Unknown (${r.cashierId})` : 'No cashier signed in'),
    count: r.n,
    gross: aed(r.gross),
  }));

  const status: Takings['status'] = {
    settled: { count: 0, amount: aed(0) },
    pending: { count: 0, amount: aed(0) },
    needsAttention: { count: 0, amount: aed(0) },
    notPaid: { count: 0, amount: aed(0) },
  };
  // At most ten cells (one per state) fold into four buckets.
  for (const r of cells('attempt')) {
    const b = status[attemptBucket(r.key as AttemptState)];
    b.count += r.n;
    b.amount = aed(b.amount.minor + r.amount);
  }

  const unsettled = src.unsettled().map((r) => ({
    ...r,
    bucket: r.state === 'needs_attention' ? ('needsAttention' as const) : ('pending' as const),
    amount: aed(r.amount),
  }));
  const pendingRows = src.pendingRefunds();
  const pendingRefunds = pendingRows.map((r) => ({ ...r, amount: aed(r.amount) }));

  return {
    from,
    to,
    currency: 'AED' as const,
    sales: {
      count,
      gross: aed(gross),
      averageTicket: aed(count === 0 ? 0 : Math.floor((2 * gross + count) / (2 * count))),
      voidedCount,
      openCount,
    },
    refunds: {
      count: refundCount,
      total: aed(refundTotal),
      pendingCount: pendingRefunds.length,
      pending: aed(pendingRefunds.reduce((s, r) => s + r.amount.minor, 0)),
    },
    net: aed(gross - refundTotal),
    vat: { collected: aed(vat), refunded: aed(refundVat), net: aed(vat - refundVat) },
    byTender,
    byHour,
    byCashier,
    status,
    unsettled,
    pendingRefunds,
  };
}

/**
 * Which rows a Z period holds: those a Z took (z_items), or those waiting for the next Z (z_open,
 * the open period an X report shows).
 */
export type PeriodScope = { kind: 'z'; terminalId: string; number: number } | { kind: 'open'; terminalId: string };

function members(scope: PeriodScope, kind: 'sale' | 'wallet_refund' | 'drawer_refund'): { sql: string; args: unknown[] } {
  switch (scope.kind) {
    case 'z':
      return { sql: `SELECT item_id FROM z_items WHERE terminal_id = ? AND z_number = ? AND kind = '${kind}'`, args: [scope.terminalId, scope.number] };
    case 'open':
      // z_open has no terminal: a database belongs to one terminal, and its sales say which.
      return kind === 'sale'
        ? { sql: `SELECT o.item_id FROM z_open o JOIN sales s ON s.id = o.item_id WHERE o.kind = 'sale' AND s.terminal_id = ?`, args: [scope.terminalId] }
        : { sql: `SELECT item_id FROM z_open WHERE kind = '${kind}'`, args: [] };
    default:
      return assertNever(scope, 'period scope');
  }
}

/**
 * Takings of a Z period: the same figures as a day report, summed over the sales, refunds and
 * drawer refunds the period holds instead of over calendar days. `from`/`to` are the Dubai days the
 * period touches (the Z itself carries the exact instants).
 */
export function takingsForPeriod(db: Db, scope: PeriodScope, days: { from: string; to: string }): Takings {
  const sales = members(scope, 'sale');
  const wallet = members(scope, 'wallet_refund');
  const drawer = members(scope, 'drawer_refund');
  return readTx(db, () => {
    const saleCells = db
      .prepare(`SELECT dim, key, SUM(n) AS n, SUM(amount) AS amount, SUM(vat) AS vat FROM takings_sale_cells WHERE sale_id IN (${sales.sql}) GROUP BY dim, key`)
      .all(...sales.args) as (Cell & { dim: string })[];
    const refundCells = db
      .prepare(
        `SELECT key, SUM(n) AS n, SUM(amount) AS amount, SUM(vat) AS vat FROM (
           SELECT key, n, amount, vat FROM takings_refund_cells WHERE refund_id IN (${wallet.sql})
           UNION ALL
           SELECT kind || ':', 1, amount_minor, (amount_minor * 10 + 105) / 210 FROM manual_refunds WHERE id IN (${drawer.sql})
         ) GROUP BY key`,
      )
      .all(...wallet.args, ...drawer.args) as Cell[];
    const cells = (dim: string): Cell[] => (dim === 'refund' ? refundCells : saleCells.filter((c) => c.dim === dim && c.n !== 0));
    const names = new Map((db.prepare('SELECT id, name FROM users').all() as { id: string; name: string }[]).map((u) => [u.id, u.name]));
    const unsettledSql =
      scope.kind === 'z'
        ? `a.sale_id IN (${sales.sql})`
        : // The open period: every payment still unsettled on this terminal, whatever day its sale began.
          `s.terminal_id = ?`;
    return assemble(days.from, days.to, {
      cells,
      byCashier: () =>
        cells('cashier')
          .map((c) => ({ cashierId: c.key, name: names.get(c.key) ?? null, n: c.n, gross: c.amount }))
          .sort((a, b) => b.gross - a.gross || a.cashierId.localeCompare(b.cashierId)),
      unsettled: () =>
        db
          .prepare(
            `SELECT a.id AS attemptId, a.sale_id AS saleId, s.invoice_no AS invoiceNo, a.state AS state, a.amount_minor AS amount,
                    a.code_masked AS codeMasked, a.psp_name AS pspName, a.result_code AS resultCode, a.created_at AS createdAt
             FROM attempts a CROSS JOIN sales s ON s.id = a.sale_id
             WHERE a.state IN (${PENDING_STATES}, 'needs_attention') AND ${unsettledSql} ORDER BY a.created_at`,
          )
          .all(...(scope.kind === 'z' ? sales.args : [scope.terminalId])) as UnsettledRow[],
      pendingRefunds: () =>
        db
          .prepare(
            `SELECT id AS refundId, attempt_id AS attemptId, state, amount_minor AS amount, created_at AS createdAt
             FROM refunds WHERE state IN (${PENDING_REFUND_STATES}) ORDER BY created_at`,
          )
          .all() as PendingRow[],
    });
  });
}

/** Cash the drawer should hold from the period's trading: cash taken minus cash handed back. */
export function expectedCash(t: Takings): Money {
  const cash = t.byTender.find((x) => x.tender === 'cash');
  return aed(cash ? cash.net.minor : 0);
}
