// The receipt printer and the cash drawer: the installer's Printer tab (ports, settings, test
// print, drawer test, live status), the cashier's status bar (printer.status), the reprint queue,
// and a manager's "open drawer, no sale". The hardware layer (native/printer) implements
// PrinterControl below; app/ never opens a port or a socket to a printer itself.
import { z } from 'zod';
import { call } from './call.ts';
import { Empty, SaleId } from './common.ts';
import { InstallerSession } from './installer.ts';
import type { PortView } from './scanner.ts';
import type { PrinterConfig } from '../settings/schema.ts';
import type { PrintDoc } from '../printing/layout.ts';

// The choices live in the domain: the config schema and this contract both read them, and neither imports the other.
import { DRAWER_VIAS, PRINTER_CODEPAGES, PRINTER_FLOW_CONTROLS, PRINTER_LANGUAGES } from '../domain/printer.ts';
export { DRAWER_VIAS, PRINTER_CODEPAGES, PRINTER_FLOW_CONTROLS, PRINTER_LANGUAGES };

/** `HOST:PORT` of a network printer (raw TCP, usually 9100); anything else is a device path. */
export const NETWORK_DEVICE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\d{1,5})$/;

const DEVICE_WORDS = 'give a serial port (/dev/ttyUSB0), a USB printer (/dev/usb/lp0) or HOST:PORT of a network printer (192.168.1.50:9100)';
export const PrinterDevice = z
  .string()
  .trim()
  .max(256, DEVICE_WORDS)
  .refine((d) => d === '' || d.startsWith('/') || /^COM\d+$/i.test(d) || (NETWORK_DEVICE.test(d) && Number(NETWORK_DEVICE.exec(d)![2]) >= 1 && Number(NETWORK_DEVICE.exec(d)![2]) <= 65535), {
    error: (iss) => `${JSON.stringify(iss.input)} is not a printer: ${DEVICE_WORDS}`,
  });

/** The Printer tab's settings, as saved in config.json's `printer` section. */
export const printerSettingsSchema = z
  .object({
    device: PrinterDevice,
    language: z.enum(PRINTER_LANGUAGES, { error: `the printer language is one of ${PRINTER_LANGUAGES.join(', ')}` }).default('esc-pos'),
    paperWidth: z.union([z.literal(58), z.literal(80)], { error: 'the paper is 58 or 80 mm wide' }),
    codepage: z.enum(PRINTER_CODEPAGES, { error: `the code page is one of ${PRINTER_CODEPAGES.join(', ')}` }).default('auto'),
    baudRate: z.number().int().min(1200, 'the baud rate is 1200 to 921600').max(921_600, 'the baud rate is 1200 to 921600').default(9600),
    flowControl: z.enum(PRINTER_FLOW_CONTROLS, { error: `flow control is one of ${PRINTER_FLOW_CONTROLS.join(', ')}` }).default('none'),
    drawer: z.enum(DRAWER_VIAS, { error: `the drawer opens through ${DRAWER_VIAS.join(', ')}` }).default('printer'),
    drawerDevice: PrinterDevice.default(''),
    drawerPin: z.union([z.literal(2), z.literal(5)], { error: 'the drawer pin is 2 or 5' }).default(2),
    autoPrint: z.boolean({ error: 'printing receipts by themselves is on (true) or off (false)' }).default(true),
  })
  .strict()
  .refine((s) => s.drawer !== 'serial' || s.drawerDevice !== '', { error: 'a serial drawer needs its port (drawerDevice), e.g. /dev/ttyUSB1', path: ['drawerDevice'] });

export type PrinterSettings = PrinterConfig;

/**
 * What the printer says about itself (ESC/POS DLE EOT real-time status). `unknown`: the connection
 * cannot answer (a USB printer file, a Star printer); `no_answer`: it should have and did not.
 */
export type PrinterState = 'ready' | 'paper_low' | 'paper_out' | 'cover_open' | 'offline' | 'no_answer' | 'unknown' | 'not_configured';

export interface PrinterStatusView {
  state: PrinterState;
  device: string;
  /** Words for the cashier or the installer: what is wrong and what to do. */
  message: string;
  checkedAt: string;
  /** Receipts waiting for a reprint. */
  queued: number;
}

export interface PrintJobView {
  id: number;
  kind: 'receipt' | 'test';
  saleId: string | null;
  invoiceNo: number | null;
  state: 'queued' | 'printed';
  device: string;
  tries: number;
  lastError: string | null;
  createdAt: string;
  printedAt: string | null;
}

export interface PrinterListView {
  /** Serial ports and USB printer devices (/dev/usb/lp*) the computer has. */
  ports: PortView[];
  warning?: string;
  settings: PrinterSettings;
}

export interface DrawerOpenedView {
  via: 'printer' | 'serial';
  device: string;
  at: string;
  by: string | null;
  reason: string;
}

const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: InstallerSession, ...shape }).strict();
const Reason = z.string().trim().min(3, 'say why the drawer is opened (at least 3 letters)').max(200);

export const printerApi = {
  /** Ports and USB printers found, and the saved printer settings. */
  'printer.list': call<PrinterListView>()(withSession({})),
  /** Saves config.json's printer section (one audited event); used at once, no restart. */
  'printer.save': call<PrinterListView>()(withSession({ printer: printerSettingsSchema })),
  /** The store header, a line of Arabic, a line of Chinese and a barcode, on the saved printer or the one given. */
  'printer.testPrint': call<PrintJobView>()(withSession({ printer: printerSettingsSchema.optional() })),
  /** Kicks the drawer (logged as a drawer test by the installer signed in). */
  'printer.drawerTest': call<DrawerOpenedView>()(withSession({ printer: printerSettingsSchema.optional() })),
  /** The configured printer's state now (paper out, cover open, offline), for the status bar and the Printer tab. */
  'printer.status': call<PrinterStatusView>()(Empty),
  /** Receipts that could not print, oldest first. */
  'printer.queue': call<PrintJobView[]>()(Empty),
  /** Prints a queued receipt again; it stays queued if the printer still cannot take it. */
  'printer.reprint': call<PrintJobView>()(z.object({ jobId: z.number().int().positive() }).strict()),
  /** Prints a sale's receipt on the receipt printer (queued first, never lost). */
  'printer.printReceipt': call<PrintJobView>()(z.object({ saleId: SaleId }).strict()),
  /** A manager's "open drawer, no sale": name and PIN checked, the opening logged with who and why. */
  'drawer.open': call<DrawerOpenedView>()(z.object({ name: z.string().trim().min(1, 'give your name').max(40), pin: z.string().min(1, 'give your PIN').max(32), reason: Reason }).strict()),
} as const;

/** What the core needs from the printer hardware (native/printer/control.ts builds it). */
export interface PrinterControl {
  list(): Promise<{ ports: PortView[]; warning?: string }>;
  /** Sends the whole document; resolves only once the printer took it and, where it can, answered. */
  print(settings: PrinterSettings, doc: PrintDoc): Promise<void>;
  kickDrawer(settings: PrinterSettings): Promise<{ via: 'printer' | 'serial'; device: string }>;
  status(settings: PrinterSettings): Promise<{ state: PrinterState; message: string }>;
}
