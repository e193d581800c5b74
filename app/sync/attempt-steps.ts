// What the engine does with a payment attempt in each state (ACQUIRER.md, DESIGN.md "offline"):
// - created: send, but never after valid_until (then `expire`). While the link is known to be down,
//   a young code waits and the link is probed with an inquiry about this very id.
// - sent, found long after it went out: the answer was lost (`lose_answer`) → unknown.
// - unknown: inquire every inquiryIntervalMs up to inquiryMaxTries answered tries (no answer at all
//   does not use up a try: the acquirer said nothing), then cancel — or, when replies came back
//   about another payment, needs_attention. ORDER_NOT_EXIST inside the window resends the identical
//   body under the same id; after it, the attempt failed (nothing charged).
// - awaiting_customer (order QR): poll until paid / failed / cancelled; past the QR's expiry, cancel.
// - cancelling: cancel, retried with back-off as long as needed. Refused (ORDER_STATUS_INVALID,
//   CANCEL_WINDOW_EXCEED) or past the cancel cut-off (UTC+8): inquire; paid → a full refund
//   (purpose reversal) and the attempt is cancelled when that refund is refunded.
// Every request is committed (state, outbox row, exact body) before it goes on the wire, and every
// answer before the next request.
import { failWords, type InquiryOutcome, type PaymentFacts, type PayOutcome, type PreparedCall, type Unknown } from '../acquirer/port.ts';
import { ORDER_CODE_EXPIRED } from '../domain/attempt.ts';
import { assertNever } from '../domain/never.ts';
import { cancelCutoff } from '../domain/time.ts';
import { amountOf, getAttemptRow, type AttemptRow } from '../journal/attempts.ts';
import { boundToAttempt, settleByInquiry, type OpenInquiry } from '../journal/inquiry.ts';
import { createRefund, refundsForAttempt } from '../journal/refunds.ts';
import { writeTx } from '../journal/tx.ts';
import type { StepContext } from './context.ts';
import { WORK_BACKOFF } from './scheduler.ts';

export const ANOTHER_PAYMENT_WORDS = "The acquirer's answer was about another payment — check the acquirer portal, then settle this payment by hand.";

export function facts(row: AttemptRow): PaymentFacts {
  return { paymentRequestId: row.id, amount: amountOf(row) };
}

export class AttemptSteps {
  /** Attempts whose cancel the acquirer refused: inquire (and refund if paid) instead. */
  private readonly cancelRefused = new Set<string>();

  constructor(private readonly x: StepContext) {}

  async step(id: string): Promise<void> {
    const { x } = this;
    const row = getAttemptRow(x.db, id);
    if (!row) return;
    const now = x.clock();
    switch (row.state) {
      case 'created':
        return this.created(row, now);
      case 'sent':
        // Picked as due while another process sent it: its request, on the wire, is not lost.
        if (row.sent_at !== null && row.sent_at > x.lostBefore(now)) return;
        x.record.moveAttempt(row, 'lose_answer', { patch: { next_try_at: now.toISOString() } });
        return;
      case 'unknown':
        return this.unknown(row);
      case 'awaiting_customer':
        return this.awaiting(row, now);
      case 'cancelling':
        return this.cancelling(row, now);
      case 'succeeded':
      case 'failed':
      case 'cancelled':
      case 'expired':
      case 'needs_attention':
        return;
      default:
        return assertNever(row.state, 'attempt state');
    }
  }

  /** Puts an attempt whose send is already committed on the wire (signed already, when `call` is given), and acts on the answer. */
  async sent(row: AttemptRow, journalId: number | null, call?: PreparedCall<PayOutcome>): Promise<void> {
    const o = await this.x.ask(`a:${row.id}`, journalId, (opts) => (call ? call(opts) : this.x.acquirer.pay(row.request_body, { ...facts(row), scenario: row.scenario }, opts)));
    if (o === null) return;
    this.onPayReply(row, this.bound(row, o));
  }

