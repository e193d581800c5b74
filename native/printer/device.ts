// Where a printer is: a serial port, a USB printer device file (Linux usblp: /dev/usb/lp0), or a
// network printer's raw TCP port (JetDirect / "port 9100"). One parse, used by the CLI and the tab.
import { NETWORK_DEVICE } from '../../app/api/printer.ts';

export type PrinterAddress =
  | { kind: 'network'; host: string; port: number; text: string }
  | { kind: 'usb'; path: string; text: string }
  | { kind: 'serial'; path: string; text: string };

export class PrinterError extends Error {
  constructor(
    readonly code: 'PRINTER_NOT_FOUND' | 'PRINTER_OFFLINE' | 'PRINTER_NO_ANSWER' | 'PRINTER_PAPER_OUT' | 'PRINTER_COVER_OPEN' | 'PRINTER_BUSY' | 'PRINTER_PERMISSION' | 'PRINTER_INVALID_DEVICE',
    message: string,
  ) {
    super(message);
  }
}

export function parsePrinterAddress(text: string): PrinterAddress {
  const t = text.trim();
  const m = NETWORK_DEVICE.exec(t);
  if (m && !t.startsWith('/')) {
    const port = Number(m[2]);
    if (port < 1 || port > 65535) throw new PrinterError('PRINTER_INVALID_DEVICE', `${t}: the port must be 1–65535 (network printers usually listen on 9100).`);
    return { kind: 'network', host: m[1]!.replace(/^\[|\]$/g, ''), port, text: t };
  }
  if (/^\/dev\/usb\/lp\d+$/.test(t) || /^\/dev\/lp\d+$/.test(t)) return { kind: 'usb', path: t, text: t };
  if (t.startsWith('/') || /^COM\d+$/i.test(t)) return { kind: 'serial', path: t, text: t };
  throw new PrinterError('PRINTER_INVALID_DEVICE', `"${t}" is not a printer: give a serial port (/dev/ttyUSB0), a USB printer (/dev/usb/lp0) or HOST:PORT of a network printer (192.168.1.50:9100).`);
}
