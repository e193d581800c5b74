import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATES, ATTEMPT_EVENTS, ATTEMPT_TRANSITIONS, IllegalTransition, nextAttemptState, isFinalAttemptState } from '../../app/domain/attempt.ts';

describe('payment attempt state machine', () => {
  it('follows every row of the transition table', () => {
    for (const [from, event, to] of ATTEMPT_TRANSITIONS) expect(nextAttemptState(from, event)).toBe(to);
  });

  it('refuses every move that is not in the table, naming both states', () => {
    const legal = new Set(ATTEMPT_TRANSITIONS.map(([f, e]) => `${f}:${e}`));
    let refused = 0;
    for (const s of ATTEMPT_STATES) {
      for (const e of ATTEMPT_EVENTS) {
        if (legal.has(`${s}:${e}`)) continue;
        expect(() => nextAttemptState(s, e)).toThrow(IllegalTransition);
        expect(() => nextAttemptState(s, e)).toThrow(new RegExp(`"${e}".*"${s}"`));
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });

  it('never leaves a final state', () => {
    for (const [from] of ATTEMPT_TRANSITIONS) expect(isFinalAttemptState(from)).toBe(false);
  });

  it('reaches only known states', () => {
    for (const [, , to] of ATTEMPT_TRANSITIONS) expect(ATTEMPT_STATES).toContain(to);
  });
});
