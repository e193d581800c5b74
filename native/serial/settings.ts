// One schema for a serial scanner's settings: the installer screen, the CLI and the service all
// validate through it, so a typo (96000 baud, parity "evn") is refused with words an installer
// can act on before any port is touched.
import { z } from 'zod';

export const STANDARD_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;
export const SUFFIXES = ['cr', 'lf', 'crlf', 'tab', 'none'] as const;
// mark/space are left out: the Linux serialport binding refuses them, and no shop scanner uses them.
export const PARITIES = ['none', 'even', 'odd'] as const;
export const FLOW_CONTROLS = ['none', 'rtscts', 'xonxoff'] as const;

/** Silence that ends a scan when no suffix is configured; scanners send a code within a few ms. */
export const DEFAULT_SILENCE_MS = 50;

export const scannerSettingsSchema = z
  .object({
    /** Names the scanner in events; defaults to the path. */
    id: z.string().trim().min(1).max(64).optional(),
    path: z.string({ error: 'path is missing: give the port, e.g. /dev/ttyUSB0' }).trim().min(1, 'path is empty: give the port, e.g. /dev/ttyUSB0'),
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
    /** See FramingOptions.silenceMs; 0 with suffix 'none' means DEFAULT_SILENCE_MS. */
    silenceMs: z.number().int().min(0, 'silenceMs cannot be negative').max(10_000, 'silenceMs above 10000 would hold scans for over 10 s').default(0),
    prefix: z.string().max(32, 'prefix is longer than 32 characters').default(''),
    stripSuffix: z.string().max(32, 'stripSuffix is longer than 32 characters').default(''),
    aim: z.boolean().default(false),
    maxFrameBytes: z.number().int().min(8, 'maxFrameBytes below 8 would cut real barcodes').max(65_536).default(512),
    /** First and longest wait between reconnection attempts after an unplug. */
    reconnectMinMs: z.number().int().min(10).max(60_000).default(250),
    reconnectMaxMs: z.number().int().min(10).max(300_000).default(5_000),
  })
  .strict()
  .transform((s) => ({
    ...s,
    id: s.id ?? s.path,
    silenceMs: s.suffix === 'none' && s.silenceMs === 0 ? DEFAULT_SILENCE_MS : s.silenceMs,
    reconnectMaxMs: Math.max(s.reconnectMaxMs, s.reconnectMinMs),
  }));

export type ScannerSettingsInput = z.input<typeof scannerSettingsSchema>;
export type ScannerSettings = z.output<typeof scannerSettingsSchema>;

/** An installer-readable problem with a scanner: a stable code and the words to show. */
export class ScannerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScannerError';
  }
}

export function parseScannerSettings(input: unknown): ScannerSettings {
  const r = scannerSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const where = i.path.join('.');
    if (i.code === 'unrecognized_keys') return `unknown setting${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
    return where && !i.message.startsWith(where) ? `${where}: ${i.message}` : i.message;
  });
  throw new ScannerError('SCANNER_SETTINGS', `Scanner settings are not valid: ${problems.join('; ')}`);
}
