// Money is an integer count of minor units (fils for AED, fen for CNY). No float ever carries an
// amount: parsing works on the digits of the text, never on Number('12.5').

export const CURRENCIES = ['AED', 'CNY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

/** Minor units per major unit; both currencies we handle have two decimals. */
const EXPONENT: Record<Currency, number> = { AED: 2, CNY: 2 };

export class MoneyError extends Error {
  readonly code = 'INVALID_AMOUNT';
}

// Arabic-Indic, Eastern Arabic-Indic (Persian/Urdu) and full-width digits (a Chinese IME's
// full-width mode): each block starts at a code point ending in 0, so the low nibble is the digit.
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g;

/** Turns Arabic-Indic, Eastern Arabic-Indic and full-width digits (and the Arabic decimal separator) into ASCII. */
export function normaliseDigits(text: string): string {
  return text
    .replace(ARABIC_INDIC, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .replace(/\u066B/g, '.') // ARABIC DECIMAL SEPARATOR
    .replace(/\u066C/g, ','); // ARABIC THOUSANDS SEPARATOR
}

export function money(minor: number, currency: Currency = 'AED'): Money {
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`Amount must be a whole number of minor units, got ${minor}`);
  return { minor, currency };
}

/**
 * Parses what a person types ("12.5", "12.50", "١٢٫٥٠", "1,250.00") into minor units.
 * Rejects negatives, more decimals than the currency has, and anything that is not a number.
 */
export function parseAmount(text: string, currency: Currency = 'AED'): Money {
  const raw = normaliseDigits(String(text)).trim();
  const exp = EXPONENT[currency];
  if (raw.startsWith('-')) throw new MoneyError(`Amount cannot be negative: "${text}"`);
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(raw);
  if (/^\d+,\d{1,2}$/.test(raw)) throw new MoneyError(`Use a point for decimals: "${text}" should be written ${raw.replace(',', '.')}`);
  if (!raw || !m || (m[1] === undefined && !m[2])) throw new MoneyError(`Not an amount: "${text}" (write it like 12.50)`);
  const whole = (m[1] ?? '0').replace(/,/g, '');
  const frac = m[2] ?? '';
  if (frac.length > exp) {
    throw new MoneyError(`Too many decimals for ${currency}: "${text}" (at most ${exp}, the smallest unit is 0.${'0'.repeat(exp - 1)}1)`);
  }
  const minor = Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`Amount too large: "${text}"`);
  return { minor, currency };
}

/** Antom sends amounts as strings of minor units; parse leniently (numbers or strings of digits). */
export function parseMinorUnits(value: unknown, currency: Currency): Money {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text)) throw new MoneyError(`Not an amount in minor units: ${JSON.stringify(value)}`);
  return money(Number(text), currency);
}

/** "12.50" — the plain decimal text, no currency, Western digits, for wire formats and CSV. */
export function toDecimalString(m: Money): string {
  const exp = EXPONENT[m.currency];
  const sign = m.minor < 0 ? '-' : '';
  const abs = Math.abs(m.minor);
  const unit = 10 ** exp;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exp, '0')}`;
}

export type MoneyLocale = 'en-AE' | 'ar-AE' | 'zh-CN';

/**
 * For screens and receipts. Western digits in every locale (UAE receipts and tills use them, and
 * a cashier compares the amount with the customer's phone); Intl supplies the currency label.
 */
export function formatMoney(m: Money, locale: MoneyLocale = 'en-AE'): string {
  const exp = EXPONENT[m.currency];
  const nf = new Intl.NumberFormat(`${locale}-u-nu-latn`, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // Intl formats a decimal string exactly (Intl.NumberFormat v3); a Number would round large amounts.
  return nf.format(toDecimalString(m) as `${number}`);
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new MoneyError(`Cannot add ${a.currency} to ${b.currency}`);
  return money(a.minor + b.minor, a.currency);
}

export const zeroAed: Money = { minor: 0, currency: 'AED' };
