// The installer screens on the terminal core: PIN sign-in (installer or manager), settings read
// back with every secret masked, store and acquirer settings saved through app/settings with one
// audited event each (what changed, never a secret), a test payment of AED 0.01 through the
// journal (refunded in full at once, so the day's takings net to zero), and a clock check against
// the acquirer. Saved settings take effect at the next start. With a SecretSealer (the Electron
// shell's safeStorage) the merchant private key is kept sealed in config.json, never in clear.
import { discountLimit, setDiscountLimit } from '../sales/limits.ts';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { signIn, requireRole, type Actor } from '../users/users.ts';
import {
  ConfigError,
  importConfig,
  isSealedKeyError,
  maskedConfig,
  merchantFingerprint,
  openConfig,
  parseConfigText,
  publicKeyFacts,
  readStoredConfig,
  sealConfig,
  type ConfigSecrets,
  type SecretSealer,
  type StoredTerminalConfig,
} from '../settings/config.ts';
import { isSealed } from '../settings/secrets.ts';
import { dataPaths } from '../settings/paths.ts';
import { readRegistration } from '../sandbox/server.ts';
import { money } from '../domain/money.ts';
import { isFinalAttemptState, isFinalRefundState } from '../domain/attempt.ts';
import type { Refunds, RefundView } from '../terminal/terminal.ts';
import { ApiError } from '../api/call.ts';
import { assertNever } from '../domain/never.ts';
import type { DisplayView, InstallerCallName, InstallerSettingsView, StoreSettings, TestPaymentView, TillSettings } from '../api/installer.ts';
import type { CorePorts } from './ports.ts';
import type { Handlers } from './service.ts';

export const INSTALLER_ROLES = ['installer', 'manager'] as const;
const SESSION_MS = 15 * 60_000;
const TEST_PAYMENT_WAIT_MS = 60_000;

/**
 * Where the acquirer's keys are kept. With a sealer (Electron safeStorage) the private key is
 * sealed in config.json; without one (browser host, or no keystore) it is there in clear, 0600.
 */
export interface SecretsPlacement extends ConfigSecrets {
  /** Words for the acquirer screen when keys are kept in clear; null when an OS keystore protects them. */
  warning: string | null;
}

export function fileSecretsWarning(dataDir: string): string {
  return `The acquirer keys are kept in a file, ${dataPaths(dataDir).config} (readable only by this computer account, mode 0600). Anyone who can sign in to this account can read them: keep the account to yourself.`;
}

