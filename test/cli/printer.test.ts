// `souq printer …` and `souq drawer open` as an installer or a manager types them, run as the real
// CLI process against a virtual printer on a loopback TCP port (a network printer on 9100).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJson, noStack, souq } from './souq.ts';
import { startTcpPrinter, PAPER_OUT, type VirtualPrinter } from '../native/support/virtual-printer.ts';
import { printedText } from '../native/support/escpos.ts';
import { openDb } from '../../app/store/db.ts';
import { dataPaths } from '../../app/settings/paths.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souq-cli-printer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function printer(...a: Parameters<typeof startTcpPrinter>): Promise<VirtualPrinter> {
  const p = await startTcpPrinter(...a);
  cleanups.push(() => p.close());
  return p;
}

describe('souq printer', () => {
  it('printer test --device HOST:PORT --width 58 prints the store header, Arabic and Chinese as 384-dot images, a barcode and a cut', async () => {
    const dir = dataDir();
    const p = await printer();
    const run = await souq(dir, ['printer', 'test', '--device', p.device, '--width', '58', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lastJson(run)).toEqual({ device: p.device, paperWidth: 58, language: 'esc-pos', printed: true });
    const cmds = p.commands();
    expect(printedText(cmds)).toContain('Souq Demo Boutique Dubai Mall');
    expect(cmds.filter((c) => c.type === 'raster').map((c) => (c as { widthDots: number }).widthDots)).toEqual([384, 384]);
    expect(cmds.some((c) => c.type === 'barcode')).toBe(true);
    expect(cmds.some((c) => c.type === 'cut')).toBe(true);
  });

  it('printer test on a printer out of paper says so and exits 1; a printer not there exits 4', async () => {
    const dir = dataDir();
    const p = await printer(PAPER_OUT);
    const out = await souq(dir, ['printer', 'test', '--device', p.device]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/out of paper/);
    expect(noStack(out)).toBe(true);
    const gone = await printer();
    const device = gone.device;
    await gone.close();
    const off = await souq(dir, ['printer', 'status', '--device', device]);
    expect(off.code).toBe(4);
    expect(off.stdout).toMatch(/offline/);
  });

  it('printer test with a width that is no paper size, or a device that is no printer, is a usage error', async () => {
    const dir = dataDir();
    expect(await souq(dir, ['printer', 'test', '--device', '127.0.0.1:9100', '--width', '76'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--width is 58 or 80/) });
    expect(await souq(dir, ['printer', 'test', '--device', 'my printer'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/HOST:PORT/) });
  });

  it('printer status says ready as JSON; printer list lists without failing', async () => {
    const dir = dataDir();
    const p = await printer();
    const run = await souq(dir, ['printer', 'status', '--device', p.device, '--json']);
    expect(run.code).toBe(0);
    expect(lastJson(run)).toMatchObject({ device: p.device, state: 'ready' });
    const list = await souq(dir, ['printer', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(lastJson(list)).toMatchObject({ ports: expect.any(Array), configured: { device: '', paperWidth: 80 } });
  });
});

describe('souq drawer open', () => {
  it('a manager opens the drawer (PIN on stdin): the printer gets ESC p and the log has the manager and the reason', async () => {
    const dir = dataDir();
    expect((await souq(dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager'], { input: '4829\n' })).code).toBe(0);
    const p = await printer();
    const run = await souq(dir, ['drawer', 'open', '--by', 'Aisha', '--device', p.device, '--reason', 'change for the next till', '--json'], { input: '4829\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lastJson(run)).toMatchObject({ via: 'printer', device: p.device, by: 'Aisha', reason: 'change for the next till' });
    expect(p.commands().filter((c) => c.type === 'drawer-kick')).toHaveLength(1);
    const db = openDb(dataPaths(dir).db);
    try {
      const ev = db.prepare("SELECT e.actor, u.name, e.data FROM events e JOIN users u ON u.id = e.actor WHERE e.type = 'drawer.opened'").all() as { name: string; data: string }[];
      expect(ev.map((e) => ({ name: e.name, ...JSON.parse(e.data) }))).toEqual([{ name: 'Aisha', kind: 'no_sale', reason: 'change for the next till', via: 'printer', device: p.device, saleId: null }]);
    } finally {
      db.close();
    }
  });

  it('a wrong PIN opens nothing and logs no opening', async () => {
    const dir = dataDir();
    await souq(dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager'], { input: '4829\n' });
    const p = await printer();
    const run = await souq(dir, ['drawer', 'open', '--by', 'Aisha', '--device', p.device], { input: '9999\n' });
    expect(run.code).toBe(1);
    expect(p.commands().some((c) => c.type === 'drawer-kick')).toBe(false);
    const db = openDb(dataPaths(dir).db);
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'drawer.opened'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
