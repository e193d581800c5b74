// The one percentile every bench figure uses: nearest rank (the smallest sample with at least p %
// of the samples at or below it), so a p99 is a sample that was measured, never an interpolation.
// No samples is an error, not a NaN figure that looks like a measurement.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error(`percentile ${p} of no samples: the bench measured nothing`);
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);
