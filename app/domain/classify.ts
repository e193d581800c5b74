// One classifier for every scan source (serial scanner, keyboard wedge, keyed text): a customer's
// wallet payment code, a product barcode, or unknown with a reason a cashier can act on. It runs
// before any network call, so nothing that is not plausibly a payment code ever reaches Antom.
//
// The families of ACQUIRER.md ("Telling codes apart") and the order they are tried in:
//   1. Alipay / Alipay+: digits, starts 25–30, 16–32 long            → wallet, supported
//   2. WeChat Pay: 18 digits starting 10–15                           → wallet, not supported by Antom
//   3. UnionPay QR: 19 digits starting 62                             → wallet, not supported by Antom
//   4. EAN-13 (13), UPC-A (12), EAN-8 (8) digits with a valid check digit → product
//   5. a catalogue SKU (only when the caller passes a lookup)         → product
//   6. anything else                                                  → unknown, with the reason
// The wallet prefixes are disjoint (25–30 / 10–15 / 62) and every wallet code is at least 16
// digits while product barcodes are at most 13, so steps 1–4 never compete for the same text. The
// SKU lookup comes after them on purpose: a shop SKU that happened to look like a payment code
// must not turn a customer's code into a product line, nor a real barcode into a different item.
import { normaliseDigits } from './money.ts';

export type WalletFamily = 'alipay' | 'wechat' | 'unionpay';
export type ProductSymbology = 'EAN-13' | 'EAN-8' | 'UPC-A' | 'SKU';

/** Why a scan was not recognised; stable codes for words in any language (result-words.ts). */
export type ScanRejection = 'EMPTY' | 'NOT_DIGITS' | 'WRONG_LENGTH' | 'BAD_CHECK_DIGIT' | 'WALLET_PREFIX_WRONG_LENGTH';

export type ScanResult =
  | { kind: 'wallet'; family: WalletFamily; code: string; supported: boolean; message?: string }
  | { kind: 'product'; symbology: ProductSymbology; code: string }
  | { kind: 'unknown'; reason: string; rejection: ScanRejection };

export interface ClassifyOptions {
  /** True when `code` (already normalised) is a SKU in the shop's catalogue. */
  isCatalogueSku?: (code: string) => boolean;
}

/** `2810…2345`: first 4 … last 4. The only form a payment code may take in logs, events and screens. */
export function maskCode(code: string): string {
  // Too short to hide anything behind first 4 … last 4: show at most the last half.
  if (code.length <= 8) return `…${code.slice(code.length - Math.floor(code.length / 2))}`;
  return `${code.slice(0, 4)}…${code.slice(-4)}`;
}

// Scanners wrap codes in STX/ETX, CR/LF or Tab suffixes, NULs, zero-width and BOM characters
// (copied text), and sometimes an AIM symbology identifier ("]E0" = EAN-13, ISO/IEC 15424).
const EDGE_NOISE = /^[\s\p{Cc}\p{Cf}]+|[\s\p{Cc}\p{Cf}]+$/gu;
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z](?=\d+$)/;

/** What the classifier actually looks at: digits made ASCII, edge noise and AIM prefix removed. */
export function normaliseScan(text: string): string {
  return normaliseDigits(String(text)).replace(EDGE_NOISE, '').replace(AIM_PREFIX, '');
}

/** GS1 mod-10 check: weights 3,1,3,1… from the digit left of the check digit. Works for EAN-8/13 and UPC-A. */
export function gs1CheckDigitValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** The check digit GS1 expects after `body` (for tests and for making valid barcodes). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

const MAX_SCAN_LENGTH = 128;

const PRODUCT_LENGTHS: Record<number, Exclude<ProductSymbology, 'SKU'>> = { 13: 'EAN-13', 12: 'UPC-A', 8: 'EAN-8' };

