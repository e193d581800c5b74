// The receipt printer and the cash drawer on the terminal core: the installer's Printer tab
// (settings saved into config.json's printer section with one audited event, test print, drawer
// test), the reprint queue, the status for the cashier's bar, and a manager's "open drawer, no
// sale". The hardware comes in as the PrinterControl port (native/printer); app/ never opens it.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { ApiError } from '../api/call.ts';
import type { PrinterControl, PrinterSettings } from '../api/printer.ts';
import type { ReceiptView } from '../api/views.ts';
import { importConfig, readStoredConfig, type StoredTerminalConfig } from '../settings/config.ts';
import { PrinterConfig } from '../settings/schema.ts';
import { signIn, requireRole } from '../users/users.ts';
import { createPrinting, type Printing } from '../printing/printing.ts';
import type { InstallerSessions } from './installer.ts';
import type { Handlers } from './service.ts';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type PrinterCallName = 'printer.list' | 'printer.save' | 'printer.testPrint' | 'printer.drawerTest' | 'printer.status' | 'printer.queue' | 'printer.reprint' | 'printer.printReceipt' | 'drawer.open';
export type PrinterHandlers = Pick<Handlers, PrinterCallName>;

export interface PrinterDeps {
  db: Db;
  dataDir: string;
  control: PrinterControl | null;
  sessions: InstallerSessions;
  receiptOf: (saleId: string) => ReceiptView;
  config: { storeName: string; address: string; trn: string; terminalId: string };
  now?: () => Date;
}

/** config.json's printer section as it is now: the Printer tab applies without a restart. */
export function savedPrinter(dataDir: string): PrinterSettings {
  try {
    return readStoredConfig(dataDir).printer;
  } catch {
    // A config.json that does not parse stops the terminal at start already; here it means "none".
    return PrinterConfig.parse({});
  }
}

function writeConfig(dataDir: string, next: StoredTerminalConfig): void {
  const handoff = join(dataDir, `.printer-${randomBytes(6).toString('hex')}.json`);
  try {
    writeFileSync(handoff, JSON.stringify(next), { mode: 0o600, flag: 'wx' });
    importConfig(dataDir, handoff);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new ApiError('SETTINGS_INVALID', `${(e.message ?? String(err)).replace(/\s*\n\s*/g, ' ')} Nothing was saved.`);
  } finally {
    rmSync(handoff, { force: true });
  }
}

export function createPrinterHandlers(deps: PrinterDeps): { handlers: PrinterHandlers; printing: Printing } {
  const { db, dataDir, sessions } = deps;
  const now = deps.now ?? (() => new Date());
  const printing = createPrinting({ db, settings: () => savedPrinter(dataDir), control: deps.control, receiptOf: deps.receiptOf, store: () => deps.config, now });
  const hardware = () => {
    if (!deps.control) throw new ApiError('NOT_AVAILABLE', 'The receipt printer is driven by the terminal program on the computer it plugs into, not from this window.');
    return deps.control;
  };
  const list = async () => {
    const found = await hardware().list();
    return { ...found, settings: savedPrinter(dataDir) };
  };

  const handlers: PrinterHandlers = {
    'printer.list': async ({ session }) => {
      sessions.actorOf(session);
      return list();
    },
    'printer.save': async ({ session, printer }) => {
      const actor = sessions.actorOf(session);
      const before = readStoredConfig(dataDir);
      const next = PrinterConfig.parse(printer);
      const changed: Record<string, { from: string | number | boolean; to: string | number | boolean }> = {};
      for (const k of Object.keys(next) as (keyof PrinterSettings)[]) if (before.printer[k] !== next[k]) changed[k] = { from: before.printer[k], to: next[k] };
      if (Object.keys(changed).length > 0) {
        writeConfig(dataDir, { ...before, printer: next });
        writeTx(db, () => appendEvent(db, { type: 'settings.printer_changed', subject: 'printer', actor: actor.id, data: { changed }, at: now() }));
      }
      return list();
    },
    'printer.testPrint': async ({ session, printer }) => {
      const actor = sessions.actorOf(session);
      hardware();
      return printing.testPrint(actor.id, printer ? PrinterConfig.parse(printer) : undefined);
    },
    'printer.drawerTest': async ({ session, printer }) => {
      const actor = sessions.actorOf(session);
      hardware();
      const o = await printing.openDrawer({ by: actor.id, reason: 'installer drawer test', kind: 'test' }, printer ? PrinterConfig.parse(printer) : undefined);
      return { via: o.via, device: o.device, at: o.at, by: actor.name, reason: o.reason };
    },
    'printer.status': () => printing.status(),
    'printer.queue': () => printing.queued(),
    'printer.reprint': ({ jobId }) => printing.reprint(jobId),
    'printer.printReceipt': ({ saleId }) => printing.printReceipt(saleId),
    'drawer.open': async ({ name, pin, reason }) => {
      const actor = requireRole(await signIn(db, { name, pin, now: now() }), 'manager', 'open the drawer without a sale');
      const o = await printing.openDrawer({ by: actor.id, reason, kind: 'no_sale' });
      return { via: o.via, device: o.device, at: o.at, by: actor.name, reason: o.reason };
    },
  };
  return { handlers, printing };
}
