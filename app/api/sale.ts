import { z } from 'zod';
import { call } from './call.ts';
import { Empty, MinorUnits, SaleId } from './common.ts';
import type { CounterView, SaleView } from './views.ts';

const LineId = z.number().int().positive();

export const saleApi = {
  /** Starts a new sale and puts it on the counter (both screens follow it). */
  'sale.open': call<SaleView>()(Empty),
  /** The sale on the counter and its attempts: what a screen shows after a (re)load. */
  'sale.current': call<CounterView>()(Empty),
  'sale.get': call<SaleView>()(z.object({ saleId: SaleId }).strict()),
  'sale.addKeyed': call<SaleView>()(
    z.object({ saleId: SaleId, amountMinor: MinorUnits, name: z.string().trim().min(1).max(80).optional() }).strict(),
  ),
  'sale.addProduct': call<SaleView>()(z.object({ saleId: SaleId, ean: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'not a product code') }).strict()),
  'sale.setQuantity': call<SaleView>()(z.object({ saleId: SaleId, lineId: LineId, quantity: z.number().int().min(1).max(9999) }).strict()),
  'sale.removeLine': call<SaleView>()(z.object({ saleId: SaleId, lineId: LineId }).strict()),
  /** Puts the sale on the counter aside with its lines and starts another; returns the new sale. */
  'sale.park': call<SaleView>()(z.object({ saleId: SaleId }).strict()),
  /** Brings a parked sale back to the counter (the sale there, if it has lines, is parked in its place). */
  'sale.recall': call<SaleView>()(z.object({ saleId: SaleId }).strict()),
  /** The parked sales of this till, oldest first. */
  'sale.parked': call<SaleView[]>()(Empty),
  /**
   * A line's price override and/or discount (percent in hundredths, 1050 = 10.50 %; amount in fils;
   * null removes the discount). Above the installer's limit, a manager's name and PIN approve it.
   */
  'sale.adjustLine': call<SaleView>()(
    z
      .object({
        saleId: SaleId,
        lineId: LineId,
        priceMinor: z.number().int().min(0).max(100_000_000).optional(),
        discount: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('percent'), value: z.number().int().min(1).max(10_000) }).strict(),
            z.object({ kind: z.literal('amount'), value: MinorUnits }).strict(),
          ])
          .nullable()
          .optional(),
        manager: z.object({ name: z.string().trim().min(1).max(80), pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4–8 digits') }).strict().optional(),
      })
      .strict(),
  ),
  /** The cashier confirmed "discard this sale?": it is voided (no money taken) and a new one starts. */
  'sale.discard': call<SaleView>()(z.object({ saleId: SaleId }).strict()),
} as const;