export interface InstallerDeps {
  db: Db;
  dataDir: string;
  core: Pick<CorePorts, 'sandbox' | 'sales' | 'payments' | 'wallet' | 'config' | 'acquirerUnavailable'>;
  /** The journal's refunds: the test payment is given back through the normal refund path. */
  refunds: Pick<Refunds, 'create' | 'get'>;
  secrets?: SecretsPlacement;
  /** The displays the shell sees (Electron's screen); absent on a host that cannot tell (browser host). */
  displays?: () => DisplayView[];
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

interface Session {
  actor: Actor;
  expires: number;
}

export interface InstallerSessions {
  /** The actor of an open session (and keeps it open), or NOT_ALLOWED in words. */
  actorOf(session: string): Actor;
  /** The most recently active open session's actor: for calls that carry no session (scanner.*). */
  anyOpen(what: string): Actor;
}

export type InstallerHandlers = Pick<Handlers, InstallerCallName>;

export function createInstallerHandlers(deps: InstallerDeps): { handlers: InstallerHandlers; sessions: InstallerSessions } {
  const { db, dataDir, core } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const secrets = deps.secrets ?? { warning: fileSecretsWarning(dataDir) };
  const sealer: SecretSealer | null = secrets.sealer ?? null;
  const configFile = dataPaths(dataDir).config;
  const open = new Map<string, Session>();
  let lastActive: string | null = null;

  const sessions: InstallerSessions = {
    actorOf(session) {
      const s = open.get(session);
      if (!s || s.expires <= now().getTime()) {
        open.delete(session);
        throw new ApiError('NOT_ALLOWED', 'The installer sign-in has ended (15 minutes without use): sign in again with your PIN.');
      }
      s.expires = now().getTime() + SESSION_MS;
      lastActive = session;
      return s.actor;
    },
    anyOpen(what) {
      if (lastActive) {
        try {
          return sessions.actorOf(lastActive);
        } catch {
          lastActive = null;
        }
      }
      throw new ApiError('NOT_ALLOWED', `Only an installer or a manager can ${what}: sign in on the installer screen first.`);
    },
  };

  /** The private key config.json holds, opened if sealed; null when there is none or it cannot be opened. */
  const openedKey = (c: StoredTerminalConfig): string | null => {
    const key = c.acquirer?.merchantPrivateKey;
    if (key === undefined) return null;
    if (!isSealed(key)) return key;
    try {
      return openConfig(c, sealer, configFile).acquirer?.merchantPrivateKey ?? null;
    } catch {
      return null;
    }
  };

  const listDisplays = (): DisplayView[] | null => {
    if (!deps.displays) return null;
    try {
      return deps.displays();
    } catch {
      return null; // the screen then says the displays cannot be listed, as on the browser host
    }
  };

  const view = (): InstallerSettingsView => {
    const config = readStoredConfig(dataDir);
    let shown: StoredTerminalConfig = config;
    let warning: string | null = null;
    let keyUnavailable: InstallerSettingsView['keyUnavailable'] = null;
    const sealedBy = isSealed(config.acquirer?.merchantPrivateKey) ? config.acquirer.merchantPrivateKey.by : null;
    if (config.acquirer && sealedBy) {
      // Opened in memory only to describe the key (size, fingerprint); the key itself never leaves.
      try {
        shown = openConfig(config, sealer, configFile);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        warning = err.message;
        if (isSealedKeyError(err)) keyUnavailable = err.code as 'CONFIG_SEALED' | 'CONFIG_SEALED_UNREADABLE';
      }
    } else if (config.acquirer) {
      warning = sealer ? `${fileSecretsWarning(dataDir)} Save the acquirer keys again on this screen to move them into this computer's keystore.` : secrets.warning;
    }
    const masked = maskedConfig(shown, { sealedBy });
    return {
      store: storeOf(config),
      sandbox: !config.acquirer,
      acquirer: config.acquirer ? (masked.acquirer as Record<string, unknown>) : null,
      secretsWarning: warning,
      till: tillOf(config),
      displays: listDisplays(),
      restartNeeded:
        JSON.stringify(storeOf(config)) !== JSON.stringify(storeOf(core.config)) ||
        !!config.acquirer !== !!core.config.acquirer ||
        config.acquirer?.clientId !== core.config.acquirer?.clientId ||
        JSON.stringify(tillOf(config)) !== JSON.stringify(tillOf(core.config)) ||
        // Started without the acquirer's key, and now config.json holds one this computer opens.
        (!!core.acquirerUnavailable && !!config.acquirer && !keyUnavailable),
      keyUnavailable,
    };
  };

  const refundTest = async (paymentRequestId: string, actorId: string): Promise<TestPaymentView['refund']> => {
    let refund: RefundView;
    try {
      refund = deps.refunds.create({ attemptId: paymentRequestId, reason: TEST_REFUND_REASON, actor: actorId });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { refundRequestId: null, state: 'not_started', message: `The test payment could not be refunded (${why}): a manager can refund it from the manager screen.` };
    }
    const until = Date.now() + TEST_PAYMENT_WAIT_MS;
    while (!isFinalRefundState(refund.state) && Date.now() < until) {
      await sleep(250);
      refund = deps.refunds.get(refund.refundRequestId);
    }
    return { refundRequestId: refund.refundRequestId, state: refund.state, message: refundWords(refund) };
  };

  const handlers: InstallerHandlers = {
    'installer.signIn': async ({ name, pin }) => {
      const actor = requireRole(await signIn(db, { name, pin, now: now() }), INSTALLER_ROLES, 'change the terminal settings');
      const session = randomBytes(24).toString('base64url');
      const expires = now().getTime() + SESSION_MS;
      open.set(session, { actor, expires });
      lastActive = session;
      return { session, actor: { name: actor.name, role: actor.role as 'installer' | 'manager' }, expiresAt: new Date(expires).toISOString() };
    },
    'installer.signOut': ({ session }) => {
      open.delete(session);
      if (lastActive === session) lastActive = null;
      return { ok: true as const };
    },
    'installer.settings': ({ session }) => {
      sessions.actorOf(session);
      return view();
    },
    'installer.saveStore': ({ session, store }) => {
      const actor = sessions.actorOf(session);
      const before = readStoredConfig(dataDir);
      const next: StoredTerminalConfig = {
        ...before,
        terminalId: store.terminalId,
        store: { ...before.store, storeName: store.storeName, address: store.address, trn: store.trn, storeMCC: store.mcc },
      };
      const old = storeOf(before);
      const changed: Record<string, { from: string; to: string }> = {};
      for (const k of Object.keys(store) as (keyof StoreSettings)[]) if (old[k] !== store[k]) changed[k] = { from: old[k], to: store[k] };
      if (Object.keys(changed).length === 0) return view();
      save(dataDir, next, null);
      writeTx(db, () => appendEvent(db, { type: 'settings.store_changed', subject: 'store', actor: actor.id, data: { changed }, at: now() }));
      return view();
    },
    'installer.discountLimit': ({ session }) => {
      sessions.actorOf(session);
      return { basisPoints: discountLimit(db) };
    },
    'installer.saveDiscountLimit': ({ session, basisPoints }) => {
      const actor = sessions.actorOf(session);
      return { basisPoints: setDiscountLimit(db, basisPoints, actor.id, now()) };
    },
    'installer.saveTill': ({ session, till }) => {
      const actor = sessions.actorOf(session);
      const before = readStoredConfig(dataDir);
      const old = tillOf(before);
      const changed: Record<string, { from: boolean | string | number; to: boolean | string | number }> = {};
      for (const k of Object.keys(till) as (keyof TillSettings)[]) if (old[k] !== till[k]) changed[k] = { from: old[k], to: till[k] };
      if (Object.keys(changed).length === 0) return view();
      save(dataDir, { ...before, till: { ...before.till, ...till } }, null);
      writeTx(db, () => appendEvent(db, { type: 'settings.till_changed', subject: 'till', actor: actor.id, data: { changed }, at: now() }));
      return view();
    },
    'installer.saveAcquirer': ({ session, acquirer }) => {
      const actor = sessions.actorOf(session);
      const before = readStoredConfig(dataDir);
      const next: StoredTerminalConfig = {
        ...before,
        acquirer: { ...acquirer, timeoutMs: before.acquirer?.timeoutMs ?? 5_000, ...(before.acquirer?.pathPrefix ? { pathPrefix: before.acquirer.pathPrefix } : {}) },
      };
      const beforeKey = openedKey(before);
      save(dataDir, next, sealer);
      const changed: string[] = [];
      if (before.acquirer?.endpoint !== acquirer.endpoint) changed.push('endpoint');
      if (before.acquirer?.clientId !== acquirer.clientId) changed.push('clientId');
      if (before.acquirer?.keyVersion !== acquirer.keyVersion) changed.push('keyVersion');
      if (beforeKey !== acquirer.merchantPrivateKey) changed.push('merchantPrivateKey');
      if (before.acquirer?.acquirerPublicKey !== acquirer.acquirerPublicKey) changed.push('acquirerPublicKey');
      writeTx(db, () => appendEvent(db, {
        type: 'settings.acquirer_changed',
        subject: 'acquirer',
        actor: actor.id,
        // Names of what changed and public facts only: the keys themselves never enter the log.
        data: {
          changed,
          endpoint: acquirer.endpoint,
          clientId: acquirer.clientId,
          keyVersion: acquirer.keyVersion,
          merchantPublicKeyFingerprint: merchantFingerprint(acquirer.merchantPrivateKey),
          keptIn: sealer ? sealer.id : 'config.json',
          acquirerPublicKeyFingerprint: publicKeyFacts(acquirer.acquirerPublicKey).fingerprint,
        },
        at: now(),
      }));
      return view();
    },
    'installer.testPayment': async ({ session, code }) => {
      const actor = sessions.actorOf(session);
      // Refused before a sale is made: the AED 0.01 test needs the acquirer's key.
      if (core.acquirerUnavailable) throw new ApiError(core.acquirerUnavailable.code, core.acquirerUnavailable.message);
      let scanned = code;
      if (!scanned) {
        if (!core.wallet) throw new ApiError('CODE_NEEDED', 'On a live acquirer the test payment needs a real customer code: scan one from a wallet that will pay AED 0.01.');
        scanned = (await core.wallet.mintCode()).code;
      }
      const saleId = core.sales.create(actor.id);
      core.sales.addKeyed(saleId, money(1, 'AED'), 'Installer test payment');
      writeTx(db, () => appendEvent(db, { type: 'installer.test_payment', subject: saleId, actor: actor.id, data: { amountMinor: 1, currency: 'AED', sandbox: core.sandbox }, at: now() }));
      let attempt = await core.payments.startWithCode({ saleId, code: scanned });
      const until = Date.now() + TEST_PAYMENT_WAIT_MS;
      while (!isFinalAttemptState(attempt.state) && Date.now() < until) {
        await sleep(250);
        attempt = core.payments.get(attempt.paymentRequestId);
      }
      const message =
        attempt.state === 'succeeded'
          ? `The acquirer took AED 0.01${core.sandbox ? ' (sandbox: no real money moved)' : ''}: the keys, the link and the signature check work.`
          : isFinalAttemptState(attempt.state)
            ? `The test payment ended ${attempt.state}${attempt.resultCode ? ` (${attempt.resultCode}${attempt.resultMessage ? `: ${attempt.resultMessage}` : ''})` : ''}.`
            : `No final answer within ${TEST_PAYMENT_WAIT_MS / 1000} s (state ${attempt.state}); the journal keeps asking the acquirer.`;
      // A test is not a sale: give the AED 0.01 back through the journal like any refund, so the
      // day's takings show the test and its refund (net zero) and the acquirer's ledger agrees.
      const refund = attempt.state === 'succeeded' ? await refundTest(attempt.paymentRequestId, actor.id) : null;
      return { paymentRequestId: attempt.paymentRequestId, state: attempt.state, resultCode: attempt.resultCode, message, sandbox: core.sandbox, refund };
    },
    'installer.clockCheck': async ({ session }) => {
      sessions.actorOf(session);
      const config = readStoredConfig(dataDir);
      const endpoint = config.acquirer?.endpoint ?? readRegistration(dataPaths(dataDir).sandboxDir)?.url ?? null;
      const terminalTime = now();
      let acquirerTime: Date | null = null;
      if (endpoint) {
        try {
          const res = await fetch(endpoint, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
          const date = res.headers.get('date');
          if (date && !Number.isNaN(Date.parse(date))) acquirerTime = new Date(date);
        } catch {
          acquirerTime = null;
        }
      }
      if (!acquirerTime) {
        return {
          terminalTime: terminalTime.toISOString(),
          acquirerTime: null,
          skewSeconds: null,
          ok: false,
          message: endpoint ? `The acquirer at ${endpoint} did not answer, so the clock could not be compared.` : 'No acquirer endpoint to compare the clock with.',
        };
      }
      // The Date header has whole seconds; a second either way is the header's rounding.
      const skew = Math.round((terminalTime.getTime() - acquirerTime.getTime()) / 1000);
      const ok = Math.abs(skew) <= 60;
      return {
        terminalTime: terminalTime.toISOString(),
        acquirerTime: acquirerTime.toISOString(),
        skewSeconds: skew,
        ok,
        message: ok
          ? `The clock agrees with the acquirer (${skew === 0 ? 'same second' : `${Math.abs(skew)} s ${skew > 0 ? 'ahead' : 'behind'}`}).`
          : `The clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the acquirer: set the computer's time automatically (signed requests and the cancel cut-off depend on it).`,
      };
    },
  };
  return { handlers, sessions };
}

const TEST_REFUND_REASON = 'installer test payment';

function refundWords(r: RefundView): string {
  switch (r.state) {
    case 'refunded':
      return 'The AED 0.01 was refunded: the day\'s takings show the test and its refund, net zero.';
    case 'refund_failed':
      return `The acquirer refused the refund of the test payment${r.resultCode ? ` (${r.resultCode}${r.resultMessage ? `: ${r.resultMessage}` : ''})` : ''}: a manager can refund it from the manager screen.`;
    case 'created':
    case 'sent':
    case 'refund_unknown':
      return `The refund of the test payment is not final yet (${r.state}); the journal keeps working on it.`;
    default:
      return assertNever(r.state);
  }
}

function storeOf(config: StoredTerminalConfig): StoreSettings {
  return { storeName: config.store.storeName, address: config.store.address, trn: config.store.trn, terminalId: config.terminalId, mcc: config.store.storeMCC };
}

function tillOf(config: StoredTerminalConfig): TillSettings {
  return { kiosk: config.till.kiosk, silentPrint: config.till.silentPrint, customerDisplay: config.till.customerDisplay };
}

/**
 * Validates the whole next config, seals a private key in clear when a sealer is given, then
 * replaces config.json through app/settings' own atomic 0600 writer (importConfig). The handoff
 * file sits in the data folder with mode 0600 and is removed at once; it holds the key only in
 * sealed form when there is a sealer. On any refusal config.json is left exactly as it was.
 */
function save(dataDir: string, next: StoredTerminalConfig, sealer: SecretSealer | null): StoredTerminalConfig {
  try {
    parseConfigText(JSON.stringify(next), 'The new settings');
  } catch (err) {
    if (err instanceof ConfigError) throw new ApiError('SETTINGS_INVALID', `${err.message.replace(/\s*\n\s*/g, ' ')} Nothing was saved.`);
    throw err;
  }
  let stored = next;
  if (sealer) {
    try {
      stored = sealConfig(next, sealer);
    } catch (err) {
      if (err instanceof ConfigError) throw new ApiError(err.code, err.message);
      throw err;
    }
  }
  const handoff = join(dataDir, `.installer-${randomBytes(6).toString('hex')}.json`);
  try {
    writeFileSync(handoff, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    return importConfig(dataDir, handoff);
  } catch (err) {
    if (err instanceof ConfigError) throw new ApiError(err.code, err.message.replace(handoff, 'the new settings'));
    throw err;
  } finally {
    rmSync(handoff, { force: true });
  }
}
