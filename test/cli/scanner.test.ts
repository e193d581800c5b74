import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noStack, SOUQ, souq, type SouqRun } from './souq.ts';
import { ptyDir, startPty, stopAllPtys, until } from '../native/support/pty.ts';

const EAN13 = '4006381333931';
const ALIPAY = '281012345678902345';

const dirs: string[] = [];
const children: (Promise<SouqRun> & { child: { kill(sig?: NodeJS.Signals): boolean; exitCode: number | null } })[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await c.catch(() => undefined);
  }
  await stopAllPtys();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'souq-cli-scanner-'));
  dirs.push(d);
  return d;
}

/** Starts a long-running souq and exposes its stdout lines as they arrive. */
function live(args: string[]) {
  const run = souq(dataDir(), args);
  children.push(run);
  let out = '';
  run.child.stdout!.on('data', (d: Buffer | string) => (out += String(d)));
  const lines = () => out.split('\n').filter(Boolean);
  return { run, lines, json: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('souq scanner monitor and simulate', () => {
  it('monitor --json prints one object per event: state, classified scans with codes masked; SIGTERM ends it cleanly', async () => {
    const pty = await startPty(ptyDir());
    const m = live(['scanner', 'monitor', pty.a, '--json']);
    await until(() => m.json().some((e) => e.state === 'connected'), 'connected', 30_000);

    const wallet = await souq(dataDir(), ['scanner', 'simulate', pty.b, '--code', ALIPAY, '--chunk', '3', '--delay-ms', '5']);
    expect(wallet.code).toBe(0);
    expect(wallet.stdout).toContain('2810…2345');
    expect(wallet.stdout).not.toContain(ALIPAY);
    await souq(dataDir(), ['scanner', 'simulate', pty.b, '--code', EAN13, '--suffix', 'cr']);
    await souq(dataDir(), ['scanner', 'simulate', pty.b, '--code', '12345']);
    await until(() => m.json().filter((e) => e.type === 'scan').length === 3, 'three scans', 30_000);

    m.run.child.kill('SIGTERM');
    const done = await m.run;
    expect(done.code).toBe(0);
    expect(noStack(done)).toBe(true);
    expect(done.stdout).not.toContain(ALIPAY);
    const events = m.json();
    expect(events[0]).toEqual({ type: 'status', state: 'connected' });
    expect(events.filter((e) => e.type === 'scan')).toEqual([
      { type: 'scan', text: '2810…2345', kind: 'wallet' },
      { type: 'scan', text: EAN13, kind: 'product' },
      { type: 'scan', text: '12345', kind: 'unknown', reason: expect.stringMatching(/5 digits/) },
    ]);
    expect(events.at(-1)).toEqual({ type: 'status', state: 'disconnected' }); // the port closed on the way out
    for (const e of events) expect(Object.keys(e)[0]).toBe('type');
  });

  it('monitor --json reports an unplug and the reconnection, then the next scan', async () => {
    const dir = ptyDir();
    let pty = await startPty(dir);
    const m = live(['scanner', 'monitor', pty.a, '--json', '--suffix', 'crlf']);
    await until(() => m.json().some((e) => e.state === 'connected'), 'connected', 30_000);
    await pty.stop();
    await until(() => m.json().some((e) => e.state === 'reconnecting'), 'reconnecting', 30_000);
    pty = await startPty(dir);
    await until(() => m.json().filter((e) => e.state === 'connected').length === 2, 'connected again', 30_000);
    await souq(dataDir(), ['scanner', 'simulate', pty.b, '--code', EAN13, '--suffix', 'crlf', '--chunk', '1']);
    await until(() => m.json().some((e) => e.type === 'scan'), 'the scan', 30_000);
    m.run.child.kill('SIGINT');
    expect((await m.run).code).toBe(0);
    expect(m.json().filter((e) => e.type === 'status').map((e) => e.state)).toEqual(['connected', 'disconnected', 'reconnecting', 'connected', 'disconnected']);
    expect(m.json().filter((e) => e.type === 'scan')).toEqual([{ type: 'scan', text: EAN13, kind: 'product' }]);
  });

  it('the human monitor shows bytes and scans but never a whole payment code', async () => {
    const pty = await startPty(ptyDir());
    const m = live(['scanner', 'monitor', pty.a]);
    await until(() => m.lines().some((l) => /connected/.test(l)), 'connected', 30_000);
    await souq(dataDir(), ['scanner', 'simulate', pty.b, '--code', ALIPAY, '--chunk', '4', '--delay-ms', '5']);
    await until(() => m.lines().some((l) => /SCAN/.test(l)), 'the scan', 30_000);
    m.run.child.kill('SIGINT');
    const done = await m.run;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/SCAN\s+wallet \(alipay\)\s+2810…2345/);
    expect(done.stdout).toMatch(/bytes\s+32 38 31 30/);
    expect(done.stdout).not.toMatch(/\d{5}/);
  });

  it('monitor refuses a wrong setting with words and exit 2, before touching a port', async () => {
    const run = await souq(dataDir(), ['scanner', 'monitor', '/dev/ttyUSB0', '--baud', '96000', '--parity', 'evn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/96000 is not a standard baud rate/);
    expect(run.stderr).toMatch(/parity must be one of none, even, odd/);
    expect(noStack(run)).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('a user without access to the port is told to join the dialout group (needs root to run souq as another user)', async () => {
    const pty = await startPty(ptyDir()); // the pty belongs to root, mode 0600
    // run as nobody, which is not in the dialout group (souq() cannot set a uid)
    const data = dataDir();
    chmodSync(data, 0o777);
    const child = spawn(process.execPath, [SOUQ, '--data-dir', data, 'scanner', 'monitor', pty.a, '--json'], { uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: tmpdir() } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => out.includes('"reconnecting"'), 'the permission error', 30_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(JSON.parse(out.split('\n')[0]!)).toEqual({
      type: 'error',
      message: `Permission denied on port ${pty.a}: add the user to the dialout group (sudo usermod -aG dialout USER), then log out and in again`,
    });
  });

  it('simulate to a port that does not exist says so', async () => {
    const run = await souq(dataDir(), ['scanner', 'simulate', '/dev/ttyUSB99', '--code', EAN13]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No such port \/dev\/ttyUSB99/);
    expect(noStack(run)).toBe(true);
  });

  it('simulate refuses a code that is not digits', async () => {
    const run = await souq(dataDir(), ['scanner', 'simulate', '/dev/ttyUSB0', '--code', '12ab']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--code must be 1 to 512 digits/);
  });
});

describe('souq scanner list', () => {
  it('lists ports as JSON without crashing when udevadm is not installed', async () => {
    const bin = join(dataDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = await souq(dataDir(), ['scanner', 'list', '--json'], { env: { PATH: bin } });
    expect(run.code).toBe(0);
    const found = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ports: { path: string }[]; method: string; warning: string };
    expect(found.method).toBe('files');
    expect(found.warning).toMatch(/udevadm is not installed/);
    for (const p of found.ports) expect(p.path).toMatch(/^\/dev\/tty(USB|ACM)\d+$/);
  });

  it('prints a table, or says how to find a scanner when there is none', async () => {
    const run = await souq(dataDir(), ['scanner', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PORT\s+DEVICE|^No serial ports found/);
  });
});
