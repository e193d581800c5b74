// Prints the plain closing line ("tests: N passed, N failed, N skipped") that CI tooling reads.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    // The seed again, where a person reading a failed run looks last (test/support/seed.ts).
    if (failed > 0 && process.env.SOUQ_TEST_SEED) process.stdout.write(`\nseed: ${process.env.SOUQ_TEST_SEED} (replay with SOUQ_TEST_SEED=${process.env.SOUQ_TEST_SEED})\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
