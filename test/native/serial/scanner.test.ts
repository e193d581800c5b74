import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner, describePortError, type ScannerEvent } from '../../../native/serial/scanner.ts';
import { ScannerService } from '../../../native/serial/service.ts';
import { ScannerError } from '../../../native/serial/settings.ts';
import { openWriter, ptyDir, startPty, stopAllPtys, until } from '../support/pty.ts';
import { testRandom } from '../../support/seed.ts';

// Valid codes: an EAN-13 and an EAN-8 with correct check digits, an Alipay code (starts 28, 18 digits).
const EAN13 = '4006381333931';
const EAN8 = '96385074';
const ALIPAY = '281012345678902345';

const scanners: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(scanners.splice(0).map((s) => s.close()));
  await stopAllPtys();
});

function watch(scanner: { on(e: 'event', cb: (ev: ScannerEvent) => void): unknown }) {
  const events: ScannerEvent[] = [];
  scanner.on('event', (ev) => events.push(ev));
  const of = <T extends ScannerEvent['type']>(type: T) => events.filter((e): e is Extract<ScannerEvent, { type: T }> => e.type === type);
  return {
    events,
    scans: () => of('scan'),
    errors: () => of('error'),
    states: () => of('status').map((e) => e.state),
    until: (what: string, cond: () => boolean) => until(cond, what),
  };
}

async function started(settings: Record<string, unknown>) {
  const scanner = new SerialScanner({ reconnectMinMs: 50, reconnectMaxMs: 200, ...settings });
  scanners.push(scanner);
  const w = watch(scanner);
  scanner.start();
  await scanner.whenConnected(10_000);
  return { scanner, ...w };
}

