// One serial barcode scanner: opens its port, frames its bytes into scans, classifies them, and
// keeps itself connected across unplug/replug. Everything it has to say is an event; it never logs,
// so no payment code can reach a log file from here.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { Framer, RawView, type FrameEvent } from './framing.ts';
import { classifyFrame, displayText, type ScanClassification } from './classification.ts';
import { parseScannerSettings, ScannerError, type ScannerSettings } from './settings.ts';
import { assertNever } from '../../app/domain/never.ts';

export type ScannerStatus = 'connected' | 'disconnected' | 'reconnecting';

export type ScannerErrorCode =
  | 'PORT_NOT_FOUND'
  | 'PORT_BUSY'
  | 'PORT_PERMISSION'
  | 'PORT_SETTINGS'
  | 'PORT_NOT_SERIAL'
  | 'PORT_FAILED'
  | 'SCAN_TOO_LONG'
  | 'SCAN_INCOMPLETE';

export type ScannerEvent =
  | {
      type: 'raw';
      scannerId: string;
      at: string;
      length: number;
      /** Hex and text of the bytes, digits past the 4th of a run masked (see RawView). */
      hex: string;
      text: string;
    }
  | {
      type: 'scan';
      scannerId: string;
      at: string;
      /** The scan as framed: a wallet code in full, for the payment path only. */
      text: string;
      /** What may be shown or logged: wallet codes masked. */
      display: string;
      classification: ScanClassification;
      aimId?: string;
      symbology?: string;
      unreadableBytes: number;
    }
  | { type: 'status'; scannerId: string; at: string; state: ScannerStatus; path: string }
  | {
      type: 'error';
      scannerId: string;
      at: string;
      code: ScannerErrorCode;
      message: string;
      /** Bytes thrown away without becoming a scan (SCAN_INCOMPLETE, SCAN_TOO_LONG). */
      droppedBytes?: number;
      /** Why a SCAN_INCOMPLETE's bytes were dropped: left past the silence window, or cut by a disconnection. */
      cause?: 'silence' | 'close';
    };

type EventMap = {
  event: [ScannerEvent];
  raw: [Extract<ScannerEvent, { type: 'raw' }>];
  scan: [Extract<ScannerEvent, { type: 'scan' }>];
  status: [Extract<ScannerEvent, { type: 'status' }>];
  error: [Extract<ScannerEvent, { type: 'error' }>];
};

/** Maps what the OS said about a port to words an installer can act on. */
export function describePortError(err: unknown, path: string): { code: ScannerErrorCode; message: string } {
  const text = String((err as { message?: unknown })?.message ?? err);
  if (/ENOENT|No such file or directory|File not found/i.test(text)) {
    return { code: 'PORT_NOT_FOUND', message: `No such port ${path}: check the cable and the path (souq scanner list shows the ports this computer sees)` };
  }
  // Windows says "Access denied" when another program has the COM port open.
  if (/Cannot lock port|Resource temporarily unavailable|EBUSY|busy|Access denied/i.test(text)) {
    return { code: 'PORT_BUSY', message: `Port ${path} is busy: close the other program using it` };
  }
  if (/Permission denied|EACCES|EPERM/i.test(text)) {
    return { code: 'PORT_PERMISSION', message: `Permission denied on port ${path}: add the user to the dialout group (sudo usermod -aG dialout USER), then log out and in again` };
  }
  if (/Inappropriate ioctl|ENOTTY|Not a typewriter/i.test(text)) {
    return { code: 'PORT_NOT_SERIAL', message: `${path} is not a serial port: pick the scanner's port from souq scanner list` };
  }
  if (/Invalid argument|EINVAL|baud|cannot set|Invalid \w+ setting/i.test(text)) {
    return { code: 'PORT_SETTINGS', message: `Port ${path} refused the settings (baud rate, data bits, parity or stop bits): check them against the scanner's manual` };
  }
  return { code: 'PORT_FAILED', message: `Port ${path} could not be used: ${text.replace(/^Error:?\s*/, '')}` };
}

