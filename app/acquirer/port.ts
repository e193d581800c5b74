// The acquirer port: what the sync engine (and the journal) ask of an acquirer, in the terminal's
// own words. An adapter (app/acquirer/antom/ for Antom) builds the request bodies, signs and sends
// them, parses the replies, binds each reply to the request it must answer and maps the acquirer's
// result codes onto the outcomes below. The engine never sees a wire format or a result code table:
// a second acquirer is a second adapter, not an edit of the engine.
//
// Outcomes, by call: pay → paid (`succeed`) / QR shown (`qr_created`) / declined (`fail`, with its
// class) / unknown / our bug; inquiry → paid / declined / cancelled / processing / not registered /
// unknown; cancel → cancelled / refused / unknown; refund → refunded / impossible / failed / unknown.
// Each carries its evidence: the acquirer's code and words, its payment or refund ids, and — for a
// reply about another request — the fields that differed (`mismatch`).
import type { Money } from '../domain/money.ts';
import { assertNever } from '../domain/never.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import type { AcquirerOperation } from './link.ts';

export type { AcquirerOperation } from './link.ts';

/** Why a payment failed, which decides whom the terminal tells and what it suggests. */
export type FailClass =
  | 'refresh_code' // the code is stale or wrong: ask the customer to refresh it (new scan = new attempt)
  | 'declined' // the wallet said no: show the reason, another code or another tender
  | 'risk' // risk control: do not retry this attempt
  | 'closed' // the order is closed or expired: a new attempt is needed
  | 'config' // our configuration or the acquirer is broken: tell the installer, not the customer
  | 'refused'; // an F code outside the table: final, with the code shown (as the acquirer's SDK treats it)

/** Why an answer is not an answer (or is one that says "not yet"). */
export interface Unknown {
  kind: 'unknown';
  /** The acquirer asked us to slow down (REQUEST_TRAFFIC_EXCEED_LIMIT): back off harder. */
  rateLimited: boolean;
  /** No usable reply at all (timeout, refused, HTTP ≠ 200, malformed, unverified). */
  noAnswer: boolean;
  /** true only for timeout/refused connections: the link is down. */
  linkDown: boolean;
  code: string;
  message: string;
  /** Set when a reply was about another request: which fields differed from what was asked. */
  mismatch?: readonly Mismatch[];
}

/**
 * One field of a reply that differs from the request it should answer. An amount (`paymentAmount`,
 * `refundAmount`) is written "<currency> <minor units>" in both `expected` and `got`.
 */
export interface Mismatch {
  field: string;
  expected: string;
  got: string;
}

/** What a payment reply must agree with: the request that was sent. */
export interface PaymentFacts {
  paymentRequestId: string;
  amount: Money;
}

export interface RefundFacts {
  refundRequestId: string;
  amount: Money;
}

export const REPLY_MISMATCH = 'REPLY_MISMATCH';

export interface Fail {
  kind: 'fail';
  code: string;
  message: string;
  class: FailClass;
}

export interface PaidDetails {
  paymentId: string | null;
  paymentTime: string | null;
  pspName: string | null;
  customerId: string | null;
}

export interface QrDetails {
  paymentId: string | null;
  orderCode: string;
  orderExpiresAt: string | null;
}

export type PayOutcome =
  | ({ kind: 'succeed' } & PaidDetails)
  | ({ kind: 'qr_created' } & QrDetails)
  | Fail
  | Unknown
  | { kind: 'our_bug'; code: string; message: string };

export type InquiryOutcome =
  | ({ kind: 'succeed' } & PaidDetails)
  | Fail
  | { kind: 'cancelled'; code: string; message: string }
  | { kind: 'processing'; code: string; message: string }
  /** ORDER_NOT_EXIST: the acquirer never registered the pay — resend the identical body while the code is young, else fail. */
  | { kind: 'resend_if_young'; code: string; message: string }
  /** The query itself was refused for a configuration reason: the payment's fate is still unknown. */
  | { kind: 'config'; code: string; message: string }
  | Unknown;

export type CancelOutcome =
  /** S, or ORDER_NOT_EXIST: nothing moved, or nothing is left to undo. */
  | { kind: 'cancel_confirmed'; code: string; message: string }
  /** ORDER_STATUS_INVALID / CANCEL_WINDOW_EXCEED (or an F we do not know): inquire, refund if it was paid. */
  | { kind: 'cancel_refused'; code: string; message: string }
  | { kind: 'config'; code: string; message: string }
  | { kind: 'our_bug'; code: string; message: string }
  | Unknown;

export interface RefundDetails {
  refundId: string | null;
  refundTime: string | null;
}

export type RefundOutcome =
  | ({ kind: 'refunded' } & RefundDetails)
  /** REFUND_AMOUNT_EXCEED / REFUND_WINDOW_EXCEED / ORDER_IS_CANCELED: show the manager and stop. */
  | { kind: 'refund_impossible'; code: string; message: string }
  /** Any other verified F: the refund did not happen and resending the same body will not change that. */
  | { kind: 'refund_failed'; code: string; message: string }
  /** Configuration refused the request before it was processed: retry (same id) once it is fixed. */
  | { kind: 'config'; code: string; message: string }
  | Unknown;

export type RefundInquiryOutcome =
  | ({ kind: 'refunded' } & RefundDetails)
  | { kind: 'refund_failed'; code: string; message: string }
  | { kind: 'processing'; code: string; message: string }
  /** The acquirer never registered the refund: resend it with the same refundRequestId. */
  | { kind: 'resend'; code: string; message: string }
  | Unknown;

