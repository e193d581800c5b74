// One seed per test run for every randomized test (fast-check properties, generated data, kill
// timings). SOUQ_TEST_SEED replays a run exactly; without it the run picks one
// (test/support/seed-global.ts) and prints it at the start, and a randomized test that fails
// prints it again with the command that replays it. A test that cannot be replayed cannot be fixed.
import { onTestFailed } from 'vitest';
import { seededRandom } from '../../app/domain/random.ts';

export const SEED_ENV = 'SOUQ_TEST_SEED';

export function parseSeed(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,10}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n <= 0xffff_ffff ? n : null;
}

/** A fresh seed (not from Math.random: the very thing this module keeps out of tests). */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** The run's seed: SOUQ_TEST_SEED, else (a file run outside the usual config) one chosen now. */
export function runSeed(): number {
  const given = parseSeed(process.env[SEED_ENV]);
  if (given !== null) return given;
  const seed = freshSeed();
  process.env[SEED_ENV] = String(seed);
  process.stdout.write(`seed: ${seed} (replay with ${SEED_ENV}=${seed})\n`);
  return seed;
}

/**
 * Each test its own stream, all from the run's seed: FNV-1a of the label mixed into it. A signed
 * 32-bit number, as fast-check prints its seed, so the two messages name the same number.
 */
export function seedFor(label: string): number {
  let h = 0x811c9dc5;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return runSeed() ^ h;
}

function sayOnFailure(label: string, seed: number): void {
  const run = runSeed();
  try {
    onTestFailed(({ task }) => {
      const file = task.file?.name ?? '';
      process.stderr.write(`\n${label} drew from seed ${seed} (run seed ${run}): replay with ${SEED_ENV}=${run} npx vitest run ${file}\n`);
    });
  } catch {
    // Outside a running test (a module-level fixture): the start of the run printed the seed.
  }
}

/** A seeded Math.random stand-in for a test: `testRandom('kill timings')()` ∈ [0, 1). */
export function testRandom(label: string): () => number {
  const seed = seedFor(label);
  sayOnFailure(label, seed);
  return seededRandom(seed);
}

/** fast-check parameters carrying the run's seed; fast-check itself prints seed and path on failure. */
export function fcParams<P extends object>(label: string, params?: P): P & { seed: number } {
  const seed = seedFor(label);
  sayOnFailure(label, seed);
  return { ...(params ?? ({} as P)), seed };
}
