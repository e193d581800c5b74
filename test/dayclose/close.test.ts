import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../app/domain/money.ts';
import { businessDayBounds } from '../../app/domain/time.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { closeDay, dayReportText, DayCloseError, getZReport, listZReports, xReport } from '../../app/dayclose/close.ts';
import { findSaleByInvoice, findSalesByAmount, recordDrawerRefund, RefundHelperError, voidUnpaidSale } from '../../app/dayclose/refunds.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
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

describe('day close', () => {
  it('an X report shows the day so far and the cash the drawer should hold, and stores nothing', () => {
    const x = xReport(t.db, { terminalId: 'T01', day: DAY, now: evening });
    expect(x.expectedCash).toEqual(money(15_050));
    expect(x.takings.sales.count).toBe(3);
    expect(dayReportText(x)).toMatch(/X REPORT \(day not closed\)/);
    expect(listZReports(t.db, 'T01')).toEqual([]);
  });

  it('refuses to close while a wallet payment of the day is unknown, naming it by its masked code, and writes nothing', async () => {
    const open = ringUp(t.db, { totalMinor: 9_900, at: at('20:00'), tender: 'open' });
    insertAttempt(t.db, { saleId: open.saleId, amountMinor: 9_900, state: 'unknown', at: at('20:01'), code: '2810998877662345' });
    const err = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_050), day: DAY, link: null, now: evening }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DayCloseError);
    expect((err as DayCloseError).code).toBe('DAY_HAS_PENDING');
    expect((err as DayCloseError).message).toMatch(/1 wallet payment is not settled yet — .*unknown, AED\s*99\.00, code 2810…2345/);
    expect((err as DayCloseError).message).not.toContain('2810998877662345');
    expect(listZReports(t.db, 'T01')).toEqual([]);
    expect(xReport(t.db, { terminalId: 'T01', day: DAY, now: evening }).blocking).toHaveLength(1);
  });

  it('closes the day with counted cash against expected, numbers Z reports 1, 2… and never twice for a day', async () => {
    const z1 = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_000), day: DAY, link: null, now: evening });
    expect(z1).toMatchObject({ number: 1, businessDay: DAY, expectedCash: money(15_050), countedCash: money(15_000), difference: money(-50), actorName: 'Aisha' });
    expect(dayReportText(z1)).toMatch(/Difference\s+-?AED\s*-?0\.50\s+\(cash short\)/);
    await expect(closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(0), day: DAY, link: null, now: evening })).rejects.toMatchObject({
      code: 'DAY_ALREADY_CLOSED',
      message: expect.stringMatching(/already closed: Z report 1/),
    });
    ringUp(t.db, { totalMinor: 1_000, at: at('11:00', '2026-01-11'), tender: 'cash' });
    const z2 = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(1_000), day: '2026-01-11', link: null, now: at('23:00', '2026-01-11') });
    expect(z2.number).toBe(2);
    expect(z2.difference).toEqual(money(0));
    expect(listZReports(t.db, 'T01').map((z) => z.number)).toEqual([1, 2]);
    const ev = t.db.prepare("SELECT actor FROM events WHERE type = 'day.closed' ORDER BY seq").all() as { actor: string }[];
    expect(ev).toEqual([{ actor: manager.id }, { actor: manager.id }]);
    expect(verifyChain(t.db).ok).toBe(true);
  });

  it('a Z report is immutable and reprints exactly as first printed, even after later refunds change the day', async () => {
    const z = await closeDay(t.db, { terminalId: 'T01', actor: manager, countedCash: money(15_050), day: DAY, link: null, now: evening });
    const printed = dayReportText(z);
    expect(() => t.db.prepare('UPDATE z_reports SET counted_cash_minor = 0').run()).toThrow(/cannot be changed/);
    expect(() => t.db.prepare('DELETE FROM z_reports').run()).toThrow(/cannot be deleted/);
    expect(() => t.db.prepare("INSERT INTO z_reports (terminal_id, number, business_day, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor) VALUES ('T01', 5, '2026-01-20', 'x', 'x', 'AED', '{}', 0, 0, 0)").run()).toThrow(/no gap/);
    const sale = findSaleByInvoice(t.db, 'T01', 1)!;
    recordDrawerRefund(t.db, manager, { saleId: sale.saleId, kind: 'cash', amount: money(2_000), now: evening });
    expect(dayReportText(getZReport(t.db, 'T01', 1))).toBe(printed);
  });

  it('only a manager closes the day', async () => {
    await expect(closeDay(t.db, { terminalId: 'T01', actor: cashier, countedCash: money(0), day: DAY, link: null, now: evening })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
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
    expect(xReport(t.db, { terminalId: 'T01', day: DAY, now: evening }).expectedCash).toEqual(money(3_050));
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
