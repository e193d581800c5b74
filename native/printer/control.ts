// The receipt printer and the cash drawer for the core (PrinterControl in app/api/printer.ts):
// encode, open the connection, check the printer can print (ESC/POS real-time status), send, and
// ask again so a printer that went quiet half-way is noticed — the core then keeps the receipt
// queued. Status is asked only where the printer can answer (serial and network ESC/POS).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PrinterControl, PrinterSettings, PrinterState } from '../../app/api/printer.ts';
import type { PortView } from '../../app/api/scanner.ts';
import type { PrintDoc } from '../../app/printing/layout.ts';
import { discoverPorts, type DiscoveryOptions } from '../ports/discovery.ts';
import { PrinterError, parsePrinterAddress } from './device.ts';
import { encodeDoc, encodeDrawerKick } from './encode.ts';
import { openPrinterLink, type PrinterLink } from './link.ts';
import { DLE_EOT, isStatusByte, statusFrom } from './status.ts';

export interface PrinterControlOptions {
  discovery?: DiscoveryOptions;
  /** How long a printer may take to answer a status request (default 1500 ms). */
  answerMs?: number;
  connectMs?: number;
}

async function ask(link: PrinterLink, request: readonly number[], ms: number): Promise<number | null> {
  // One retry: a byte of an earlier answer can arrive late and is not a status byte's shape.
  for (let i = 0; i < 2; i++) {
    const b = await link.ask(request, ms);
    if (b === null) return null;
    if (isStatusByte(b)) return b;
  }
  return null;
}

async function readStatus(link: PrinterLink, ms: number): Promise<{ state: PrinterState; message: string } | null> {
  const printer = await ask(link, DLE_EOT.printer, ms);
  if (printer === null) return null;
  const offline = await ask(link, DLE_EOT.offline, ms);
  if (offline === null) return null;
  const paper = await ask(link, DLE_EOT.paper, ms);
  if (paper === null) return null;
  return statusFrom({ printer, offline, paper });
}

const BLOCKING: Partial<Record<PrinterState, PrinterError['code']>> = { cover_open: 'PRINTER_COVER_OPEN', paper_out: 'PRINTER_PAPER_OUT', offline: 'PRINTER_OFFLINE' };

/** USB printer devices (Linux usblp) the computer has: /dev/usb/lp0, … */
export function usbPrinters(devDir = '/dev'): PortView[] {
  const dir = join(devDir, 'usb');
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir)
      .filter((f) => /^lp\d+$/.test(f))
      .sort()
      .map((f) => ({ path: join(dir, f), friendlyName: `USB printer ${f}` }));
  } catch {
    return [];
  }
}

export function createPrinterControl(opts: PrinterControlOptions = {}): PrinterControl {
  const answerMs = opts.answerMs ?? 1500;
  // One job at a time per printer: a serial port opens for one program only, and a network printer
  // serves one connection at a time, so the status bar's poll must wait for a receipt, not break it.
  const busy = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(device: string, job: () => Promise<T>): Promise<T> => {
    const run = (busy.get(device) ?? Promise.resolve()).catch(() => {}).then(job);
    busy.set(device, run);
    void run.finally(() => busy.get(device) === run && busy.delete(device)).catch(() => {});
    return run;
  };
  const linkOf = (device: string, s: PrinterSettings) => openPrinterLink(parsePrinterAddress(device), { baudRate: s.baudRate, flowControl: s.flowControl, connectMs: opts.connectMs });
  const canAsk = (link: PrinterLink, s: PrinterSettings) => link.answers && s.language === 'esc-pos';
  const writeMs = (bytes: Uint8Array, s: PrinterSettings) => 5000 + Math.ceil((bytes.length * 10 * 1000) / s.baudRate);

  /** Before a byte is sent: a printer that cannot print now is refused in words, nothing wasted. */
  async function ready(link: PrinterLink, s: PrinterSettings, device: string): Promise<void> {
    if (!canAsk(link, s)) return;
    const st = await readStatus(link, answerMs);
    if (st === null) throw new PrinterError('PRINTER_NO_ANSWER', `The printer ${device} does not answer: check it is switched on and connected (and the baud rate, for a serial printer).`);
    const blocking = BLOCKING[st.state];
    if (blocking) throw new PrinterError(blocking, st.message);
  }

  return {
    async list() {
      const serial = await discoverPorts(opts.discovery);
      return { ports: [...usbPrinters(opts.discovery?.devDir), ...serial.ports], ...(serial.warning ? { warning: serial.warning } : {}) };
    },

    print: (s: PrinterSettings, doc: PrintDoc) => oneAtATime(s.device, async () => {
      const bytes = encodeDoc(doc, s);
      const link = await linkOf(s.device, s);
      try {
        await ready(link, s, s.device);
        await link.write(bytes, writeMs(bytes, s));
        if (canAsk(link, s)) {
          // Real-time status is answered as soon as the printer reads it, after the receipt's bytes
          // ahead of it: no answer means the printer stopped reading somewhere in the receipt.
          const after = await readStatus(link, answerMs * 2);
          if (after === null) throw new PrinterError('PRINTER_NO_ANSWER', `The printer ${s.device} stopped answering while printing: check it is on and has paper.`);
          const blocking = BLOCKING[after.state];
          if (blocking) throw new PrinterError(blocking, `${after.message} The receipt may be cut short.`);
        }
      } finally {
        await link.close();
      }
    }),

    kickDrawer: (s: PrinterSettings) => oneAtATime(s.drawer === 'serial' ? s.drawerDevice : s.device, async () => {
      const via: 'serial' | 'printer' = s.drawer === 'serial' ? 'serial' : 'printer';
      const device = via === 'serial' ? s.drawerDevice : s.device;
      const bytes = encodeDrawerKick(s);
      const link = await linkOf(device, s);
      try {
        if (via === 'printer' && canAsk(link, s)) {
          // The drawer opens with paper out or the cover open; it needs only a printer that listens.
          if ((await ask(link, DLE_EOT.printer, answerMs)) === null) throw new PrinterError('PRINTER_NO_ANSWER', `The printer ${device} does not answer, so the drawer behind it cannot be opened: check the printer is on.`);
        }
        await link.write(bytes, writeMs(bytes, s));
      } finally {
        await link.close();
      }
      return { via, device };
    }),

    status: (s: PrinterSettings) => oneAtATime(s.device, async (): Promise<{ state: PrinterState; message: string }> => {
      let link: PrinterLink;
      try {
        link = await linkOf(s.device, s);
      } catch (err) {
        const e = err as PrinterError;
        return { state: e.code === 'PRINTER_INVALID_DEVICE' ? 'unknown' : 'offline', message: e.message };
      }
      try {
        if (!canAsk(link, s)) return { state: 'unknown', message: `Connected to ${s.device}; this printer or connection does not report paper or cover state.` };
        return (await readStatus(link, answerMs)) ?? { state: 'no_answer', message: `The printer ${s.device} does not answer: check it is switched on and connected.` };
      } finally {
        await link.close();
      }
    }),
  };
}
