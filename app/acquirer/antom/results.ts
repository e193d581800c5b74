// Every result code of ACQUIRER.md's table mapped to what the terminal does, as data plus one
// function per call. The sync engine acts only on these outcomes, never on raw codes, so a code's
// meaning is decided here once.
//
// Two rules run through all of it:
// - only an `answered` reply (HTTP 200, JSON, signature verified) can succeed or fail anything;
//   every other reply is `unknown` (ACQUIRER.md: an unverifiable success is not a success);
// - a code not in the table is never read as "no money moved". An unknown F on pay is read as
//   unknown (inquire, then cancel), an unknown F on cancel as "refused" (inquire, refund if paid),
//   an unknown F on refund as retry-with-the-same-id: each is the branch that cannot lose money.
//   On pay the acquirer's own in-store SDK treats every F as final, and so does the terminal: an F
//   it does not know fails the attempt with the code shown (class `refused`).
// - a reply is evidence only about the request it names: a `paymentRequestId` / `refundRequestId`
//   other than ours, or a success without the amount and currency we asked, is `unknown` with the
//   fields that differed (`mismatch`). The signature proves who wrote the bytes, not what they are about.
import type { Money } from '../../domain/money.ts';
import type { AcquirerReply } from '../link.ts';
import {
  mismatched,
  type CancelOutcome,
  type FailClass,
  type InquiryOutcome,
  type Mismatch,
  type PaidDetails,
  type PaymentFacts,
  type PayOutcome,
  type QrDetails,
  type RefundFacts,
  type RefundInquiryOutcome,
  type RefundOutcome,
  type Unknown,
} from '../port.ts';

// The neutral outcome types and words live with the port; re-exported for the adapter's users.
export {
  failWords,
  mismatched,
  REPLY_MISMATCH,
  type CancelOutcome,
  type Fail,
  type FailClass,
  type InquiryOutcome,
  type Mismatch,
  type PaidDetails,
  type PaymentFacts,
  type PayOutcome,
  type QrDetails,
  type RefundDetails,
  type RefundFacts,
  type RefundInquiryOutcome,
  type RefundOutcome,
  type Unknown,
} from '../port.ts';

export const FAIL_CLASS_OF: Readonly<Record<string, FailClass>> = {
  EXPIRED_CODE: 'refresh_code',
  INVALID_CODE: 'refresh_code',
  INVALID_PAYMENT_CODE: 'refresh_code',
  USER_BALANCE_NOT_ENOUGH: 'declined',
  USER_AMOUNT_EXCEED_LIMIT: 'declined',
  PAYMENT_AMOUNT_EXCEED_LIMIT: 'declined',
  PAYMENT_COUNT_EXCEED_LIMIT: 'declined',
  USER_STATUS_ABNORMAL: 'declined',
  USER_NOT_EXIST: 'declined',
  USER_KYC_NOT_QUALIFIED: 'declined',
  USER_PAYMENT_VERIFICATION_FAILED: 'declined',
  VERIFY_TIMES_EXCEED_LIMIT: 'declined',
  RISK_REJECT: 'risk',
  FRAUD_REJECT: 'risk',
  SUSPECTED_RISK: 'risk',
  ORDER_IS_CLOSED: 'closed',
  PARAM_ILLEGAL: 'config',
  INVALID_SIGNATURE: 'config',
  KEY_NOT_FOUND: 'config',
  CLIENT_INVALID: 'config',
  ACCESS_DENIED: 'config',
  INVALID_CONTRACT: 'config',
  CURRENCY_NOT_SUPPORT: 'config',
  MERCHANT_NOT_REGISTERED: 'config',
  PROCESS_FAIL: 'config',
  SYSTEM_ERROR: 'config',
};

/** U codes of the table; all of them mean "ask again", the last one "ask again, slower". */
export const UNKNOWN_CODES = ['PAYMENT_IN_PROCESS', 'UNKNOWN_EXCEPTION', 'REQUEST_TRAFFIC_EXCEED_LIMIT'] as const;
export const RATE_LIMITED = 'REQUEST_TRAFFIC_EXCEED_LIMIT';
export const ORDER_NOT_EXIST = 'ORDER_NOT_EXIST';
export const REPEAT_REQ_INCONSISTENT = 'REPEAT_REQ_INCONSISTENT';
export const CANCEL_REFUSED_CODES = ['ORDER_STATUS_INVALID', 'CANCEL_WINDOW_EXCEED'] as const;
export const REFUND_IMPOSSIBLE_CODES = ['REFUND_AMOUNT_EXCEED', 'REFUND_WINDOW_EXCEED', 'ORDER_IS_CANCELED'] as const;

// ── helpers ───────────────────────────────────────────────────────────────────────────────────

