// Over random sequences of sales (one tender or split cash + wallet), refunds (wallet refunds
// confirmed at once or later, cash from the drawer) and Z reports taken at any moment, several a
// day: every paid or voided sale is on exactly one Z, and the Zs add up to the calendar-day reports.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { money } from '../../app/domain/money.ts';
import { businessDay, businessDayBounds } from '../../app/domain/time.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { closeDay, listZReports, getZReport } from '../../app/dayclose/close.ts';
import { takingsForRange } from '../../app/reports/takings.ts';
import { insertRefund, ringUp, tempDb, type Tendering } from '../reports/fixture.ts';
import { fcParams } from '../support/seed.ts';


const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('sale' as const), gapMinutes: fc.integer({ min: 0, max: 400 }), totalMinor: fc.integer({ min: 1, max: 500_000 }), tender: fc.constantFrom<Tendering>('cash', 'card', 'wallet', 'split', 'void', 'open') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('refund' as const), gapMinutes: fc.integer({ min: 0, max: 120 }), which: fc.nat(), percent: fc.integer({ min: 1, max: 100 }), later: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('confirm' as const), gapMinutes: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('z' as const), gapMinutes: fc.integer({ min: 0, max: 600 }) }) },
);

describe('Z reports over random trading', () => {
  it('every sale is on exactly one Z and the Zs sum to the day reports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 30 }), async (ops) => {
        const t = tempDb('souq-zprop-');
        try {
          const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
          const manager: Actor = { id: m.id, name: m.name, role: m.role };
          let now = businessDayBounds('2026-01-10').start.getTime() + 8 * 3_600_000;
          const paid: { saleId: string; walletAttempt?: string; cash: number; tender: Tendering }[] = [];
          const pendingRefunds: string[] = [];
          const days = new Set<string>();
          for (const o of ops) {
            now += o.gapMinutes * 60_000;
            const at = new Date(now);
            days.add(businessDay(at));
            switch (o.op) {
              case 'sale': {
                const r = ringUp(t.db, { totalMinor: o.totalMinor, at, tender: o.tender });
                now += 60_000; // ringUp pays 30 s after `at`
                days.add(businessDay(new Date(now)));
                const cash = o.tender === 'cash' ? o.totalMinor : o.tender === 'split' ? Math.floor(o.totalMinor / 2) : 0;
                if (['cash', 'card', 'wallet', 'split'].includes(o.tender)) paid.push({ saleId: r.saleId, walletAttempt: r.walletAttempt, cash, tender: o.tender });
                break;
              }
              case 'refund': {
                if (paid.length === 0) break;
                const s = paid[o.which % paid.length]!;
                if (s.walletAttempt) {
                  const left = (t.db.prepare("SELECT a.amount_minor - COALESCE((SELECT SUM(amount_minor) FROM refunds WHERE attempt_id = a.id AND state <> 'refund_failed'), 0) AS left FROM attempts a WHERE id = ?").get(s.walletAttempt) as { left: number }).left;
                  const amount = Math.min(left, Math.max(1, Math.floor((left * o.percent) / 100)));
                  if (amount <= 0) break;
                  const id = insertRefund(t.db, { attemptId: s.walletAttempt, amountMinor: amount, state: o.later ? 'sent' : 'refunded', at });
                  if (o.later) pendingRefunds.push(id);
                } else if (s.cash > 0) {
                  const amount = Math.max(1, Math.floor((s.cash * o.percent) / 100));
                  s.cash -= amount;
                  if (s.cash < 0) break;
                  t.db.prepare('INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, actor, created_at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
                    randomUUID(), s.saleId, 'cash', amount, 'AED', manager.id, at.toISOString(), businessDay(at),
                  );
                }
                break;
              }
              case 'confirm': {
                const id = pendingRefunds.shift();
                if (id) t.db.prepare("UPDATE refunds SET state = 'refunded', updated_at = ? WHERE id = ?").run(at.toISOString(), id);
                break;
              }
              case 'z':
                await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(0), link: null, allowUnconfirmed: true, now: at });
                break;
              default:
                throw new Error('unknown op');
            }
          }
          // Everything still waiting goes on a last Z, after the last refund is confirmed.
          for (const id of pendingRefunds) t.db.prepare("UPDATE refunds SET state = 'refunded', updated_at = ? WHERE id = ?").run(new Date(now).toISOString(), id);
          now += 60_000;
          days.add(businessDay(new Date(now)));
          await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(0), link: null, allowUnconfirmed: true, now: new Date(now) });

          const zs = listZReports(t.db, 'T01').map((z) => getZReport(t.db, 'T01', z.number));
          expect(zs.map((z) => z.number)).toEqual(zs.map((_, i) => i + 1));
          for (let i = 1; i < zs.length; i++) expect(zs[i]!.from).toBe(zs[i - 1]!.to);

          // Every paid or voided sale on exactly one Z; open sales on none.
          const onZ = t.db.prepare("SELECT s.id, s.status, (SELECT COUNT(*) FROM z_items i WHERE i.kind = 'sale' AND i.item_id = s.id) AS n FROM sales s").all() as { id: string; status: string; n: number }[];
          for (const s of onZ) expect(s.n, `sale ${s.id} (${s.status})`).toBe(s.status === 'open' ? 0 : 1);
          expect((t.db.prepare("SELECT COUNT(*) AS n FROM z_open WHERE kind <> 'sale' OR item_id IN (SELECT id FROM sales WHERE status <> 'open')").get() as { n: number }).n).toBe(0);

          const sorted = [...days].sort();
          const all = takingsForRange(t.db, sorted[0]!, sorted.at(-1)!);
          const sum = (f: (z: (typeof zs)[number]) => number) => zs.reduce((n, z) => n + f(z), 0);
          expect(sum((z) => z.takings.sales.count)).toBe(all.sales.count);
          expect(sum((z) => z.takings.sales.gross.minor)).toBe(all.sales.gross.minor);
          expect(sum((z) => z.takings.refunds.total.minor)).toBe(all.refunds.total.minor);
          expect(sum((z) => z.takings.net.minor)).toBe(all.net.minor);
          expect(sum((z) => z.takings.vat.net.minor)).toBe(all.vat.net.minor);
          expect(sum((z) => z.expectedCash.minor)).toBe(all.byTender.find((x) => x.tender === 'cash')?.net.minor ?? 0);
          // And day by day: the sum of each day's report over the days equals the whole range.
          const byDay = sorted.map((d) => takingsForRange(t.db, d, d));
          expect(byDay.reduce((n, d) => n + d.net.minor, 0)).toBe(all.net.minor);
        } finally {
          t.cleanup();
        }
      }),
      fcParams('Z periods over sales, refunds and closes', { numRuns: 40 }),
    );
  });
});