export function mismatched(fields: Mismatch[]): Unknown {
  return {
    kind: 'unknown',
    rateLimited: false,
    noAnswer: false,
    linkDown: false,
    code: REPLY_MISMATCH,
    message: `The acquirer's answer was about another ${fields.some((f) => f.field.startsWith('refund')) ? 'refund' : 'payment'} (${fields.map((f) => f.field).join(', ')} differ): not taken as an answer`,
    mismatch: fields,
  };
}

/** How one request went on the wire: for the journal row and the link status. */
export interface WireNote {
  /** S / F / U when answered, else why not (timeout, network, http_502, malformed, unverified, too_large). */
  outcome: string;
  resultCode: string | null;
  /** false only when the acquirer could not be reached at all (timeout, refused connection). */
  reached: boolean;
}

export interface Answer<O> {
  outcome: O;
  wire: WireNote;
}

export type PayScenario = 'PaymentCode' | 'OrderCode';

/** A request the terminal could not build for the acquirer (a field out of its rules): a fault of ours, nothing journalled. */
export class RequestError extends Error {
  constructor(
    readonly code: 'REQUEST_ID_INVALID' | 'AMOUNT_INVALID' | 'CODE_MISSING' | 'CODE_UNEXPECTED' | 'FIELD_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** What a pay says, in the terminal's words: the adapter turns it into its own wire body. */
export interface PayRequest {
  /** Ours, ≤ 64 chars: the idempotency key of the attempt. */
  paymentRequestId: string;
  amount: Money;
  scenario: PayScenario;
  /** The scanned payment code, unchanged (PaymentCode only). */
  code?: string;
  /** What the customer reads in the wallet. */
  orderDescription: string;
  referenceOrderId: string;
  now: Date;
  config: TerminalConfig;
  /** Where the acquirer posts the result: the chain's HQ, when the till is enrolled at one. */
  paymentNotifyUrl?: string;
}

export interface RefundRequest {
  /** Ours, made once and reused unchanged on every retry: the refund's idempotency key. */
  refundRequestId: string;
  /** The acquirer's id of the payment being refunded. */
  paymentId: string;
  amount: Money;
  reason?: string;
}

/**
 * A request ready for the journal: where it goes, the exact bytes (stored, signed and sent
 * unchanged on every retry) and the key the acquirer de-duplicates it by.
 */
export interface PreparedBody {
  path: string;
  body: string;
  idempotencyKey: string;
}

/**
 * The part of the port the journal needs: it writes a payment or refund with its exact request in
 * the same transaction that creates it, without knowing any acquirer's wire format. Throws
 * RequestError when a field cannot go to this acquirer.
 */
export interface RequestBuilder {
  payRequest(input: PayRequest): PreparedBody;
  refundRequest(input: RefundRequest): PreparedBody;
}

export type PreparedCall<O> = (opts?: { signal?: AbortSignal }) => Promise<Answer<O>>;

export interface AcquirerPort extends RequestBuilder {
  /** True when talking to a sandbox: every screen and receipt says SANDBOX. */
  readonly sandbox: boolean;
  /** Where an operation goes (stored with each journal row). */
  pathFor(op: AcquirerOperation): string;
  /** The exact bytes the journal stores and the adapter sends, for the calls the engine makes up itself. */
  inquiryBody(paymentRequestId: string): string;
  cancelBody(paymentRequestId: string): string;
  /**
   * Signs a pay now — inside the transaction that journals it, so that after the commit only the
   * bytes' trip is left — and returns the call that sends it. Throws if it cannot be signed.
   */
  preparePay(body: string, asked: PaymentFacts & { scenario: PayScenario }): PreparedCall<PayOutcome>;
  /** Sends a journalled body, reads the reply and checks it answers `asked`. */
  pay(body: string, asked: PaymentFacts & { scenario: PayScenario }, opts?: { signal?: AbortSignal }): Promise<Answer<PayOutcome>>;
  inquire(body: string, asked: PaymentFacts, opts?: { signal?: AbortSignal }): Promise<Answer<InquiryOutcome>>;
  cancel(body: string, asked: Pick<PaymentFacts, 'paymentRequestId'>, opts?: { signal?: AbortSignal }): Promise<Answer<CancelOutcome>>;
  refund(body: string, asked: RefundFacts, opts?: { signal?: AbortSignal }): Promise<Answer<RefundOutcome>>;
  /** A harmless question about an id that never exists (not journalled): does the acquirer answer? */
  probe(opts?: { signal?: AbortSignal }): Promise<WireNote>;
}

/** Words for the person who must act on a failure, by class (the UI localises the customer ones). */
export function failWords(f: { code: string; class: FailClass }): string {
  switch (f.class) {
    case 'refresh_code':
      return 'Ask the customer to refresh the payment code and scan it again.';
    case 'declined':
      return 'The wallet declined the payment: ask for another code or another way to pay.';
    case 'risk':
      return 'The payment was refused by risk control: do not retry it; take another way to pay.';
    case 'closed':
      return 'The order was closed by the acquirer: start a new payment.';
    case 'config':
      return `The acquirer refused the terminal (${f.code}): ask the installer to check the acquirer settings (endpoint, client id, keys, merchant ids).`;
    case 'refused':
      return `The acquirer refused the payment (${f.code}): take another way to pay.`;
    default:
      return assertNever(f.class, 'fail class');
  }
}
