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
} as const;
