import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money } from '../../app/domain/money.ts';
import { classifyScan } from '../../app/domain/classify.ts';
import {
  MAX_QUANTITY,
  SaleError,
  divRoundHalfUp,
  lineTotalMinor,
  parseReceiptCode,
  paymentSummary,
  receiptCode,
  planCardTender,
  planCashTender,
  saleTotals,
  taxFreeEligible,
  vatIncludedMinor,
} from '../../app/domain/sale.ts';
import { fcParams } from '../support/seed.ts';

const line = (unitPriceMinor: number, quantity = 1) => ({ kind: 'keyed' as const, name: 'x', unitPriceMinor, quantity });

describe('VAT extracted from a VAT-inclusive invoice total', () => {
  it('takes 5/105 of the total, rounding half fils up', () => {
    expect(vatIncludedMinor(10_500)).toBe(500); // AED 105.00 → AED 5.00
    expect(vatIncludedMinor(1_050)).toBe(50);
    expect(vatIncludedMinor(21)).toBe(1); // 1.0 exactly
    expect(vatIncludedMinor(10)).toBe(0); // 0.476… → 0
    expect(vatIncludedMinor(11)).toBe(1); // 0.5238… → 1
    expect(vatIncludedMinor(0)).toBe(0);
    expect(divRoundHalfUp(21, 2)).toBe(11); // exactly half goes up
    expect(divRoundHalfUp(20, 3)).toBe(7);
  });

  it('extracts VAT once on the invoice, not per line', () => {
    // Three lines of AED 0.10: per line VAT would be 0 each; on the total (0.30) it is 0.01.
    const t = saleTotals([line(10), line(10), line(10)]);
    expect(t.total.minor).toBe(30);
    expect(t.vat.minor).toBe(1);
    expect(t.net.minor).toBe(29);
  });

  it('keeps VAT + net = total and VAT within half a fils of 5/105 for any sale', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ unit: fc.integer({ min: 0, max: 500_000 }), qty: fc.integer({ min: 1, max: 50 })}), { maxLength: 40 }), (ls) => {
        const t = saleTotals(ls.map((l) => line(l.unit, l.qty)));
        const total = ls.reduce((s, l) => s + l.unit * l.qty, 0);
        expect(t.total.minor).toBe(total);
        expect(t.vat.minor + t.net.minor).toBe(total);
        // |vat − total·5/105| ≤ ½ ⇔ |105·vat − 5·total| ≤ 52.5
        expect(Math.abs(105 * t.vat.minor - 5 * total)).toBeLessThanOrEqual(52.5);
        expect(Number.isInteger(t.vat.minor)).toBe(true);
      }),
      fcParams('VAT split', { numRuns: 500 }),
    );
  });

  it('refuses quantities that are not whole numbers from 1 to the maximum', () => {
    for (const q of [0, -1, 1.5, MAX_QUANTITY + 1, Number.NaN]) expect(() => lineTotalMinor({ unitPriceMinor: 100, quantity: q })).toThrow(SaleError);
    expect(lineTotalMinor({ unitPriceMinor: 250, quantity: 3 })).toBe(750);
  });

  it('refuses a sale too large for the till instead of losing precision', () => {
    expect(() => saleTotals(Array.from({ length: 11 }, () => line(100_000_000)))).toThrow(/split it into two sales/);
  });
});

describe('tax-free eligibility', () => {
  it('starts at exactly AED 250.00', () => {
    expect(taxFreeEligible(money(24_999))).toBe(false);
    expect(taxFreeEligible(money(25_000))).toBe(true);
    expect(taxFreeEligible(money(25_000, 'CNY'))).toBe(false);
  });
});

describe('tenders', () => {
  it('gives change for cash over the due amount and never negative change', () => {
    expect(planCashTender(1_250, money(2_000), 'AED')).toEqual({ amountMinor: 1_250, tenderedMinor: 2_000, changeMinor: 750 });
    expect(planCashTender(1_250, money(1_250), 'AED')).toEqual({ amountMinor: 1_250, tenderedMinor: 1_250, changeMinor: 0 });
  });

  it('refuses final cash below the due amount, saying how much is due', () => {
    const e = (() => { try { planCashTender(1_250, money(1_000), 'AED'); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(SaleError);
    expect((e as SaleError).code).toBe('CASH_TOO_LITTLE');
    expect((e as SaleError).message).toContain('AED 12.50');
  });

  it('takes part cash towards a split payment, but never more than due', () => {
    expect(planCashTender(1_250, money(1_000), 'AED', { partial: true })).toEqual({ amountMinor: 1_000, tenderedMinor: 1_000, changeMinor: 0 });
    expect(() => planCashTender(1_250, money(2_000), 'AED', { partial: true })).toThrow(/cannot be more/);
  });

  it('takes a card for the due amount or less, never more', () => {
    expect(planCardTender(1_250, undefined, 'AED')).toEqual({ amountMinor: 1_250 });
    expect(planCardTender(1_250, money(500), 'AED')).toEqual({ amountMinor: 500 });
    expect(() => planCardTender(1_250, money(1_251), 'AED')).toThrow(SaleError);
    expect(() => planCardTender(0, undefined, 'AED')).toThrow(/Nothing is due/);
    expect(() => planCardTender(100, money(100, 'CNY'), 'AED')).toThrow(/must be in AED/);
  });

  it('sums tenders into paid, due and change', () => {
    const s = paymentSummary(money(10_000), [
      { kind: 'card', amountMinor: 3_000 },
      { kind: 'cash', amountMinor: 7_000, tenderedMinor: 10_000, changeMinor: 3_000 },
    ]);
    expect(s).toEqual({ paid: money(10_000), due: money(0), change: money(3_000), overpaid: money(0) });
    expect(paymentSummary(money(10_000), [{ kind: 'wallet', amountMinor: 4_000 }]).due).toEqual(money(6_000));
    expect(paymentSummary(money(10_000), [{ kind: 'wallet', amountMinor: 12_000 }]).overpaid).toEqual(money(2_000));
  });
});

describe('the receipt code', () => {
  it('round-trips terminal and invoice number and is never read as a product or a payment code', () => {
    const code = receiptCode('T1', 123);
    expect(code).toBe('SQR-T1-123');
    expect(parseReceiptCode(` ${code}\r\n`)).toEqual({ terminalId: 'T1', invoiceNo: 123 });
    expect(classifyScan(code).kind).toBe('unknown');
    for (const t of ['4006381333931', 'SQR-T1-', 'SQR-T1-0x1', 'sqr']) expect(parseReceiptCode(t)).toBeNull();
    expect(() => receiptCode('T 1', 1)).toThrow(SaleError);
    expect(() => receiptCode('T1', 0)).toThrow(SaleError);
  });
});
