import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_EVENTS,
  ATTEMPT_STATES,
  ATTEMPT_TRANSITIONS,
  IllegalTransition,
  REFUND_EVENTS,
  REFUND_STATES,
  REFUND_TRANSITIONS,
  isFinalAttemptState,
  isFinalRefundState,
  nextAttemptState,
  nextRefundState,
} from '../../app/domain/attempt.ts';

// The lifecycle of ACQUIRER.md written out here, independently of the code's table: deleting or
// adding a row there must fail a test here.
const EXPECTED_ATTEMPT_MOVES = [
  'created --send--> sent',
  'created --expire--> expired',
  'created --withdraw--> cancelled',
  'created --fail--> failed',
  'sent --succeed--> succeeded',
  'sent --fail--> failed',
  'sent --qr_created--> awaiting_customer',
  'sent --lose_answer--> unknown',
  'sent --escalate--> needs_attention',
  'unknown --succeed--> succeeded',
  'unknown --fail--> failed',
  'unknown --resend--> sent',
  'unknown --cancel--> cancelling',
  'unknown --cancel_confirmed--> cancelled',
  'unknown --escalate--> needs_attention',
  'unknown --qr_created--> awaiting_customer',
  'awaiting_customer --succeed--> succeeded',
  'awaiting_customer --fail--> failed',
  'awaiting_customer --cancel--> cancelling',
  'awaiting_customer --cancel_confirmed--> cancelled',
  'awaiting_customer --lose_answer--> unknown',
  // An order QR that ran out is expired, not cancelled (issue 9): closed unpaid by the acquirer, or by our clock and a confirmed cancel.
  'awaiting_customer --expire--> expired',
  'cancelling --expire--> expired',
  'cancelling --cancel_confirmed--> cancelled',
  'cancelling --escalate--> needs_attention',
  'needs_attention --succeed--> succeeded',
  'needs_attention --cancel_confirmed--> cancelled',
  'needs_attention --fail--> failed',
] as const;

const EXPECTED_REFUND_MOVES = [
  'created --send--> sent',
  'sent --succeed--> refunded',
  'sent --fail--> refund_failed',
  'sent --lose_answer--> refund_unknown',
  'refund_unknown --send--> sent',
  'refund_unknown --succeed--> refunded',
  'refund_unknown --fail--> refund_failed',
] as const;

const FINAL_ATTEMPT_STATES = ['succeeded', 'failed', 'cancelled', 'expired'];
const FINAL_REFUND_STATES = ['refunded', 'refund_failed'];

function parse(move: string): [string, string, string] {
  const m = /^(\w+) --(\w+)--> (\w+)$/.exec(move);
  if (!m) throw new Error(`not a move: ${move}`);
  return [m[1]!, m[2]!, m[3]!];
}

describe('payment attempt state machine', () => {
  it.each(EXPECTED_ATTEMPT_MOVES)('%s', (move) => {
    const [from, event, to] = parse(move);
    expect(nextAttemptState(from as never, event as never)).toBe(to);
  });

  it('the code knows exactly the moves listed here, no more', () => {
    expect(ATTEMPT_TRANSITIONS.map(([f, e, t]) => `${f} --${e}--> ${t}`).sort()).toEqual([...EXPECTED_ATTEMPT_MOVES].sort());
  });

  it('refuses every move that is not listed, naming both states', () => {
    const legal = new Set(EXPECTED_ATTEMPT_MOVES.map((m) => parse(m).slice(0, 2).join(':')));
    let refused = 0;
    for (const s of ATTEMPT_STATES) {
      for (const e of ATTEMPT_EVENTS) {
        if (legal.has(`${s}:${e}`)) continue;
        expect(() => nextAttemptState(s, e)).toThrow(IllegalTransition);
        expect(() => nextAttemptState(s, e)).toThrow(new RegExp(`"${e}".*"${s}"`));
        refused++;
      }
    }
    expect(refused).toBe(ATTEMPT_STATES.length * ATTEMPT_EVENTS.length - EXPECTED_ATTEMPT_MOVES.length);
  });

  it('the final states are succeeded, failed, cancelled and expired, and none is ever left', () => {
    expect(ATTEMPT_STATES.filter((s) => isFinalAttemptState(s)).sort()).toEqual([...FINAL_ATTEMPT_STATES].sort());
    for (const m of EXPECTED_ATTEMPT_MOVES) expect(FINAL_ATTEMPT_STATES).not.toContain(parse(m)[0]);
  });
});

describe('refund state machine', () => {
  it.each(EXPECTED_REFUND_MOVES)('%s', (move) => {
    const [from, event, to] = parse(move);
    expect(nextRefundState(from as never, event as never)).toBe(to);
  });

  it('the code knows exactly the moves listed here, no more', () => {
    expect(REFUND_TRANSITIONS.map(([f, e, t]) => `${f} --${e}--> ${t}`).sort()).toEqual([...EXPECTED_REFUND_MOVES].sort());
    const legal = new Set(EXPECTED_REFUND_MOVES.map((m) => parse(m).slice(0, 2).join(':')));
    for (const s of REFUND_STATES) for (const e of REFUND_EVENTS) if (!legal.has(`${s}:${e}`)) expect(() => nextRefundState(s, e)).toThrow(IllegalTransition);
  });

  it('the final states are refunded and refund_failed', () => {
    expect(REFUND_STATES.filter((s) => isFinalRefundState(s)).sort()).toEqual([...FINAL_REFUND_STATES].sort());
  });
});
