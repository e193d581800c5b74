// The one schema of the terminal's configuration (`souq config import`, the installer screens).
// With no `acquirer` section the terminal runs against the embedded sandbox acquirer.
import { z } from 'zod';
// Code pages are for the printer's own (Latin) text; Arabic and Chinese are printed as images.
import { DRAWER_VIAS, PRINTER_CODEPAGES, PRINTER_FLOW_CONTROLS, PRINTER_LANGUAGES } from '../domain/printer.ts';

const pem = (kind: 'PRIVATE' | 'PUBLIC') =>
  z.string().refine((s) => s.includes(`-----BEGIN ${kind} KEY-----`) || s.includes(`-----BEGIN RSA ${kind} KEY-----`), {
    message: `must be a PEM ${kind.toLowerCase()} key (-----BEGIN ${kind} KEY-----)`,
  });

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach (the sandbox, tests). */
function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Payment codes, amounts and the acquirer's answers cross this link: https only, except plain http
 * to this machine. file:, javascript:, data: and the like are not acquirers.
 */
export function endpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be a URL such as https://open-sea-global.alipay.com';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? undefined : `must be https:// (plain http:// is allowed only to this machine, 127.0.0.1 or localhost; got ${url.host})`;
  return `must be an https:// address such as https://open-sea-global.alipay.com (${url.protocol} is not an acquirer)`;
}