  private async created(row: AttemptRow, now: Date): Promise<void> {
    const { x } = this;
    if (row.valid_until && now.getTime() > Date.parse(row.valid_until)) {
      x.record.moveAttempt(row, 'expire', {
        patch: {
          next_try_at: null,
          result_code: 'CODE_WINDOW_PASSED',
          result_message: 'The payment could not be sent within the code window (the acquirer was unreachable): nothing was charged. Ask for a fresh code.',
        },
      });
      return;
    }
    if (x.link.knownDown()) {
      // The link is down: probe with an inquiry about this very id (it changes nothing at the
      // acquirer) and send the pay only once something answers, so a code that never leaves the
      // terminal ends `expired`, not `unknown`.
      const body = x.acquirer.inquiryBody(row.id);
      const probe = x.record.touch(row, { journal: { operation: 'inquiry', path: x.acquirer.pathFor('inquiry'), body, idempotencyKey: row.id } });
      let reached = true;
      let detail = '';
      const o = await x.ask(`a:${row.id}`, probe.journalId, async (opts) => {
        const answer = await x.acquirer.inquire(body, facts(row), opts);
        reached = answer.wire.reached;
        if (answer.outcome.kind === 'unknown') detail = answer.outcome.message;
        return answer;
      });
      if (o === null) return;
      if (!reached) {
        const next = Math.min(x.clock().getTime() + x.outageRetryMs, Date.parse(row.valid_until ?? now.toISOString()) + 1);
        x.record.touch(probe.row, { patch: { next_try_at: new Date(next).toISOString(), last_error: detail } });
        return;
      }
      const fresh = getAttemptRow(x.db, row.id);
      if (!fresh || fresh.state !== 'created') return;
      return this.sendPay(fresh, 'send');
    }
    return this.sendPay(row, 'send');
  }

  /** Commits the send (state, counter, outbox row), then puts the identical body on the wire. */
  private async sendPay(row: AttemptRow, event: 'send' | 'resend'): Promise<void> {
    const { row: sent, journalId } = this.x.record.moveAttempt(row, event, {
      patch: { sent_at: this.x.clock().toISOString(), next_try_at: null, last_error: null },
      increment: ['try_count'],
      journal: { operation: 'pay', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
    });
    return this.sent(sent, journalId);
  }

  private onPayReply(row: AttemptRow, o: PayOutcome): void {
    const { x } = this;
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'succeed':
        x.schedule.forget(key);
        x.record.moveAttempt(row, 'succeed', {
          patch: { result_status: 'S', result_code: 'SUCCESS', result_message: null, payment_id: o.paymentId, payment_time: o.paymentTime, psp_name: o.pspName, customer_id: o.customerId, next_try_at: null, last_error: null },
        });
        return;
      case 'qr_created':
        x.schedule.forget(key);
        x.record.moveAttempt(row, 'qr_created', {
          patch: { result_status: 'S', result_code: 'SUCCESS', payment_id: o.paymentId, order_code: o.orderCode, order_expires_at: o.orderExpiresAt, next_try_at: x.schedule.after(x.config.payment.inquiryIntervalMs) },
        });
        return;
      case 'fail':
        x.record.moveAttempt(row, 'fail', {
          patch: { result_status: 'F', result_code: o.code, result_message: o.class === 'config' || o.class === 'refused' ? failWords(o) : o.message, next_try_at: null, last_error: o.class === 'config' ? o.message : null },
          data: { class: o.class },
        });
        return;
      case 'unknown':
        x.record.moveAttempt(
          row,
          'lose_answer',
          { patch: { result_status: o.noAnswer ? null : 'U', result_code: o.code, last_error: o.message, next_try_at: this.retryAt(row, o, x.config.payment.inquiryIntervalMs) } },
          { operation: 'pay', mismatch: o.mismatch },
        );
        return;
      case 'our_bug':
        x.record.moveAttempt(row, 'escalate', {
          patch: {
            result_status: 'F',
            result_code: o.code,
            result_message: 'The acquirer saw this payment id with a different request: a terminal bug. Check the payment in the acquirer portal and settle it by hand; it is not retried.',
            next_try_at: null,
            last_error: o.message,
          },
        });
        return;
      default:
        return assertNever(o, 'pay outcome');
    }
  }

