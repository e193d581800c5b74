// `souq scanner list|monitor|simulate`: what an installer uses to find a serial scanner, watch
// its bytes and scans, and test a setup without one. Payment codes are masked in every line.
//
// The CLI runs as a plain Node process on the terminal, which is where the hardware is: like the
// Electron main process it is a front end, so the lint rule lets app/cli (alone in app/) use native/.
import type { CliCommand, CliContext } from '../command.ts';
import { parseOptions, say, sayJson, warn } from '../args.ts';
import { CliError, EXIT } from '../errors.ts';
import { assertNever } from '../../domain/never.ts';
import { discoverPorts } from '../../../native/ports/discovery.ts';
import { SerialScanner, type ScannerEvent } from '../../../native/serial/scanner.ts';
import { ScannerError, SUFFIXES } from '../../../native/serial/settings.ts';
import { simulateScan } from '../../../native/serial/simulate.ts';
import { classifyFrame, displayText } from '../../../native/serial/classification.ts';
import type { Suffix } from '../../../native/serial/framing.ts';
import { countedEn } from '../../domain/plural.ts';

const listUsage = 'scanner list [--json]';
const monitorUsage =
  'scanner monitor <path> [--baud N] [--data-bits N] [--parity none|even|odd] [--stop-bits 1|2] [--flow none|rtscts|xonxoff] [--suffix cr|lf|crlf|tab|none] [--silence-ms N] [--prefix S] [--aim] [--json]';
const simulateUsage = 'scanner simulate <path> --code DIGITS [--suffix cr] [--chunk N] [--delay-ms N] [--baud N]';

function number(value: string | undefined, flag: string, usage: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`--${flag} needs a whole number, not "${value}".\nUsage: souq ${usage}`, EXIT.usage);
  return Number(value);
}

function usageError(err: unknown, usage: string): never {
  if (err instanceof ScannerError) throw new CliError(`${err.message}\nUsage: souq ${usage}`, EXIT.usage, err.code);
  throw err;
}

export const scannerList: CliCommand = {
  name: 'scanner list',
  usage: listUsage,
  summary: 'list the serial ports with the USB device behind each (vendor/product id, serial)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, listUsage);
    const found = await discoverPorts();
    if (values.json) {
      sayJson(ctx, found);
      return;
    }
    if (found.warning) warn(ctx, `Note: ${found.warning}`);
    if (found.ports.length === 0) {
      say(ctx, 'No serial ports found. A scanner in USB keyboard mode does not appear here (it types like a keyboard);');
      say(ctx, 'a serial or USB-COM scanner does once plugged in. A port not listed can still be given by path.');
      return;
    }
    const rows = found.ports.map((p) => [p.path, p.friendlyName, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '', p.serialNumber ?? '', p.stablePath ?? '']);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['PORT', 'DEVICE', 'USB ID', 'SERIAL'][i]!.length));
    const line = (r: string[]) => `${r.slice(0, 4).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${r[4]}`.trimEnd();
    say(ctx, line(['PORT', 'DEVICE', 'USB ID', 'SERIAL', 'STABLE NAME']));
    for (const r of rows) say(ctx, line(r));
  },
};

/** One --json line per event, exactly the shapes issue 4 fixes; the raw bytes stay out of JSON. */
function jsonLine(ev: ScannerEvent): Record<string, unknown> | null {
  switch (ev.type) {
    case 'scan': {
      const c = ev.classification;
      const out: Record<string, unknown> = { type: 'scan', text: ev.display, kind: c.kind };
      if (c.kind === 'unknown') out.reason = c.reason;
      else if (c.kind === 'wallet' && c.message) out.reason = c.message;
      return out;
    }
    case 'status':
      return { type: 'status', state: ev.state };
    case 'error':
      return { type: 'error', message: ev.message };
    case 'raw':
      return null;
    default:
      return assertNever(ev, 'scanner event');
  }
}

function clock(at: string): string {
  return at.slice(11, 23);
}

function humanLine(ev: ScannerEvent): string {
  switch (ev.type) {
    case 'raw':
      return `${clock(ev.at)}  bytes   ${ev.hex}   |${ev.text}|`;
    case 'scan': {
      const c = ev.classification;
      const aim = ev.aimId ? ` ${ev.aimId}${ev.symbology ? ` ${ev.symbology}` : ''}` : '';
      switch (c.kind) {
        case 'wallet':
          return `${clock(ev.at)}  SCAN    wallet (${c.family})${aim}  ${ev.display}${c.message ? `  — ${c.message}` : ''}`;
        case 'product':
          return `${clock(ev.at)}  SCAN    product ${c.symbology}${aim}  ${ev.display}`;
        case 'unknown':
          return `${clock(ev.at)}  SCAN    unknown${aim}  ${JSON.stringify(ev.display)}  — ${c.reason}`;
        default:
          return assertNever(c, 'scan kind');
      }
    }
    case 'status':
      return `${clock(ev.at)}  ${ev.state.padEnd(7)} ${ev.path}`;
    case 'error':
      return `${clock(ev.at)}  problem ${ev.message}`;
    default:
      return assertNever(ev, 'scanner event');
  }
}