export const AcquirerConfig = z.object({
  /** Scheme and host, e.g. https://open-sea-global.alipay.com */
  endpoint: z.string().superRefine((v, ctx) => {
    const problem = endpointProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  clientId: z.string().min(1).max(64),
  merchantPrivateKey: pem('PRIVATE'),
  acquirerPublicKey: pem('PUBLIC'),
  keyVersion: z.number().int().positive().default(1),
  /** Defaults as the official SDKs do: /ams/sandbox/api when clientId starts with SANDBOX_. */
  pathPrefix: z.string().regex(/^\/[A-Za-z0-9/_-]*[^/]$/, 'must be a path such as /ams/api (starts with /, no / at the end)').optional(),
  timeoutMs: z.number().int().min(500).max(30_000).default(5_000),
});
export type AcquirerConfig = z.infer<typeof AcquirerConfig>;

/**
 * A secret config.json keeps only in sealed form: the bytes an OS keystore (Electron safeStorage)
 * gave back, as base64, and which sealer made them. Only that sealer on this computer account can
 * open it (app/settings/secrets.ts).
 */
export const SealedSecret = z
  .object({
    sealed: z.string().min(1, 'is empty').max(64 * 1024).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 text (a key sealed by the Souq POS app)'),
    by: z.string().regex(/^[a-z][A-Za-z0-9-]{0,63}$/, 'must name the keystore that sealed it, e.g. electron-safeStorage'),
  })
  .strict();
export type SealedSecret = z.infer<typeof SealedSecret>;

/** The acquirer section as config.json may hold it: the private key in clear PEM or sealed. */
export const StoredAcquirerConfig = AcquirerConfig.extend({ merchantPrivateKey: z.union([pem('PRIVATE'), SealedSecret]) });
export type StoredAcquirerConfig = z.infer<typeof StoredAcquirerConfig>;

export const MerchantConfig = z.object({
  referenceMerchantId: z.string().min(1).max(64).default('M-SOUQ-DEMO'),
  merchantName: z.string().min(1).max(256).default('Souq Demo Boutique'),
  merchantMCC: z.string().regex(/^\d{4}$/, 'an MCC is 4 digits, e.g. "5651"').default('5651'),
});

export const StoreConfig = z.object({
  referenceStoreId: z.string().min(1).max(64).default('DXB-STORE-01'),
  storeName: z.string().min(1).max(256).default('Souq Demo Boutique Dubai Mall'),
  storeMCC: z.string().regex(/^\d{4}$/, 'an MCC is 4 digits, e.g. "5651"').default('5651'),
  address: z.string().max(512).default('Dubai Mall, Financial Centre Road, Dubai, UAE'),
  /** UAE Tax Registration Number: 15 digits. */
  trn: z.string().regex(/^\d{15}$/, 'a TRN is 15 digits').default('100000000000003'),
});

export const PaymentConfig = z.object({
  /** A scanned code is never sent after this many seconds; configurable only downwards. */
  codeWindowSeconds: z.number().int().min(10).max(60).default(60),
  /** paymentExpiryTime sent with each pay. */
  paymentExpiryMinutes: z.number().int().min(1).max(30).default(3),
  inquiryIntervalMs: z.number().int().min(200).max(30_000).default(3_000),
  inquiryMaxTries: z.number().int().min(1).max(30).default(15),
  /** Minutes after midnight UTC+8 of the next day until which cancel works (ACQUIRER.md: assumed 15). */
  cancelCutoffMinutes: z.number().int().min(0).max(24 * 60).default(15),
  /** Indicative CNY per AED for the customer display, as decimal text (no float in the config). */
  indicativeCnyPerAed: z.string().regex(/^\d+(\.\d{1,6})?$/, 'must be decimal text such as "1.94" (at most 6 decimals)').default('1.94'),
});

export const SyncConfig = z.object({
  concurrency: z.number().int().min(1).max(32).default(4),
});

/**
 * The till's own screen and printer: set on the installer's Till screen, read by the Electron shell
 * when it starts (SOUQ_KIOSK, SOUQ_SILENT_PRINT, SOUQ_CUSTOMER_DISPLAY still override it).
 */
export const TillConfig = z.object({
  kiosk: z.boolean().default(false),
  silentPrint: z.boolean().default(false),
  /** auto: the remembered display, else the first that is not primary; none: no customer window; a number: that display's index (from 0). */
  customerDisplay: z.union([z.enum(['auto', 'none']), z.number().int().min(0).max(15)]).default('auto'),
});
export type TillConfig = z.infer<typeof TillConfig>;

const PRINTER_DEVICE_WORDS = 'a serial port (/dev/ttyUSB0), a USB printer (/dev/usb/lp0) or HOST:PORT for a network printer (192.168.1.50:9100); empty for none';

/**
 * The receipt printer and the cash drawer: set on the installer's Printer tab or in config.json,
 * applied at once by the running terminal. An empty device means no printer (the browser's print).
 */
export const PrinterConfig = z.object({
  device: z.string().trim().max(256, PRINTER_DEVICE_WORDS).default(''),
  language: z.enum(PRINTER_LANGUAGES, { error: `language must be one of ${PRINTER_LANGUAGES.join(', ')}` }).default('esc-pos'),
  paperWidth: z.union([z.literal(58), z.literal(80)], { error: 'paperWidth is 58 or 80 (mm)' }).default(80),
  codepage: z.enum(PRINTER_CODEPAGES, { error: `codepage must be one of ${PRINTER_CODEPAGES.join(', ')}` }).default('auto'),
  /** Serial printers only (USB and network ignore it). */
  baudRate: z.number().int().min(1200).max(921_600).default(9600),
  /** Serial only: the printer's handshake, so a long receipt never overruns its buffer. */
  flowControl: z.enum(PRINTER_FLOW_CONTROLS, { error: `flowControl must be one of ${PRINTER_FLOW_CONTROLS.join(', ')}` }).default('none'),
  /** printer: kicked through the printer's drawer port (ESC p); serial: a drawer on its own serial port (drawerDevice). */
  drawer: z.enum(DRAWER_VIAS, { error: `drawer must be one of ${DRAWER_VIAS.join(', ')}` }).default('printer'),
  drawerDevice: z.string().trim().max(256).default(''),
  /** The drawer connector pin the kick pulses: 2 (most drawers) or 5 (a second drawer). */
  drawerPin: z.union([z.literal(2), z.literal(5)], { error: 'drawerPin is 2 or 5' }).default(2),
  /** The receipt prints by itself when a sale is paid (cash, card or wallet); Print gives a copy. */
  autoPrint: z.boolean({ error: 'autoPrint is true or false' }).default(true),
});
export type PrinterConfig = z.infer<typeof PrinterConfig>;

export const TerminalConfig = z.object({
  acquirer: AcquirerConfig.optional(),
  merchant: MerchantConfig.default(MerchantConfig.parse({})),
  store: StoreConfig.default(StoreConfig.parse({})),
  terminalId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1–32 letters, digits, _ or -, e.g. "T01"').default('T01'),
  payment: PaymentConfig.default(PaymentConfig.parse({})),
  sync: SyncConfig.default(SyncConfig.parse({})),
  till: TillConfig.default(TillConfig.parse({})),
  printer: PrinterConfig.default(PrinterConfig.parse({})),
});
export type TerminalConfig = z.infer<typeof TerminalConfig>;

/** config.json as stored; loadConfig opens it into a TerminalConfig (every secret in clear, in memory only). */
export const StoredTerminalConfig = TerminalConfig.extend({ acquirer: StoredAcquirerConfig.optional() });
export type StoredTerminalConfig = z.infer<typeof StoredTerminalConfig>;
