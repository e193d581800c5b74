// What the engine does with a refund: send it; no answer (or an answer about another refund) →
// retry with the same refundRequestId and the same bytes, for as long as it takes, so the acquirer
// refunds once. A reversal (a payment refunded because it could not be cancelled any more) ends its
// attempt in the refund's own transaction.
import { failWords } from '../acquirer/port.ts';
import { assertNever } from '../domain/never.ts';
import { amountOf, getAttemptRow, transitionAttempt, type AttemptPatch } from '../journal/attempts.ts';
import { getRefundRow, type RefundRow } from '../journal/refunds.ts';
import type { StepContext } from './context.ts';
import { WORK_BACKOFF } from './scheduler.ts';

const ANOTHER_REFUND_WORDS = "The acquirer's answer was about another refund — check the acquirer portal. The refund is asked again with the same id.";

export class RefundSteps {
  constructor(private readonly x: StepContext) {}

  async step(id: string): Promise<void> {
    const { x } = this;
    const row = getRefundRow(x.db, id);
    if (!row) return;
    const key = `r:${id}`;
    if (row.state === 'sent') {
      if (row.sent_at !== null && row.sent_at > x.lostBefore(x.clock())) return; // another process's, on the wire
      x.record.moveRefund(row, 'lose_answer', { patch: { next_try_at: x.clock().toISOString() } });
      return;
    }
    if (row.state !== 'created' && row.state !== 'refund_unknown') return;
    // The same refundRequestId and the same bytes every time: the acquirer refunds once.
    const { row: sent, journalId } = x.record.moveRefund(row, 'send', {
      patch: { sent_at: x.clock().toISOString(), next_try_at: null },
      countTry: true,
      journal: { operation: 'refund', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
    });
    const o = await x.ask(key, journalId, (opts) => x.acquirer.refund(sent.request_body, { refundRequestId: sent.id, amount: amountOf(sent) }, opts));
    if (o === null) return;
    switch (o.kind) {
      case 'refunded':
        x.schedule.forget(key);
        x.record.moveRefund(sent, 'succeed', {
          patch: { refund_id: o.refundId, refund_time: o.refundTime, result_code: 'SUCCESS', result_message: null, last_error: null },
          then: (r) => this.settleReversal(r, 'cancel_confirmed'),
        });
        return;
      case 'refund_impossible':
      case 'refund_failed':
        x.record.moveRefund(sent, 'fail', {
          patch: { result_code: o.code, result_message: o.message },
          then: (r) => this.settleReversal(r, 'escalate'),
        });
        return;
      case 'config':
        x.record.moveRefund(sent, 'lose_answer', { patch: { result_code: o.code, last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: x.schedule.later(key, WORK_BACKOFF) } });
        return;
      case 'unknown':
        x.record.moveRefund(
          sent,
          'lose_answer',
          {
            patch: {
              result_code: o.code,
              last_error: o.mismatch ? ANOTHER_REFUND_WORDS : o.message,
              next_try_at: x.schedule.later(key, o.rateLimited ? { baseMs: 2_000, capMs: 60_000 } : { baseMs: 500, capMs: 60_000 }),
            },
          },
          { operation: 'refund', mismatch: o.mismatch },
        );
        return;
      default:
        return assertNever(o, 'refund outcome');
    }
  }

  /** Inside the refund's transaction: a reversal's end is its attempt's end. */
  private settleReversal(refund: RefundRow, event: 'cancel_confirmed' | 'escalate'): void {
    const { x } = this;
    if (refund.purpose !== 'reversal') return;
    const attempt = getAttemptRow(x.db, refund.attempt_id);
    if (!attempt || attempt.state !== 'cancelling') return;
    const patch: AttemptPatch =
      event === 'cancel_confirmed'
        ? { next_try_at: null, last_error: null, result_message: 'Cancelled after the cut-off: refunded in full' }
        : { next_try_at: null, last_error: `The refund undoing this payment was refused (${refund.result_code ?? 'unknown'}): settle it in the acquirer portal` };
    const moved = transitionAttempt(x.db, event, { id: attempt.id, from: 'cancelling', now: x.clock(), patch, data: { refundRequestId: refund.id }, sales: x.sales });
    queueMicrotask(() => x.tellAttempt(moved.row));
  }
}
