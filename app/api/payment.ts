import { z } from 'zod';
import { call } from './call.ts';
import { AttemptId, SaleId } from './common.ts';
import type { AttemptView } from './views.ts';

export const paymentApi = {
  /** The customer's payment code, as scanned (digits; up to 32 for Alipay+, room for noise). */
  'payment.startWithCode': call<AttemptView>()(z.object({ saleId: SaleId, code: z.string().min(1).max(64) }).strict()),
  'payment.showQr': call<AttemptView>()(z.object({ saleId: SaleId }).strict()),
  'payment.cancel': call<AttemptView>()(z.object({ attemptId: AttemptId }).strict()),
  'payment.get': call<AttemptView>()(z.object({ attemptId: AttemptId }).strict()),
  'payment.forSale': call<AttemptView[]>()(z.object({ saleId: SaleId }).strict()),
} as const;
