import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../app/store/db.ts';
import { businessDay, businessDayBounds } from '../../app/domain/time.ts';
import { vatIncludedMinor } from '../../app/domain/sale.ts';
import { ATTEMPT_STATES, type AttemptState, type RefundState } from '../../app/domain/attempt.ts';
import { attemptBucket, takingsForRange, type Takings } from '../../app/reports/takings.ts';
import { insertAttempt, insertRefund, ringUp, tempDb, type Tendering } from './fixture.ts';
import { fcParams } from '../support/seed.ts';

const DAYS = ['2026-01-10', '2026-01-11', '2026-01-12'];
const PSPS = ['ALIPAY_CN', 'ALIPAY_HK', 'GCASH'];
const CASHIERS = [null, 'u-omar', 'u-lina'];

const refundArb = fc.record({
  fraction: fc.integer({ min: 1, max: 100 }),
  state: fc.constantFrom<RefundState>('refunded', 'refunded', 'created', 'sent', 'refund_unknown', 'refund_failed'),
  purpose: fc.constantFrom<'refund' | 'reversal'>('refund', 'refund', 'refund', 'reversal'),
  laterMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
});
const saleArb = fc.record({
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  // Minutes into the Dubai day, edges included: 00:00 and 23:59 Dubai fall on other UTC dates.
  minute: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(0, 1, 1438, 1439)),
  totalMinor: fc.integer({ min: 1, max: 2_000_000 }),
  tender: fc.constantFrom<Tendering>('cash', 'card', 'wallet', 'wallet', 'split', 'open', 'void'),
  psp: fc.constantFrom(...PSPS),
  cashier: fc.constantFrom(...CASHIERS),
  extraAttempt: fc.option(fc.constantFrom<AttemptState>('failed', 'expired', 'cancelled', 'unknown', 'sent', 'needs_attention', 'cancelling'), { nil: undefined }),
  refunds: fc.array(refundArb, { maxLength: 2 }),
  cashRefund: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
});

type SaleSpec = typeof saleArb extends fc.Arbitrary<infer T> ? T : never;

function build(db: Db, sales: SaleSpec[]): void {
  db.prepare("INSERT INTO users (id, name, role, pin_hash, pin_salt, created_at) VALUES ('u-omar', 'Omar', 'cashier', 'x', 'x', '2026-01-01T00:00:00.000Z'), ('u-lina', 'Lina', 'cashier', 'x', 'x', '2026-01-01T00:00:00.000Z')").run();
  for (const s of sales) {
    const at = new Date(businessDayBounds(DAYS[s.day]!).start.getTime() + s.minute * 60_000);
    // A pending attempt keeps its sale open: the till cannot take another tender meanwhile.
    const pendingExtra = s.extraAttempt && !['failed', 'expired', 'cancelled'].includes(s.extraAttempt);
    const tender: Tendering = pendingExtra ? 'open' : s.tender;
    const { saleId, walletAttempt } = ringUp(db, { totalMinor: s.totalMinor, at, cashierId: s.cashier, tender, psp: s.psp });
    if (s.extraAttempt) insertAttempt(db, { saleId, amountMinor: s.totalMinor, state: s.extraAttempt, at, code: '2888000011112222' });
    if (walletAttempt) {
      for (const r of s.refunds) {
        const amount = Math.max(1, Math.floor((s.totalMinor * r.fraction) / 100));
        insertRefund(db, { attemptId: walletAttempt, amountMinor: amount, state: r.state, purpose: r.purpose, at: new Date(at.getTime() + r.laterMinutes * 60_000) });
      }
    }
    if (s.cashRefund && (tender === 'cash' || tender === 'card')) {
      const refundAt = new Date(at.getTime() + 3_600_000);
      db.prepare('INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, actor, created_at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        randomUUID(), saleId, tender, Math.max(1, Math.floor((s.totalMinor * s.cashRefund) / 100)), 'AED', 'u-mgr', refundAt.toISOString(), businessDay(refundAt),
      );
    }
  }
}

interface Rows {
  sales: { id: string; status: string; total_minor: number; vat_minor: number; cashier_id: string | null; completed_at: string | null; business_day: string }[];
  tenders: { sale_id: string; kind: string; amount_minor: number; attempt_id: string | null }[];
  attempts: { id: string; sale_id: string; state: AttemptState; amount_minor: number; psp_name: string | null }[];
  refunds: { attempt_id: string; amount_minor: number; state: string; purpose: string; created_at: string }[];
  manual: { kind: string; amount_minor: number; business_day: string }[];
}