export const scannerMonitor: CliCommand = {
  name: 'scanner monitor',
  usage: monitorUsage,
  summary: 'open a serial scanner and print its bytes, scans and connection state until Ctrl-C',
  async run(ctx) {
    const { values, positionals } = parseOptions(
      ctx.argv,
      {
        baud: { type: 'string' },
        'data-bits': { type: 'string' },
        parity: { type: 'string' },
        'stop-bits': { type: 'string' },
        flow: { type: 'string' },
        suffix: { type: 'string' },
        'silence-ms': { type: 'string' },
        prefix: { type: 'string' },
        aim: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      monitorUsage,
      { min: 1, max: 1 },
    );
    const settings: Record<string, unknown> = { path: positionals[0], aim: values.aim };
    const put = (key: string, v: unknown) => {
      if (v !== undefined) settings[key] = v;
    };
    put('baudRate', number(values.baud, 'baud', monitorUsage));
    put('dataBits', number(values['data-bits'], 'data-bits', monitorUsage));
    put('parity', values.parity);
    put('stopBits', number(values['stop-bits'], 'stop-bits', monitorUsage));
    put('flowControl', values.flow);
    put('suffix', values.suffix);
    put('silenceMs', number(values['silence-ms'], 'silence-ms', monitorUsage));
    put('prefix', values.prefix);

    let scanner: SerialScanner;
    try {
      scanner = new SerialScanner(settings);
    } catch (err) {
      usageError(err, monitorUsage);
    }
    const s = scanner.settings;
    if (!values.json) {
      say(ctx, `Watching ${s.path} at ${s.baudRate} baud, ${s.dataBits}${s.parity[0]!.toUpperCase()}${s.stopBits}, suffix ${s.suffix}${s.suffix === 'none' || s.silenceMs ? `, silence ${s.silenceMs} ms` : ''}. Ctrl-C to stop.`);
      say(ctx, 'Payment codes are masked (first 4 … last 4); in raw bytes only the first 4 digits of a run show.');
    }
    scanner.on('event', (ev) => {
      if (values.json) {
        const line = jsonLine(ev);
        if (line) sayJson(ctx, line);
      } else say(ctx, humanLine(ev));
    });
    await untilStopped(ctx, () => scanner.start());
    await scanner.close();
    return EXIT.ok;
  },
};

/**
 * Starts the work, then resolves at the first SIGINT or SIGTERM, or when the reader of our output
 * goes away (`souq scanner monitor … | head`: EPIPE), so the port is always closed cleanly.
 */
function untilStopped(ctx: CliContext, start: () => void): Promise<void> {
  return new Promise((resolve) => {
    const out = ctx.stdout as Partial<NodeJS.EventEmitter>;
    // The stdout listener stays: lines written while the port closes would hit the broken pipe again.
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    out.on?.('error', stop);
    start();
  });
}

export const scannerSimulate: CliCommand = {
  name: 'scanner simulate',
  usage: simulateUsage,
  summary: 'write a scan to a serial port in chunks, to test a setup without a scanner',
  async run(ctx) {
    const { values, positionals } = parseOptions(
      ctx.argv,
      {
        code: { type: 'string' },
        suffix: { type: 'string', default: 'cr' },
        chunk: { type: 'string' },
        'delay-ms': { type: 'string' },
        baud: { type: 'string' },
      },
      simulateUsage,
      { min: 1, max: 1 },
    );
    const code = values.code;
    if (code === undefined) throw new CliError(`--code is required.\nUsage: souq ${simulateUsage}`, EXIT.usage);
    if (!/^\d{1,512}$/.test(code)) throw new CliError(`--code must be 1 to 512 digits.\nUsage: souq ${simulateUsage}`, EXIT.usage);
    const suffix = values.suffix as Suffix;
    if (!(SUFFIXES as readonly string[]).includes(suffix)) throw new CliError(`--suffix must be one of ${SUFFIXES.join(', ')}.\nUsage: souq ${simulateUsage}`, EXIT.usage);
    const path = positionals[0]!;
    let sent;
    try {
      sent = await simulateScan({
        path,
        code,
        suffix,
        chunk: number(values.chunk, 'chunk', simulateUsage) ?? 0,
        delayMs: number(values['delay-ms'], 'delay-ms', simulateUsage) ?? 0,
        baudRate: number(values.baud, 'baud', simulateUsage) ?? 9600,
      });
    } catch (err) {
      if (err instanceof ScannerError) throw new CliError(err.message, EXIT.failure, err.code);
      throw err;
    }
    const shown = displayText(code, classifyFrame(code, 0));
    say(ctx, `Sent ${shown} + ${suffix} to ${path}: ${countedEn(sent.bytes, '{n} byte', '{n} bytes')} in ${countedEn(sent.chunks, '{n} write', '{n} writes')}.`);
  },
};
