// The folder a file lives in is the process it runs in (DESIGN.md). These rules make a wrong
// import fail the build instead of failing at run time inside Electron.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'url', 'util', 'events', 'worker_threads'];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'KeyboardEvent', 'requestAnimationFrame'].map((name) => ({
  name,
  message: 'app/ and native/ run on plain Node: no DOM here.',
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'dist-renderer/', 'dist-hq/', 'release/', 'test-artifacts/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'app/ is the terminal core: it never imports electron.' },
          { group: ['react', 'react-dom', 'react-dom/*', 'react/*', 'zustand', 'zustand/*'], message: 'app/ is the terminal core: it never imports the UI.' },
          { group: ['**/renderer/**', '**/electron/**', '**/native/**'], message: 'app/ must not depend on the shell, the UI or the hardware layer.' },
          { group: ['serialport', '@serialport/*'], message: 'serial hardware lives in native/.' },
        ],
      }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    // The CLI is a front end like the Electron main process (Joplin: one core, several front
    // ends): it may wire the hardware layer in, the rest of app/ may not.
    files: ['app/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'app/ is the terminal core: it never imports electron.' },
          { group: ['react', 'react-dom', 'react-dom/*', 'react/*', 'zustand', 'zustand/*'], message: 'app/ is the terminal core: it never imports the UI.' },
          { group: ['**/renderer/**', '**/electron/**'], message: 'the CLI must not depend on the shell or the UI.' },
        ],
      }],
    },
  },
  {
    // The domain and the API contract are shared with the renderer: pure code only.
    files: ['app/domain/**/*.ts', 'app/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'app/domain is pure: it runs in the renderer too.' },
          { group: ['electron', 'react', 'better-sqlite3', 'serialport', '**/store/**', '**/sync/**'], message: 'app/domain is pure domain logic.' },
        ],
      }],
    },
  },
  {
    // The HQ service is plain Node on PostgreSQL. It shares the domain, the API types and the two
    // pure pieces both ends must compute alike: the event-log hash chain and Antom's signature.
    files: ['hq/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'react', 'react-dom', 'react/*', 'zustand', 'better-sqlite3', 'serialport', '@serialport/*'], message: 'hq/ is plain Node on PostgreSQL.' },
          { group: ['**/renderer/**', '**/electron/**', '**/native/**'], message: 'hq/ runs on a server, without the till\'s shell, UI or hardware.' },
          {
            group: [
              '**/app/*', '!**/app/domain', '!**/app/api', '!**/app/store', '!**/app/acquirer',
              '**/app/store/*', '!**/app/store/events.ts',
              '**/app/acquirer/*', '!**/app/acquirer/antom', '**/app/acquirer/antom/*', '!**/app/acquirer/antom/sign.ts',
            ],
            message: 'hq/ may import app/domain, app/api, the event chain (app/store/events.ts) and the signature (app/acquirer/antom/sign.ts) only.',
          },
        ],
      }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'react/*', 'zustand', 'electron', '**/renderer/**', '**/electron/**'], message: 'native/ is the hardware layer in the main process: no UI, no shell.' },
        ],
      }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'renderer/ runs sandboxed in a browser: no Node built-ins.' },
          { group: ['better-sqlite3', 'serialport', '@serialport/*', 'electron', 'ws'], message: 'renderer/ reaches the core only through the API contract.' },
          { group: ['**/native/**', '**/electron/**'], message: 'renderer/ reaches the core only through the API contract.' },
          {
            group: ['**/app/*', '!**/app/domain', '!**/app/api'],
            message: 'renderer/ may import app/domain (pure) and the API contract types only.',
          },
        ],
      }],
    },
  },
);
