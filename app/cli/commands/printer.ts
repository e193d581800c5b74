// `souq printer list|test|status` and `souq drawer open`: what an installer uses to find and try a
// receipt printer, and a manager's "open drawer, no sale" from the shell. Without --device they use
// the printer (or drawer) in config.json's printer section; with it, that device for this run only.
import type { CliCommand, CliContext } from '../command.ts';
import { parseOptions, say, sayJson, warn } from '../args.ts';
import { CliError, EXIT } from '../errors.ts';
import { readStoredConfig } from '../../settings/config.ts';
import { PrinterConfig, type PrinterConfig as PrinterSettings } from '../../settings/schema.ts';
import { dataPaths } from '../../settings/paths.ts';
import { openDb } from '../../store/db.ts';
import { testPageLayout } from '../../printing/layout.ts';
import { openDrawer } from '../../printing/drawer.ts';
import type { PrinterState } from '../../api/printer.ts';
import { managerFrom } from './user.ts';
import { createPrinterControl } from '../../../native/printer/control.ts';
import { parsePrinterAddress, PrinterError } from '../../../native/printer/device.ts';

const listUsage = 'printer list [--json]';
const testUsage = 'printer test --device PATH|HOST:PORT [--width 58|80] [--language esc-pos|star-prnt|star-line] [--baud N] [--json]';
const statusUsage = 'printer status [--device PATH|HOST:PORT] [--baud N] [--json]';
const drawerUsage = 'drawer open --by MANAGER [--device PATH|HOST:PORT] [--reason TEXT] [--pin PIN] [--json]';

/** The configured printer with this run's --device/--width/--language/--baud on top, checked by the one schema. */
function settingsFrom(ctx: CliContext, v: { device?: string; width?: string; language?: string; baud?: string }, usage: string): PrinterSettings {
  const saved = readStoredConfig(ctx.dataDir).printer;
  if (v.width !== undefined && v.width !== '58' && v.width !== '80') throw new CliError(`--width is 58 or 80 (mm of paper), not "${v.width}".\nUsage: souq ${usage}`, EXIT.usage);
  if (v.baud !== undefined && !/^\d+$/.test(v.baud)) throw new CliError(`--baud needs a whole number, not "${v.baud}".\nUsage: souq ${usage}`, EXIT.usage);
  const r = PrinterConfig.safeParse({
    ...saved,
    ...(v.device !== undefined ? { device: v.device } : {}),
    ...(v.width !== undefined ? { paperWidth: Number(v.width) } : {}),
    ...(v.language !== undefined ? { language: v.language } : {}),
    ...(v.baud !== undefined ? { baudRate: Number(v.baud) } : {}),
  });
  if (!r.success) throw new CliError(`${r.error.issues.map((i) => i.message).join('; ')}\nUsage: souq ${usage}`, EXIT.usage);
  if (v.device !== undefined) {
    try {
      parsePrinterAddress(v.device);
    } catch (err) {
      throw new CliError(`${(err as Error).message}\nUsage: souq ${usage}`, EXIT.usage, 'PRINTER_INVALID_DEVICE');
    }
  }
  return r.data;
}

function printerFailure(err: unknown): never {
  if (err instanceof PrinterError) {
    const exit = err.code === 'PRINTER_OFFLINE' || err.code === 'PRINTER_NO_ANSWER' || err.code === 'PRINTER_NOT_FOUND' ? EXIT.unreachable : EXIT.failure;
    throw new CliError(err.message, exit, err.code);
  }
  throw err;
}

const STATE_EXIT: Record<PrinterState, number> = { ready: EXIT.ok, paper_low: EXIT.ok, unknown: EXIT.ok, paper_out: EXIT.failure, cover_open: EXIT.failure, offline: EXIT.unreachable, no_answer: EXIT.unreachable, not_configured: EXIT.config };

export const printerList: CliCommand = {
  name: 'printer list',
  usage: listUsage,
  summary: 'list USB printers (/dev/usb/lp*) and serial ports, and the printer configured now',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, listUsage);
    const found = await createPrinterControl().list();
    const configured = readStoredConfig(ctx.dataDir).printer;
    if (values.json) {
      sayJson(ctx, { ...found, configured });
      return EXIT.ok;
    }
    if (found.warning) warn(ctx, `Note: ${found.warning}`);
    if (found.ports.length === 0) say(ctx, 'No USB printer or serial port found. A network printer is given as HOST:PORT (usually port 9100).');
    else {
      const w = Math.max(4, ...found.ports.map((p) => p.path.length));
      say(ctx, `${'PATH'.padEnd(w)}  DEVICE`);
      for (const p of found.ports) say(ctx, `${p.path.padEnd(w)}  ${p.friendlyName}${p.stablePath ? `  (${p.stablePath})` : ''}`);
    }
    say(ctx, configured.device ? `Configured: ${configured.device}, ${configured.paperWidth} mm, ${configured.language}, drawer ${configured.drawer}` : 'No printer configured (souq printer test --device … tries one; the installer screen saves it).');
    return EXIT.ok;
  },
};

