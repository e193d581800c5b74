// The engine's questions to the journal. Which states mean "work to do" is decided here once, per
// state of the domain's own lists (app/domain/attempt.ts) with an exhaustive switch: a new state
// does not compile until someone says what the engine does with it, and every SQL state list below
// is built from that answer, never typed as text.
import { ATTEMPT_STATES, REFUND_STATES, type AttemptState, type RefundState } from '../domain/attempt.ts';
import { assertNever } from '../domain/never.ts';
import type { AttemptRow } from '../journal/attempts.ts';
import type { RefundRow } from '../journal/refunds.ts';
import { sql, writeTx } from '../journal/tx.ts';
import type { Db } from '../store/db.ts';

/**
 * due: the engine acts when next_try_at comes; on_wire: a request is out, its answer awaited;
 * customer: due, but waits on a shopper (a QR on screen), so `drain` does not wait for it;
 * person: waits for a manager; final: nothing more happens.
 */
export type Work = 'due' | 'customer' | 'on_wire' | 'person' | 'final';

export function attemptWork(state: AttemptState): Work {
  switch (state) {
    case 'created':
    case 'unknown':
    case 'cancelling':
      return 'due';
    case 'awaiting_customer':
      return 'customer';
    case 'sent':
      return 'on_wire';
    case 'needs_attention':
      return 'person';
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'expired':
      return 'final';
    default:
      return assertNever(state, 'attempt state');
  }
}

export function refundWork(state: RefundState): Work {
  switch (state) {
    case 'created':
    case 'refund_unknown':
      return 'due';
    case 'sent':
      return 'on_wire';
    case 'refunded':
    case 'refund_failed':
      return 'final';
    default:
      return assertNever(state, 'refund state');
  }
}

const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');
const attemptsIn = (...work: Work[]) => list(ATTEMPT_STATES.filter((s) => work.includes(attemptWork(s))));
const refundsIn = (...work: Work[]) => list(REFUND_STATES.filter((s) => work.includes(refundWork(s))));

/** Attempts the engine schedules by next_try_at (a QR's polling included). */
const ATTEMPTS_SCHEDULED = attemptsIn('due', 'customer');
const ATTEMPTS_ON_WIRE = attemptsIn('on_wire');
const REFUNDS_SCHEDULED = refundsIn('due');
const REFUNDS_ON_WIRE = refundsIn('on_wire');

export function sentAttempts(db: Db): AttemptRow[] {
  return sql(db, `SELECT * FROM attempts WHERE state IN (${ATTEMPTS_ON_WIRE})`).all() as AttemptRow[];
}

export function sentRefunds(db: Db): RefundRow[] {
  return sql(db, `SELECT * FROM refunds WHERE state IN (${REFUNDS_ON_WIRE})`).all() as RefundRow[];
}

/** After a restart everything pending goes now, not at whatever back-off it had before. */
export function rescheduleAll(db: Db, at: string): void {
  writeTx(db, () => {
    sql(db, `UPDATE attempts SET next_try_at = ? WHERE state IN (${ATTEMPTS_SCHEDULED})`).run(at);
    sql(db, `UPDATE refunds SET next_try_at = ? WHERE state IN (${REFUNDS_SCHEDULED})`).run(at);
  });
}

/** The link came back: what was backing off because the acquirer was unreachable goes now (a QR keeps its poll cadence). */
export function releaseBackoffs(db: Db, at: string): void {
  writeTx(db, () => {
    sql(db, `UPDATE attempts SET next_try_at = ? WHERE state IN (${attemptsIn('due')}) AND next_try_at > ?`).run(at, at);
    sql(db, `UPDATE refunds SET next_try_at = ? WHERE state IN (${REFUNDS_SCHEDULED}) AND next_try_at > ?`).run(at, at);
  });
}

/** Entries not final and not waiting for a person; `withCustomer`: count QRs on screen too. */
export function pendingCount(db: Db, withCustomer: boolean): number {
  const attempts = withCustomer ? attemptsIn('due', 'on_wire', 'customer') : attemptsIn('due', 'on_wire');
  const a = (sql(db, `SELECT COUNT(*) AS n FROM attempts WHERE state IN (${attempts})`).get() as { n: number }).n;
  const r = (sql(db, `SELECT COUNT(*) AS n FROM refunds WHERE state IN (${refundsIn('due', 'on_wire')})`).get() as { n: number }).n;
  return a + r;
}

/**
 * Work due now, as keys 'a:<id>' / 'r:<id>'. A request marked sent before `lostBefore` has been on
 * the wire longer than any reply can take: stepping it moves it to unknown. Ties (everything is due
 * at once after a restart) go to the payment whose window closes first: a refund can wait, a
 * customer's code cannot.
 */
export function dueWork(db: Db, nowIso: string, lostBefore: string, limit: number): string[] {
  const rows = sql(
    db,
    `SELECT 'a:' || id AS k, next_try_at, 0 AS p, valid_until AS v FROM attempts WHERE state IN (${ATTEMPTS_SCHEDULED}) AND next_try_at IS NOT NULL AND next_try_at <= ?
     UNION ALL
     SELECT 'r:' || id AS k, next_try_at, 1 AS p, NULL AS v FROM refunds WHERE state IN (${REFUNDS_SCHEDULED}) AND next_try_at IS NOT NULL AND next_try_at <= ?
     UNION ALL
     SELECT 'a:' || id AS k, sent_at, 0 AS p, valid_until AS v FROM attempts WHERE state IN (${ATTEMPTS_ON_WIRE}) AND sent_at <= ?
     UNION ALL
     SELECT 'r:' || id AS k, sent_at, 1 AS p, NULL AS v FROM refunds WHERE state IN (${REFUNDS_ON_WIRE}) AND sent_at <= ?
     ORDER BY next_try_at, p, v LIMIT ?`,
  ).all(nowIso, nowIso, lostBefore, lostBefore, limit) as { k: string }[];
  return rows.map((r) => r.k);
}

/** The next instant after `nowIso` at which scheduled work falls due (null: none). */
export function nextDue(db: Db, nowIso: string): string | null {
  const next = sql(
    db,
    `SELECT MIN(t) AS t FROM (
       SELECT MIN(next_try_at) AS t FROM attempts WHERE state IN (${ATTEMPTS_SCHEDULED}) AND next_try_at > ?
       UNION ALL SELECT MIN(next_try_at) FROM refunds WHERE state IN (${REFUNDS_SCHEDULED}) AND next_try_at > ?)`,
  ).get(nowIso, nowIso) as { t: string | null };
  return next.t;
}
