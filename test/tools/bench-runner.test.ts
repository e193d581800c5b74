// `npm run bench` (test/bench/main.ts) as a person types it: a wrong option is told in words with the usage, not a stack.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) =>
  spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url)), fileURLToPath(new URL('../bench/main.ts', import.meta.url)), ...args], { encoding: 'utf8' });

describe('npm run bench', () => {
  it('a mistyped option exits 2 naming it and the groups, without a stack trace and without running anything', () => {
    const r = run(['--jsn']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--jsn'");
    expect(r.stderr).toMatch(/Usage: npm run bench .*groups: .*journal/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stdout).toBe('');
  });
});
