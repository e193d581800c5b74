// The refund repository. A refund is journalled with its exact body and its refundRequestId (made
// once, reused unchanged on every retry), and refused before anything is written when it would
// take back more than was paid and not yet refunded.
import type { RequestBuilder } from '../acquirer/port.ts';
import { nextRefundState, type RefundEvent, type RefundState } from '../domain/attempt.ts';
import { formatMoney, type Currency, type Money } from '../domain/money.ts';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { amountOf, requireAttempt, type AttemptRow } from './attempts.ts';
import { JournalError } from './errors.ts';
import { newRequestId } from './ids.ts';
import { insertJournalRow, writeTx, type JournalEntryInput, sql } from './tx.ts';

export type RefundPurpose = 'refund' | 'reversal';

export interface RefundRow {
  id: string;
  attempt_id: string;
  amount_minor: number;
  currency: Currency;
  reason: string | null;
  purpose: RefundPurpose;
  state: RefundState;
  request_path: string;
  request_body: string;
  result_code: string | null;
  result_message: string | null;
  refund_id: string | null;
  refund_time: string | null;
  actor: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  try_count: number;
  next_try_at: string | null;
  last_error: string | null;
  /** Signed replies that were about another refund (005). */
  mismatch_count: number;
}

export interface RefundView {
  refundRequestId: string;
  paymentRequestId: string;
  amount: Money;
  reason: string | null;
  purpose: RefundPurpose;
  state: RefundState;
  resultCode: string | null;
  resultMessage: string | null;
  refundId: string | null;
  refundTime: string | null;
  actor: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toRefundView(r: RefundRow): RefundView {
  return {
    refundRequestId: r.id,
    paymentRequestId: r.attempt_id,
    amount: { minor: r.amount_minor, currency: r.currency },
    reason: r.reason,
    purpose: r.purpose,
    state: r.state,
    resultCode: r.result_code,
    resultMessage: r.result_message,
    refundId: r.refund_id,
    refundTime: r.refund_time,
    actor: r.actor,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getRefundRow(db: Db, id: string): RefundRow | undefined {
  return sql(db, 'SELECT * FROM refunds WHERE id = ?').get(id) as RefundRow | undefined;
}

export function requireRefund(db: Db, id: string): RefundRow {
  const row = getRefundRow(db, id);
  if (!row) throw new JournalError('REFUND_NOT_FOUND', `No refund ${id}`);
  return row;
}

export function refundsForAttempt(db: Db, attemptId: string): RefundRow[] {
  return sql(db, 'SELECT * FROM refunds WHERE attempt_id = ? ORDER BY created_at, id').all(attemptId) as RefundRow[];
}

export function listRefunds(db: Db, opts: { limit?: number; attemptId?: string; states?: readonly RefundState[] } = {}): RefundRow[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 10_000));
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.attemptId) {
    where.push('attempt_id = ?');
    args.push(opts.attemptId);
  }
  if (opts.states && opts.states.length > 0) {
    where.push(`state IN (${opts.states.map(() => '?').join(', ')})`);
    args.push(...opts.states);
  }
  const text = `SELECT * FROM refunds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
  return sql(db, text).all(...args, limit) as RefundRow[];
}

/** What is left to refund of a paid attempt: paid − every refund that has not failed. */
export function refundableLeft(db: Db, attempt: AttemptRow): Money {
  const taken = (sql(db, "SELECT COALESCE(SUM(amount_minor), 0) AS s FROM refunds WHERE attempt_id = ? AND state != 'refund_failed'").get(attempt.id) as { s: number }).s;
  return { minor: Math.max(0, attempt.amount_minor - taken), currency: attempt.currency };
}

export interface CreateRefundInput {
  attemptId: string;
  /** Defaults to everything left. */
  amount?: Money;
  reason?: string;
  actor?: string | null;
  /** 'reversal': the engine undoing a payment past the cancel cut-off (the attempt is cancelling). */
  purpose?: RefundPurpose;
  now: Date;
  terminalId: string;
  /** The configured acquirer's request builder (the port): it words the refund; the journal stores it. */
  requests: RequestBuilder;
}

export function createRefund(db: Db, input: CreateRefundInput): RefundRow {
  const purpose = input.purpose ?? 'refund';
  return writeTx(db, () => {
    const attempt = requireAttempt(db, input.attemptId);
    const expected = purpose === 'refund' ? 'succeeded' : 'cancelling';
    if (attempt.state !== expected) {
      throw new JournalError(
        'REFUND_NOT_ALLOWED',
        purpose === 'refund'
          ? `Payment ${attempt.id} is ${attempt.state}: only a succeeded payment can be refunded`
          : `Payment ${attempt.id} is ${attempt.state}, not cancelling: no reversal is needed`,
      );
    }
    if (!attempt.payment_id) throw new JournalError('REFUND_NOT_ALLOWED', `Payment ${attempt.id} has no acquirer payment id yet: it cannot be refunded`);
    const left = refundableLeft(db, attempt);
    const amount = input.amount ?? left;
    if (amount.currency !== attempt.currency) throw new JournalError('INVALID_INPUT', `The payment was in ${attempt.currency}, not ${amount.currency}`);
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
      throw new JournalError(left.minor === 0 ? 'REFUND_EXCEEDS_PAID' : 'INVALID_INPUT', left.minor === 0 ? `Payment ${attempt.id} is already refunded in full` : 'A refund must be more than zero');
    }
    if (amount.minor > left.minor) {
      throw new JournalError(
        'REFUND_EXCEEDS_PAID',
        `A refund of ${formatMoney(amount)} is more than is left to refund on payment ${attempt.id}: ${formatMoney(left)} of ${formatMoney(amountOf(attempt))}`,
      );
    }
    const id = newRequestId(input.terminalId, 'R', input.now);
    const reason = input.reason?.trim() ? input.reason.trim().slice(0, 256) : purpose === 'reversal' ? 'cancelled after the cancel cut-off' : undefined;
    const request = input.requests.refundRequest({ refundRequestId: id, paymentId: attempt.payment_id, amount, reason });
    if (request.idempotencyKey !== id) throw new JournalError('INVALID_INPUT', `The acquirer adapter keyed refund ${id} as ${request.idempotencyKey}`);
    const at = input.now.toISOString();
    sql(db, 
      `INSERT INTO refunds (id, attempt_id, amount_minor, currency, reason, purpose, state, request_path, request_body, actor, created_at, updated_at, next_try_at)
       VALUES (?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?, ?)`,
    ).run(id, attempt.id, amount.minor, amount.currency, reason ?? null, purpose, request.path, request.body, input.actor ?? null, at, at, at);
    appendEvent(db, {
      type: 'refund.created',
      subject: id,
      actor: input.actor ?? null,
      at: input.now,
      data: { attemptId: attempt.id, amount: amount.minor, currency: amount.currency, purpose },
    });
    return requireRefund(db, id);
  });
}

export interface RefundPatch {
  result_code?: string | null;
  result_message?: string | null;
  refund_id?: string | null;
  refund_time?: string | null;
  sent_at?: string | null;
  next_try_at?: string | null;
  last_error?: string | null;
}
const PATCHABLE = new Set(['result_code', 'result_message', 'refund_id', 'refund_time', 'sent_at', 'next_try_at', 'last_error']);

export interface RefundChange {
  id: string;
  from: RefundState;
  now: Date;
  patch?: RefundPatch;
  countTry?: boolean;
  /** A signed reply about another refund came back for this one. */
  countMismatch?: boolean;
  journal?: JournalEntryInput;
  actor?: string | null;
  data?: Record<string, unknown>;
  /** Runs inside the same transaction after the refund moved (e.g. settle the reversed attempt). */
  then?: (row: RefundRow) => void;
}

function applyRefundUpdate(db: Db, c: RefundChange, to: RefundState): RefundRow {
  const sets = ['state = ?', 'updated_at = ?'];
  const args: unknown[] = [to, c.now.toISOString()];
  for (const [k, v] of Object.entries(c.patch ?? {})) {
    if (!PATCHABLE.has(k)) throw new JournalError('INVALID_INPUT', `Not a patchable refund column: ${k}`);
    sets.push(`${k} = ?`);
    args.push(v);
  }
  if (c.countTry) sets.push('try_count = try_count + 1');
  if (c.countMismatch) sets.push('mismatch_count = mismatch_count + 1');
  const r = sql(db, `UPDATE refunds SET ${sets.join(', ')} WHERE id = ? AND state = ?`).run(...args, c.id, c.from);
  if (r.changes !== 1) {
    const now = getRefundRow(db, c.id);
    if (!now) throw new JournalError('REFUND_NOT_FOUND', `No refund ${c.id}`);
    throw new JournalError('STALE_STATE', `Refund ${c.id} is ${now.state}, not ${c.from}: someone else moved it first`);
  }
  return requireRefund(db, c.id);
}

export function transitionRefund(db: Db, event: RefundEvent, c: RefundChange): { row: RefundRow; journalId: number | null } {
  const to = nextRefundState(c.from, event);
  return writeTx(db, () => {
    const row = applyRefundUpdate(db, c, to);
    const journalId = c.journal ? insertJournalRow(db, 'refund', c.id, c.journal, c.now) : null;
    appendEvent(db, {
      type: `refund.${event}`,
      subject: c.id,
      actor: c.actor ?? null,
      at: c.now,
      data: { attemptId: row.attempt_id, from: c.from, to, ...(row.result_code && event !== 'send' ? { resultCode: row.result_code } : {}), ...(c.data ?? {}) },
    });
    c.then?.(row);
    return { row, journalId };
  });
}

export function touchRefund(db: Db, c: RefundChange): RefundRow {
  return writeTx(db, () => applyRefundUpdate(db, c, c.from));
}

export function refundAmount(r: RefundRow): Money {
  return amountOf(r);
}