  /** A success naming an acquirer paymentId that another attempt holds is about that other payment. */
  private bound<O extends PayOutcome | InquiryOutcome>(row: AttemptRow, o: O): O | Unknown {
    return boundToAttempt(this.x.db, row.id, o);
  }

  private async inquire(row: AttemptRow, countTry: boolean): Promise<{ row: AttemptRow; outcome: InquiryOutcome } | null> {
    const { x } = this;
    const body = x.acquirer.inquiryBody(row.id);
    const t = x.record.touch(row, { journal: { operation: 'inquiry', path: x.acquirer.pathFor('inquiry'), body, idempotencyKey: row.id } });
    const answer = await x.ask(`a:${row.id}`, t.journalId, (opts) => x.acquirer.inquire(body, facts(row), opts));
    if (answer === null) return null;
    const outcome = this.bound(row, answer);
    const fresh = getAttemptRow(x.db, row.id);
    if (!fresh || fresh.state !== row.state) return null; // moved meanwhile (cashier cancel): start over
    // Only an acquirer that answered uses up one of the inquiry tries.
    const counts = countTry && outcome.kind !== 'config' && !(outcome.kind === 'unknown' && outcome.noAnswer);
    const mismatch = outcome.kind === 'unknown' ? outcome.mismatch : undefined;
    if (counts || mismatch) {
      return { row: x.record.touch(fresh, { increment: counts ? ['inquiry_count'] : [] }, { operation: 'inquiry', mismatch }).row, outcome };
    }
    return { row: fresh, outcome };
  }

  private async unknown(row: AttemptRow): Promise<void> {
    const { x } = this;
    const cfg = x.config.payment;
    if (row.inquiry_count >= cfg.inquiryMaxTries && row.mismatch_count > 0) {
      // Someone answered about another payment: a cancel would be one more question to the same
      // party. The money may or may not have moved; only the acquirer's portal can tell.
      x.record.moveAttempt(row, 'escalate', {
        patch: { next_try_at: null, result_message: ANOTHER_PAYMENT_WORDS, last_error: `No answer about this payment after ${row.inquiry_count} inquiries; ${row.mismatch_count} signed replies were about another payment (see the event log)` },
      });
      return;
    }
    if (row.inquiry_count >= cfg.inquiryMaxTries) {
      x.record.moveAttempt(row, 'cancel', { patch: { next_try_at: x.clock().toISOString(), last_error: `No final answer after ${row.inquiry_count} inquiries: cancelling` } });
      return;
    }
    const r = await this.inquire(row, true);
    if (!r) return;
    const cur = r.row;
    const young = cur.valid_until !== null && x.clock().getTime() <= Date.parse(cur.valid_until);
    const answer = settleByInquiry(r.outcome, cur, { codeWindowClosed: !young });
    if ('settlement' in answer) {
      x.record.moveAttempt(cur, answer.settlement.event, { patch: answer.settlement.patch });
      return;
    }
    // never received, and the customer's code is still valid
    if (answer.open.kind === 'resend_if_young') return this.sendPay(cur, 'resend');
    return this.keepWaiting(cur, answer.open);
  }

