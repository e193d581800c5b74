// The arithmetic of a sale: lines, VAT, tenders. Pure and integer-only (fils); the SQL repository
// (app/sales) and the screens both use it, so the total a cashier sees is the one that is stored.
//
// VAT rule (UAE, 5%, prices shown VAT-inclusive): VAT is extracted ONCE per invoice from the
// invoice total, never per line and summed:
//     vat = roundHalfUp(total × 5 / 105)      net = total − vat
// computed on integers (no float ever divides an amount). Per-invoice extraction keeps the printed
// VAT consistent with the printed total whatever the number of lines; FTA accepts rounding to the
// nearest fils on the invoice.
import { money, toDecimalString, type Currency, type Money } from './money.ts';
import { assertNever } from './never.ts';

export const VAT_PERCENT = 5;
/** Tax-free (Planet / UAE tourist VAT refund) needs a receipt total of at least AED 250.00. */
export const TAX_FREE_MIN_MINOR = 25_000;
export const MAX_QUANTITY = 9_999;
/** AED 1,000,000 a line and AED 10,000,000 a sale: far above any till, far below float trouble. */
export const MAX_LINE_MINOR = 100_000_000;
export const MAX_SALE_MINOR = 1_000_000_000;

export const SALE_ERROR_CODES = [
  'SALE_NOT_FOUND',
  'SALE_NOT_OPEN', // paid or voided: nothing can change
  'SALE_LOCKED', // money taken or a wallet payment in progress: the lines are frozen
  'LINE_NOT_FOUND',
  'INVALID_QUANTITY',
  'INVALID_AMOUNT',
  'CURRENCY_MISMATCH',
  'SALE_TOO_LARGE',
  'UNKNOWN_PRODUCT',
  'NOTHING_DUE',
  'CASH_TOO_LITTLE',
  'TENDER_TOO_LARGE',
  'WALLET_PAYMENT_PENDING',
  'VOID_REFUSED',
  'SALE_NOT_PAID',
  'NOT_TAX_FREE_ELIGIBLE',
  'INVALID_INPUT',
  'SALE_PARKED', // put aside: recall it first
  'NOTHING_TO_PARK',
  'INVALID_CARD_DETAILS',
  'INVALID_DISCOUNT',
  'MANAGER_APPROVAL_NEEDED',
] as const;
export type SaleErrorCode = (typeof SALE_ERROR_CODES)[number];

/** A refusal a cashier can act on; `code` is stable, the message is English words for the cashier. */
export class SaleError extends Error {
  constructor(
    readonly code: SaleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SaleError';
  }
}

export type LineKind = 'product' | 'keyed';
export interface SaleLine {
  kind: LineKind;
  ean?: string | null;
  name: string;
  unitPriceMinor: number;
  quantity: number;
}

export function assertQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new SaleError('INVALID_QUANTITY', `Quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${quantity}.`);
  }
}

export function assertLineAmount(m: Money, currency: Currency, what = 'A keyed amount'): void {
  if (m.currency !== currency) throw new SaleError('CURRENCY_MISMATCH', `${what} must be in ${currency}, got ${m.currency}.`);
  if (!Number.isSafeInteger(m.minor) || m.minor <= 0) throw new SaleError('INVALID_AMOUNT', `${what} must be more than zero.`);
  if (m.minor > MAX_LINE_MINOR) throw new SaleError('INVALID_AMOUNT', `${what} is larger than this till accepts for one line.`);
}

export function lineTotalMinor(line: Pick<SaleLine, 'unitPriceMinor' | 'quantity'>): number {
  assertQuantity(line.quantity);
  const t = line.unitPriceMinor * line.quantity;
  if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor < 0 || t > MAX_LINE_MINOR) {
    throw new SaleError('INVALID_AMOUNT', 'That line is larger than this till accepts: split it or check the quantity.');
  }
  return t;
}

// ── line discounts and price overrides ────────────────────────────────────────────────────────
/** A percentage in hundredths (1050 = 10.50 %) or an amount in fils, off the line's value. */
export type LineDiscount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number };

/** The discount of a line worth `grossMinor`, in fils: a percentage rounds half up, an amount never exceeds the line. */
export function discountMinor(grossMinor: number, d: LineDiscount | null | undefined): number {
  if (!d) return 0;
  switch (d.kind) {
    case 'percent':
      return Math.min(grossMinor, divRoundHalfUp(grossMinor * d.value, 10_000));
    case 'amount':
      return Math.min(grossMinor, d.value);
    default:
      return assertNever(d, 'line discount');
  }
}