export const printerTest: CliCommand = {
  name: 'printer test',
  usage: testUsage,
  summary: 'print a test page: the store header, a line of Arabic, a line of Chinese and a barcode',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { device: { type: 'string' }, width: { type: 'string' }, language: { type: 'string' }, baud: { type: 'string' }, json: { type: 'boolean', default: false } }, testUsage);
    const s = settingsFrom(ctx, values, testUsage);
    if (!s.device) throw new CliError(`No printer configured: give one with --device.\nUsage: souq ${testUsage}`, EXIT.usage);
    const config = readStoredConfig(ctx.dataDir);
    const doc = testPageLayout({ storeName: config.store.storeName, address: config.store.address, trn: config.store.trn, terminalId: config.terminalId, at: new Date(), device: s.device }, s.paperWidth);
    try {
      await createPrinterControl().print(s, doc);
    } catch (err) {
      printerFailure(err);
    }
    if (values.json) sayJson(ctx, { device: s.device, paperWidth: s.paperWidth, language: s.language, printed: true });
    else say(ctx, `Test page printed on ${s.device} (${s.paperWidth} mm, ${s.language}): check the Arabic and Chinese lines read correctly and scan the barcode.`);
    return EXIT.ok;
  },
};

export const printerStatus: CliCommand = {
  name: 'printer status',
  usage: statusUsage,
  summary: 'ask the printer for its state: ready, paper low or out, cover open, offline',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { device: { type: 'string' }, baud: { type: 'string' }, json: { type: 'boolean', default: false } }, statusUsage);
    const s = settingsFrom(ctx, values, statusUsage);
    const st: { state: PrinterState; message: string } = s.device ? await createPrinterControl().status(s) : { state: 'not_configured', message: 'No printer configured: give one with --device.' };
    if (values.json) sayJson(ctx, { device: s.device, ...st });
    else say(ctx, `${s.device || '(none)'}: ${st.state} — ${st.message}`);
    return STATE_EXIT[st.state];
  },
};

export const drawerOpen: CliCommand = {
  name: 'drawer open',
  usage: drawerUsage,
  summary: 'open the cash drawer with no sale (a manager; PIN on stdin); logged with who and why',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { by: { type: 'string' }, device: { type: 'string' }, reason: { type: 'string' }, pin: { type: 'string' }, json: { type: 'boolean', default: false } }, drawerUsage);
    const reason = (values.reason ?? 'no sale (souq drawer open)').trim();
    if (reason.length < 3) throw new CliError(`Say why the drawer is opened with --reason (at least 3 letters).\nUsage: souq ${drawerUsage}`, EXIT.usage);
    const saved = settingsFrom(ctx, {}, drawerUsage);
    let s: PrinterSettings = saved;
    if (values.device !== undefined) {
      const one = settingsFrom(ctx, { device: values.device }, drawerUsage);
      // --device names where the drawer is kicked now: the drawer's own port for a serial drawer, else the printer.
      s = saved.drawer === 'serial' ? { ...saved, drawerDevice: one.device } : { ...one, drawer: 'printer' };
    }
    if (s.drawer === 'none' && values.device === undefined) throw new CliError('No cash drawer is configured: give the printer it hangs on with --device.', EXIT.config, 'DRAWER_NOT_CONFIGURED');
    const device = s.drawer === 'serial' ? s.drawerDevice : s.device;
    if (!device) throw new CliError(`No printer or drawer configured: give one with --device.\nUsage: souq ${drawerUsage}`, EXIT.usage);
    const db = openDb(dataPaths(ctx.dataDir).db);
    try {
      const actor = await managerFrom(db, values.by, values.pin, 0, 'open the drawer without a sale');
      const control = createPrinterControl();
      const opened = await openDrawer({ db, kick: () => control.kickDrawer(s) }, { by: actor.id, reason, kind: 'no_sale' }).catch(printerFailure);
      if (values.json) sayJson(ctx, { via: opened.via, device: opened.device, at: opened.at, by: actor.name, reason });
      else say(ctx, `Drawer opened through ${opened.via === 'serial' ? 'its serial port' : 'the printer'} ${opened.device}; logged: ${actor.name}, "${reason}".`);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
