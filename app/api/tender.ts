import { z } from 'zod';
import { call } from './call.ts';
import { MinorUnits, SaleId } from './common.ts';
import type { SaleView } from './views.ts';

export const tenderApi = {
  /** Cash handed over, in fils; the change is on the returned sale's tender. */
  // partial: less than the due, taken as a part payment (the cashier answered "take it now and the
  // rest by another tender?"); without it, cash below the due is refused with CASH_TOO_LITTLE.
  'tender.cash': call<SaleView>()(z.object({ saleId: SaleId, tenderedMinor: MinorUnits, partial: z.boolean().optional() }).strict()),
  /** Paid on the shop's separate card terminal; recorded, never sent to the acquirer. The slip's details are optional. */
  'tender.card': call<SaleView>()(
    z
      .object({
        saleId: SaleId,
        amountMinor: MinorUnits.optional(),
        approvalCode: z.string().trim().max(12).regex(/^[0-9A-Za-z]*$/, 'letters and digits only').optional(),
        last4: z.string().trim().regex(/^(\d{4})?$/, 'exactly 4 digits').optional(),
      })
      .strict(),
  ),
} as const;