export function assertDiscount(d: LineDiscount): void {
  if (!Number.isSafeInteger(d.value) || d.value <= 0) throw new SaleError('INVALID_DISCOUNT', 'A discount must be more than zero.');
  if (d.kind === 'percent' && d.value > 10_000) throw new SaleError('INVALID_DISCOUNT', 'A discount cannot be more than 100 %.');
  if (d.kind === 'amount' && d.value > MAX_LINE_MINOR) throw new SaleError('INVALID_DISCOUNT', 'That discount is larger than any line.');
}

/**
 * How far below its list value a line is sold, in hundredths of a percent: what the installer's
 * limit is compared with (a price override and a discount together).
 */
export function reductionBasisPoints(listMinor: number, netMinor: number): number {
  if (listMinor <= 0 || netMinor >= listMinor) return 0;
  return Math.ceil(((listMinor - netMinor) * 10_000) / listMinor);
}

/** ⌊a / b + ½⌋ for a ≥ 0, b > 0, on integers only (a % b is exact for safe integers). */
export function divRoundHalfUp(a: number, b: number): number {
  const r = a % b;
  const q = (a - r) / b;
  return 2 * r >= b ? q + 1 : q;
}

/** The VAT inside a VAT-inclusive total (see the rule at the top of this file). */
export function vatIncludedMinor(totalMinor: number): number {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) throw new SaleError('INVALID_AMOUNT', `Not a total: ${totalMinor}`);
  return divRoundHalfUp(totalMinor * VAT_PERCENT, 100 + VAT_PERCENT);
}

export interface SaleTotals {
  total: Money;
  vat: Money;
  net: Money;
}

export function saleTotals(lines: readonly Pick<SaleLine, 'unitPriceMinor' | 'quantity'>[], currency: Currency = 'AED'): SaleTotals {
  let total = 0;
  for (const l of lines) total += lineTotalMinor(l);
  if (total > MAX_SALE_MINOR) throw new SaleError('SALE_TOO_LARGE', 'This sale is larger than one till sale may be: split it into two sales.');
  const vat = vatIncludedMinor(total);
  return { total: money(total, currency), vat: money(vat, currency), net: money(total - vat, currency) };
}

export function taxFreeEligible(total: Money): boolean {
  return total.currency === 'AED' && total.minor >= TAX_FREE_MIN_MINOR;
}

// ── tenders ─────────────────────────────────────────────────────────────────────────────────
export type TenderKind = 'wallet' | 'cash' | 'card';
export interface Tender {
  kind: TenderKind;
  /** What the tender pays towards the sale (for cash: tendered − change). */
  amountMinor: number;
  tenderedMinor?: number | null;
  changeMinor?: number | null;
}

export interface PaymentSummary {
  paid: Money;
  due: Money;
  change: Money;
  /** Wallet money received beyond the total (a race the acquirer settled): the manager refunds it. */
  overpaid: Money;
}

export function paymentSummary(total: Money, tenders: readonly Tender[]): PaymentSummary {
  let paid = 0;
  let change = 0;
  for (const t of tenders) {
    paid += t.amountMinor;
    change += t.changeMinor ?? 0;
  }
  const c = total.currency;
  return {
    paid: money(paid, c),
    due: money(Math.max(0, total.minor - paid), c),
    change: money(change, c),
    overpaid: money(Math.max(0, paid - total.minor), c),
  };
}

export interface CashPlan {
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
}

/**
 * Cash handed over against what is due. By default cash is the final tender and must cover the
 * due amount (change = tendered − due, never negative). `partial: true` takes less than the due
 * amount towards a split payment (no change); it still may not exceed the due amount.
 */
export function planCashTender(dueMinor: number, tendered: Money, currency: Currency, opts: { partial?: boolean } = {}): CashPlan {
  assertDue(dueMinor);
  assertLineAmount(tendered, currency, 'Cash tendered');
  if (opts.partial) {
    if (tendered.minor > dueMinor) throw new SaleError('TENDER_TOO_LARGE', `A part payment in cash cannot be more than the ${fmt(dueMinor, currency)} due.`);
    return { amountMinor: tendered.minor, tenderedMinor: tendered.minor, changeMinor: 0 };
  }
  if (tendered.minor < dueMinor) {
    throw new SaleError('CASH_TOO_LITTLE', `Cash tendered ${fmt(tendered.minor, currency)} is less than the ${fmt(dueMinor, currency)} due: take more cash, or take it as a part payment.`);
  }
  return { amountMinor: dueMinor, tenderedMinor: tendered.minor, changeMinor: tendered.minor - dueMinor };
}

/** An external card terminal pays an exact amount: never more than due (a card gives no change). */
export function planCardTender(dueMinor: number, amount: Money | undefined, currency: Currency): { amountMinor: number } {
  assertDue(dueMinor);
  if (amount === undefined) return { amountMinor: dueMinor };
  assertLineAmount(amount, currency, 'A card amount');
  if (amount.minor > dueMinor) throw new SaleError('TENDER_TOO_LARGE', `A card payment cannot be more than the ${fmt(dueMinor, currency)} due.`);
  return { amountMinor: amount.minor };
}

