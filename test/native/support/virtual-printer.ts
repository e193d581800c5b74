// A receipt printer played by the test: it records every byte it is sent, answers ESC/POS
// real-time status requests (DLE EOT) with the state the test gives it, and can be told to stop
// answering part-way, as a printer does when it jams or is switched off mid-receipt. It listens on
// a loopback TCP port (a network printer) or on a socat pseudo-terminal (a serial printer).
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { parseEscPos, type EscPosCommand } from './escpos.ts';
import { ptyDir, startPty } from './pty.ts';

export interface PrinterState {
  /** DLE EOT 1, 2 and 4 answers. 0x16 / 0x12 / 0x12: ready. */
  printer: number;
  offline: number;
  paper: number;
}

export const READY: PrinterState = { printer: 0x16, offline: 0x12, paper: 0x12 };
export const PAPER_OUT: PrinterState = { printer: 0x1e, offline: 0x32, paper: 0x72 };
export const COVER_OPEN: PrinterState = { printer: 0x1e, offline: 0x16, paper: 0x12 };

export interface VirtualPrinter {
  /** What to give the terminal as the printer's device. */
  device: string;
  state: PrinterState;
  /** Every byte taken, in order. */
  bytes(): Uint8Array;
  /** The bytes as ESC/POS commands (throws on anything a printer would not understand). */
  commands(): EscPosCommand[];
  /** After `n` more bytes the printer takes nothing more and answers nothing. */
  stopAfter(n: number): void;
  resume(): void;
  close(): Promise<void>;
}

function recorder(reply: (b: Uint8Array) => void, initial: PrinterState) {
  const chunks: Buffer[] = [];
  let total = 0;
  let parsed = 0;
  let limit = Infinity;
  const self = {
    state: { ...initial },
    take(chunk: Buffer) {
      if (total >= limit) return;
      const room = Math.min(chunk.length, limit - total);
      chunks.push(chunk.subarray(0, room));
      total += room;
      const all = Buffer.concat(chunks);
      // Answers only at command boundaries: a DLE EOT-looking run inside an image is image data.
      let r;
      try {
        r = parseEscPos(all.subarray(parsed), { partial: true });
      } catch {
        // A receipt cut off by stopAfter and then a new job: start reading afresh at the new bytes.
        parsed = all.length - chunk.length;
        r = parseEscPos(all.subarray(parsed), { partial: true });
      }
      parsed += r.consumed;
      if (total >= limit) return;
      for (const c of r.commands) {
        if (c.type !== 'status-request') continue;
        const s = self.state;
        reply(Uint8Array.of(c.n === 1 ? s.printer : c.n === 2 ? s.offline : s.paper));
      }
    },
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
    stopAfter(n: number) {
      limit = total + n;
    },
    /** Answers again and takes bytes again (the jam was cleared). */
    resume() {
      // Switched off and on: whatever command was cut short is forgotten.
      limit = Infinity;
      parsed = total;
    },
  };
  return self;
}

/** The test's handle on a printer: the same over TCP or a serial line, only where it is and how it is unplugged differ. */
function printerOver(rec: ReturnType<typeof recorder>, device: string, close: () => Promise<void>): VirtualPrinter {
  return {
    device,
    get state() {
      return rec.state;
    },
    set state(s: PrinterState) {
      rec.state = s;
    },
    bytes: rec.bytes,
    commands: () => parseEscPos(rec.bytes()).commands,
    stopAfter: (n) => rec.stopAfter(n),
    resume: () => rec.resume(),
    close,
  };
}

export async function startTcpPrinter(initial: PrinterState = READY): Promise<VirtualPrinter> {
  const sockets = new Set<Socket>();
  let current: Socket | null = null;
  // One printer, one paper roll: every connection's bytes go into the same record.
  const rec = recorder((b) => current?.write(b), initial);
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    current = socket;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      current = socket;
      rec.take(d);
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const port = (server.address() as { port: number }).port;
  return printerOver(rec, `127.0.0.1:${port}`, () =>
    new Promise<void>((res) => {
      for (const s of sockets) s.destroy();
      server.close(() => res());
    }),
  );
}

export async function startPtyPrinter(initial: PrinterState = READY): Promise<VirtualPrinter> {
  const pair = await startPty(ptyDir(), 'printer');
  const port = new SerialPort({ path: pair.b, baudRate: 9600, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  port.on('error', () => {});
  const rec = recorder((b) => port.write(Buffer.from(b)), initial);
  port.on('data', (d: Buffer) => rec.take(d));
  return printerOver(rec, pair.a, async () => {
    await new Promise<void>((res) => (port.isOpen ? port.close(() => res()) : res()));
    await pair.stop();
  });
}
