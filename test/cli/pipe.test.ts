// `souq … | head`: the reader closes the pipe before souq has written everything.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SOUQ } from './souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-cli-pipe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('souq writing to a closed pipe', () => {
  it('souq journal piped into a reader that already stopped ends quietly with exit 0, no stack trace', async () => {
    const child = spawn(process.execPath, [SOUQ, '--data-dir', dir, 'journal'], { env: { ...process.env, SOUQ_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before souq has loaded, so every line it writes meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
