// Every bench figure that is a percentile comes from one helper (test/bench/stats.ts), so a p99 in
// one group means what it means in another, and it is always a sample that was measured.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { median, percentile } from '../bench/stats.ts';

const BENCH = fileURLToPath(new URL('../bench', import.meta.url));

function benchFiles(dir = BENCH): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? benchFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('bench percentiles', () => {
  it('p99 of 200 scans leaves out the two slowest, never interpolates', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1, unsorted on purpose
    expect(percentile(samples, 99)).toBe(198);
    expect(percentile(samples, 100)).toBe(200);
    expect(median(samples)).toBe(100);
  });

  it('of 12 samples, p99 is the slowest: too few samples for a p99 to be anything but the maximum', () => {
    expect(percentile([5, 9, 1, 3, 7, 2, 8, 4, 6, 10, 12, 11], 99)).toBe(12);
  });

  it('refuses to make a figure out of no samples', () => {
    expect(() => percentile([], 99)).toThrow(/no samples/);
  });

  it('no bench file sorts samples for a percentile or median of its own', () => {
    const own = benchFiles()
      .filter((f) => !f.endsWith('stats.ts'))
      .filter((f) => /function (percentile|median|quantile)\b|const (percentile|median|quantile)\s*=/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(BENCH, f));
    expect(own).toEqual([]);
  });
});
