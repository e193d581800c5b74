// Issue 9: split and part payments, the card slip's details, parked sales, and what the manager's
// figures count. Real SQLite files; no stand-ins.
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../app/domain/money.ts';
import {
  addKeyedLine,
  applyWalletPayment,
  createSale,
  findOpenSale,
  getSale,
  isBlankSale,
  listParkedSales,
  parkSale,
  recallSale,
  recordCardTender,
  recordCashTender,
} from '../../app/sales/repository.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { codeOf, eventCount, freshDb, insertAttempt } from './fresh-db.ts';

const T0 = new Date('2026-11-25T10:00:00Z');
const aed = (text: string) => parseAmount(text);

describe('split and part payments', () => {
  it('an AED 100 sale is paid 40 in cash (part), 25 on the card terminal and the rest by wallet, each tender kept', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T01', now: T0 });
    addKeyedLine(db, id, aed('100'), undefined, T0);
    expect(codeOf(() => recordCashTender(db, id, aed('40'), T0))).toBe('CASH_TOO_LITTLE');
    let sale = recordCashTender(db, id, aed('40'), T0, { partial: true });
    expect(sale.due.minor).toBe(6000);
    sale = recordCardTender(db, id, aed('25'), T0, { approvalCode: 'a1b2c3', last4: '4242' });
    expect(sale.due.minor).toBe(3500);
    expect(sale.status).toBe('open');
    const attempt = insertAttempt(db, id, 3500, 'succeeded');
    sale = applyWalletPayment(db, id, attempt, aed('35'), T0);
    expect(sale.status).toBe('paid');
    expect(sale.tenders.map((t) => [t.kind, t.amount.minor])).toEqual([
      ['cash', 4000],
      ['card', 2500],
      ['wallet', 3500],
    ]);
    expect(sale.tenders[1]!.card).toEqual({ approvalCode: 'A1B2C3', last4: '4242' });
    const day = takingsForDay(db, sale.businessDay);
    expect(day.byTender.map((t) => [t.tender, t.sales.minor])).toEqual([
      ['wallet', 3500],
      ['cash', 4000],
      ['card', 2500],
    ]);
  });

  it('a card ending that is not 4 digits, or an approval code with symbols, is refused and nothing is stored', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T01', now: T0 });
    addKeyedLine(db, id, aed('10'), undefined, T0);
    const before = eventCount(db);
    expect(codeOf(() => recordCardTender(db, id, undefined, T0, { last4: '424' }))).toBe('INVALID_CARD_DETAILS');
    expect(codeOf(() => recordCardTender(db, id, undefined, T0, { last4: '42a2' }))).toBe('INVALID_CARD_DETAILS');
    expect(codeOf(() => recordCardTender(db, id, undefined, T0, { approvalCode: '12-34' }))).toBe('INVALID_CARD_DETAILS');
    expect(eventCount(db)).toBe(before);
    expect(getSale(db, id).tenders).toHaveLength(0);
    // Both are optional: a card paid without them is still a card payment.
    expect(recordCardTender(db, id, undefined, T0, {}).tenders[0]!.card).toEqual({ approvalCode: null, last4: null });
  });
});

describe('parked sales', () => {
  it('a parked sale keeps its lines, is no open sale in the figures, refuses tenders until recalled, and comes back', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T01', now: T0 });
    addKeyedLine(db, id, aed('12.50'), 'Scarf', T0);
    expect(takingsForDay(db, getSale(db, id).businessDay).sales.openCount).toBe(1);
    const parked = parkSale(db, id, T0);
    expect(parked.parkedAt).toBe(T0.toISOString());
    expect(listParkedSales(db, 'T01').map((s) => s.id)).toEqual([id]);
    expect(findOpenSale(db, 'T01')).toBeNull();
    expect(takingsForDay(db, parked.businessDay).sales.openCount).toBe(0);
    expect(codeOf(() => recordCashTender(db, id, aed('20'), T0))).toBe('SALE_PARKED');
    expect(codeOf(() => addKeyedLine(db, id, aed('1'), undefined, T0))).toBe('SALE_PARKED');

    const back = recallSale(db, id, T0);
    expect(back.parkedAt).toBeNull();
    expect(back.lines.map((l) => l.name)).toEqual(['Scarf']);
    expect(listParkedSales(db, 'T01')).toEqual([]);
    expect(recordCashTender(db, id, aed('20'), T0).status).toBe('paid');
  });

  it('an empty sale cannot be parked, and a part-paid one stays on the counter', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T01', now: T0 });
    expect(codeOf(() => parkSale(db, id, T0))).toBe('NOTHING_TO_PARK');
    addKeyedLine(db, id, aed('50'), undefined, T0);
    recordCashTender(db, id, aed('10'), T0, { partial: true });
    expect(codeOf(() => parkSale(db, id, T0))).toBe('SALE_LOCKED');
  });

  it('sales opened but never rung up are not open sales in the manager’s figures', () => {
    const db = freshDb();
    const blank = createSale(db, { terminalId: 'T01', now: T0 });
    expect(isBlankSale(db, blank)).toBe(true);
    const day = getSale(db, blank).businessDay;
    expect(takingsForDay(db, day).sales.openCount).toBe(0);
    addKeyedLine(db, blank, aed('5'), undefined, T0);
    expect(isBlankSale(db, blank)).toBe(false);
    expect(takingsForDay(db, day).sales.openCount).toBe(1);
  });
});

describe('line discounts and price overrides', () => {
  it('within the limit a cashier discounts alone; above it nothing changes until a manager approves, and the line keeps its rung-up price', async () => {
    const { adjustLine } = await import('../../app/sales/repository.ts');
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T01', now: T0 });
    const line = addKeyedLine(db, id, aed('200'), 'Abaya', T0).lines[0]!;
    const limit = { limitBasisPoints: 1_000 };
    let sale = adjustLine(db, id, line.id, { discount: { kind: 'percent', value: 1_000 } }, limit, T0);
    expect(sale.total.minor).toBe(18_000);
    expect(sale.vat.minor).toBe(857);
    expect(sale.lines[0]!.discount).toEqual({ kind: 'percent', value: 1_000, amount: { minor: 2_000, currency: 'AED' } });

    const before = eventCount(db);
    expect(codeOf(() => adjustLine(db, id, line.id, { price: aed('150') }, limit, T0))).toBe('MANAGER_APPROVAL_NEEDED');
    expect(eventCount(db)).toBe(before);
    expect(getSale(db, id).total.minor).toBe(18_000);

    sale = adjustLine(db, id, line.id, { price: aed('150') }, { ...limit, approver: { id: 'U-aisha', name: 'Aisha' } }, T0);
    // 150 less 10 %: 135, against the 200 it was rung up at.
    expect(sale.total.minor).toBe(13_500);
    expect(sale.lines[0]!.listUnitPrice).toEqual({ minor: 20_000, currency: 'AED' });
    expect(sale.lines[0]!.approvedBy).toBe('U-aisha');
    // A quantity change keeps the discount's percentage.
    const { setQuantity } = await import('../../app/sales/repository.ts');
    expect(setQuantity(db, id, line.id, 2, T0).total.minor).toBe(27_000);
    // An amount off never takes a line below zero, and removing the discount restores the price.
    expect(codeOf(() => adjustLine(db, id, line.id, { discount: { kind: 'percent', value: 10_001 } }, limit, T0))).toBe('INVALID_DISCOUNT');
    expect(adjustLine(db, id, line.id, { discount: null }, { ...limit, approver: { id: 'U-aisha', name: 'Aisha' } }, T0).total.minor).toBe(30_000);
  });
});