  private async awaiting(row: AttemptRow, now: Date): Promise<void> {
    const { x } = this;
    const cfg = x.config.payment;
    const expiresAt = row.order_expires_at ? Date.parse(row.order_expires_at) : Date.parse(row.created_at) + cfg.paymentExpiryMinutes * 60_000;
    if (Number.isFinite(expiresAt) && now.getTime() > expiresAt) {
      // Marked so the confirmed cancel ends `expired` (cancelling): the QR ran out, nobody cancelled it.
      x.record.moveAttempt(row, 'cancel', {
        patch: { next_try_at: now.toISOString(), result_code: ORDER_CODE_EXPIRED, result_message: 'The QR code expired before the customer paid', last_error: 'The QR code expired before the customer paid: cancelling' },
      });
      return;
    }
    const r = await this.inquire(row, false);
    if (!r) return;
    const cur = r.row;
    // A QR order has no record until the customer scans it: "not found" is waiting, not final.
    const answer = settleByInquiry(r.outcome, cur, { codeWindowClosed: false });
    if ('settlement' in answer) {
      // The acquirer closed the order unpaid because its time was up: the QR expired.
      const ranOut = answer.settlement.event === 'fail' && answer.settlement.patch.result_code === 'ORDER_IS_CLOSED';
      x.record.moveAttempt(cur, ranOut ? 'expire' : answer.settlement.event, { patch: answer.settlement.patch });
      return;
    }
    // A QR order not yet scanned is not resent: the customer still has the code on screen.
    return this.keepWaiting(cur, answer.open);
  }

