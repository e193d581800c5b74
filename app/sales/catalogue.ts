// Importing the shop's catalogue: all or nothing. Any bad line and nothing is written; the error
// lists every bad line by number so the manager can fix the file in one pass.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { describeCatalogueErrors, parseCatalogueCsv, type CatalogueLineError } from '../domain/catalogue.ts';
import { findCatalogueItem } from './repository.ts';

export class CatalogueImportError extends Error {
  readonly code = 'CATALOGUE_INVALID';
  constructor(readonly errors: CatalogueLineError[]) {
    super(describeCatalogueErrors(errors));
    this.name = 'CatalogueImportError';
  }
}

export interface CatalogueImportResult {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Adds new products and updates the name and price of known ones (a UPC-A and its 13-digit form
 * count as one product). Products missing from the file stay: a partial price list is normal.
 */
export function importCatalogueCsv(db: Db, csv: string, opts: { now?: Date; actor?: string | null } = {}): CatalogueImportResult {
  const parsed = parseCatalogueCsv(String(csv));
  if (!parsed.ok) throw new CatalogueImportError(parsed.errors);
  const result: CatalogueImportResult = { added: 0, updated: 0, unchanged: 0 };
  const insert = db.prepare("INSERT INTO catalogue (ean, name, price_minor, currency) VALUES (?, ?, ?, 'AED')");
  const update = db.prepare("UPDATE catalogue SET name = ?, price_minor = ?, currency = 'AED' WHERE ean = ?");
  writeTx(db, () => {
    for (const item of parsed.items) {
      const existing = findCatalogueItem(db, item.ean);
      if (!existing) {
        insert.run(item.ean, item.name, item.priceMinor);
        result.added++;
      } else if (existing.name !== item.name || existing.price_minor !== item.priceMinor || existing.currency !== 'AED') {
        update.run(item.name, item.priceMinor, existing.ean);
        result.updated++;
      } else result.unchanged++;
    }
    appendEvent(db, { type: 'catalogue.imported', actor: opts.actor ?? null, at: opts.now ?? new Date(), data: { ...result, lines: parsed.items.length } });
  });
  return result;
}

export interface CatalogueEntry {
  ean: string;
  name: string;
  priceMinor: number;
}

/** The catalogue for a search box or an export, by name; `query` matches name or code. */
export function listCatalogue(db: Db, opts: { query?: string; limit?: number } = {}): CatalogueEntry[] {
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 200)), 10_000);
  const q = (opts.query ?? '').trim();
  const rows = (
    q
      ? db.prepare("SELECT ean, name, price_minor FROM catalogue WHERE name LIKE ? ESCAPE '\\' OR ean LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?").all(`%${escapeLike(q)}%`, `${escapeLike(q)}%`, limit)
      : db.prepare('SELECT ean, name, price_minor FROM catalogue ORDER BY name LIMIT ?').all(limit)
  ) as { ean: string; name: string; price_minor: number }[];
  return rows.map((r) => ({ ean: r.ean, name: r.name, priceMinor: r.price_minor }));
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
