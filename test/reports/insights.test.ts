import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { businessDayBounds } from '../../app/domain/time.ts';
import { money } from '../../app/domain/money.ts';
import { insightsFor } from '../../app/reports/insights.ts';
import { ringUp, tempDb, type TempDb } from './fixture.ts';

let t: TempDb | undefined;
afterEach(() => t?.cleanup());
const at = (day: string, h: number) => new Date(businessDayBounds(day).start.getTime() + h * 3_600_000);

describe('takings insights', () => {
  it('compares a day with the same weekday last week and the day before, lists top products, and counts refunds and voids per cashier', () => {
    t = tempDb();
    t.db.prepare("INSERT INTO users (id, name, role, pin_hash, pin_salt, created_at) VALUES ('u-omar', 'Omar', 'cashier', 'x', 'x', '2026-01-01T00:00:00.000Z')").run();
    const day = '2026-01-14'; // a Wednesday
    const sold = ringUp(t.db, { totalMinor: 5_000, at: at(day, 10), tender: 'cash', cashierId: 'u-omar' });
    ringUp(t.db, { totalMinor: 2_000, at: at(day, 11), tender: 'card', cashierId: 'u-omar' });
    ringUp(t.db, { totalMinor: 900, at: at(day, 12), tender: 'void', cashierId: 'u-omar' });
    ringUp(t.db, { totalMinor: 3_000, at: at('2026-01-07', 10), tender: 'cash' }); // last Wednesday
    ringUp(t.db, { totalMinor: 1_000, at: at('2026-01-13', 10), tender: 'cash' }); // the day before
    t.db.prepare("INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, actor, created_at, business_day) VALUES (?, ?, 'cash', 1500, 'AED', 'u-m', ?, ?)").run(randomUUID(), sold.saleId, at(day, 15).toISOString(), day);
    const i = insightsFor(t.db, day, day);
    expect(i.current).toMatchObject({ count: 2, gross: money(7_000), net: money(5_500) });
    expect(i.lastWeek).toMatchObject({ from: '2026-01-07', to: '2026-01-07', gross: money(3_000) });
    expect(i.previous).toMatchObject({ from: '2026-01-13', to: '2026-01-13', gross: money(1_000) });
    expect(i.topProducts[0]).toMatchObject({ name: 'Item', quantity: 2, total: money(7_000) });
    expect(i.byCashier).toEqual([{ cashierId: 'u-omar', name: 'Omar', voids: 1, refunds: 1, refunded: money(1_500) }]);
    // A week's range compares with the week before (previous) — the same days as last week.
    const w = insightsFor(t.db, '2026-01-08', '2026-01-14');
    expect(w.previous).toMatchObject({ from: '2026-01-01', to: '2026-01-07', gross: money(3_000) });
  });
});
