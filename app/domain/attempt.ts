// The payment attempt lifecycle of ACQUIRER.md as data. A transition not in the table throws with
// both states in the message: an illegal move is a bug to see, never a silent no-op.
import { assertNever } from './never.ts';

export const ATTEMPT_STATES = [
  'created', // journalled, not yet on the wire (a code waits here during an outage, within its window)
  'sent', // on the wire, no verified answer yet
  'awaiting_customer', // order code: the QR exists, the customer has not paid yet
  'unknown', // timeout, U, crash mid-flight, unverifiable reply: resolve by inquiry, then cancel
  'succeeded', // verified (signed) success from the acquirer
  'failed', // verified failure, with its result code
  'cancelling', // a cancel (or, after the cut-off, a refund) is on its way
  'cancelled', // the acquirer confirmed no money moved, or it was returned in full
  'needs_attention', // the terminal cannot settle this alone: a person must look
  'expired', // a scanned code outlived its window before it could be sent, or an order QR ran out unpaid
] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const ATTEMPT_EVENTS = [
  'send', // the request is about to go on the wire (committed first)
  'succeed', // verified success of the pay, or an inquiry said SUCCESS
  'fail', // verified F, or an inquiry said FAIL
  'qr_created', // order code: S on pay means the QR exists
  'lose_answer', // timeout, U, HTTP ≠ 200, unverifiable reply, or found `sent` after a crash
  'resend', // inquiry said ORDER_NOT_EXIST inside the code's window: the identical pay again
  'expire', // the code's window closed before it could be sent, or the order QR ran out unpaid
  'cancel', // cashier cancelled, QR expired, or inquiries ran out
  'withdraw', // cancelled before it ever went on the wire: nothing to undo at the acquirer
  'cancel_confirmed', // cancel S, inquiry CANCELLED, or the reversing refund completed
  'escalate', // settle by hand: our bug, configuration error, or refund refused
] as const;
export type AttemptEvent = (typeof ATTEMPT_EVENTS)[number];

type Row = readonly [from: AttemptState, event: AttemptEvent, to: AttemptState];

export const ATTEMPT_TRANSITIONS: readonly Row[] = [
  ['created', 'send', 'sent'],
  ['created', 'expire', 'expired'],
  ['created', 'withdraw', 'cancelled'],
  ['created', 'fail', 'failed'], // refused locally before sending (e.g. code window configuration)
  ['sent', 'succeed', 'succeeded'],
  ['sent', 'fail', 'failed'],
  ['sent', 'qr_created', 'awaiting_customer'],
  ['sent', 'lose_answer', 'unknown'],
  ['sent', 'escalate', 'needs_attention'],
  ['unknown', 'succeed', 'succeeded'],
  ['unknown', 'fail', 'failed'],
  ['unknown', 'resend', 'sent'],
  ['unknown', 'cancel', 'cancelling'],
  ['unknown', 'cancel_confirmed', 'cancelled'],
  ['unknown', 'escalate', 'needs_attention'],
  ['unknown', 'qr_created', 'awaiting_customer'],
  ['awaiting_customer', 'succeed', 'succeeded'],
  ['awaiting_customer', 'fail', 'failed'],
  ['awaiting_customer', 'cancel', 'cancelling'],
  ['awaiting_customer', 'cancel_confirmed', 'cancelled'],
  ['awaiting_customer', 'lose_answer', 'unknown'],
  // An order QR that ran out is `expired`, not `cancelled`: nobody cancelled it, and both screens
  // offer a new QR. The acquirer closed it unpaid (inquiry F ORDER_IS_CLOSED) …
  ['awaiting_customer', 'expire', 'expired'],
  // … or its time was up on our clock first: the cancel that makes sure confirmed nothing was paid.
  ['cancelling', 'expire', 'expired'],
  ['cancelling', 'cancel_confirmed', 'cancelled'],
  ['cancelling', 'escalate', 'needs_attention'],
  // A person settled it (manager confirmed with the acquirer's portal, or a late inquiry did).
  ['needs_attention', 'succeed', 'succeeded'],
  ['needs_attention', 'cancel_confirmed', 'cancelled'],
  ['needs_attention', 'fail', 'failed'],
];

export class IllegalTransition extends Error {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly from: string,
    readonly event: string,
  ) {
    super(`Illegal transition: cannot "${event}" from state "${from}"`);
  }
}

const attemptIndex = new Map(ATTEMPT_TRANSITIONS.map(([f, e, t]) => [`${f}:${e}`, t]));

export function nextAttemptState(from: AttemptState, event: AttemptEvent): AttemptState {
  const to = attemptIndex.get(`${from}:${event}`);
  if (!to) throw new IllegalTransition(from, event);
  return to;
}

/** Final states: nothing more will happen on the wire for this attempt. */
export function isFinalAttemptState(state: AttemptState): boolean {
  switch (state) {
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'expired':
      return true;
    case 'created':
    case 'sent':
    case 'awaiting_customer':
    case 'unknown':
    case 'cancelling':
    case 'needs_attention':
      return false;
    default:
      return assertNever(state, 'attempt state');
  }
}

/** result_code of an order QR that ran out before the customer paid (set when its cancel starts). */
export const ORDER_CODE_EXPIRED = 'ORDER_CODE_EXPIRED';

/** States that block a new attempt on the same sale: the money might still move. */
export function blocksNewAttempt(state: AttemptState): boolean {
  return !isFinalAttemptState(state);
}

// ── refunds ────────────────────────────────────────────────────────────────────────────────
export const REFUND_STATES = ['created', 'sent', 'refunded', 'refund_failed', 'refund_unknown'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
export const REFUND_EVENTS = ['send', 'succeed', 'fail', 'lose_answer'] as const;
export type RefundEvent = (typeof REFUND_EVENTS)[number];

export const REFUND_TRANSITIONS: readonly (readonly [RefundState, RefundEvent, RefundState])[] = [
  ['created', 'send', 'sent'],
  ['sent', 'succeed', 'refunded'],
  ['sent', 'fail', 'refund_failed'],
  ['sent', 'lose_answer', 'refund_unknown'],
  // Retried with the same refundRequestId (or asked with inquiryRefund) until it settles.
  ['refund_unknown', 'send', 'sent'],
  ['refund_unknown', 'succeed', 'refunded'],
  ['refund_unknown', 'fail', 'refund_failed'],
];

const refundIndex = new Map(REFUND_TRANSITIONS.map(([f, e, t]) => [`${f}:${e}`, t]));

export function nextRefundState(from: RefundState, event: RefundEvent): RefundState {
  const to = refundIndex.get(`${from}:${event}`);
  if (!to) throw new IllegalTransition(`refund ${from}`, event);
  return to;
}

export function isFinalRefundState(state: RefundState): boolean {
  switch (state) {
    case 'refunded':
    case 'refund_failed':
      return true;
    case 'created':
    case 'sent':
    case 'refund_unknown':
      return false;
    default:
      return assertNever(state, 'refund state');
  }
}
