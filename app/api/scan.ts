import { z } from 'zod';
import { call } from './call.ts';
import { MinorUnits, SaleId } from './common.ts';
import type { ScanResult } from './views.ts';

export const scanApi = {
  /**
   * One scan from the wedge detector or a serial scanner. `awaiting` says what the cashier screen
   * waits for: a wallet code starts a payment only when it waits for one; a product adds a line.
   */
  'scan.submit': call<ScanResult>()(
    z
      .object({
        text: z.string().min(1).max(128),
        source: z.enum(['wedge', 'serial']),
        saleId: SaleId.optional(),
        awaiting: z.enum(['sale', 'wallet_code']).default('sale'),
        /** The wallet amount the cashier keyed (less than due, for a split); else all that is due. */
        amountMinor: MinorUnits.optional(),
      })
      .strict(),
  ),
} as const;