  /** An inquiry left the payment open: ask again later, at a pace that suits why it is open. */
  private keepWaiting(cur: AttemptRow, o: OpenInquiry): void {
    const { x } = this;
    const cfg = x.config.payment;
    switch (o.kind) {
      case 'processing':
      case 'resend_if_young':
        x.record.touch(cur, { patch: { next_try_at: x.schedule.after(cfg.inquiryIntervalMs) } });
        return;
      case 'config':
        x.record.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: x.schedule.later(`a:${cur.id}`, WORK_BACKOFF) } });
        return;
      case 'unknown':
        x.record.touch(cur, { patch: { last_error: o.message, next_try_at: this.retryAt(cur, o, cfg.inquiryIntervalMs) } });
        return;
      default:
        return assertNever(o, 'inquiry outcome');
    }
  }

  private async cancelling(row: AttemptRow, now: Date): Promise<void> {
    const { x } = this;
    const reversal = refundsForAttempt(x.db, row.id).find((r) => r.purpose === 'reversal' && r.state !== 'refund_failed');
    if (reversal) {
      // The reversing refund drives the attempt to its end (in the refund's transaction).
      if (reversal.state === 'refunded') x.record.moveAttempt(row, 'cancel_confirmed', { patch: { next_try_at: null } });
      else x.record.touch(row, { patch: { next_try_at: null } });
      return;
    }
    if (refundsForAttempt(x.db, row.id).some((r) => r.purpose === 'reversal' && r.state === 'refund_failed')) {
      x.record.moveAttempt(row, 'escalate', { patch: { next_try_at: null, last_error: 'The refund undoing this payment was refused: settle it in the acquirer portal' } });
      return;
    }
    const cutoff = cancelCutoff(new Date(row.created_at), x.config.payment.cancelCutoffMinutes);
    if (this.cancelRefused.has(row.id) || now.getTime() > cutoff.getTime()) return this.reverseIfPaid(row);

    const body = x.acquirer.cancelBody(row.id);
    const t = x.record.touch(row, { increment: ['cancel_count'], journal: { operation: 'cancel', path: x.acquirer.pathFor('cancel'), body, idempotencyKey: row.id } });
    const o = await x.ask(`a:${row.id}`, t.journalId, (opts) => x.acquirer.cancel(body, { paymentRequestId: row.id }, opts));
    if (o === null) return;
    const cur = getAttemptRow(x.db, row.id);
    if (!cur || cur.state !== 'cancelling') return;
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'cancel_confirmed':
        x.schedule.forget(key);
        if (cur.result_code === ORDER_CODE_EXPIRED) {
          x.record.moveAttempt(cur, 'expire', { patch: { next_try_at: null, last_error: null } });
          return;
        }
        x.record.moveAttempt(cur, 'cancel_confirmed', { patch: { result_code: o.code, result_message: o.message, next_try_at: null, last_error: null } });
        return;
      case 'cancel_refused':
        this.cancelRefused.add(row.id);
        x.record.touch(cur, { patch: { last_error: `The acquirer refused the cancel (${o.code}): checking whether it was paid, to refund it`, next_try_at: x.clock().toISOString() } });
        return;
      case 'config':
        x.record.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: x.schedule.later(key, WORK_BACKOFF) } });
        return;
      case 'our_bug':
        x.record.moveAttempt(cur, 'escalate', { patch: { result_code: o.code, next_try_at: null, last_error: `The acquirer refused the cancel as inconsistent (${o.code}): settle it in the acquirer portal` } });
        return;
      case 'unknown':
        x.record.touch(cur, { patch: { last_error: o.message, next_try_at: x.schedule.later(key, o.rateLimited ? { baseMs: 2_000, capMs: 60_000 } : WORK_BACKOFF) } }, { operation: 'cancel', mismatch: o.mismatch });
        return;
      default:
        return assertNever(o, 'cancel outcome');
    }
  }

  /** Past the cut-off (or cancel refused): ask what happened; paid → refund it in full. */
  private async reverseIfPaid(row: AttemptRow): Promise<void> {
    const { x } = this;
    const r = await this.inquire(row, false);
    if (!r) return;
    const { outcome: o, row: cur } = r;
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'succeed': {
        const now = x.clock();
        const refund = writeTx(x.db, () => {
          const paid = x.record.touch(cur, { patch: { payment_id: o.paymentId, payment_time: o.paymentTime, psp_name: o.pspName, customer_id: o.customerId, next_try_at: null, last_error: 'Paid before the cancel could reach the acquirer: refunding it in full' } });
          return createRefund(x.db, { attemptId: paid.row.id, purpose: 'reversal', now, terminalId: x.config.terminalId, requests: x.acquirer });
        });
        this.cancelRefused.delete(row.id);
        x.tellRefund(refund);
        return;
      }
      case 'fail':
      case 'cancelled':
      case 'resend_if_young':
        // FAIL / CANCELLED: no money moved. ORDER_NOT_EXIST: the acquirer never had it.
        this.cancelRefused.delete(row.id);
        if (cur.result_code === ORDER_CODE_EXPIRED) x.record.moveAttempt(cur, 'expire', { patch: { next_try_at: null, last_error: null } });
        else x.record.moveAttempt(cur, 'cancel_confirmed', { patch: { result_code: o.code, result_message: o.message, next_try_at: null, last_error: null } });
        return;
      case 'processing':
        x.record.touch(cur, { patch: { next_try_at: x.schedule.after(x.config.payment.inquiryIntervalMs) } });
        return;
      case 'config':
        x.record.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: x.schedule.later(key, WORK_BACKOFF) } });
        return;
      case 'unknown':
        x.record.touch(cur, { patch: { last_error: o.message, next_try_at: x.schedule.later(key, WORK_BACKOFF) } });
        return;
      default:
        return assertNever(o, 'inquiry outcome');
    }
  }

  /** When to look again at an attempt whose request got no usable answer. */
  private retryAt(row: AttemptRow, u: Unknown, cadenceMs: number): string {
    const { x } = this;
    const key = `a:${row.id}`;
    const young = row.valid_until !== null && x.clock().getTime() <= Date.parse(row.valid_until);
    if (u.rateLimited) return x.schedule.later(key, { baseMs: cadenceMs * 2, capMs: 60_000 });
    // A young code during an outage: try about every second so it goes out as soon as the link is back.
    if (u.linkDown && young && (row.state === 'created' || row.state === 'unknown' || row.state === 'sent')) return x.schedule.after(x.outageRetryMs);
    if (u.noAnswer) return x.schedule.later(key, { baseMs: Math.min(cadenceMs, 1_000), capMs: 15_000 });
    return x.schedule.after(cadenceMs);
  }
}
