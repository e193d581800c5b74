// What an inquiry's answer does to a payment attempt. One mapping for the sync engine (an unknown
// outcome, a QR awaiting its customer) and for a manager's recheck of a payment needing attention,
// so a payment found paid, declined or cancelled is recorded with the same fields whoever asked.
import { failWords, mismatched, type InquiryOutcome, type PayOutcome, type Unknown } from '../acquirer/port.ts';
import { assertNever } from '../domain/never.ts';
import type { Db } from '../store/db.ts';
import { paymentIdHolder, type AttemptPatch, type AttemptRow } from './attempts.ts';

/**
 * A success naming an acquirer paymentId that another attempt already holds is about that other
 * payment, not this one: read as a reply about another request. The engine and a manager's recheck
 * both ask this, so two attempts never end up sharing one paymentId whoever settled them.
 */
export function boundToAttempt<O extends PayOutcome | InquiryOutcome>(db: Db, attemptId: string, o: O): O | Unknown {
  if ((o.kind === 'succeed' || o.kind === 'qr_created') && o.paymentId) {
    const holder = paymentIdHolder(db, o.paymentId, attemptId);
    if (holder) return mismatched([{ field: 'paymentId', expected: `not ${holder}'s`, got: o.paymentId }]);
  }
  return o;
}

/** The answers that settle nothing yet: the payment's fate is still open. */
export type OpenInquiry = Extract<InquiryOutcome, { kind: 'processing' | 'resend_if_young' | 'config' | 'unknown' }>;

export interface InquirySettlement {
  event: 'succeed' | 'fail' | 'cancel_confirmed';
  patch: AttemptPatch;
}

export const NEVER_RECEIVED_WORDS = 'The acquirer never received this payment and the code window has closed: nothing was charged. Ask for a fresh code.';

/**
 * Settles the attempt on a definite answer; otherwise hands the open answer back to the caller.
 * `codeWindowClosed`: whether the customer's code can no longer be presented, so "no record"
 * (ORDER_NOT_EXIST) is final — while it is open a late pay could still arrive.
 */
export function settleByInquiry(
  o: InquiryOutcome,
  row: Pick<AttemptRow, 'payment_id' | 'psp_name' | 'customer_id'>,
  opts: { codeWindowClosed: boolean },
): { settlement: InquirySettlement } | { open: OpenInquiry } {
  switch (o.kind) {
    case 'succeed':
      return {
        settlement: {
          event: 'succeed',
          patch: {
            result_status: 'S',
            result_code: 'SUCCESS',
            result_message: null,
            payment_id: o.paymentId ?? row.payment_id,
            payment_time: o.paymentTime,
            psp_name: o.pspName ?? row.psp_name,
            customer_id: o.customerId ?? row.customer_id,
            next_try_at: null,
            last_error: null,
          },
        },
      };
    case 'fail':
      return { settlement: { event: 'fail', patch: { result_status: 'F', result_code: o.code, result_message: o.class === 'config' ? failWords(o) : o.message, next_try_at: null } } };
    case 'cancelled':
      return { settlement: { event: 'cancel_confirmed', patch: { result_code: o.code, result_message: o.message, next_try_at: null } } };
    case 'resend_if_young':
      if (!opts.codeWindowClosed) return { open: o };
      return { settlement: { event: 'fail', patch: { result_status: 'F', result_code: o.code, result_message: NEVER_RECEIVED_WORDS, next_try_at: null } } };
    case 'processing':
    case 'config':
    case 'unknown':
      return { open: o };
    default:
      return assertNever(o, 'inquiry outcome');
  }
}
