import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../app/domain/money.ts';
import { businessDayBounds } from '../../app/domain/time.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { closeDay, dayReportText, DayCloseError, getZReport, listZReports, recordDrawerMovement, xReport } from '../../app/dayclose/close.ts';
import { findSaleByInvoice, findSalesByAmount, recordDrawerRefund, RefundHelperError, voidUnpaidSale } from '../../app/dayclose/refunds.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { openDb } from '../../app/store/db.ts';
import { join } from 'node:path';
import { insertAttempt, ringUp, tempDb, type TempDb } from '../reports/fixture.ts';

let t: TempDb;
let manager: Actor;
let cashier: Actor;
const DAY = '2026-01-10';
const at = (hhmm: string, day = DAY) => new Date(businessDayBounds(day).start.getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);
const evening = at('23:30');

beforeEach(async () => {
  t = tempDb('souq-dayclose-');
  const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  manager = { id: m.id, name: m.name, role: m.role };
  const c = await addUser(t.db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
  cashier = { id: c.id, name: c.name, role: c.role };
  ringUp(t.db, { totalMinor: 12_000, at: at('10:00'), tender: 'cash', cashierId: cashier.id });
  ringUp(t.db, { totalMinor: 3_050, at: at('12:00'), tender: 'cash', cashierId: cashier.id });
  ringUp(t.db, { totalMinor: 20_000, at: at('13:00'), tender: 'card', cashierId: cashier.id });
});
afterEach(() => t.cleanup());

describe('Z report closes a period', () => {
  it('an X report shows everything since the previous Z and the cash the drawer should hold, and stores nothing', () => {
    const x = xReport(t.db, { terminalId: 'T01', now: evening });
    expect(x.expectedCash).toEqual(money(15_050));
    expect(x.takings.sales.count).toBe(3);
    expect(x.nextNumber).toBe(1);
    expect(dayReportText(x)).toMatch(/X REPORT \(nothing closed\)/);
    expect(dayReportText(x)).toMatch(/will be Z 1/);
    expect(listZReports(t.db, 'T01')).toEqual([]);
  });

  it('refuses to close while a wallet payment is being checked, in shop words (amount, Dubai time, wallet, where to settle it), and writes nothing', async () => {
    const open = ringUp(t.db, { totalMinor: 1_250, at: at('14:02'), tender: 'open' });
    insertAttempt(t.db, { saleId: open.saleId, amountMinor: 1_250, state: 'unknown', at: at('14:02'), code: '2810998877662345' });
    const err = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_050), link: null, now: evening }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DayCloseError);
    expect((err as DayCloseError).code).toBe('DAY_HAS_PENDING');
    expect((err as DayCloseError).message).toMatch(/a payment of AED\s*12\.50 at 14:02 is still being checked with Alipay — wait or settle it in Attention/);
    expect((err as DayCloseError).message).not.toMatch(/pr-|souq sync|2810998877662345/);
    expect(listZReports(t.db, 'T01')).toEqual([]);
    expect(xReport(t.db, { terminalId: 'T01', now: evening }).blocking).toHaveLength(1);
  });

  it('two Z reports in one day: the sale made after the first Z goes on the second, numbers follow with no gap', async () => {
    const z1 = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_000), link: null, now: at('14:00') });
    expect(z1).toMatchObject({ number: 1, businessDay: DAY, expectedCash: money(15_050), countedCash: money(15_000), difference: money(-50), actorName: 'Aisha', to: at('14:00').toISOString() });
    expect(z1.takings.sales.count).toBe(3);
    expect(dayReportText(z1)).toMatch(/Difference\s+-?AED\s*-?0\.50\s+\(cash short\)/);
    // The bug this replaces: a sale after the day's Z went on no Z at all, and a second Z was refused.
    ringUp(t.db, { totalMinor: 1_000, at: at('15:00'), tender: 'cash' });
    expect(xReport(t.db, { terminalId: 'T01', now: at('16:00') })).toMatchObject({ nextNumber: 2, from: at('14:00').toISOString(), expectedCash: money(1_000) });
    const z2 = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(1_000), link: null, now: at('18:00') });
    expect(z2).toMatchObject({ number: 2, businessDay: DAY, from: z1.to, difference: money(0) });
    expect(z2.takings.sales.count).toBe(1);
    expect(z2.takings.sales.gross).toEqual(money(1_000));
    // Nothing since: a third Z is empty but allowed (a shift change with no sale).
    const z3 = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(0), link: null, now: at('19:00') });
    expect(z3.takings.sales.count).toBe(0);
    expect(listZReports(t.db, 'T01').map((z) => z.number)).toEqual([1, 2, 3]);
    const day = takingsForDay(t.db, DAY);
    expect(z1.takings.sales.gross.minor + z2.takings.sales.gross.minor + z3.takings.sales.gross.minor).toBe(day.sales.gross.minor);
    const ev = t.db.prepare("SELECT actor FROM events WHERE type = 'day.closed' ORDER BY seq").all() as { actor: string }[];
    expect(ev).toEqual([{ actor: manager.id }, { actor: manager.id }, { actor: manager.id }]);
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('a Z report is immutable and reprints exactly as first printed, even after later refunds', async () => {
    const z = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_050), link: null, now: evening });
    const printed = dayReportText(z);
    expect(() => t.db.prepare('UPDATE z_reports SET counted_cash_minor = 0').run()).toThrow(/cannot be changed/);
    expect(() => t.db.prepare('DELETE FROM z_reports').run()).toThrow(/cannot be deleted/);
    expect(() => t.db.prepare('DELETE FROM z_items').run()).toThrow(/final/);
    expect(() => t.db.prepare("INSERT INTO z_reports (terminal_id, number, business_day, period_from, period_to, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor) VALUES ('T01', 5, '2026-01-20', 'x', 'x', 'x', 'x', 'AED', '{}', 0, 0, 0)").run()).toThrow(/no gap/);
    const sale = findSaleByInvoice(t.db, 'T01', 1)!;
    recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'cash', amount: money(2_000), now: evening });
    expect(dayReportText(getZReport(t.db, 'T01', 1))).toBe(printed);
    // The refund made after Z 1 is on the next one.
    expect(xReport(t.db, { terminalId: 'T01', now: evening }).takings.refunds.total).toEqual(money(2_000));
  });

  it('prints Dubai local time on the slip, not UTC', async () => {
    const z = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_050), link: null, now: at('22:15') });
    const text = dayReportText(z);
    expect(text).toMatch(/Taken by Aisha at 2026-01-10 22:15 \(Dubai\)/);
    expect(text).not.toContain(at('22:15').toISOString());
  });

  it('opening float, cash in and out and no-sale opens count in the expected cash and are listed on the Z', async () => {
    recordDrawerMovement(t.db, manager, { terminalId: 'T01', kind: 'float', amount: money(50_000), now: at('08:00') });
    recordDrawerMovement(t.db, manager, { terminalId: 'T01', kind: 'cash_in', amount: money(10_000), reason: 'change from the bank', now: at('09:00') });
    recordDrawerMovement(t.db, cashier, { terminalId: 'T01', kind: 'cash_out', amount: money(2_500), reason: 'paid the cleaner', now: at('11:00') });
    recordDrawerMovement(t.db, cashier, { terminalId: 'T01', kind: 'no_sale', now: at('11:30') });
    expect(() => recordDrawerMovement(t.db, manager, { terminalId: 'T01', kind: 'cash_out', amount: money(100), now: at('11:40') })).toThrow(/Say why/);
    const x = xReport(t.db, { terminalId: 'T01', now: evening });
    expect(x.drawer).toMatchObject({ float: money(50_000), cashIn: money(10_000), cashOut: money(2_500), noSales: 1 });
    expect(x.expectedCash).toEqual(money(15_050 + 50_000 + 10_000 - 2_500));
    const z = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(72_550), denominations: { '50000': 1, '20000': 1, '2000': 1, '500': 1, '50': 1 }, link: null, now: evening });
    expect(z.difference).toEqual(money(0));
    const text = dayReportText(z);
    expect(text).toMatch(/Opening float\s+AED\s*500\.00/);
    expect(text).toMatch(/Drawer opened, no sale 1/);
    expect(text).toMatch(/paid the cleaner\s+\(Omar\)/);
    expect(text).toMatch(/1 × AED\s*200\.00/);
    // The next period starts with an empty drawer record: the float is counted again.
    expect(xReport(t.db, { terminalId: 'T01', now: evening }).drawer.float).toEqual(money(0));
    const ev = t.db.prepare("SELECT actor FROM events WHERE type = 'drawer.movement' ORDER BY seq").all() as { actor: string }[];
    expect(ev.map((e) => e.actor)).toEqual([manager.id, manager.id, cashier.id, cashier.id]);
  });

  it('only a manager takes a Z report', async () => {
    await expect(closeDay(t.db, { terminalId: 'T01', actor: cashier, countedCash: money(0), link: null, now: evening })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});

describe('manager refunds and voids', () => {
  it('finds a sale by invoice number or by amount and time', () => {
    expect(findSaleByInvoice(t.db, 'T01', 2)).toMatchObject({ invoiceNo: 2, total: money(3_050) });
    expect(findSaleByInvoice(t.db, 'T01', 99)).toBeNull();
    const found = findSalesByAmount(t.db, { amount: money(20_000), around: at('13:20'), withinMinutes: 30 });
    expect(found.map((s) => s.invoiceNo)).toEqual([3]);
    expect(findSalesByAmount(t.db, { amount: money(20_000), around: at('15:00'), withinMinutes: 30 })).toEqual([]);
  });

  it('hands cash back from the drawer in parts until the cash paid is used up, then refuses with REFUND_AMOUNT_EXCEED', () => {
    const sale = findSaleByInvoice(t.db, 'T01', 1)!;
    recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'cash', amount: money(5_000), now: evening });
    const second = recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'cash', amount: money(7_000), now: evening });
    expect(second.sale.tenders[0]!.refundable).toEqual(money(0));
    let err: unknown;
    try {
      recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'cash', amount: money(1), now: evening });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefundHelperError);
    expect(err).toMatchObject({ code: 'REFUND_AMOUNT_EXCEED', message: 'Nothing paid in cash is left to refund on this sale.' });
    expect(() => recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'card', amount: money(1), now: evening })).toThrow(/Nothing paid by card/);
    const day = takingsForDay(t.db, DAY);
    expect(day.refunds.total).toEqual(money(12_000));
    expect(xReport(t.db, { terminalId: 'T01', now: evening }).expectedCash).toEqual(money(3_050));
    expect(() => recordDrawerRefund(t.db, cashier, { saleId: sale.saleId, kind: 'cash', amount: money(1), now: evening })).toThrow(/Only a manager can refund a sale/);
  });

  it('voids a sale that was never paid, and refuses to void a paid one', () => {
    const open = ringUp(t.db, { totalMinor: 500, at: at('14:00'), tender: 'open' });
    expect(voidUnpaidSale(t.db, manager, { saleId: open.saleId, reason: 'customer left', now: evening }).status).toBe('voided');
    const paid = findSaleByInvoice(t.db, 'T01', 1)!;
    expect(() => voidUnpaidSale(t.db, manager, { saleId: paid.saleId, now: evening })).toThrow(/refund it instead/);
    const ev = t.db.prepare("SELECT actor FROM events WHERE type = 'sale.voided'").get() as { actor: string };
    expect(ev.actor).toBe(manager.id);
  });
});

