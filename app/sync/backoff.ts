// Exponential back-off with "equal jitter": half the delay is fixed, half random, so retries of
// many journal entries after an outage spread out instead of arriving in one burst, yet none waits
// much less than its step.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures, 30)));
  return Math.round(exp / 2 + (exp / 2) * random());
}