/** How often a connected scanner's device node is checked (see watchPresence). */
const PRESENCE_POLL_MS = 500;

const SUFFIX_WORDS: Record<ScannerSettings['suffix'], string> = { cr: 'CR', lf: 'LF', crlf: 'CR LF', tab: 'Tab', none: 'none' };

export class SerialScanner extends EventEmitter<EventMap> {
  readonly settings: ScannerSettings;
  private readonly framer: Framer;
  private readonly rawView = new RawView();
  private port: SerialPort | null = null;
  private state: ScannerStatus = 'disconnected';
  private started = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  /** The last open failure reported, so a scanner left unplugged does not repeat itself every poll. */
  private lastFailure: ScannerErrorCode | null = null;

  constructor(settings: unknown) {
    super();
    this.settings = parseScannerSettings(settings);
    const s = this.settings;
    this.framer = new Framer({ suffix: s.suffix, silenceMs: s.silenceMs, prefix: s.prefix, stripSuffix: s.stripSuffix, aim: s.aim, maxFrameBytes: s.maxFrameBytes });
    this.retryDelay = s.reconnectMinMs;
  }

  get id(): string {
    return this.settings.id;
  }

  get status(): ScannerStatus {
    return this.state;
  }

  /** Opens the port and keeps it open until close(); failures are reported as events and retried. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    void this.connect();
    return this;
  }

  /** Resolves once connected (for tests and the "test scan" step); rejects after timeoutMs. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onStatus = (ev: { state: ScannerStatus }) => {
        if (ev.state !== 'connected') return;
        clearTimeout(timer);
        this.off('status', onStatus);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('status', onStatus);
        reject(new ScannerError('PORT_TIMEOUT', `Scanner ${this.id} did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('status', onStatus);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.retryTimer = this.silenceTimer = this.presenceTimer = null;
    const port = this.port;
    this.port = null;
    this.framer.close(); // a half scan at shutdown is the user's choice, not a fault to report
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setStatus('disconnected');
  }

  private async connect(): Promise<void> {
    const s = this.settings;
    const port = new SerialPort({
      path: s.path,
      baudRate: s.baudRate,
      dataBits: s.dataBits,
      parity: s.parity,
      stopBits: s.stopBits,
      rtscts: s.flowControl === 'rtscts',
      xon: s.flowControl === 'xonxoff',
      xoff: s.flowControl === 'xonxoff',
      autoOpen: false,
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      if (this.stopped) return;
      const { code, message } = describePortError(err, s.path);
      if (code !== this.lastFailure) this.emitError(code, message);
      this.lastFailure = code;
      this.scheduleRetry(); // stays 'reconnecting' across failed polls rather than flapping
      return;
    }
    if (this.stopped) {
      port.close(() => undefined); // a callback, so a failing close cannot become an unhandled 'error'
      return;
    }
    this.port = port;
    this.lastFailure = null;
    this.retryDelay = s.reconnectMinMs;
    // Guarded: a port given up by watchPresence may still deliver a last read or error.
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.onData(chunk);
    });
    port.on('error', (err) => {
      if (this.port !== port) return;
      const { code, message } = describePortError(err, s.path);
      this.emitError(code, message);
    });
    port.on('close', () => this.onClose(port));
    this.watchPresence(port);
    this.setStatus('connected');
  }

  private onData(chunk: Buffer): void {
    const at = new Date().toISOString();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.emitEvent({ type: 'raw', scannerId: this.id, at, length: bytes.length, ...this.rawView.view(bytes) });
    this.handleFrames(this.framer.push(bytes), at);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    if (this.framer.wantsIdle) {
      this.silenceTimer = setTimeout(() => {
        this.silenceTimer = null;
        this.handleFrames(this.framer.idle(), new Date().toISOString());
      }, this.settings.silenceMs);
    }
  }

  /**
   * serialport does not always see an unplug: on Linux a hung-up tty (a pty whose other end ended,
   * and some USB-serial drivers) returns 0 bytes per read instead of an error, and the binding
   * then retries the read in a loop and never emits 'close'. The device node going away is proof
   * enough, so poll for it while connected (cheap: one stat per interval).
   */
  private watchPresence(port: SerialPort): void {
    if (process.platform === 'win32') return; // COM ports have no device node to stat
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = setInterval(() => {
      if (this.port !== port || existsSync(this.settings.path)) return;
      this.onClose(port);
      if (port.isOpen) port.close(() => undefined); // also stops the binding's read loop
    }, PRESENCE_POLL_MS);
  }