function str(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function noAnswer(reply: Extract<AcquirerReply, { kind: 'no_answer' }>): Unknown {
  return {
    kind: 'unknown',
    rateLimited: false,
    noAnswer: true,
    linkDown: reply.reason === 'timeout' || reply.reason === 'network',
    code: reply.reason === 'http' ? `HTTP_${reply.httpStatus ?? 0}` : reply.reason.toUpperCase(),
    message: reply.detail,
  };
}

function unknownAnswer(code: string, message: string): Unknown {
  return { kind: 'unknown', rateLimited: code === RATE_LIMITED, noAnswer: false, linkDown: false, code, message };
}

/** `AED 100`: currency and minor units as the wire carries them, for the event log. */
function moneyText(v: unknown): string {
  const m = obj(v);
  const currency = str(m.currency);
  const value = str(m.value);
  return currency === null && value === null ? '(none)' : `${currency ?? '?'} ${value ?? '?'}`;
}

function sameMoney(v: unknown, want: Money): boolean {
  const m = obj(v);
  const value = str(m.value);
  // Scalars are parsed leniently (ACQUIRER.md), but only a plain integer of minor units counts.
  return str(m.currency) === want.currency && value !== null && /^\d{1,15}$/.test(value.trim()) && Number(value.trim()) === want.minor;
}

/** Differences between a reply and the request it should answer (empty: it is about our request). */
function differences(body: Record<string, unknown>, idField: 'paymentRequestId' | 'refundRequestId', id: string, amountField: 'paymentAmount' | 'refundAmount', amount: Money | null): Mismatch[] {
  const out: Mismatch[] = [];
  // Only where the reply carries the id: Antom's replies may leave it out.
  if (body[idField] !== undefined && str(body[idField]) !== id) out.push({ field: idField, expected: id, got: str(body[idField]) ?? String(body[idField]) });
  if (amount && !sameMoney(body[amountField], amount)) out.push({ field: amountField, expected: `${amount.currency} ${amount.minor}`, got: moneyText(body[amountField]) });
  return out;
}


/** The class of a failure code; undefined for codes outside the table. */
export function failClass(code: string): FailClass | undefined {
  return FAIL_CLASS_OF[code];
}

function paid(body: Record<string, unknown>): PaidDetails {
  const psp = obj(body.pspCustomerInfo);
  return {
    paymentId: str(body.paymentId),
    paymentTime: str(body.paymentTime),
    pspName: str(psp.pspName),
    customerId: str(psp.displayCustomerId),
  };
}

/** The QR to show: the TEXT/QRCODE codeValue of orderCodeForm (ACQUIRER.md, order code). */
function qr(body: Record<string, unknown>): QrDetails | undefined {
  const form = obj(body.orderCodeForm);
  const details = Array.isArray(form.codeDetails) ? form.codeDetails.map(obj) : [];
  const pick =
    details.find((d) => d.codeValueType === 'QRCODE' && d.displayType === 'TEXT') ??
    details.find((d) => d.codeValueType === 'QRCODE') ??
    details.find((d) => str(d.codeValue) !== null);
  const orderCode = pick ? str(pick.codeValue) : null;
  if (!orderCode) return undefined;
  return { paymentId: str(body.paymentId), orderCode, orderExpiresAt: str(form.expireTime) };
}

// ── per call ──────────────────────────────────────────────────────────────────────────────────

export function payOutcome(reply: AcquirerReply, scenario: 'PaymentCode' | 'OrderCode', asked: PaymentFacts): PayOutcome {
  if (reply.kind === 'no_answer') return noAnswer(reply);
  const { resultStatus, resultCode: code } = reply.result;
  const message = reply.result.resultMessage ?? code;
  // A paid pay must say what was paid; a created QR order may leave the amount out.
  const mustCarryAmount = resultStatus === 'S' && (scenario === 'PaymentCode' || reply.body.paymentAmount !== undefined);
  const diff = differences(reply.body, 'paymentRequestId', asked.paymentRequestId, 'paymentAmount', mustCarryAmount ? asked.amount : null);
  if (diff.length > 0) return mismatched(diff);
  switch (resultStatus) {
    case 'S': {
      if (scenario === 'PaymentCode') return { kind: 'succeed', ...paid(reply.body) };
      const details = qr(reply.body);
      // A "success" without a QR to show cannot be acted on; ask the acquirer what it holds.
      if (!details) return unknownAnswer(code, 'The acquirer created the order but sent no QR code');
      return { kind: 'qr_created', ...details };
    }
    case 'U':
      return unknownAnswer(code, message);
    case 'F': {
      if (code === REPEAT_REQ_INCONSISTENT) return { kind: 'our_bug', code, message };
      // An F outside the table is final too (the acquirer's in-store SDK treats every F so):
      // shown with its code, not 45 s of inquiries.
      return { kind: 'fail', code, message, class: failClass(code) ?? 'refused' };
    }
    default:
      return unknownAnswer(code, message);
  }
}

export function inquiryOutcome(reply: AcquirerReply, asked: PaymentFacts): InquiryOutcome {
  if (reply.kind === 'no_answer') return noAnswer(reply);
  const { resultStatus, resultCode: code } = reply.result;
  const message = reply.result.resultMessage ?? code;
  const paidNow = resultStatus === 'S' && str(reply.body.paymentStatus) === 'SUCCESS';
  const diff = differences(reply.body, 'paymentRequestId', asked.paymentRequestId, 'paymentAmount', paidNow ? asked.amount : null);
  if (diff.length > 0) return mismatched(diff);
  if (resultStatus === 'U') return unknownAnswer(code, message);
  if (resultStatus === 'F') {
    if (code === ORDER_NOT_EXIST) return { kind: 'resend_if_young', code, message };
    if (failClass(code) === 'config') return { kind: 'config', code, message };
    // Any other refusal to answer tells nothing about the payment: still unknown.
    return unknownAnswer(code, message);
  }
  // S: the query worked; the payment's own state is paymentStatus.
  const status = str(reply.body.paymentStatus);
  const payCode = str(reply.body.paymentResultCode) ?? code;
  const payMessage = str(reply.body.paymentResultMessage) ?? payCode;
  switch (status) {
    case 'SUCCESS':
      return { kind: 'succeed', ...paid(reply.body) };
    case 'FAIL':
      // A FAIL with a code outside the table is still a final FAIL from the acquirer: nothing
      // moved. Classed as closed (a new attempt is needed) rather than blamed on the customer.
      return { kind: 'fail', code: payCode, message: payMessage, class: failClass(payCode) ?? 'closed' };
    case 'CANCELLED':
      return { kind: 'cancelled', code: payCode, message: payMessage };
    case 'PROCESSING':
      return { kind: 'processing', code: payCode, message: payMessage };
    default:
      return unknownAnswer(code, `The inquiry answer has no paymentStatus we know (${String(status)})`);
  }
}

export function cancelOutcome(reply: AcquirerReply, asked: Pick<PaymentFacts, 'paymentRequestId'>): CancelOutcome {
  if (reply.kind === 'no_answer') return noAnswer(reply);
  const { resultStatus, resultCode: code } = reply.result;
  const message = reply.result.resultMessage ?? code;
  const diff = differences(reply.body, 'paymentRequestId', asked.paymentRequestId, 'paymentAmount', null);
  if (diff.length > 0) return mismatched(diff);
  if (resultStatus === 'S') return { kind: 'cancel_confirmed', code, message };
  if (resultStatus === 'U') return unknownAnswer(code, message);
  if (code === ORDER_NOT_EXIST) return { kind: 'cancel_confirmed', code, message };
  if (code === REPEAT_REQ_INCONSISTENT) return { kind: 'our_bug', code, message };
  if (failClass(code) === 'config') return { kind: 'config', code, message };
  // ORDER_STATUS_INVALID, CANCEL_WINDOW_EXCEED, and any F we do not know: ask what happened,
  // refund if it was paid — never assume the cancel worked.
  return { kind: 'cancel_refused', code, message };
}

export function refundOutcome(reply: AcquirerReply, asked: RefundFacts): RefundOutcome {
  if (reply.kind === 'no_answer') return noAnswer(reply);
  const { resultStatus, resultCode: code } = reply.result;
  const message = reply.result.resultMessage ?? code;
  const diff = differences(reply.body, 'refundRequestId', asked.refundRequestId, 'refundAmount', resultStatus === 'S' ? asked.amount : null);
  if (diff.length > 0) return mismatched(diff);
  if (resultStatus === 'S') return { kind: 'refunded', refundId: str(reply.body.refundId), refundTime: str(reply.body.refundTime) };
  if (resultStatus === 'U') return unknownAnswer(code, message);
  if ((REFUND_IMPOSSIBLE_CODES as readonly string[]).includes(code)) return { kind: 'refund_impossible', code, message };
  if (failClass(code) === 'config') return { kind: 'config', code, message };
  return { kind: 'refund_failed', code, message };
}

export function refundInquiryOutcome(reply: AcquirerReply, asked: RefundFacts): RefundInquiryOutcome {
  if (reply.kind === 'no_answer') return noAnswer(reply);
  const { resultStatus, resultCode: code } = reply.result;
  const message = reply.result.resultMessage ?? code;
  const refundedNow = resultStatus === 'S' && str(reply.body.refundStatus) === 'SUCCESS';
  const diff = differences(reply.body, 'refundRequestId', asked.refundRequestId, 'refundAmount', refundedNow ? asked.amount : null);
  if (diff.length > 0) return mismatched(diff);
  if (resultStatus === 'U') return unknownAnswer(code, message);
  if (resultStatus === 'F') {
    if (code === ORDER_NOT_EXIST || code === 'REFUND_NOT_EXIST') return { kind: 'resend', code, message };
    return unknownAnswer(code, message);
  }
  const status = str(reply.body.refundStatus);
  switch (status) {
    case 'SUCCESS':
      return { kind: 'refunded', refundId: str(reply.body.refundId), refundTime: str(reply.body.refundTime) };
    case 'FAIL':
      return { kind: 'refund_failed', code: str(reply.body.refundResultCode) ?? code, message: str(reply.body.refundResultMessage) ?? message };
    case 'PROCESSING':
      return { kind: 'processing', code, message };
    default:
      return unknownAnswer(code, `The refund inquiry answer has no refundStatus we know (${String(status)})`);
  }
}
