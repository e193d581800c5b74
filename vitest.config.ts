import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // The CLI the tests spawn runs compiled JavaScript: rebuilt first when a source is newer.
    // Native modules (better-sqlite3, serialport) and child processes: separate processes are safest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One printed seed for every randomized test of the run (SOUQ_TEST_SEED replays it).
    // The CLI the tests spawn runs compiled JavaScript: rebuilt first when a source is newer.
    globalSetup: ['./test/support/build-before-tests.ts', './test/support/seed-global.ts'],
  },
});
