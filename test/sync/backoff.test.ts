import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../app/sync/backoff.ts';

describe('retry back-off', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };

  it('doubles with each failure and never passes the cap', () => {
    const mid = (n: number) => backoffDelay(policy, n, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(mid)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffDelay(policy, 1_000, () => 1)).toBe(60_000);
  });

  it('spreads retries with jitter between half the step and the full step', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(4_000);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(6_000);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)));
    expect(seen.size).toBeGreaterThan(10);
    for (const d of seen) expect(d).toBeGreaterThanOrEqual(4_000);
  });
});
