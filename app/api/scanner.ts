// The installer screen's calls for serial scanners: list ports, configure a scanner, watch it live,
// confirm the settings with a test scan. The serial service (native/serial) implements them through
// ScannerControl below; the settings schema here is the only one (the service and the CLI use it).
import { z } from 'zod';
import { call } from './call.ts';
import { Empty } from './common.ts';
import type { ScanClassification } from './views.ts';

export const STANDARD_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;
export const SUFFIXES = ['cr', 'lf', 'crlf', 'tab', 'none'] as const;
// mark/space are left out: the Linux serialport binding refuses them, and no shop scanner uses them.
export const PARITIES = ['none', 'even', 'odd'] as const;
export const FLOW_CONTROLS = ['none', 'rtscts', 'xonxoff'] as const;

/** Silence that ends a scan when no suffix is configured; scanners send a code within a few ms. */
export const DEFAULT_SILENCE_MS = 50;
/**
 * Silence after which bytes still waiting for their suffix are dropped. A scanner sends a whole
 * code in one burst (Bluetooth and USB adapters leave gaps of tens of ms at most), so anything
 * left this long without its suffix is noise or half a scan; kept, it would join the next scan
 * and turn a good barcode into an unreadable one. No one can scan twice within it.
 */
export const DEFAULT_STRAY_SILENCE_MS = 500;

export const ScannerId = z.string().trim().min(1).max(64);

/** A serial scanner's settings: a typo (96000 baud, parity "evn") is refused in installer words. */
export const scannerSettingsSchema = z
  .object({
    /** Names the scanner in events; defaults to the path. */
    id: ScannerId.optional(),
    path: z.string({ error: 'path is missing: give the port, e.g. /dev/ttyUSB0' }).trim().min(1, 'path is empty: give the port, e.g. /dev/ttyUSB0').max(256),
    baudRate: z
      .number({ error: 'baudRate must be a number, e.g. 9600' })
      .refine((v) => (STANDARD_BAUD_RATES as readonly number[]).includes(v), {
        error: (iss) => `${String(iss.input)} is not a standard baud rate: use one of ${STANDARD_BAUD_RATES.join(', ')} (most scanners ship at 9600 or 115200)`,
      })
      .default(9600),
    dataBits: z.literal([5, 6, 7, 8], { error: 'dataBits must be 5, 6, 7 or 8 (scanners use 8, or 7 with even parity)' }).default(8),
    parity: z.enum(PARITIES, { error: `parity must be one of ${PARITIES.join(', ')}` }).default('none'),
    stopBits: z.literal([1, 2], { error: 'stopBits must be 1 or 2' }).default(1),
    flowControl: z.enum(FLOW_CONTROLS, { error: `flowControl must be one of ${FLOW_CONTROLS.join(', ')}` }).default('none'),
    suffix: z.enum(SUFFIXES, { error: `suffix must be one of ${SUFFIXES.join(', ')}` }).default('cr'),
    /**
     * With suffix 'none': the silence (ms) that ends a scan (0 = DEFAULT_SILENCE_MS). With a suffix:
     * bytes still waiting for it after this much silence are dropped and reported
     * (0 = DEFAULT_STRAY_SILENCE_MS; there is no waiting for ever, see there).
     */
    silenceMs: z.number().int().min(0, 'silenceMs cannot be negative').max(10_000, 'silenceMs above 10000 would hold scans for over 10 s').default(0),
    /** Text the scanner sends before each scan; stripped. */
    prefix: z.string().max(32, 'prefix is longer than 32 characters').default(''),
    /** Text the scanner sends before its suffix; stripped. */
    stripSuffix: z.string().max(32, 'stripSuffix is longer than 32 characters').default(''),
    /** The scanner sends an AIM symbology identifier ("]E0") first: parse and strip it. */
    aim: z.boolean().default(false),
    maxFrameBytes: z.number().int().min(8, 'maxFrameBytes below 8 would cut real barcodes').max(65_536).default(512),
    /** First and longest wait between reconnection attempts after an unplug. */
    reconnectMinMs: z.number().int().min(10).max(60_000).default(250),
    reconnectMaxMs: z.number().int().min(10).max(300_000).default(2_000),
  })
  .strict()
  .transform((s) => ({
    ...s,
    id: s.id ?? s.path,
    silenceMs: s.silenceMs !== 0 ? s.silenceMs : s.suffix === 'none' ? DEFAULT_SILENCE_MS : DEFAULT_STRAY_SILENCE_MS,
    reconnectMaxMs: Math.max(s.reconnectMaxMs, s.reconnectMinMs),
  }));