describe('serial scanner on a real pseudo-terminal', () => {
  it('puts a scan sent in many small pieces back together', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a });
    const w = await openWriter(pty.b);
    for (const ch of `${ALIPAY}\r`) {
      await w.write(ch);
      await new Promise((r) => setTimeout(r, 5));
    }
    await s.until('the scan', () => s.scans().length === 1);
    const scan = s.scans()[0]!;
    expect(scan.text).toBe(ALIPAY);
    expect(scan.classification.kind).toBe('wallet');
    expect(scan.display).toBe('2810…2345');
    expect(s.events.filter((e) => e.type === 'raw').length).toBeGreaterThan(1);
    // the live monitor's raw view never carries the whole code
    const rawText = s.events.map((e) => (e.type === 'raw' ? e.text : '')).join('');
    expect(rawText).not.toContain(ALIPAY.slice(4));
  });

  it('reports random garbage and NUL bytes as unreadable scans and keeps reading', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a });
    const w = await openWriter(pty.b);
    const random = testRandom('serial garbage');
    const garbage = Buffer.from(Array.from({ length: 300 }, () => Math.floor(random() * 256))).map((b) => (b === 0x0d ? 0x00 : b));
    garbage[0] = 0x41; // a printable first byte, so the frame is not all edge filler
    garbage[10] = 0x00;
    garbage[11] = 0xff;
    await w.write(garbage);
    await w.write(`\r${EAN13}\r`);
    await s.until('the product scan', () => s.scans().some((e) => e.classification.kind === 'product'));
    const [noise, product] = s.scans();
    expect(noise!.classification.kind).toBe('unknown');
    expect(noise!.unreadableBytes).toBeGreaterThan(0);
    expect(product!.text).toBe(EAN13);
    expect(s.scanner.status).toBe('connected');
  });

  it('cuts a 10 KB line with no end-of-scan, says so once, and reads the next scan', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a, maxFrameBytes: 512 });
    const w = await openWriter(pty.b);
    await w.write('7'.repeat(10 * 1024));
    await s.until('the overflow report', () => s.errors().length > 0);
    await w.write(`\r${EAN8}\r`);
    await s.until('the next scan', () => s.scans().length > 0);
    expect(s.errors().map((e) => e.code)).toEqual(['SCAN_TOO_LONG']);
    expect(s.errors()[0]!.message).toMatch(/More than 512 bytes .* suffix setting/);
    expect(s.scans().map((e) => e.text)).toEqual([EAN8]);
  });

  it('keeps scans apart from the noise between them', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a });
    const w = await openWriter(pty.b);
    await w.write(`${EAN13}\r`);
    await w.write(Buffer.from([0x00, 0x1b, 0x5b, 0x7e, 0x01, 0x0d]));
    await w.write(`\n\n${ALIPAY}\r`);
    await s.until('three frames', () => s.scans().length === 3);
    expect(s.scans().map((e) => e.classification.kind)).toEqual(['product', 'unknown', 'wallet']);
  });

  it('drops half a scan that never gets its suffix when a silence time is set, and says why', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a, silenceMs: 100 });
    const w = await openWriter(pty.b);
    await w.write('2810');
    await s.until('the incomplete report', () => s.errors().length === 1);
    expect(s.errors()[0]).toMatchObject({ code: 'SCAN_INCOMPLETE', message: expect.stringMatching(/without an end-of-scan \(CR\)/) });
    await w.write(`${EAN8}\r`);
    await s.until('the next scan', () => s.scans().length === 1);
    expect(s.scans()[0]!.text).toBe(EAN8);
  });

  it('stray bytes with no suffix, then a good EAN-8 two seconds later: the EAN-8 is read alone and the stray bytes are reported as dropped', async () => {
    const pty = await startPty(ptyDir());
    // Default settings (suffix CR, no silence set): what an installer gets without touching anything.
    const s = await started({ path: pty.a });
    const w = await openWriter(pty.b);
    await w.write('garb');
    await new Promise((r) => setTimeout(r, 2_000));
    await w.write(`${EAN8}\r`);
    await s.until('the EAN-8', () => s.scans().length === 1);
    expect(s.scans().map((e) => [e.text, e.classification.kind])).toEqual([[EAN8, 'product']]);
    expect(s.errors()).toEqual([expect.objectContaining({ code: 'SCAN_INCOMPLETE', message: expect.stringMatching(/^4 bytes arrived without an end-of-scan \(CR\) .*dropped/) })]);
  });

  it('a CR LF scanner set to CR leaves only an LF behind: it is dropped without a report', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a, silenceMs: 50 });
    const w = await openWriter(pty.b);
    await w.write(`${EAN8}\r\n`);
    await s.until('the scan', () => s.scans().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    await w.write(`${EAN13}\r\n`);
    await s.until('the second scan', () => s.scans().length === 2);
    expect(s.scans().map((e) => e.text)).toEqual([EAN8, EAN13]);
    expect(s.errors()).toEqual([]);
  });

  it('frames by silence when the scanner sends no suffix', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a, suffix: 'none', silenceMs: 40 });
    const w = await openWriter(pty.b);
    await w.write(EAN13);
    await s.until('the scan', () => s.scans().length === 1);
    await w.write(EAN8);
    await s.until('the second scan', () => s.scans().length === 2);
    expect(s.scans().map((e) => e.text)).toEqual([EAN13, EAN8]);
  });

  it('shows bytes mangled by a wrong baud rate as an unreadable scan that names the baud rate', async () => {
    const pty = await startPty(ptyDir());
    const s = await started({ path: pty.a, baudRate: 115200 });
    const w = await openWriter(pty.b);
    // what "4006" at 9600 baud looks like to a port set to 115200: mostly high bytes and zeros
    await w.write(Buffer.from([0x80, 0xf8, 0x00, 0x78, 0xe0, 0xfe, 0x80, 0x0d]));
    await s.until('the scan', () => s.scans().length === 1);
    const c = s.scans()[0]!.classification;
    expect(c.kind).toBe('unknown');
    expect(c.kind === 'unknown' && c.reason).toMatch(/baud rate/);
    expect(s.scanner.status).toBe('connected');
  });

  it('refuses a mistyped baud rate before touching the port, listing the standard ones', () => {
    expect(() => new SerialScanner({ path: '/dev/ttyUSB0', baudRate: 96000 })).toThrow(ScannerError);
    expect(() => new SerialScanner({ path: '/dev/ttyUSB0', baudRate: 96000 })).toThrow(/96000 is not a standard baud rate: use one of .*9600/);
    expect(() => new SerialScanner({ path: '/dev/ttyUSB0', parity: 'evn', stopBits: 3 })).toThrow(/parity must be one of none, even, odd.*stopBits must be 1 or 2/);
    expect(() => new SerialScanner({ path: '', baud: 9600 })).toThrow(/path is empty.*unknown setting baud/);
  });

  it('says a port is busy when another program holds it', async () => {
    const pty = await startPty(ptyDir());
    await started({ path: pty.a });
    const second = new SerialScanner({ path: pty.a, reconnectMinMs: 50 });
    scanners.push(second);
    const w = watch(second);
    second.start();
    await w.until('the busy error', () => w.errors().length > 0);
    expect(w.errors()[0]!.message).toBe(`Port ${pty.a} is busy: close the other program using it`);
    expect(second.status).toBe('reconnecting');
  });

  it('waits for a scanner that is not plugged in yet and connects when it appears', async () => {
    const dir = ptyDir();
    const s = new SerialScanner({ path: `${dir}/scanner-a`, reconnectMinMs: 50, reconnectMaxMs: 100 });
    scanners.push(s);
    const w = watch(s);
    s.start();
    await w.until('the missing-port error', () => w.errors().length > 0);
    expect(w.errors()[0]).toMatchObject({ code: 'PORT_NOT_FOUND', message: expect.stringMatching(/^No such port .*scanner-a/) });
    const pty = await startPty(dir);
    await s.whenConnected(10_000);
    const wr = await openWriter(pty.b);
    await wr.write(`${EAN8}\r`);
    await w.until('the scan', () => w.scans().length === 1);
    expect(w.errors()).toHaveLength(1); // reported once, not at every poll
  });

  it('survives being unplugged and plugged back: reports the states and reads the next scan', async () => {
    const dir = ptyDir();
    let pty = await startPty(dir);
    const s = await started({ path: pty.a });
    let w = await openWriter(pty.b);
    // a whole scan and the start of another are on the wire when the cable is pulled
    await w.write(`${EAN13}\r2810`);
    await s.until('all bytes read', () => s.events.reduce((n, e) => n + (e.type === 'raw' ? e.length : 0), 0) === EAN13.length + 5);
    await w.close();
    await pty.stop();
    await s.until('the reconnecting state', () => s.states().includes('reconnecting'));
    expect(s.scans().map((e) => e.text)).toEqual([EAN13]);
    expect(s.errors().map((e) => e.code)).toEqual(['SCAN_INCOMPLETE']);
    expect(s.errors()[0]!.message).toMatch(/cut off by the disconnection \(4 bytes/);

    pty = await startPty(dir);
    await s.until('connected again', () => s.states().filter((x) => x === 'connected').length === 2);
    expect(s.states()).toEqual(['connected', 'disconnected', 'reconnecting', 'connected']);
    w = await openWriter(pty.b);
    await w.write(`${ALIPAY}\r`);
    await s.until('the scan after replug', () => s.scans().length === 2);
    expect(s.scans()[1]!.classification.kind).toBe('wallet');
  });
});

