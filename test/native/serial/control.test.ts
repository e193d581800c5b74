import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createScannerControl } from '../../../native/serial/control.ts';
import { scannerApi, type ScannerMonitorEvent } from '../../../app/api/scanner.ts';
import type { ScannerControl } from '../../../app/api/scanner.ts';
import { openWriter, ptyDir, startPty, stopAllPtys, until } from '../support/pty.ts';

const ALIPAY = '281012345678902345';
const EAN8 = '96385074';
const controls: ScannerControl[] = [];

afterEach(async () => {
  await Promise.all(controls.splice(0).map((c) => c.close()));
  await stopAllPtys();
});

function control(): ScannerControl {
  const c = createScannerControl();
  controls.push(c);
  return c;
}

const parse = (input: unknown) => scannerApi['scanner.configure'].input.parse(input);

describe('scanner control for the installer screen', () => {
  it('configures a scanner, lists it connected, and confirms the settings with a test scan (wallet code masked)', async () => {
    const pty = await startPty(ptyDir());
    const c = control();
    let connected = false;
    c.onMonitorEvent((e) => (connected ||= e.kind === 'status' && e.state === 'connected'));
    const configured = await c.configure(parse({ id: 'till-1', path: pty.a, baudRate: 9600 }));
    // The save answers once the port has opened: a working scanner is never reported "disconnected".
    expect(configured).toMatchObject({ id: 'till-1', state: 'connected', settings: { path: pty.a, baudRate: 9600, suffix: 'cr' } });
    await until(() => connected, 'connected');
    expect((await c.list()).scanners).toEqual([expect.objectContaining({ id: 'till-1', state: 'connected' })]);

    const test = c.testScan('till-1', 10_000);
    const w = await openWriter(pty.b);
    await w.write(`${ALIPAY}\r`);
    const seen = await test;
    expect(seen).toEqual({ scannerId: 'till-1', text: '2810…2345', classification: { kind: 'wallet', family: 'alipay', codeMasked: '2810…2345' }, unreadableBytes: 0 });
    expect(JSON.stringify(seen)).not.toContain(ALIPAY);
  });

  it('streams raw bytes only while the monitor is on, and always states and scans', async () => {
    const pty = await startPty(ptyDir());
    const c = control();
    const events: ScannerMonitorEvent[] = [];
    const scans: string[] = [];
    c.onMonitorEvent((e) => events.push(e));
    c.onScan((s) => scans.push(s.text));
    await c.configure(parse({ id: 'back', path: pty.a }));
    await until(() => events.some((e) => e.kind === 'status' && e.state === 'connected'), 'connected');
    const w = await openWriter(pty.b);
    await w.write(`${EAN8}\r`);
    await until(() => events.some((e) => e.kind === 'scan'), 'first scan');
    expect(events.filter((e) => e.kind === 'raw')).toEqual([]);

    c.monitor('back', true);
    await w.write(`${ALIPAY}\r`);
    await w.write(Buffer.from([0x80, 0xff, 0x0d]));
    await until(() => events.filter((e) => e.kind === 'scan').length === 3, 'all scans');
    const raw = events.filter((e) => e.kind === 'raw').map((e) => (e.kind === 'raw' ? e.text : '')).join('');
    expect(raw).toContain('2810');
    expect(raw).not.toContain(ALIPAY.slice(4, 12));
    // the cashier path gets clean scans in full, never the noise
    expect(scans).toEqual([EAN8, ALIPAY]);
    // the noise is shown as unknown with its rejection code, so the screen can word it in Arabic too
    expect(events.filter((e) => e.kind === 'scan').at(-1)).toMatchObject({ classification: { kind: 'unknown', reason: expect.any(String), rejection: expect.stringMatching(/^[A-Z_]+$/) } });
  });

  it('a test scan after stray bytes shows the clean scan and says how many stray bytes were dropped', async () => {
    const pty = await startPty(ptyDir());
    const c = control();
    const events: ScannerMonitorEvent[] = [];
    c.onMonitorEvent((e) => events.push(e));
    await c.configure(parse({ id: 'till-2', path: pty.a, suffix: 'cr' }));
    const test = c.testScan('till-2', 15_000);
    const w = await openWriter(pty.b);
    await w.write('garb');
    await new Promise((r) => setTimeout(r, 2_000));
    await w.write(`${EAN8}\r`);
    expect(await test).toEqual({ scannerId: 'till-2', text: EAN8, classification: { kind: 'product', symbology: 'EAN-8', code: EAN8 }, unreadableBytes: 0, droppedBytes: 4 });
    // the live monitor shows the drop as it happens
    expect(events.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.code)).toEqual(['SCAN_INCOMPLETE']);
  });

  it('a test scan that never comes ends with words, not a hang', async () => {
    const pty = await startPty(ptyDir());
    const c = control();
    await c.configure(parse({ id: 'quiet', path: pty.a }));
    await expect(c.testScan('quiet', 200)).rejects.toMatchObject({ code: 'SCAN_TIMEOUT', message: expect.stringMatching(/No scan arrived from quiet/) });
    await expect(c.testScan('nobody', 200)).rejects.toMatchObject({ code: 'SCANNER_UNKNOWN' });
  });

  it('saves a scanner whose port is not there yet, answering that it is not connected', async () => {
    const c = control();
    const saved = await c.configure(parse({ id: 'later', path: join(ptyDir(), 'unplugged') }));
    expect(saved.state).not.toBe('connected');
    expect((await c.list()).scanners.map((s) => s.id)).toEqual(['later']);
  });

  it('reconfigures in place and removes a scanner', async () => {
    const pty = await startPty(ptyDir());
    const c = control();
    await c.configure(parse({ id: 'x', path: pty.a }));
    const changed = await c.configure(parse({ id: 'x', path: pty.a, suffix: 'tab', aim: true }));
    expect(changed.settings).toMatchObject({ suffix: 'tab', aim: true });
    expect((await c.list()).scanners.map((s) => s.id)).toEqual(['x']);
    await c.remove('x');
    expect((await c.list()).scanners).toEqual([]);
  });

  it('the contract refuses wrong settings with the reason, before any port is touched', () => {
    const r = scannerApi['scanner.configure'].input.safeParse({ path: '/dev/ttyUSB0', baudRate: 96000, suffix: 'cr+lf' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(' ')).toMatch(/96000 is not a standard baud rate.*suffix must be one of cr, lf, crlf, tab, none/);
    expect(scannerApi['scanner.testScan'].input.parse({ id: 'a' })).toEqual({ id: 'a', timeoutMs: 20_000 });
  });
});
