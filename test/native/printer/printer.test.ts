// The receipt printer driver against a virtual printer that records the bytes: on a loopback TCP
// port (a network printer on port 9100) and on a socat pseudo-terminal (a serial printer). What it
// records must read as ESC/POS a printer understands, images must fit the paper, and a printer that
// cannot print or stops answering must be reported, never taken for a printed receipt.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinterControl } from '../../../native/printer/control.ts';
import { parsePrinterAddress } from '../../../native/printer/device.ts';
import { receiptLayout, testPageLayout } from '../../../app/printing/layout.ts';
import { PrinterConfig } from '../../../app/settings/schema.ts';
import { printedText, type EscPosCommand } from '../support/escpos.ts';
import { COVER_OPEN, PAPER_OUT, startPtyPrinter, startTcpPrinter, type VirtualPrinter } from '../support/virtual-printer.ts';
import { stopAllPtys, until } from '../support/pty.ts';
import { paidReceipt } from './fixtures.ts';

const printers: VirtualPrinter[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
  await stopAllPtys();
});

async function tcp(...a: Parameters<typeof startTcpPrinter>) {
  const p = await startTcpPrinter(...a);
  printers.push(p);
  return p;
}
async function pty(...a: Parameters<typeof startPtyPrinter>) {
  const p = await startPtyPrinter(...a);
  printers.push(p);
  return p;
}

const settings = (device: string, paperWidth: 58 | 80 = 80) => PrinterConfig.parse({ device, paperWidth });
const control = createPrinterControl();
const of = <T extends EscPosCommand['type']>(cmds: EscPosCommand[], type: T) => cmds.filter((c): c is Extract<EscPosCommand, { type: T }> => c.type === type);

describe('printing a receipt', () => {
  it('a receipt sent to a network printer reads as ESC/POS: init, the English text, Arabic and Chinese as images 576 dots wide on 80 mm, the invoice QR, a cut', async () => {
    const p = await tcp();
    await control.print(settings(p.device, 80), receiptLayout(paidReceipt(), 80));
    const cmds = p.commands();
    expect(cmds[0]).toEqual({ type: 'status-request', n: 1 });
    const init = cmds.findIndex((c) => c.type === 'init');
    expect(init).toBeGreaterThan(0);
    const text = printedText(cmds);
    for (const words of ['Tax Invoice', 'TRN: 100000000000003', 'Invoice no.: 42', 'Silk scarf', 'AED 300.00', 'VAT 5%', 'AED 17.40', 'Total incl. VAT', 'AED 365.50', 'Alipay+ (Alipay)', 'change', 'SQR-T01-42', '2026-01-10 14:05']) {
      expect(text).toContain(words);
    }
    // Arabic title, Arabic and Chinese product names, the Arabic total, the thanks in both: images.
    const rasters = of(cmds, 'raster');
    expect(rasters.length).toBeGreaterThanOrEqual(6);
    for (const r of rasters) {
      expect(r.widthDots).toBe(576);
      expect(r.heightDots % 8).toBe(0);
      expect(r.blackDots).toBeGreaterThan(50); // something was drawn: not a blank strip
    }
    expect(text).not.toMatch(/[\u0600-\u06FF\u4E00-\u9FFF]/);
    expect(of(cmds, 'qr')).toEqual([{ type: 'qr', value: 'SQR-T01-42' }]);
    expect(of(cmds, 'qr-print')).toHaveLength(1);
    const cut = cmds.findIndex((c) => c.type === 'cut');
    expect(cut).toBeGreaterThan(cmds.findIndex((c) => c.type === 'qr-print'));
    // After the cut, only the status check that confirms the printer took it all.
    expect(cmds.slice(cut + 1).every((c) => c.type === 'status-request' || c.type === 'newline')).toBe(true);
  });

  it('on 58 mm paper through a serial port every image is 384 dots wide and every text line fits 32 characters', async () => {
    const p = await pty();
    await control.print(settings(p.device, 58), receiptLayout(paidReceipt(), 58));
    const cmds = p.commands();
    const rasters = of(cmds, 'raster');
    expect(rasters.length).toBeGreaterThanOrEqual(6);
    for (const r of rasters) expect(r.widthDots).toBe(384);
    for (const line of printedText(cmds).split('\n')) expect(line.length).toBeLessThanOrEqual(32);
    expect(of(cmds, 'cut')).toHaveLength(1);
  });

  it('the test page prints the store header, a line of Arabic, a line of Chinese and an EAN-13 barcode', async () => {
    const p = await tcp();
    const doc = testPageLayout({ storeName: 'Souq Demo Boutique', address: 'Dubai Mall', trn: '100000000000003', terminalId: 'T01', at: new Date('2026-01-10T10:05:00Z'), device: p.device }, 58);
    await control.print(settings(p.device, 58), doc);
    const cmds = p.commands();
    expect(printedText(cmds)).toContain('Souq Demo Boutique');
    expect(of(cmds, 'raster').map((r) => r.widthDots)).toEqual([384, 384]);
    expect(of(cmds, 'barcode')).toEqual([{ type: 'barcode', symbology: 2, value: '4006381333931' }]);
    expect(of(cmds, 'cut')).toHaveLength(1);
  });
});

