// The manager's catalogue import from the screen: the CSV is read with csv-parse (a maintained
// parser: quotes, doubled quotes, line breaks inside quotes, BOM, ";" from Arabic/European
// spreadsheets) into a preview — each line with what it would do (add, update, unchanged) or what is
// wrong with it — before anything changes. The import writes exactly the previewed lines, all or
// nothing, in one transaction with its event under the manager who imported.
import { parse } from 'csv-parse/sync';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { canonicalBarcode, MAX_CATALOGUE_BYTES, validateCatalogueCode } from '../domain/catalogue.ts';
import { MoneyError, parseAmount } from '../domain/money.ts';
import { MAX_LINE_MINOR } from '../domain/sale.ts';

export interface CataloguePreviewLine {
  /** Line in the file (1 = the header). */
  line: number;
  ean: string;
  name: string;
  priceMinor: number | null;
  action: 'add' | 'update' | 'unchanged' | null;
  /** What is wrong with the line, in words; null when it is good. */
  error: string | null;
}

export interface CataloguePreview {
  lines: CataloguePreviewLine[];
  /** A problem with the file as a whole (no header, unreadable quotes…), or null. */
  fileError: string | null;
  counts: { add: number; update: number; unchanged: number; errors: number };
}

const MAX_NAME = 120;

export function previewCatalogue(db: Db, text: string): CataloguePreview {
  const empty = (fileError: string): CataloguePreview => ({ lines: [], fileError, counts: { add: 0, update: 0, unchanged: 0, errors: 1 } });
  if (text.length > MAX_CATALOGUE_BYTES) return empty(`The file is larger than ${MAX_CATALOGUE_BYTES / 1_000_000} MB: split it.`);
  const body = text.replace(/^\uFEFF/, '');
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = !first.includes(',') && first.includes(';') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return empty(`The file cannot be read as CSV${e.lines ? ` (line ${e.lines})` : ''}: a quote is probably not closed. Save it again from the spreadsheet as CSV.`);
  }
  records = records.filter((r) => r.record.some((f) => f.trim() !== ''));
  const header = records.shift();
  if (!header) return empty('The file is empty: the first line must be the header ean,name,price.');
  const names = header.record.map((f) => f.trim().toLowerCase());
  const missing = ['ean', 'name', 'price'].filter((r) => !names.includes(r));
  if (missing.length > 0) return empty(`The header must name the columns ean, name and price; missing: ${missing.join(', ')} (found: ${names.join(', ') || 'nothing'}).`);
  const col = { ean: names.indexOf('ean'), name: names.indexOf('name'), price: names.indexOf('price') };
  const known = db.prepare('SELECT name, price_minor FROM catalogue WHERE ean IN (?, ?)');
  const seen = new Map<string, number>();
  const lines: CataloguePreviewLine[] = records.map((r) => {
    const problems: string[] = [];
    const f = r.record;
    if (f.length !== names.length) problems.push(`${f.length} columns where the header has ${names.length} (a comma inside a name needs quotes).`);
    const rawEan = (f[col.ean] ?? '').trim();
    const ean = validateCatalogueCode(rawEan);
    if (!ean.ok) problems.push(ean.message);
    const name = (f[col.name] ?? '').replace(/\p{Cc}/gu, ' ').trim();
    if (name === '') problems.push('The name is empty.');
    else if (name.length > MAX_NAME) problems.push(`The name has ${name.length} characters; at most ${MAX_NAME}.`);
    const priceText = (f[col.price] ?? '').trim();
    let priceMinor: number | null = null;
    try {
      priceMinor = parseAmount(priceText, 'AED').minor;
      if (priceMinor > MAX_LINE_MINOR) problems.push(`The price ${priceText} is larger than this till accepts.`);
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      problems.push(priceText === '' ? 'The price is empty.' : `The price ${JSON.stringify(priceText.slice(0, 20))} is not an amount in AED like 12.50.`);
    }
    let action: CataloguePreviewLine['action'] = null;
    if (ean.ok) {
      const key = canonicalBarcode(ean.code);
      const earlier = seen.get(key);
      if (earlier !== undefined) problems.push(`The ean ${ean.code} is already on line ${earlier}.`);
      else seen.set(key, r.info.lines);
      const before = known.get(ean.code, key) as { name: string; price_minor: number } | undefined;
      action = !before ? 'add' : before.name === name && before.price_minor === priceMinor ? 'unchanged' : 'update';
    }
    const error = problems.length > 0 ? problems.join(' ') : null;
    return { line: r.info.lines, ean: ean.ok ? ean.code : rawEan, name, priceMinor, action: error ? null : action, error };
  });
  const count = (a: CataloguePreviewLine['action']) => lines.filter((l) => l.action === a).length;
  return { lines, fileError: null, counts: { add: count('add'), update: count('update'), unchanged: count('unchanged'), errors: lines.filter((l) => l.error).length } };
}

