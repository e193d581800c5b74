// Randomized tests replay from one number: the run's seed (test/support/seed.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_ENV, parseSeed, seedFor, testRandom } from '../support/seed.ts';

const before = process.env[SEED_ENV];
afterEach(() => {
  process.env[SEED_ENV] = before;
});

describe('test seeds', () => {
  it('the same SOUQ_TEST_SEED gives the same draws, and another seed other draws', () => {
    const draws = (seed: string) => {
      process.env[SEED_ENV] = seed;
      const random = testRandom('draws');
      return [random(), random(), random(), random(), random()];
    };
    expect(draws('42')).toEqual(draws('42'));
    expect(draws('43')).not.toEqual(draws('42'));
  });

  it('two tests of one run draw different streams from the run seed', () => {
    process.env[SEED_ENV] = '42';
    expect(seedFor('kill timings')).not.toBe(seedFor('random barcodes'));
    expect(seedFor('kill timings')).toBe(seedFor('kill timings'));
  });

  it('only a whole number that fits 32 bits is a seed', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed(' 4294967295 ')).toBe(4294967295);
    expect(parseSeed('4294967296')).toBeNull();
    expect(parseSeed('-1')).toBeNull();
    expect(parseSeed('abc')).toBeNull();
    expect(parseSeed(undefined)).toBeNull();
  });
});
