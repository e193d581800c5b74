// One connection to a printer for one job: open, write with a deadline, ask for status, close.
// Opened per job, not held: a printer switched off and on, a USB cable moved or a network printer
// that restarted is simply there again for the next receipt.
import { createConnection, type Socket } from 'node:net';
import { open as openFile } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { PrinterError, type PrinterAddress } from './device.ts';
import { assertNever } from '../../app/domain/never.ts';

export interface PrinterLink {
  /** Resolves once every byte left this computer (kernel buffers count as left for a socket). */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  /** Sends a request and waits for one byte of answer; null when none came in time. */
  ask(request: readonly number[], timeoutMs: number): Promise<number | null>;
  /** False for a USB printer file: the kernel's usblp gives no reliable read-back. */
  readonly answers: boolean;
  close(): Promise<void>;
}

function deadline<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)))]).finally(() => clearTimeout(timer));
}

/** Incoming bytes waiting to be read by ask(); old bytes are dropped before each request. */
function inbox() {
  const bytes: number[] = [];
  let waiter: (() => void) | null = null;
  return {
    push(chunk: Buffer) {
      bytes.push(...chunk);
      waiter?.();
    },
    clear: () => void bytes.splice(0),
    async next(ms: number): Promise<number | null> {
      const end = Date.now() + ms;
      while (bytes.length === 0) {
        const left = end - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((res) => {
          const t = setTimeout(res, left);
          waiter = () => (clearTimeout(t), res());
        });
        waiter = null;
      }
      return bytes.shift()!;
    },
  };
}

function errnoWords(err: NodeJS.ErrnoException, what: string): PrinterError {
  switch (err.code) {
    case 'ENOENT':
      return new PrinterError('PRINTER_NOT_FOUND', `${what} is not there: check the cable and the path (souq printer list shows the printers found).`);
    case 'EACCES':
    case 'EPERM':
      return new PrinterError('PRINTER_PERMISSION', `Permission denied on ${what}: add the user to the lp group (USB printers) or the dialout group (serial ports), then sign in again.`);
    case 'EBUSY':
      return new PrinterError('PRINTER_BUSY', `${what} is busy: close the other program using it.`);
    case 'ECONNREFUSED':
      return new PrinterError('PRINTER_OFFLINE', `${what} refused the connection: check the printer is on and that this is its address and port (usually 9100).`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PrinterError('PRINTER_OFFLINE', `${what} cannot be reached on the network: check its address and that it is on the shop's network.`);
    default:
      return new PrinterError('PRINTER_OFFLINE', `${what} failed (${err.code ?? err.message}): check the printer is on and connected.`);
  }
}

async function tcpLink(a: Extract<PrinterAddress, { kind: 'network' }>, connectMs: number): Promise<PrinterLink> {
  const what = `The network printer ${a.text}`;
  const socket: Socket = createConnection({ host: a.host, port: a.port });
  socket.setNoDelay(true);
  const box = inbox();
  let failure: Error | null = null;
  socket.on('data', (d: Buffer) => box.push(d));
  socket.on('error', (err) => (failure = errnoWords(err, what)));
  await deadline(
    new Promise<void>((res, rej) => {
      socket.once('connect', () => res());
      socket.once('error', (err) => rej(errnoWords(err, what)));
    }),
    connectMs,
    () => new PrinterError('PRINTER_OFFLINE', `${what} did not answer within ${connectMs / 1000} s: check it is on and on the shop's network.`),
  ).catch((err) => {
    socket.destroy();
    throw err;
  });
  return {
    answers: true,
    write: (bytes, ms) =>
      deadline(
        new Promise<void>((res, rej) => {
          if (failure) return rej(failure);
          socket.write(bytes, (err) => (err ? rej(failure ?? errnoWords(err, what)) : res()));
        }),
        ms,
        () => new PrinterError('PRINTER_NO_ANSWER', `${what} stopped taking data: check it is on, has paper and shows no error light.`),
      ),
    async ask(request, ms) {
      box.clear();
      if (failure || socket.destroyed) return null;
      socket.write(Uint8Array.from(request));
      return box.next(ms);
    },
    close: () =>
      new Promise<void>((res) => {
        socket.end(() => res());
        // A printer that stopped reading never lets the FIN through: do not wait for it.
        setTimeout(() => (socket.destroy(), res()), 200).unref();
      }),
  };
}

async function serialLink(a: Extract<PrinterAddress, { kind: 'serial' }>, baudRate: number, flow: 'none' | 'rtscts' | 'xonxoff'): Promise<PrinterLink> {
  const what = `The serial printer ${a.path}`;
  const port = new SerialPort({ path: a.path, baudRate, autoOpen: false, rtscts: flow === 'rtscts', xon: flow === 'xonxoff', xoff: flow === 'xonxoff' });
  await new Promise<void>((res, rej) => port.open((err) => (err ? rej(errnoWords(err as NodeJS.ErrnoException, what)) : res())));
  const box = inbox();
  port.on('data', (d: Buffer) => box.push(d));
  port.on('error', () => {}); // an unplug mid-job fails the write below, in words
  let stuck = false;
  return {
    answers: true,
    write: (bytes, ms) =>
      deadline(
        new Promise<void>((res, rej) => {
          port.write(Buffer.from(bytes), (err) => (err ? rej(errnoWords(err as NodeJS.ErrnoException, what)) : port.drain((e) => (e ? rej(errnoWords(e as NodeJS.ErrnoException, what)) : res()))));
        }),
        ms,
        () => {
          stuck = true;
          return new PrinterError('PRINTER_NO_ANSWER', `${what} stopped taking data: check it is on, has paper and shows no error light (and the baud rate).`);
        },
      ),
    async ask(request, ms) {
      box.clear();
      port.write(Buffer.from(request));
      return box.next(ms);
    },
    close: () =>
      new Promise<void>((res) => {
        if (!port.isOpen) return res();
        // Only a port whose far end stopped reading has its unsent bytes thrown away (they would
        // hold the close); otherwise the tail of a receipt or a drawer kick still on its way is kept.
        if (stuck) port.flush(() => port.close(() => res()));
        else port.close(() => res());
        setTimeout(res, 500).unref();
      }),
  };
}

async function usbLink(a: Extract<PrinterAddress, { kind: 'usb' }>): Promise<PrinterLink> {
  const what = `The USB printer ${a.path}`;
  const fh = await openFile(a.path, 'w').catch((err: NodeJS.ErrnoException) => {
    throw errnoWords(err, what);
  });
  return {
    answers: false,
    write: (bytes, ms) =>
      deadline(
        fh.write(bytes).then(
          () => undefined,
          (err: NodeJS.ErrnoException) => {
            throw errnoWords(err, what);
          },
        ),
        ms,
        () => new PrinterError('PRINTER_NO_ANSWER', `${what} stopped taking data: check it is on, has paper and shows no error light.`),
      ),
    ask: async () => null,
    close: () => fh.close().catch(() => {}),
  };
}

export function openPrinterLink(a: PrinterAddress, opts: { baudRate: number; flowControl?: 'none' | 'rtscts' | 'xonxoff'; connectMs?: number }): Promise<PrinterLink> {
  switch (a.kind) {
    case 'network':
      return tcpLink(a, opts.connectMs ?? 3000);
    case 'serial':
      return serialLink(a, opts.baudRate, opts.flowControl ?? 'none');
    case 'usb':
      return usbLink(a);
    default:
      return assertNever(a, 'printer address');
  }
}