describe('serial scanner unplugged at once', () => {
  it('notices an unplug that comes right after connecting, every time', async () => {
    // A tty hung up before the first read returns 0 bytes forever instead of an error; serialport
    // alone then never reports the close. Repeat to hit both orders of "first read" and "hang-up".
    const dir = ptyDir();
    let pty = await startPty(dir);
    const s = await started({ path: pty.a });
    for (let round = 1; round <= 3; round++) {
      await pty.stop();
      await s.until(`reconnecting (round ${round})`, () => s.states().filter((x) => x === 'reconnecting').length === round);
      pty = await startPty(dir);
      await s.until(`connected again (round ${round})`, () => s.states().filter((x) => x === 'connected').length === round + 1);
    }
    const w = await openWriter(pty.b);
    await w.write(`${EAN8}\r`);
    await s.until('the scan', () => s.scans().length === 1);
  });
});

describe('scanner service with several scanners', () => {
  it('reads two scanners with their own settings into one stream, each scan named by its scanner', async () => {
    const dir = ptyDir();
    const front = await startPty(dir, 'front');
    const back = await startPty(dir, 'back');
    const service = new ScannerService();
    scanners.push(service);
    const w = watch(service);
    service.add({ id: 'front', path: front.a, suffix: 'cr' });
    service.add({ id: 'back', path: back.a, suffix: 'tab', aim: true, baudRate: 115200 });
    await Promise.all([service.get('front')!.whenConnected(10_000), service.get('back')!.whenConnected(10_000)]);
    const wf = await openWriter(front.b);
    const wb = await openWriter(back.b);
    await wf.write(EAN13.slice(0, 6));
    await wb.write(`]E4${EAN8}\t`);
    await wf.write(`${EAN13.slice(6)}\r`);
    await w.until('both scans', () => w.scans().length === 2);
    const byId = Object.fromEntries(w.scans().map((e) => [e.scannerId, e]));
    expect(byId.front).toMatchObject({ text: EAN13, classification: { kind: 'product', symbology: 'EAN-13' } });
    expect(byId.back).toMatchObject({ text: EAN8, aimId: ']E4', symbology: 'EAN-8' });
    expect(service.list().map((x) => [x.id, x.status])).toEqual([
      ['front', 'connected'],
      ['back', 'connected'],
    ]);
  });

  it('refuses a second scanner on the same port and keeps the first running', async () => {
    const pty = await startPty(ptyDir());
    const service = new ScannerService();
    scanners.push(service);
    service.add({ id: 'one', path: pty.a });
    expect(() => service.add({ id: 'two', path: pty.a })).toThrow(/already used by scanner one/);
    expect(() => service.add({ path: pty.b, baudRate: 1 })).toThrow(/not a standard baud rate/);
    await service.get('one')!.whenConnected(10_000);
    expect(service.list().map((x) => x.id)).toEqual(['one']);
  });

  it('changes a scanner\'s settings by reopening it, and leaves it alone when the new settings are wrong', async () => {
    const pty = await startPty(ptyDir());
    const service = new ScannerService();
    scanners.push(service);
    const w = watch(service);
    service.add({ id: 'one', path: pty.a });
    await service.get('one')!.whenConnected(10_000);
    await expect(service.configure('one', { path: pty.a, parity: 'bad' })).rejects.toThrow(/parity/);
    expect(service.get('one')!.status).toBe('connected');
    await service.configure('one', { path: pty.a, suffix: 'tab' });
    await service.get('one')!.whenConnected(10_000);
    const wr = await openWriter(pty.b);
    await wr.write(`${EAN8}\t`);
    await w.until('the tab-ended scan', () => w.scans().length === 1);
    expect(service.get('one')!.settings.suffix).toBe('tab');
  });
});

describe('port errors in installer words', () => {
  it('maps what the OS says to what an installer can do', () => {
    const p = '/dev/ttyUSB0';
    expect(describePortError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), p).message).toMatch(/add the user to the dialout group/);
    expect(describePortError(new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'), p)).toMatchObject({ code: 'PORT_NOT_FOUND' });
    expect(describePortError(new Error('Error Resource temporarily unavailable Cannot lock port'), p).message).toBe('Port /dev/ttyUSB0 is busy: close the other program using it');
    expect(describePortError(new Error('Invalid parity setting 2'), p)).toMatchObject({ code: 'PORT_SETTINGS' });
    expect(describePortError(new Error('Opening COM3: Access denied'), 'COM3').message).toBe('Port COM3 is busy: close the other program using it');
    expect(describePortError(new Error('Opening COM7: File not found'), 'COM7')).toMatchObject({ code: 'PORT_NOT_FOUND' });
    expect(describePortError(new Error('Error: Inappropriate ioctl for device, cannot open /dev/null'), p)).toMatchObject({ code: 'PORT_NOT_SERIAL' });
  });
});