/** The takings recomputed the slow, obvious way: every journal row into JS, added up there. */
function reference(rows: Rows, from: string, to: string) {
  const inDays = (d: string) => d >= from && d <= to;
  const start = businessDayBounds(from).start.toISOString();
  const end = businessDayBounds(to).end.toISOString();
  const paid = rows.sales.filter((s) => s.status === 'paid' && inDays(s.business_day));
  const paidIds = new Set(paid.map((s) => s.id));
  const periodIds = new Set(rows.sales.filter((s) => inDays(s.business_day)).map((s) => s.id));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const psp = new Map(rows.attempts.map((a) => [a.id, a.psp_name ?? '']));
  const tenderKey = (kind: string, p: string | null) => `${kind}:${p ?? ''}`;
  const tenderSales = new Map<string, number>();
  for (const t of rows.tenders.filter((t) => paidIds.has(t.sale_id))) {
    const k = tenderKey(t.kind, t.kind === 'wallet' ? psp.get(t.attempt_id!)! : null);
    tenderSales.set(k, (tenderSales.get(k) ?? 0) + t.amount_minor);
  }
  const walletRefunds = rows.refunds.filter((r) => r.state === 'refunded' && r.purpose === 'refund' && r.created_at >= start && r.created_at < end);
  const manual = rows.manual.filter((m) => inDays(m.business_day));
  const tenderRefunds = new Map<string, number>();
  for (const r of walletRefunds) tenderRefunds.set(tenderKey('wallet', psp.get(r.attempt_id)!), (tenderRefunds.get(tenderKey('wallet', psp.get(r.attempt_id)!)) ?? 0) + r.amount_minor);
  for (const m of manual) tenderRefunds.set(tenderKey(m.kind, null), (tenderRefunds.get(tenderKey(m.kind, null)) ?? 0) + m.amount_minor);
  const hours = new Array<number>(24).fill(0);
  for (const s of paid) hours[(new Date(s.completed_at!).getUTCHours() + 4) % 24]! += s.total_minor;
  const cashiers = new Map<string, number>();
  for (const s of paid) cashiers.set(s.cashier_id ?? '', (cashiers.get(s.cashier_id ?? '') ?? 0) + s.total_minor);
  const buckets = { settled: 0, pending: 0, needsAttention: 0, notPaid: 0 };
  const bucketCounts = { settled: 0, pending: 0, needsAttention: 0, notPaid: 0 };
  for (const a of rows.attempts.filter((a) => periodIds.has(a.sale_id))) {
    buckets[attemptBucket(a.state)] += a.amount_minor;
    bucketCounts[attemptBucket(a.state)] += 1;
  }
  const refundTotal = sum(walletRefunds.map((r) => r.amount_minor)) + sum(manual.map((m) => m.amount_minor));
  return {
    count: paid.length,
    gross: sum(paid.map((s) => s.total_minor)),
    vat: sum(paid.map((s) => s.vat_minor)),
    vatRefunded: sum([...walletRefunds, ...manual].map((r) => vatIncludedMinor(r.amount_minor))),
    refundCount: walletRefunds.length + manual.length,
    refundTotal,
    tenderSales,
    tenderRefunds,
    hours,
    cashiers,
    buckets,
    bucketCounts,
    voided: rows.sales.filter((s) => s.status === 'voided' && inDays(s.business_day)).length,
  };
}

function compare(t: Takings, ref: ReturnType<typeof reference>): void {
  expect(t.sales.count).toBe(ref.count);
  expect(t.sales.gross.minor).toBe(ref.gross);
  expect(t.sales.voidedCount).toBe(ref.voided);
  expect(t.vat.collected.minor).toBe(ref.vat);
  expect(t.vat.refunded.minor).toBe(ref.vatRefunded);
  expect(t.refunds.count).toBe(ref.refundCount);
  expect(t.refunds.total.minor).toBe(ref.refundTotal);
  expect(t.net.minor).toBe(ref.gross - ref.refundTotal);
  const key = (x: Takings['byTender'][number]) => `${x.tender}:${x.pspName ?? ''}`;
  expect(Object.fromEntries(t.byTender.filter((x) => x.count > 0).map((x) => [key(x), x.sales.minor]))).toEqual(Object.fromEntries(ref.tenderSales));
  expect(Object.fromEntries(t.byTender.filter((x) => x.refundCount > 0).map((x) => [key(x), x.refunds.minor]))).toEqual(Object.fromEntries(ref.tenderRefunds));
  for (const x of t.byTender) expect(x.net.minor).toBe(x.sales.minor - x.refunds.minor);
  expect(t.byHour.map((h) => h.gross.minor)).toEqual(ref.hours);
  expect(Object.fromEntries(t.byCashier.map((c) => [c.cashierId ?? '', c.gross.minor]))).toEqual(Object.fromEntries(ref.cashiers));
  expect(Object.fromEntries(Object.entries(t.status).map(([k, v]) => [k, v.amount.minor]))).toEqual(ref.buckets);
  expect(Object.fromEntries(Object.entries(t.status).map(([k, v]) => [k, v.count]))).toEqual(ref.bucketCounts);
  expect(t.unsettled.length).toBe(ref.bucketCounts.pending + ref.bucketCounts.needsAttention);
  for (const u of t.unsettled) expect(u.codeMasked).toMatch(/^\d{4}…\d{4}$/);
}