describe('upgrading from day Zs (the schema before migration 008, Z periods)', () => {
  it('keeps the old Z reports and what they covered; a sale made after a day was closed goes on the next Z instead of on none', async () => {
    const old = tempDb('souq-z-upgrade-');
    try {
      const file = join(old.dir, 'day-zs.sqlite');
      const db = openDb(file, { upTo: 7 });
      const m = await addUser(db, { name: 'Aisha', role: 'manager', pin: '4829' });
      ringUp(db, { totalMinor: 1_000, at: at('10:00'), tender: 'cash' });
      db.prepare(
        "INSERT INTO z_reports (terminal_id, number, business_day, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor) VALUES ('T01', 1, ?, ?, ?, 'AED', ?, 1000, 1000, 0)",
      ).run(DAY, at('18:00').toISOString(), m.id, JSON.stringify({ takings: takingsForDay(db, DAY), reconciliation: { checked: 0, confirmed: 0, mismatches: [], unconfirmed: [] } }));
      ringUp(db, { totalMinor: 2_500, at: at('19:00'), tender: 'cash' });
      db.close();

      const up = openDb(file);
      try {
        expect(listZReports(up, 'T01')).toMatchObject([{ number: 1, businessDay: DAY, to: at('18:00').toISOString() }]);
        expect(dayReportText(getZReport(up, 'T01', 1))).toMatch(/Z REPORT 1/);
        const x = xReport(up, { terminalId: 'T01', now: at('20:00') });
        expect(x).toMatchObject({ nextNumber: 2, from: at('18:00').toISOString(), expectedCash: money(2_500) });
        const z2 = await closeDay(up, { terminalId: 'T01', actor: { id: m.id, name: m.name, role: m.role }, countedCash: money(2_500), link: null, now: at('21:00') });
        expect(z2).toMatchObject({ number: 2, businessDay: DAY });
        expect(z2.takings.sales.gross).toEqual(money(2_500));
      } finally {
        up.close();
      }
    } finally {
      old.cleanup();
    }
  });
});
