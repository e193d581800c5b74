import { z } from 'zod';
import { call } from './call.ts';
import type { CatalogueImportView, ProductView } from './views.ts';

export const catalogueApi = {
  'catalogue.search': call<ProductView[]>()(z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(100).optional() }).strict()),
  /** CSV text: ean,name,price (price in AED, e.g. 12.50). 2 MB is far above any shop's catalogue. */
  'catalogue.import': call<CatalogueImportView>()(z.object({ csv: z.string().max(2_000_000) }).strict()),
} as const;