function walletFamily(code: string): ScanResult | null {
  const p2 = Number(code.slice(0, 2));
  const n = code.length;
  if (p2 >= 25 && p2 <= 30 && n >= 16 && n <= 32) return { kind: 'wallet', family: 'alipay', code, supported: true };
  if (p2 >= 10 && p2 <= 15 && n === 18) {
    return {
      kind: 'wallet',
      family: 'wechat',
      code,
      supported: false,
      message:
        p2 === 15
          ? 'This is a WeChat Pay HK code: our acquirer (Antom) does not accept WeChat Pay. Ask the customer to pay with Alipay / Alipay+, cash or card.'
          : 'This is a WeChat Pay code: our acquirer (Antom) does not accept WeChat Pay. Ask the customer to pay with Alipay / Alipay+, cash or card.',
    };
  }
  if (p2 === 62 && n === 19) {
    return {
      kind: 'wallet',
      family: 'unionpay',
      code,
      supported: false,
      message: 'This is a UnionPay QR code: our acquirer (Antom) does not accept UnionPay QR. Ask the customer to pay with Alipay / Alipay+, cash, or the UnionPay card on the card terminal.',
    };
  }
  return null;
}

export function classifyScan(text: string, opts: ClassifyOptions = {}): ScanResult {
  const code = normaliseScan(text);
  if (code === '') return { kind: 'unknown', rejection: 'EMPTY', reason: 'The scan was empty: scan again.' };
  if (code.length > MAX_SCAN_LENGTH) {
    // Line noise or two scans run together; no code we take is anywhere near this long.
    return { kind: 'unknown', rejection: 'WRONG_LENGTH', reason: `Not a payment code or a product barcode: ${code.length} characters, far too long. Scan again.` };
  }

  if (!/^\d+$/.test(code)) {
    if (opts.isCatalogueSku?.(code)) return { kind: 'product', symbology: 'SKU', code };
    return {
      kind: 'unknown',
      rejection: 'NOT_DIGITS',
      reason: `Not a payment code or a product barcode: it contains characters other than digits (${describeNonDigits(code)}). Scan again; if it repeats, check the scanner's settings.`,
    };
  }

  const wallet = walletFamily(code);
  if (wallet) return wallet;

  const symbology = PRODUCT_LENGTHS[code.length];
  if (symbology && gs1CheckDigitValid(code)) return { kind: 'product', symbology, code };

  if (opts.isCatalogueSku?.(code)) return { kind: 'product', symbology: 'SKU', code };

  if (symbology) {
    return {
      kind: 'unknown',
      rejection: 'BAD_CHECK_DIGIT',
      reason: `Looks like an ${symbology} barcode but its check digit is wrong (a misread): scan it again or key the price.`,
    };
  }
  const p2 = Number(code.slice(0, 2));
  if (code.length >= 14 && ((p2 >= 25 && p2 <= 30) || (p2 >= 10 && p2 <= 15) || p2 === 62)) {
    // Likely a payment code that lost or gained digits on the way (a misread or a keyed typo);
    // short numbers with these prefixes are too common to suggest a wallet.
    return {
      kind: 'unknown',
      rejection: 'WALLET_PREFIX_WRONG_LENGTH',
      reason: `Starts like a wallet payment code (${maskCode(code)}) but has ${code.length} digits, which no wallet uses: ask the customer to refresh the code and scan again.`,
    };
  }
  return {
    kind: 'unknown',
    rejection: 'WRONG_LENGTH',
    reason: `Not a payment code or a product barcode: ${code.length} digits (barcodes have 8, 12 or 13; Alipay codes 16–32 starting 25–30). Scan again.`,
  };
}

// Names the offending characters without echoing the whole scan (it may hold most of a code).
function describeNonDigits(code: string): string {
  const odd = [...new Set([...code].filter((c) => !/\d/.test(c)))].slice(0, 3);
  return odd.map((c) => (/[\p{L}\p{P}\p{S}]/u.test(c) ? `"${c}"` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)).join(', ');
}
