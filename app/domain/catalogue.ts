// The shop's catalogue as a CSV a manager exports from a spreadsheet: a header naming the columns
// ean, name, price (any order, other columns ignored), then one product a line. Prices are decimal
// AED text ("12.5", "12.50", "١٢٫٥٠"). Every bad line is reported with its line number; the caller
// imports nothing unless every line is good.
import { classifyScan, normaliseScan } from './classify.ts';
import { MoneyError, parseAmount } from './money.ts';
import { MAX_LINE_MINOR } from './sale.ts';
import { assertNever } from './never.ts';

export interface CatalogueItem {
  ean: string;
  name: string;
  priceMinor: number;
  /** The file line the item starts on (1 = the header). */
  line: number;
}

export interface CatalogueLineError {
  line: number;
  message: string;
}

export type CatalogueParse = { ok: true; items: CatalogueItem[] } | { ok: false; errors: CatalogueLineError[] };

export const MAX_CATALOGUE_BYTES = 10_000_000;
const MAX_NAME = 120;
const REQUIRED = ['ean', 'name', 'price'] as const;

interface Record_ {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 records: quoted fields may hold the separator, doubled quotes and line breaks. Each
 * record keeps the line it starts on, so errors point where a person would look in the file.
 */
export function splitCsv(text: string, separator = ','): { records: Record_[]; error?: CatalogueLineError } {
  const records: Record_[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field.trim() !== '' || wasQuoted) return { records, error: { line, message: 'A quote (") in the middle of a field: put the whole field in quotes and double the quotes inside it.' } };
      field = '';
      quoted = true;
      wasQuoted = true;
    } else if (c === separator) {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ fields, line: start });
      fields = [];
      field = '';
      wasQuoted = false;
      line++;
      start = line;
    } else if (wasQuoted && !/\s/.test(c)) {
      return { records, error: { line, message: 'Text after a closing quote: put the whole field in quotes and double the quotes inside it.' } };
    } else if (!wasQuoted) {
      field += c;
    }
  }
  if (quoted) return { records, error: { line: start, message: 'A quoted field is never closed (a " is missing).' } };
  if (field !== '' || fields.length > 0 || wasQuoted) {
    fields.push(field);
    records.push({ fields, line: start });
  }
  return { records };
}

/** Checks a catalogue key: a valid EAN-13 / EAN-8 / UPC-A, or a shop SKU that cannot be mistaken for a barcode or a payment code. */
export function validateCatalogueCode(raw: string): { ok: true; code: string } | { ok: false; message: string } {
  const code = normaliseScan(raw);
  if (code === '') return { ok: false, message: 'The ean is empty.' };
  const c = classifyScan(code);
  if (c.kind === 'product') return { ok: true, code };
  if (c.kind === 'wallet') {
    return { ok: false, message: `The ean (${code.length} digits starting ${code.slice(0, 2)}) is shaped like a wallet payment code: scanning it would start a payment, not add the product.` };
  }
  switch (c.rejection) {
    case 'BAD_CHECK_DIGIT':
      return { ok: false, message: `The ean ${code} looks like an ${BARCODE_BY_LENGTH[code.length] ?? 'EAN'} but its check digit is wrong.` };
    case 'NOT_DIGITS':
    case 'WRONG_LENGTH':
      if (SKU.test(code)) return { ok: true, code };
      return { ok: false, message: `The ean "${code.slice(0, 40)}" is neither a barcode (EAN-13, EAN-8, UPC-A) nor a shop SKU (up to 32 letters, digits and - _ . /).` };
    case 'WALLET_PREFIX_WRONG_LENGTH':
      return { ok: false, message: `The ean (${code.length} digits starting ${code.slice(0, 2)}) is too close to a wallet payment code: use a shorter SKU or the product's barcode.` };
    case 'EMPTY':
      return { ok: false, message: 'The ean is empty.' };
    default:
      return assertNever(c.rejection, 'scan rejection');
  }
}