/** The trigger-kept cells equal the cells recomputed from scratch by the views (004, 006). */
function expectCellsFromViews(db: Db): void {
  const kept = db.prepare("SELECT dim, business_day, key, n, amount, vat FROM takings_cells WHERE n <> 0 OR amount <> 0 OR vat <> 0 ORDER BY 1, 2, 3").all();
  const fresh = db
    .prepare(
      `SELECT dim, business_day, key, SUM(n) AS n, SUM(amount) AS amount, SUM(vat) AS vat FROM (
         SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells UNION ALL
         SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells UNION ALL
         SELECT 'refund', business_day, kind || ':', 1, amount_minor, (amount_minor * 10 + 105) / 210 FROM manual_refunds)
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
  expect(kept).toEqual(fresh);
}

// Every kind of later write to an attempt row (010 moves only the cell a change reaches): a state,
// an amount, a wallet name, a bookkeeping step that names state without changing it, a move to
// another sale, a new id; in any order, on attempts with refunds against them.
const attemptWriteArb = fc.record({
  attempt: fc.nat(),
  write: fc.oneof(
    fc.record({ kind: fc.constant('state' as const), state: fc.constantFrom(...ATTEMPT_STATES) }),
    fc.record({ kind: fc.constant('amount' as const), amount: fc.integer({ min: 1, max: 500_000 }) }),
    fc.record({ kind: fc.constant('psp' as const), psp: fc.option(fc.constantFrom(...PSPS), { nil: null }) }),
    fc.record({ kind: fc.constant('touch' as const) }),
    fc.record({ kind: fc.constant('state+psp' as const), state: fc.constantFrom(...ATTEMPT_STATES), psp: fc.constantFrom(...PSPS) }),
    fc.record({ kind: fc.constant('sale' as const), sale: fc.nat() }),
    fc.record({ kind: fc.constant('id' as const) }),
  ),
});

describe('takings', () => {
  it('the cells follow every later write to an attempt row, whatever columns it names or changes', () => {
    fc.assert(
      fc.property(fc.array(saleArb, { minLength: 1, maxLength: 12 }), fc.array(attemptWriteArb, { minLength: 1, maxLength: 30 }), (sales, writes) => {
        const t = tempDb();
        try {
          build(t.db, sales);
          for (const w of writes) {
            const ids = (t.db.prepare('SELECT id FROM attempts ORDER BY id').all() as { id: string }[]).map((r) => r.id);
            if (ids.length === 0) return;
            const id = ids[w.attempt % ids.length]!;
            const x = w.write;
            // Foreign keys stay on: a tender or refund pointing at the attempt keeps its id.
            const update = (set: string, ...args: unknown[]) => {
              try {
                t.db.prepare(`UPDATE attempts SET ${set} WHERE id = ?`).run(...args, id);
              } catch (err) {
                if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw err;
              }
            };
            switch (x.kind) {
              case 'state':
                update('state = ?', x.state);
                break;
              case 'amount':
                update('amount_minor = ?', x.amount);
                break;
              case 'psp':
                update('psp_name = ?', x.psp);
                break;
              case 'touch':
                update('state = state, try_count = try_count + 1, next_try_at = ?', new Date().toISOString());
                break;
              case 'state+psp':
                update('state = ?, psp_name = ?', x.state, x.psp);
                break;
              case 'sale': {
                const saleIds = (t.db.prepare('SELECT id FROM sales ORDER BY id').all() as { id: string }[]).map((r) => r.id);
                update('sale_id = ?', saleIds[x.sale % saleIds.length]);
                break;
              }
              case 'id':
                update('id = ?', `${id}-x`);
                break;
            }
          }
          expectCellsFromViews(t.db);
        } finally {
          t.cleanup();
        }
      }),
      fcParams('attempt writes', { numRuns: 60 }),
    );
  });


  it('every report total equals the sum over the journal rows, for random days of sales, payments and refunds', () => {
    fc.assert(
      fc.property(fc.array(saleArb, { minLength: 0, maxLength: 25 }), (sales) => {
        const t = tempDb();
        try {
          build(t.db, sales);
          const rows: Rows = {
            sales: t.db.prepare('SELECT * FROM sales').all() as Rows['sales'],
            tenders: t.db.prepare('SELECT * FROM tenders').all() as Rows['tenders'],
            attempts: t.db.prepare('SELECT * FROM attempts').all() as Rows['attempts'],
            refunds: t.db.prepare('SELECT * FROM refunds').all() as Rows['refunds'],
            manual: t.db.prepare('SELECT * FROM manual_refunds').all() as Rows['manual'],
          };
          expectCellsFromViews(t.db);
          for (const [from, to] of [[DAYS[0]!, DAYS[0]!], [DAYS[1]!, DAYS[1]!], [DAYS[0]!, DAYS[2]!], [DAYS[1]!, '2026-01-14']] as const) {
            compare(takingsForRange(t.db, from, to), reference(rows, from, to));
          }
        } finally {
          t.cleanup();
        }
      }),
      fcParams('takings of random days', { numRuns: 60 }),
    );
  });
});