describe('one printer, several callers', () => {
  it('the status bar asking while a receipt prints on a serial port waits its turn: the receipt prints and the status says ready', async () => {
    const p = await pty();
    const s = settings(p.device, 80);
    const [printed, status] = await Promise.allSettled([control.print(s, receiptLayout(paidReceipt(), 80)), control.status(s)]);
    expect(printed.status).toBe('fulfilled');
    expect(status).toMatchObject({ status: 'fulfilled', value: { state: 'ready' } });
    expect(p.commands().filter((c) => c.type === 'cut')).toHaveLength(1);
  });
});

describe('a printer that cannot print', () => {
  it('paper out is reported in words and no receipt byte is sent', async () => {
    const p = await tcp(PAPER_OUT);
    await expect(control.print(settings(p.device), receiptLayout(paidReceipt(), 80))).rejects.toMatchObject({ code: 'PRINTER_PAPER_OUT', message: expect.stringMatching(/out of paper/) });
    expect(p.commands().every((c) => c.type === 'status-request')).toBe(true);
  });

  it('a cover left open is reported, and the status check says so too', async () => {
    const p = await pty(COVER_OPEN);
    await expect(control.print(settings(p.device), receiptLayout(paidReceipt(), 80))).rejects.toMatchObject({ code: 'PRINTER_COVER_OPEN' });
    expect(await control.status(settings(p.device))).toMatchObject({ state: 'cover_open', message: expect.stringMatching(/cover is open/) });
  });

  it('a network printer that stops answering half-way through a receipt fails the print (it is not taken as printed)', async () => {
    const p = await tcp();
    p.stopAfter(3000);
    await expect(control.print(settings(p.device), receiptLayout(paidReceipt(), 80))).rejects.toMatchObject({ code: 'PRINTER_NO_ANSWER' });
    expect(p.bytes().length).toBe(3000);
  });

  it('a serial printer that stops answering half-way through a receipt fails the print', async () => {
    const p = await pty();
    p.stopAfter(2000);
    await expect(control.print(settings(p.device), receiptLayout(paidReceipt(), 80))).rejects.toMatchObject({ code: 'PRINTER_NO_ANSWER' });
  });

  it('a network printer that is not there is offline, in words', async () => {
    const p = await tcp();
    const device = p.device;
    await p.close();
    printers.pop();
    expect(await control.status(settings(device))).toMatchObject({ state: 'offline', message: expect.stringMatching(/refused the connection/) });
  });
});

describe('the cash drawer', () => {
  it('the drawer is kicked through the printer with ESC p on pin 2', async () => {
    const p = await tcp();
    expect(await control.kickDrawer(settings(p.device))).toEqual({ via: 'printer', device: p.device });
    await until(() => of(p.commands(), 'drawer-kick').length > 0, 'the kick to reach the printer');
    expect(of(p.commands(), 'drawer-kick')).toEqual([{ type: 'drawer-kick', pin: 2, onMs: 100, offMs: 500 }]);
  });

  it('a drawer on its own serial port gets the kick on that port', async () => {
    const drawer = await pty();
    const s = PrinterConfig.parse({ device: '', drawer: 'serial', drawerDevice: drawer.device, drawerPin: 5 });
    expect(await control.kickDrawer(s)).toEqual({ via: 'serial', device: drawer.device });
    await until(() => of(drawer.commands(), 'drawer-kick').length > 0, 'the kick to reach the drawer');
    expect(of(drawer.commands(), 'drawer-kick')).toEqual([{ type: 'drawer-kick', pin: 5, onMs: 100, offMs: 500 }]);
  });
});

describe('printer addresses', () => {
  it('HOST:PORT is a network printer, /dev/usb/lp0 a USB printer, any other path a serial port; nonsense is refused in words', () => {
    expect(parsePrinterAddress('192.168.1.50:9100')).toMatchObject({ kind: 'network', host: '192.168.1.50', port: 9100 });
    expect(parsePrinterAddress('/dev/usb/lp0')).toMatchObject({ kind: 'usb' });
    expect(parsePrinterAddress('/dev/ttyUSB0')).toMatchObject({ kind: 'serial' });
    expect(() => parsePrinterAddress('printer please')).toThrow(/HOST:PORT/);
  });
});