const BARCODE_BY_LENGTH: Record<number, string> = { 13: 'EAN-13', 12: 'UPC-A', 8: 'EAN-8' };
/** A shop SKU: letters, digits and - _ . /, up to 32 characters. */
const SKU = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,31}$/;

/** A UPC-A and its 13-digit EAN form (leading 0) are the same product. */
export function canonicalBarcode(code: string): string {
  return /^\d{12}$/.test(code) ? `0${code}` : code;
}

export function parseCatalogueCsv(text: string): CatalogueParse {
  if (text.length > MAX_CATALOGUE_BYTES) return { ok: false, errors: [{ line: 0, message: `The file is larger than ${MAX_CATALOGUE_BYTES / 1_000_000} MB: split it.` }] };
  const body = text.replace(/^\uFEFF/, ''); // Excel's UTF-8 byte-order mark
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets in Arabic (and many European) locales save CSV with semicolons.
  const separator = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const { records, error } = splitCsv(body, separator);
  if (error) return { ok: false, errors: [error] };
  const nonBlank = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = nonBlank.shift();
  if (!header) return { ok: false, errors: [{ line: 1, message: 'The file is empty: the first line must be the header ean,name,price.' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: header.line, message: `The header must name the columns ean, name and price; missing: ${missing.join(', ')} (found: ${names.join(', ') || 'nothing'}).` }] };
  }
  const col = { ean: names.indexOf('ean'), name: names.indexOf('name'), price: names.indexOf('price') };

  const errors: CatalogueLineError[] = [];
  const items: CatalogueItem[] = [];
  const seen = new Map<string, number>();
  for (const r of nonBlank) {
    const problems: string[] = [];
    if (r.fields.length !== names.length) problems.push(`${r.fields.length} columns where the header has ${names.length} (a comma inside a name needs quotes).`);
    const ean = validateCatalogueCode(r.fields[col.ean] ?? '');
    if (!ean.ok) problems.push(ean.message);
    const name = (r.fields[col.name] ?? '').replace(/\p{Cc}/gu, ' ').trim();
    if (name === '') problems.push('The name is empty.');
    else if (name.length > MAX_NAME) problems.push(`The name has ${name.length} characters; at most ${MAX_NAME}.`);
    let priceMinor = -1;
    const priceText = (r.fields[col.price] ?? '').trim();
    try {
      priceMinor = parseAmount(priceText, 'AED').minor;
      if (priceMinor > MAX_LINE_MINOR) problems.push(`The price ${priceText} is larger than this till accepts.`);
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      problems.push(priceText === '' ? 'The price is empty.' : `The price ${JSON.stringify(priceText.slice(0, 20))} is not an amount in AED like 12.50.`);
    }
    if (ean.ok) {
      const key = canonicalBarcode(ean.code);
      const earlier = seen.get(key);
      if (earlier !== undefined) problems.push(`The ean ${ean.code} is already on line ${earlier}.`);
      else seen.set(key, r.line);
    }
    if (problems.length > 0) errors.push({ line: r.line, message: problems.join(' ') });
    else if (ean.ok) items.push({ ean: ean.code, name, priceMinor, line: r.line });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, items };
}

/** One message listing the bad lines (the first `limit` in full). */
export function describeCatalogueErrors(errors: readonly CatalogueLineError[], limit = 20): string {
  const shown = errors.slice(0, limit).map((e) => (e.line > 0 ? `line ${e.line}: ${e.message}` : e.message));
  const more = errors.length > limit ? `\n…and ${errors.length - limit} more lines.` : '';
  const lines = errors.filter((e) => e.line > 0).map((e) => e.line);
  const head = lines.length > 0 ? `Nothing was imported: fix line${lines.length > 1 ? 's' : ''} ${lines.slice(0, limit).join(', ')}${lines.length > limit ? ', …' : ''}.` : 'Nothing was imported.';
  return `${head}\n${shown.join('\n')}${more}`;
}
