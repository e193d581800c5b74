// A config file is read only when it is a regular file of a sane size: a link, a FIFO or a device
// at its path is refused in words that quote none of what it points to, and never hangs or
// swells the terminal. Real links, a real FIFO, the real /dev/zero.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importConfig, loadConfig } from '../../app/settings/config.ts';
import { SOUQ } from '../cli/souq.ts';
import { caught } from './support/caught.ts';

let dir: string;
let data: string;
const SECRET = 'root:x:0:0:TOPSECRET-shadow-line';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-config-file-'));
  data = join(dir, 'data');
  mkdirSync(data);
  writeFileSync(join(dir, 'secret.txt'), SECRET);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The real CLI, in a child with a deadline: the old reader hung forever on a FIFO and read
 * /dev/zero until memory ran out, and neither may take the test runner with it.
 */
function souqWithin(ms: number, args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [SOUQ, '--data-dir', data, ...args], {
    env: { ...process.env, SOUQ_DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((ok) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stderr, ms: Date.now() - started });
    }),
  );
}

describe.runIf(process.platform === 'linux')('config files are read only when they are plain files (Linux: real links, FIFO, /dev/zero)', () => {
  it('a config.json that is a link to another file is refused without quoting what the link points to', () => {
    symlinkSync(join(dir, 'secret.txt'), join(data, 'config.json'));
    const e = caught(() => loadConfig(data));
    expect(e.code).toBe('CONFIG_UNREADABLE');
    expect(e.message).toContain('symbolic link');
    expect(e.message).not.toMatch(/root|TOPSECRET/);
  });

  it('souq config import of a link is refused without quoting its target, and the old config stays', () => {
    writeFileSync(join(data, 'config.json'), '{"terminalId":"T09"}');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'link.json'));
    const e = caught(() => importConfig(data, join(dir, 'link.json')));
    expect(e.code).toBe('CONFIG_UNREADABLE');
    expect(e.message).not.toMatch(/root|TOPSECRET/);
    expect(readFileSync(join(data, 'config.json'), 'utf8')).toBe('{"terminalId":"T09"}');
  });

  it('a config.json that is a FIFO is refused at once with exit 3 instead of hanging the terminal', async () => {
    execFileSync('mkfifo', [join(data, 'config.json')]);
    const run = await souqWithin(5_000, ['config', 'show']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('named pipe');
  });

  it('a config.json linked to /dev/zero is refused at once with exit 3, not read until memory runs out', async () => {
    symlinkSync('/dev/zero', join(data, 'config.json'));
    const run = await souqWithin(5_000, ['config', 'show']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('symbolic link');
  });

  it('souq config import /dev/zero is refused at once with exit 3', async () => {
    const run = await souqWithin(5_000, ['config', 'import', '/dev/zero']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('a device, not a file');
    expect(existsSync(join(data, 'config.json'))).toBe(false);
  });

  it('a config file far larger than any configuration is refused by its size', () => {
    writeFileSync(join(dir, 'big.json'), `{"terminalId":"T01","pad":"${'x'.repeat(300 * 1024)}"}`);
    const e = caught(() => importConfig(data, join(dir, 'big.json')));
    expect(e.code).toBe('CONFIG_UNREADABLE');
    expect(e.message).toMatch(/larger than 256 KiB/);
  });

  it('a config.json that is not JSON is refused by line and column, without quoting its text (it may hold a key)', () => {
    writeFileSync(join(data, 'config.json'), 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ');
    const e = caught(() => loadConfig(data));
    expect(e.code).toBe('CONFIG_NOT_JSON');
    expect(e.message).not.toContain('MIIEv');
    writeFileSync(join(data, 'config.json'), '{\n  "terminalId": "T01",\n  "note": "MIIEvQIBADANBgkq",\n}');
    const at = caught(() => loadConfig(data));
    expect(at.message).toContain('line 4, column 1');
    expect(at.message).not.toContain('MIIEv');
  });
});
