// A call's reply and the event stream travel apart (HTTP beside its WebSocket, IPC beside its event
// channel), so a view of an attempt can arrive after a newer one: the reply "cancelling" after the
// event "cancelled", a re-read begun before the payment succeeded. Applied blindly, the older view
// would leave the screen on a state the payment has already left, with no further event to fix it.
import type { AttemptView } from '../../app/api/views.ts';
import { isFinalAttemptState } from '../../app/domain/attempt.ts';

/**
 * Whether `incoming` should replace `current` (same attempt). A final state never changes again, so
 * it always wins and is never replaced by a non-final one. Between non-final views the later
 * `updatedAt` wins; a tie goes to the one that came last.
 */
export function supersedes(incoming: AttemptView, current: AttemptView): boolean {
  const finalNow = isFinalAttemptState(current.state);
  if (isFinalAttemptState(incoming.state)) return !finalNow || incoming.updatedAt >= current.updatedAt;
  if (finalNow) return false;
  return incoming.updatedAt >= current.updatedAt;
}

const newestFirst = (x: AttemptView, y: AttemptView) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : 0);

/** `list` with `a` in it, unless the list already holds a newer view of the same attempt. */
export function upsertAttempt(list: readonly AttemptView[], a: AttemptView): AttemptView[] {
  const current = list.find((x) => x.paymentRequestId === a.paymentRequestId);
  if (current && !supersedes(a, current)) return [...list];
  return [a, ...list.filter((x) => x.paymentRequestId !== a.paymentRequestId)].sort(newestFirst);
}

/**
 * A re-read's attempts for the sale, keeping any view on screen that is newer than the re-read's
 * (an event that overtook it). Attempts the re-read does not list are dropped: it is the sale's list.
 */
export function mergeReread(onScreen: readonly AttemptView[], reread: readonly AttemptView[]): AttemptView[] {
  return reread
    .map((fresh) => {
      const current = onScreen.find((x) => x.paymentRequestId === fresh.paymentRequestId);
      return current && !supersedes(fresh, current) ? current : fresh;
    })
    .sort(newestFirst);
}
