// ESC/POS real-time status (DLE EOT n): the printer answers at once, even with its buffer full or
// paper out, one byte per request. Epson TM series command reference, "DLE EOT": bits 1 and 4 of
// every answer are 1 and bits 0 and 7 are 0, which tells a status byte from stray data.
import type { PrinterState } from '../../app/api/printer.ts';

export const DLE_EOT = { printer: [0x10, 0x04, 0x01], offline: [0x10, 0x04, 0x02], paper: [0x10, 0x04, 0x04] } as const;

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface StatusBytes {
  printer: number;
  offline: number;
  paper: number;
}

/** The three answers in one word, the most urgent first (a cover open also reads as offline). */
export function statusFrom(s: StatusBytes): { state: PrinterState; message: string } {
  if (s.offline & 0x04) return { state: 'cover_open', message: 'The printer’s cover is open: close it.' };
  if (s.paper & 0x60 || s.offline & 0x20) return { state: 'paper_out', message: 'The printer is out of paper: put in a new roll.' };
  if (s.printer & 0x08) return { state: 'offline', message: 'The printer is offline: check it is switched on and not showing an error light.' };
  if (s.paper & 0x0c) return { state: 'paper_low', message: 'The paper roll is nearly finished: have a new one ready.' };
  return { state: 'ready', message: 'The printer is ready.' };
}
