import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // Native modules (better-sqlite3, serialport) and child processes: separate processes are safest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One printed seed for every randomized test of the run (SOUQ_TEST_SEED replays it).
    globalSetup: ['./test/support/seed-global.ts'],
  },
});
