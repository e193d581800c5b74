// The folder a file lives in is the process it runs in (DESIGN.md). The process-borders rule makes
// a wrong import fail the build instead of failing at run time inside Electron. It is one rule for
// every file, judged by where each import lands, so no later config block can quietly replace it
// for a sub-folder (the hole the old per-folder `no-restricted-imports` blocks had).
import tseslint from 'typescript-eslint';
import processBorders from './eslint-rules/process-borders.js';
import oneWayToWrite from './eslint-rules/one-way-to-write.js';

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'KeyboardEvent', 'requestAnimationFrame'].map((name) => ({
  name,
  message: 'app/ and native/ run on plain Node: no DOM here.',
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'dist-hq/', 'release/', 'test-artifacts/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { souq: { rules: { 'process-borders': processBorders, 'one-way-to-write': oneWayToWrite } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'souq/process-borders': 'error',
      'souq/one-way-to-write': 'error',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'native/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    // A randomized test that fails must be replayable: every draw comes from the run's printed seed.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Tests draw from the run seed: use testRandom(label) from test/support/seed.ts, so a failure can be replayed.' }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.object.name='fc'][callee.property.name=/^(assert|check|sample|statistics)$/]:not([arguments.1.callee.name='fcParams'])",
        message: "Give fast-check the run's seed: fc.assert(property, fcParams('what it draws', { numRuns })) from test/support/seed.ts.",
      }],
    },
  },
);
