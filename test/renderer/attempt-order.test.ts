// Which view of one attempt a screen keeps when views arrive out of order (renderer/state/attempts.ts).
import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../app/api/views.ts';
import type { AttemptState } from '../../app/domain/attempt.ts';
import { mergeReread, supersedes, upsertAttempt } from '../../renderer/state/attempts.ts';
import { attemptView } from './support.ts';

function view(id: string, state: AttemptState, updatedAt: string, createdAt = '2026-11-25T10:00:00.000Z'): AttemptView {
  return attemptView({ paymentRequestId: id, scenario: 'OrderCode', state, amount: { minor: 4000, currency: 'AED' }, createdAt, updatedAt });
}

const t = (s: number) => `2026-11-25T10:00:${String(s).padStart(2, '0')}.000Z`;

describe('the view of a payment a screen keeps', () => {
  it('a final state is never replaced by an earlier one, however its clock reads', () => {
    expect(supersedes(view('p', 'cancelling', t(5)), view('p', 'cancelled', t(4)))).toBe(false);
    expect(supersedes(view('p', 'sent', t(9)), view('p', 'succeeded', t(4)))).toBe(false);
  });

  it('a final state always replaces a non-final one, even when the clock stepped back', () => {
    expect(supersedes(view('p', 'succeeded', t(1)), view('p', 'unknown', t(8)))).toBe(true);
  });

  it('between non-final states the later update wins, and a tie goes to the one that came last', () => {
    expect(supersedes(view('p', 'created', t(1)), view('p', 'unknown', t(2)))).toBe(false);
    expect(supersedes(view('p', 'unknown', t(2)), view('p', 'sent', t(1)))).toBe(true);
    expect(supersedes(view('p', 'sent', t(2)), view('p', 'created', t(2)))).toBe(true);
  });

  it('upsert keeps the newer view and the newest payment first', () => {
    const older = view('a', 'failed', t(3), t(0));
    const list = upsertAttempt([older], view('b', 'created', t(4), t(1)));
    expect(list.map((a) => a.paymentRequestId)).toEqual(['b', 'a']);
    expect(upsertAttempt(list, view('b', 'sent', t(5), t(1)))[0]!.state).toBe('sent');
    expect(upsertAttempt([view('b', 'cancelled', t(6), t(1))], view('b', 'cancelling', t(5), t(1)))[0]!.state).toBe('cancelled');
  });

  it('a re-read keeps a newer view that overtook it and drops what the sale no longer lists', () => {
    const onScreen = [view('b', 'succeeded', t(6), t(1)), view('x', 'created', t(2), t(0))];
    const reread = [view('b', 'sent', t(3), t(1))];
    expect(mergeReread(onScreen, reread).map((a) => [a.paymentRequestId, a.state])).toEqual([['b', 'succeeded']]);
    expect(mergeReread([view('b', 'sent', t(3), t(1))], [view('b', 'succeeded', t(6), t(1))])[0]!.state).toBe('succeeded');
  });
});
