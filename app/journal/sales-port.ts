// What the journal needs from the sales repository (H3's app/sales): how much a sale still owes,
// and booking a wallet payment onto it inside the transaction that records the success. A port,
// so the journal's rules (one attempt at a time, CAS, events) do not depend on how sales are kept.
import type { Db } from '../store/db.ts';
import type { Money } from '../domain/money.ts';
import { applyWalletPayment, saleDue } from '../sales/repository.ts';

export interface SaleDue {
  status: 'open' | 'paid' | 'voided';
  due: Money;
  /** The invoice number this sale gets when it is paid: the next one of its terminal (today's rule of sales/repository.ts). */
  nextInvoiceNo: number;
}

export interface SalesPort {
  /** undefined when there is no such sale. */
  saleDue(db: Db, saleId: string): SaleDue | undefined;
  /** Called inside the journal's transaction when an attempt succeeds (nests as a savepoint). */
  applyWalletPayment(db: Db, saleId: string, attemptId: string, amount: Money, now: Date): void;
}

export const salesPort: SalesPort = {
  saleDue,
  applyWalletPayment(db, saleId, attemptId, amount, now) {
    applyWalletPayment(db, saleId, attemptId, amount, now);
  },
};
