import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../app/domain/money.ts';
import { SaleError, vatIncludedMinor } from '../../app/domain/sale.ts';
import { verifyChain } from '../../app/store/events.ts';
import type { Db } from '../../app/store/db.ts';
import {
  addKeyedLine,
  addProductLine,
  applyWalletPayment,
  createSale,
  getSale,
  recordCardTender,
  recordCashTender,
  removeLine,
  setQuantity,
  voidSale,
} from '../../app/sales/repository.ts';
import { freshDb, insertAttempt, setAttemptState } from './fresh-db.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { fcParams } from '../support/seed.ts';

const T0 = new Date('2026-11-25T10:00:00Z');

type Op =
  | { op: 'keyed'; minor: number }
  | { op: 'product'; which: number; qty: number }
  | { op: 'remove'; which: number }
  | { op: 'qty'; which: number; qty: number }
  | { op: 'cash'; minor: number; partial: boolean }
  | { op: 'card'; minor: number | null }
  | { op: 'walletStart' }
  | { op: 'walletEnd'; succeed: boolean }
  | { op: 'void' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('keyed' as const), minor: fc.integer({ min: -5, max: 60_000 }) }),
  fc.record({ op: fc.constant('product' as const), which: fc.integer({ min: 0, max: 3 }), qty: fc.integer({ min: -1, max: 12 }) }),
  fc.record({ op: fc.constant('remove' as const), which: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('qty' as const), which: fc.integer({ min: 0, max: 5 }), qty: fc.integer({ min: -1, max: 20 }) }),
  fc.record({ op: fc.constant('cash' as const), minor: fc.integer({ min: 0, max: 120_000 }), partial: fc.boolean() }),
  fc.record({ op: fc.constant('card' as const), minor: fc.option(fc.integer({ min: 1, max: 80_000 })) }),
  fc.record({ op: fc.constant('walletStart' as const) }),
  fc.record({ op: fc.constant('walletEnd' as const), succeed: fc.boolean() }),
  fc.record({ op: fc.constant('void' as const) }),
);

const CATALOGUE = [
  ['4006381333931', 'Pen', 450],
  ['96385074', 'Dates', 2500],
  ['036000291452', 'Tissues', 1000],
  ['A-100', 'Gift wrap', 0],
] as const;

function apply(db: Db, saleId: string, o: Op, wallet: { id: string | null; amount: number }): void {
  const lines = getSale(db, saleId).lines;
  const line = (i: number) => lines[i % Math.max(1, lines.length)]?.id ?? 999;
  switch (o.op) {
    case 'keyed': return void addKeyedLine(db, saleId, money(o.minor), undefined, T0);
    case 'product': return void addProductLine(db, saleId, CATALOGUE[o.which]![0], o.qty, T0);
    case 'remove': return void removeLine(db, saleId, line(o.which), T0);
    case 'qty': return void setQuantity(db, saleId, line(o.which), o.qty, T0);
    case 'cash': return void recordCashTender(db, saleId, money(o.minor), T0, { partial: o.partial });
    case 'card': return void recordCardTender(db, saleId, o.minor === null ? undefined : money(o.minor), T0);
    case 'walletStart': {
      const s = getSale(db, saleId);
      if (wallet.id || s.status !== 'open' || s.due.minor === 0) return;
      wallet.id = insertAttempt(db, saleId, s.due.minor, 'sent');
      wallet.amount = s.due.minor;
      return;
    }
    case 'walletEnd': {
      if (!wallet.id) return;
      const id = wallet.id;
      wallet.id = null;
      if (!o.succeed) return setAttemptState(db, id, 'failed');
      // As the journal does: the success and the booking in one transaction.
      writeTx(db, () => {
        setAttemptState(db, id, 'succeeded');
        applyWalletPayment(db, saleId, id, money(wallet.amount), T0);
      });
      return;
    }
    case 'void': return void voidSale(db, saleId, { now: T0 });
    default: {
      const never: never = o;
      throw new Error(`op ${JSON.stringify(never)}`);
    }
  }
}

describe('any sequence of cashier actions', () => {
  it('keeps totals, VAT, tenders, status and invoice numbers consistent, and a refusal changes nothing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const db = freshDb();
        for (const [ean, name, price] of CATALOGUE) db.prepare('INSERT INTO catalogue (ean, name, price_minor) VALUES (?, ?, ?)').run(ean, name, price);
        const saleId = createSale(db, { terminalId: 'T1', now: T0 });
        const wallet = { id: null as string | null, amount: 0 };
        for (const o of ops) {
          const before = getSale(db, saleId);
          try {
            apply(db, saleId, o, wallet);
          } catch (e) {
            if (!(e instanceof SaleError)) throw e;
            expect(getSale(db, saleId)).toEqual(before);
          }
          const s = getSale(db, saleId);
          const row = db.prepare('SELECT total_minor, vat_minor FROM sales WHERE id = ?').get(saleId) as { total_minor: number; vat_minor: number };
          const linesSum = s.lines.reduce((a, l) => a + l.unitPrice.minor * l.quantity, 0);
          expect(row.total_minor).toBe(linesSum);
          expect(row.vat_minor).toBe(vatIncludedMinor(linesSum));
          const paid = s.tenders.reduce((a, t) => a + t.amount.minor, 0);
          expect(s.paid.minor).toBe(paid);
          expect(s.due.minor).toBe(Math.max(0, s.total.minor - paid));
          expect(s.change.minor).toBeGreaterThanOrEqual(0);
          expect(s.status === 'paid').toBe(s.total.minor > 0 && paid >= s.total.minor);
          expect(s.invoiceNo).toBe(s.status === 'paid' ? 1 : null);
          if (s.status === 'voided') expect(s.tenders).toEqual([]);
        }
        expect(verifyChain(db).ok).toBe(true);
        db.close();
      }),
      fcParams('cashier actions', { numRuns: 25 }),
    );
  });
});
