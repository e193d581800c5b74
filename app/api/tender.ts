import { z } from 'zod';
import { call } from './call.ts';
import { MinorUnits, SaleId } from './common.ts';
import type { SaleView } from './views.ts';

export const tenderApi = {
  /** Cash handed over, in fils; the change is on the returned sale's tender. */
  'tender.cash': call<SaleView>()(z.object({ saleId: SaleId, tenderedMinor: MinorUnits }).strict()),
  /** Paid on the shop's separate card terminal; recorded, never sent to the acquirer. */
  'tender.card': call<SaleView>()(z.object({ saleId: SaleId, amountMinor: MinorUnits.optional() }).strict()),
} as const;
