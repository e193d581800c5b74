import { z } from 'zod';
import { call } from './call.ts';
import { AttemptId, MinorUnits, SaleId } from './common.ts';
import type { AttemptView } from './views.ts';

export const paymentApi = {
  /** The customer's payment code, as scanned (digits; up to 32 for Alipay+, room for noise). */
  // amountMinor: a wallet pays what the sale still owes unless the cashier keys less (a split).
  'payment.startWithCode': call<AttemptView>()(z.object({ saleId: SaleId, code: z.string().min(1).max(64), amountMinor: MinorUnits.optional() }).strict()),
  'payment.showQr': call<AttemptView>()(z.object({ saleId: SaleId, amountMinor: MinorUnits.optional() }).strict()),
  'payment.cancel': call<AttemptView>()(z.object({ attemptId: AttemptId }).strict()),
  'payment.get': call<AttemptView>()(z.object({ attemptId: AttemptId }).strict()),
  'payment.forSale': call<AttemptView[]>()(z.object({ saleId: SaleId }).strict()),
} as const;