export class CatalogueRefused extends Error {
  readonly code = 'CATALOGUE_INVALID';
}

/** Writes what the preview showed, all or nothing; refuses in words while any line is wrong. */
export function importPreviewed(db: Db, text: string, actorId: string, now: Date): CataloguePreview['counts'] {
  return writeTx(db, () => {
    // Previewed again inside the transaction: the catalogue may have changed since the manager looked.
    const p = previewCatalogue(db, text);
    if (p.fileError) throw new CatalogueRefused(`Nothing was imported: ${p.fileError}`);
    const bad = p.lines.filter((l) => l.error);
    if (bad.length > 0) throw new CatalogueRefused(`Nothing was imported: ${bad.length} line${bad.length === 1 ? ' is' : 's are'} wrong (first: line ${bad[0]!.line}: ${bad[0]!.error}). Fix the file and preview it again.`);
    const insert = db.prepare("INSERT INTO catalogue (ean, name, price_minor, currency) VALUES (?, ?, ?, 'AED')");
    const update = db.prepare("UPDATE catalogue SET name = ?, price_minor = ?, currency = 'AED' WHERE ean IN (?, ?)");
    for (const l of p.lines) {
      if (l.action === 'add') insert.run(l.ean, l.name, l.priceMinor);
      else if (l.action === 'update') update.run(l.name, l.priceMinor, l.ean, canonicalBarcode(l.ean));
    }
    const counts = { add: p.counts.add, update: p.counts.update, unchanged: p.counts.unchanged, errors: 0 };
    appendEvent(db, { type: 'catalogue.imported', actor: actorId, at: now, data: { added: counts.add, updated: counts.update, unchanged: counts.unchanged, lines: p.lines.length } });
    return counts;
  });
}

export interface ProductRecord {
  ean: string;
  name: string;
  nameAr: string | null;
  nameZh: string | null;
  priceMinor: number;
}

/** A product by its barcode as scanned or typed (a UPC-A and its 13-digit form are one), or null. */
export function findProduct(db: Db, code: string): ProductRecord | null {
  const v = validateCatalogueCode(code);
  if (!v.ok) throw new CatalogueRefused(v.message);
  const r = db.prepare('SELECT ean, name, name_ar, name_zh, price_minor FROM catalogue WHERE ean IN (?, ?)').get(v.code, canonicalBarcode(v.code)) as
    | { ean: string; name: string; name_ar: string | null; name_zh: string | null; price_minor: number }
    | undefined;
  return r ? { ean: r.ean, name: r.name, nameAr: r.name_ar, nameZh: r.name_zh, priceMinor: r.price_minor } : null;
}

/** Adds a product or changes its names and price (VAT included); the barcode's check digit must be right. */
export function saveProduct(db: Db, input: { ean: string; name: string; nameAr?: string; nameZh?: string; price: string }, actorId: string, now: Date): ProductRecord {
  const v = validateCatalogueCode(input.ean);
  if (!v.ok) throw new CatalogueRefused(v.message);
  const name = input.name.replace(/\p{Cc}/gu, ' ').trim();
  if (name === '' || name.length > MAX_NAME) throw new CatalogueRefused(`The English name must be 1 to ${MAX_NAME} characters.`);
  const other = (s: string | undefined) => {
    const x = (s ?? '').replace(/\p{Cc}/gu, ' ').trim();
    if (x.length > MAX_NAME) throw new CatalogueRefused(`A name has ${x.length} characters; at most ${MAX_NAME}.`);
    return x === '' ? null : x;
  };
  const nameAr = other(input.nameAr);
  const nameZh = other(input.nameZh);
  let priceMinor: number;
  try {
    priceMinor = parseAmount(input.price, 'AED').minor;
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    throw new CatalogueRefused(`The price ${JSON.stringify(input.price.slice(0, 20))} is not an amount in AED like 12.50 (VAT included).`);
  }
  if (priceMinor > MAX_LINE_MINOR) throw new CatalogueRefused('That price is larger than this till accepts.');
  return writeTx(db, () => {
    const before = findProduct(db, v.code);
    if (before) {
      db.prepare('UPDATE catalogue SET name = ?, name_ar = ?, name_zh = ?, price_minor = ? WHERE ean = ?').run(name, nameAr, nameZh, priceMinor, before.ean);
    } else {
      db.prepare("INSERT INTO catalogue (ean, name, name_ar, name_zh, price_minor, currency) VALUES (?, ?, ?, ?, ?, 'AED')").run(v.code, name, nameAr, nameZh, priceMinor);
    }
    const ean = before?.ean ?? v.code;
    appendEvent(db, { type: before ? 'catalogue.product_changed' : 'catalogue.product_added', subject: ean, actor: actorId, at: now, data: { name, nameAr, nameZh, priceMinor, before } });
    return { ean, name, nameAr, nameZh, priceMinor };
  });
}