function assertDue(dueMinor: number): void {
  if (dueMinor <= 0) throw new SaleError('NOTHING_DUE', 'Nothing is due on this sale.');
}

// Plain "AED 12.50" for English error words; screens format with formatMoney per locale.
function fmt(minor: number, currency: Currency): string {
  return `${currency} ${toDecimalString(money(minor, currency))}`;
}

// ── what the repository returns (plain data: the API and the renderer use these types) ──────
export type SaleStatus = 'open' | 'paid' | 'voided';

export interface SaleLineView {
  id: number;
  kind: LineKind;
  ean: string | null;
  name: string;
  unitPrice: Money;
  quantity: number;
  total: Money;
  createdAt: string;
  /** The unit price the line was rung up at, when the cashier overrode it; else absent/null. */
  listUnitPrice?: Money | null;
  /** The line's discount and what it takes off; absent/null when none. */
  discount?: (LineDiscount & { amount: Money }) | null;
  /** The manager who approved a reduction above the installer's limit. */
  approvedBy?: string | null;
}

export interface TenderView {
  id: number;
  kind: TenderKind;
  amount: Money;
  tendered: Money | null;
  change: Money | null;
  attemptId: string | null;
  /** Wallet tenders: what the receipt prints (brand, acquirer payment id, masked customer id). */
  wallet: { pspName: string | null; paymentId: string | null; customerId: string | null; paymentTime: string | null } | null;
  /** Card tenders: what the cashier keyed from the card terminal's slip (each may be absent). */
  card: CardDetails | null;
  createdAt: string;
}

export interface CardDetails {
  approvalCode: string | null;
  last4: string | null;
}

/**
 * The card terminal's slip details as keyed: both optional. An approval code is 1–12 letters or
 * digits (terminals print 6, some with letters); the card's last 4 are exactly four digits.
 */
export function cleanCardDetails(input: { approvalCode?: string | null; last4?: string | null }): CardDetails {
  const approval = String(input.approvalCode ?? '').trim().toUpperCase();
  const last4 = String(input.last4 ?? '').trim();
  if (approval !== '' && !/^[0-9A-Z]{1,12}$/.test(approval)) {
    throw new SaleError('INVALID_CARD_DETAILS', 'The approval code is the letters and digits printed on the card terminal slip (up to 12): check it or leave it empty.');
  }
  if (last4 !== '' && !/^\d{4}$/.test(last4)) {
    throw new SaleError('INVALID_CARD_DETAILS', 'The card number ending is exactly 4 digits (as on the slip): check it or leave it empty.');
  }
  return { approvalCode: approval || null, last4: last4 || null };
}

export interface SaleView {
  id: string;
  terminalId: string;
  cashierId: string | null;
  status: SaleStatus;
  currency: Currency;
  lines: SaleLineView[];
  total: Money;
  vat: Money;
  net: Money;
  paid: Money;
  due: Money;
  change: Money;
  overpaid: Money;
  tenders: TenderView[];
  /** Sequential per terminal; given in the transaction that completes the payment. */
  invoiceNo: number | null;
  createdAt: string;
  completedAt: string | null;
  /** Asia/Dubai day: of creation while open, of completion once paid (the day the takings belong to). */
  businessDay: string;
  taxFreeEligible: boolean;
  taxFreeTag: string | null;
  /** Lines can no longer change: money was taken or a wallet payment may still take it. */
  linesFrozen: boolean;
  /** Set while the sale is put aside (parked) to serve another customer; UTC ISO. */
  parkedAt: string | null;
}

// ── the receipt's own barcode: finds the sale again for a reprint or a refund ────────────────
const RECEIPT_CODE = /^SQR-([A-Za-z0-9_.-]{1,40})-(\d{1,9})$/;

/** `SQR-<terminal>-<invoice>`: printed as a Code 128 / QR on the receipt; never mistaken for a product or wallet code. */
export function receiptCode(terminalId: string, invoiceNo: number): string {
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(terminalId) || !Number.isSafeInteger(invoiceNo) || invoiceNo < 1) {
    throw new SaleError('INVALID_INPUT', `Cannot make a receipt code for terminal ${terminalId}, invoice ${invoiceNo}.`);
  }
  return `SQR-${terminalId}-${invoiceNo}`;
}

/** The terminal and invoice number in a scanned receipt code, or null if it is not one. */
export function parseReceiptCode(text: string): { terminalId: string; invoiceNo: number } | null {
  const m = RECEIPT_CODE.exec(String(text).trim());
  return m ? { terminalId: m[1]!, invoiceNo: Number(m[2]) } : null;
}