export type ScannerSettingsInput = z.input<typeof scannerSettingsSchema>;
export type ScannerSettings = z.output<typeof scannerSettingsSchema>;

export type ScannerState = 'connected' | 'disconnected' | 'reconnecting';

/** A serial port the computer has (souq scanner list shows the same). */
export interface PortView {
  path: string;
  friendlyName: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  /** /dev/serial/by-id/… : survives re-plugging into another USB socket; prefer it in settings. */
  stablePath?: string;
}

export interface ScannerView {
  id: string;
  state: ScannerState;
  settings: ScannerSettings;
}

export interface ScannerListView {
  ports: PortView[];
  /** Why the list may be thin (e.g. udevadm missing), in installer words. */
  warning?: string;
  scanners: ScannerView[];
}

/** The next scan from a scanner, as the classifier saw it: a wallet code only ever masked. */
export interface ScannerTestView {
  scannerId: string;
  /** The scan as shown to a person (masked when it is or may be a payment code). */
  text: string;
  classification: ScanClassification;
  /** From the AIM identifier, when the scanner sends one. */
  symbology?: string;
  /** Bytes in the scan that were not printable: line noise or a baud/parity mismatch. */
  unreadableBytes: number;
  /**
   * Bytes dropped while waiting for this scan because they were left without their suffix past
   * the silence window (stray bytes, half a scan); absent when none were.
   */
  droppedBytes?: number;
}

/**
 * What the installer screen's live monitor receives (add to ApiEvent as `{ type: 'scanner'; event }`).
 * Raw bytes flow only while scanner.monitor is on for that scanner; digit runs are masked in them.
 */
export type ScannerMonitorEvent =
  | { kind: 'status'; scannerId: string; at: string; state: ScannerState; path: string }
  | { kind: 'raw'; scannerId: string; at: string; length: number; hex: string; text: string }
  | ({ kind: 'scan'; at: string } & ScannerTestView)
  | { kind: 'error'; scannerId: string; at: string; code: string; message: string };

export const scannerApi = {
  /** Ports the computer has, and the scanners configured now with their state. */
  'scanner.list': call<ScannerListView>()(Empty),
  /** Adds a scanner, or replaces the settings of the one with this id (id defaults to path). */
  'scanner.configure': call<ScannerView>()(scannerSettingsSchema),
  'scanner.remove': call<{ ok: true }>()(z.object({ id: ScannerId }).strict()),
  /** Starts or stops the raw-byte feed of ScannerMonitorEvents for this scanner. */
  'scanner.monitor': call<{ ok: true }>()(z.object({ id: ScannerId, on: z.boolean() }).strict()),
  /** Waits for the next scan from this scanner (the "test scan" step); SCAN_TIMEOUT when none comes. */
  'scanner.testScan': call<ScannerTestView>()(z.object({ id: ScannerId, timeoutMs: z.number().int().min(1_000).max(120_000).default(20_000) }).strict()),
} as const;

/**
 * What the handlers need from the serial hardware, stated narrowly (like CorePorts): the Electron
 * main process builds it with native/serial/control.ts and passes it in; app/ never imports native/.
 */
export interface ScannerControl {
  list(): Promise<ScannerListView>;
  configure(settings: ScannerSettings): Promise<ScannerView>;
  remove(id: string): Promise<void>;
  monitor(id: string, on: boolean): void;
  testScan(id: string, timeoutMs: number): Promise<ScannerTestView>;
  /** Every monitor event (raw only for monitored scanners). */
  onMonitorEvent(cb: (event: ScannerMonitorEvent) => void): () => void;
  /** Each scan's full text, for the cashier path (ApiEvent `{ type: 'scan', source: 'serial' }`); never log it. */
  onScan(cb: (scan: { scannerId: string; text: string }) => void): () => void;
  close(): Promise<void>;
}
