// Plays a scanner: writes one scan to a serial port in chunks, so an installer can test a setup
// (or the other end of a socat pair) without a scanner in hand.
import { SerialPort } from 'serialport';
import { SUFFIX_BYTES, type Suffix } from './framing.ts';
import { describePortError } from './scanner.ts';
import { ScannerError } from './settings.ts';

export interface SimulateOptions {
  path: string;
  code: string;
  suffix: Suffix;
  /** Bytes per write; 0 sends the whole scan at once. */
  chunk: number;
  /** Pause between chunks, as a slow scanner or a USB adapter would leave. */
  delayMs: number;
  baudRate: number;
}

export async function simulateScan(opts: SimulateOptions): Promise<{ bytes: number; chunks: number }> {
  const body = Buffer.from(opts.code, 'latin1');
  const bytes = Buffer.concat([body, Buffer.from(opts.suffix === 'none' ? [] : SUFFIX_BYTES[opts.suffix])]);
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    const { code, message } = describePortError(err, opts.path);
    throw new ScannerError(code, message);
  }
  const size = opts.chunk > 0 ? opts.chunk : bytes.length;
  let chunks = 0;
  try {
    for (let at = 0; at < bytes.length; at += size) {
      if (chunks > 0 && opts.delayMs > 0) await new Promise((r) => setTimeout(r, opts.delayMs));
      const piece = bytes.subarray(at, at + size);
      await new Promise<void>((resolve, reject) => port.write(piece, (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve())))));
      chunks++;
    }
  } catch (err) {
    const { code, message } = describePortError(err, opts.path);
    throw new ScannerError(code, message);
  } finally {
    await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
  }
  return { bytes: bytes.length, chunks };
}
