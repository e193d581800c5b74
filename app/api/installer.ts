// The installer screens' calls: sign in with an installer (or manager) PIN, read the settings with
// every secret masked, save store details and acquirer credentials, run a test payment and a clock
// check. Every call after sign-in carries the session it returned; secrets travel only inward.
import { z } from 'zod';
import { call } from './call.ts';

export const InstallerSession = z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/, 'not an installer session');

const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: InstallerSession, ...shape }).strict();

export const storeSettingsSchema = z
  .object({
    storeName: z.string().trim().min(1, 'the store name is empty').max(256),
    address: z.string().trim().max(512, 'the address is longer than 512 characters'),
    trn: z.string().trim().regex(/^\d{15}$/, 'a TRN (UAE Tax Registration Number) is exactly 15 digits'),
    terminalId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a terminal id is 1 to 32 letters, digits, _ or -'),
    mcc: z.string().trim().regex(/^\d{4}$/, 'an MCC (merchant category code) is 4 digits, e.g. 5651'),
  })
  .strict();
export type StoreSettings = z.output<typeof storeSettingsSchema>;

const DISPLAY_WORDS = 'the customer display is auto, none, or a display number from 0 to 15';
export const tillSettingsSchema = z
  .object({
    kiosk: z.boolean({ error: 'kiosk mode is on (true) or off (false)' }),
    silentPrint: z.boolean({ error: 'silent printing is on (true) or off (false)' }),
    /** auto: the remembered display, else the first that is not primary; none: no customer window; a number: that display's index (from 0). */
    customerDisplay: z.union([z.literal('auto'), z.literal('none'), z.number().int(DISPLAY_WORDS).min(0, DISPLAY_WORDS).max(15, DISPLAY_WORDS)], { error: DISPLAY_WORDS }),
  })
  .strict();
export type TillSettings = z.output<typeof tillSettingsSchema>;

/** A display the shell can see, as the Till screen lists it; index is what customerDisplay names. */
export interface DisplayView {
  index: number;
  label: string;
  width: number;
  height: number;
  primary: boolean;
}

const PEM_MAX = 16 * 1024;
export const acquirerSettingsSchema = z
  .object({
    /** Scheme and host, e.g. https://open-sea-global.alipay.com (the region's gateway). */
    endpoint: z.url({ protocol: /^https?$/, error: 'the endpoint must be a URL, e.g. https://open-sea-global.alipay.com' }).max(256),
    clientId: z.string().trim().min(1, 'the client id is empty').max(64),
    /** PEM text read from the file the installer chose; sent once, never read back. */
    merchantPrivateKey: z.string().min(1, 'choose the merchant private key file').max(PEM_MAX, 'the private key file is too large to be a PEM key'),
    acquirerPublicKey: z.string().min(1, 'choose the acquirer public key file').max(PEM_MAX, 'the public key file is too large to be a PEM key'),
    keyVersion: z.number().int().positive().max(1000).default(1),
  })
  .strict();

export interface InstallerActorView {
  name: string;
  role: 'installer' | 'manager';
}

export interface InstallerSessionView {
  session: string;
  actor: InstallerActorView;
  expiresAt: string;
}

/** What the installer screens show; the acquirer section is maskedConfig's, never a key. */
export interface InstallerSettingsView {
  store: StoreSettings;
  sandbox: boolean;
  acquirer: Record<string, unknown> | null;
  /** Where secrets are kept, in words (browser host: a file), shown on the acquirer screen. */
  secretsWarning: string | null;
  /** Kiosk mode, silent printing and the customer display, as saved (the Electron shell reads them at start). */
  till: TillSettings;
  /** The displays the shell sees now; null when the host cannot tell (the browser host): the screen says so. */
  displays: DisplayView[] | null;
  /** Saved settings are read when the terminal starts. */
  restartNeeded: boolean;
  /** The saved private key is sealed by a keystore this computer cannot open: load the key files again and save. */
  keyUnavailable?: 'CONFIG_SEALED' | 'CONFIG_SEALED_UNREADABLE' | null;
}

export interface TestPaymentView {
  paymentRequestId: string;
  state: string;
  resultCode: string | null;
  message: string;
  sandbox: boolean;
  /**
   * The automatic full refund of a succeeded test payment (null when it did not succeed).
   * state: a refund state (created, sent, refunded, refund_failed, refund_unknown), or
   * not_started when the journal refused to create it (refundRequestId null then).
   */
  refund: { refundRequestId: string | null; state: string; message: string } | null;
}

export interface ClockCheckView {
  terminalTime: string;
  /** From the acquirer endpoint's HTTP Date header; null when it did not answer. */
  acquirerTime: string | null;
  skewSeconds: number | null;
  ok: boolean;
  message: string;
}

export const installerApi = {
  /** An installer or a manager signs in with their PIN; lockout words come back as the error. */
  'installer.signIn': call<InstallerSessionView>()(
    z.object({ name: z.string().trim().min(1, 'give your name').max(40), pin: z.string().min(1, 'give your PIN').max(32) }).strict(),
  ),
  'installer.signOut': call<{ ok: true }>()(withSession({})),
  'installer.settings': call<InstallerSettingsView>()(withSession({})),
  'installer.saveStore': call<InstallerSettingsView>()(withSession({ store: storeSettingsSchema })),
  /** Kiosk mode, silent receipt printing and the customer display; the shell reads them at its next start. */
  'installer.saveTill': call<InstallerSettingsView>()(withSession({ till: tillSettingsSchema })),
  'installer.saveAcquirer': call<InstallerSettingsView>()(withSession({ acquirer: acquirerSettingsSchema })),
  /** AED 0.01 through the journal on the running link (the sandbox wallet pays it in sandbox mode), then refunded in full. */
  'installer.testPayment': call<TestPaymentView>()(withSession({ code: z.string().trim().min(10).max(64).optional() })),
  'installer.clockCheck': call<ClockCheckView>()(withSession({})),
  /** What a cashier may take off a line without a manager's PIN, in hundredths of a percent (1000 = 10 %). */
  'installer.discountLimit': call<{ basisPoints: number }>()(withSession({})),
  'installer.saveDiscountLimit': call<{ basisPoints: number }>()(withSession({ basisPoints: z.number().int().min(0).max(10_000) })),
} as const;

export type InstallerCallName = keyof typeof installerApi;