  private onClose(port: SerialPort): void {
    if (this.port !== port) return; // closed by close(), or an old port
    this.port = null;
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    // Every byte read before the close has been framed already; only a scan missing its end is lost.
    this.handleFrames(this.framer.close(), new Date().toISOString());
    if (this.stopped) return;
    this.setStatus('disconnected');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.setStatus('reconnecting');
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.settings.reconnectMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      // Poll the device node first: opening a port that is not there would only repeat the error.
      if (process.platform !== 'win32' && !existsSync(this.settings.path)) {
        this.scheduleRetry();
        return;
      }
      void this.connect();
    }, delay);
  }

  private handleFrames(events: FrameEvent[], at: string): void {
    for (const ev of events) {
      switch (ev.type) {
        case 'frame': {
          const classification = classifyFrame(ev.text, ev.unreadableBytes);
          const scan: ScannerEvent = {
            type: 'scan',
            scannerId: this.id,
            at,
            text: ev.text,
            display: displayText(ev.text, classification),
            classification,
            unreadableBytes: ev.unreadableBytes,
          };
          if (ev.aimId) scan.aimId = ev.aimId;
          if (ev.symbology) scan.symbology = ev.symbology;
          this.emitEvent(scan);
          break;
        }
        case 'overflow':
          this.emitError(
            'SCAN_TOO_LONG',
            `More than ${ev.limit} bytes arrived without an end-of-scan (${SUFFIX_WORDS[this.settings.suffix]}): they were cut and ignored up to the next end-of-scan. Check the scanner's suffix setting.`,
            { droppedBytes: ev.droppedBytes },
          );
          break;
        case 'partial':
          this.emitError(
            'SCAN_INCOMPLETE',
            ev.cause === 'close'
              ? `A scan was cut off by the disconnection (${ev.droppedBytes} bytes ignored): scan it again.`
              : `${ev.droppedBytes} ${ev.droppedBytes === 1 ? 'byte' : 'bytes'} arrived without an end-of-scan (${SUFFIX_WORDS[this.settings.suffix]}) and were dropped after ${this.settings.silenceMs} ms of silence, so they cannot join the next scan. If this happens on every scan, check the scanner's suffix setting.`,
            { droppedBytes: ev.droppedBytes, cause: ev.cause },
          );
          break;
        default:
          assertNever(ev, 'frame event');
      }
    }
  }

  private setStatus(state: ScannerStatus): void {
    if (state === this.state) return;
    this.state = state;
    this.emitEvent({ type: 'status', scannerId: this.id, at: new Date().toISOString(), state, path: this.settings.path });
  }

  private emitError(code: ScannerErrorCode, message: string, dropped: { droppedBytes?: number; cause?: 'silence' | 'close' } = {}): void {
    this.emitEvent({ type: 'error', scannerId: this.id, at: new Date().toISOString(), code, message, ...dropped });
  }

  private emitEvent(ev: ScannerEvent): void {
    this.emit('event', ev);
    switch (ev.type) {
      case 'raw':
        this.emit('raw', ev);
        break;
      case 'scan':
        this.emit('scan', ev);
        break;
      case 'status':
        this.emit('status', ev);
        break;
      case 'error':
        // An 'error' with no listener would throw: a scanner problem must never crash the process.
        if (this.listenerCount('error') > 0) this.emit('error', ev);
        break;
      default:
        assertNever(ev, 'scanner event');
    }
  }
}
