// A data folder whose acquirer key was sealed by a keystore this computer cannot open (a disk moved
// to a new PC, a reset keyring): the app and the browser host open anyway without the acquirer, so
// the shop takes cash and the installer can load the keys again; unfinished wallet payments wait
// untouched for a start with the key. Real parts: SQLite in a temp folder, the sandbox acquirer
// over loopback, and an AES-GCM stand-in for the OS keystore (another key = another computer).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { openTerminal } from '../../app/terminal/terminal.ts';
import { sealConfig } from '../../app/settings/config.ts';
import { StoredTerminalConfig } from '../../app/settings/schema.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { startSandbox, type SandboxHandle } from '../../app/sandbox/server.ts';
import { addUser } from '../../app/users/users.ts';
import { testKeystore, type TestKeystore } from '../settings/support/keystore.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

interface Shop {
  data: string;
  acq: SandboxHandle;
  /** The keystore that sealed the key: the computer the config came from. */
  home: TestKeystore;
  /** This computer's keystore: same program, another key. */
  here: TestKeystore;
}

/** A data folder whose config.json names a real (sandbox) acquirer, key sealed by `home`. */
async function shop(): Promise<Shop> {
  const root = mkdtempSync(join(tmpdir(), 'souq-sealed-key-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const acq = await startSandbox({ dir: join(root, 'acquirer') });
  cleanups.push(() => acq.close());
  acq.registerClient('SANDBOX_MOVED', merchant.publicKey);
  const home = testKeystore();
  const data = join(root, 'data');
  mkdirSync(data);
  const config = StoredTerminalConfig.parse({
    acquirer: { endpoint: acq.url, clientId: 'SANDBOX_MOVED', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acq.acquirerPublicKey },
    terminalId: 'T07',
  });
  writeFileSync(dataPaths(data).config, JSON.stringify(sealConfig(config, home)), { mode: 0o600 });
  return { data, acq, home, here: testKeystore(randomBytes(32)) };
}

async function api(data: string, sealer: TestKeystore | null, startEngine = true): Promise<ApiCore> {
  const core = await openApi({ dataDir: data, startEngine, log: () => {}, secrets: { sealer, warning: null } });
  cleanups.push(() => core.close());
  return core;
}

async function call<T>(core: ApiCore, name: string, input: unknown): Promise<T> {
  const r = await core.service.call(name as never, input as never);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

const refusal = async (core: ApiCore, name: string, input: unknown) => {
  const r = await core.service.call(name as never, input as never);
  expect(r.ok).toBe(false);
  return (r as { error: { code: string; message: string } }).error;
};

const count = (core: ApiCore, table: string) => core.terminal.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('a sealed acquirer key this computer cannot open', () => {
  it('the terminal opens, says why in its status, refuses wallet payments with ACQUIRER_KEY_UNAVAILABLE journalling nothing, and sells for cash', async () => {
    const s = await shop();
    const before = readFileSync(dataPaths(s.data).config, 'utf8');
    const core = await api(s.data, s.here);

    const status = await call<{ acquirerUnavailable: { code: string; message: string } | null }>(core, 'terminal.status', {});
    expect(status.acquirerUnavailable).toEqual({ code: 'ACQUIRER_KEY_UNAVAILABLE', message: expect.stringMatching(/its key cannot be opened on this computer/) });
    expect(core.terminal.acquirerUnavailable?.detail).toMatch(/cannot be opened/);

    const sale = await call<{ id: string }>(core, 'sale.open', {});
    await call(core, 'sale.addKeyed', { saleId: sale.id, amountMinor: 2500 });
    const byCode = await refusal(core, 'payment.startWithCode', { saleId: sale.id, code: s.acq.mintCode().code });
    expect(byCode).toEqual({ code: 'ACQUIRER_KEY_UNAVAILABLE', message: expect.stringMatching(/take cash or card/) });
    expect((await refusal(core, 'payment.showQr', { saleId: sale.id })).code).toBe('ACQUIRER_KEY_UNAVAILABLE');
    expect(count(core, 'attempts')).toBe(0);
    expect(count(core, 'journal')).toBe(0);
    expect(s.acq.ledger()).toEqual([]);

    const paid = await call<{ status: string }>(core, 'tender.cash', { saleId: sale.id, tenderedMinor: 5000 });
    expect(paid.status).toBe('paid');
    // The file is left for the installer to replace: nothing rewrote it.
    expect(readFileSync(dataPaths(s.data).config, 'utf8')).toBe(before);
  }, 60_000);

  it('without any keystore (the browser host) it opens the same way; openTerminal for the CLI still refuses with CONFIG_SEALED', async () => {
    const s = await shop();
    const core = await api(s.data, null);
    expect(core.terminal.acquirerUnavailable).toMatchObject({ code: 'ACQUIRER_KEY_UNAVAILABLE', detail: expect.stringMatching(/sealed by electron-safeStorage, which this program cannot open|sealed in this computer's keystore/) });
    await core.close();
    const cli = await openTerminal({ dataDir: s.data, startEngine: false }).then(
      async (t) => {
        await t.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(cli).toMatchObject({ code: 'CONFIG_SEALED' });
  }, 60_000);

  it('an unfinished wallet payment waits untouched while the key cannot be opened, and is paid once the terminal starts with the key', async () => {
    const s = await shop();
    const first = await api(s.data, s.home, false);
    const sale = await call<{ id: string }>(first, 'sale.open', {});
    await call(first, 'sale.addKeyed', { saleId: sale.id, amountMinor: 1200 });
    const attempt = await call<{ paymentRequestId: string; state: string }>(first, 'payment.startWithCode', { saleId: sale.id, code: s.acq.mintCode().code });
    expect(attempt.state).toBe('created');
    await first.close();

    const keyless = await api(s.data, s.here);
    expect(keyless.terminal.acquirerUnavailable).not.toBeNull();
    // Opening starts no sending: with the journal worked it would already be `sent` here.
    expect(keyless.terminal.payments.get(attempt.paymentRequestId).state).toBe('created');
    expect(keyless.terminal.engine.queueDepth()).toBe(1);
    expect(s.acq.ledger()).toEqual([]);
    await keyless.close();

    const withKey = await api(s.data, s.home);
    expect(withKey.terminal.acquirerUnavailable).toBeNull();
    await expect.poll(() => withKey.terminal.payments.get(attempt.paymentRequestId).state, { timeout: 30_000, interval: 50 }).toBe('succeeded');
    expect(s.acq.ledger({ paymentRequestId: attempt.paymentRequestId })[0]).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
  }, 90_000);

  it('a corrupt or invalid config.json still stops start-up with its own error', async () => {
    const s = await shop();
    const file = dataPaths(s.data).config;
    const sealed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, '{"acquirer": ');
    expect(await openApi({ dataDir: s.data, startEngine: false, log: () => {} }).catch((e: unknown) => e)).toMatchObject({ code: 'CONFIG_NOT_JSON' });
    writeFileSync(file, JSON.stringify({ ...sealed, acquier: {} }));
    expect(await openApi({ dataDir: s.data, startEngine: false, log: () => {} }).catch((e: unknown) => e)).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('acquier') });
    writeFileSync(file, JSON.stringify({ ...sealed, acquirer: { ...(sealed.acquirer as object), acquirerPublicKey: 'not a key' } }));
    expect(await openApi({ dataDir: s.data, startEngine: false, log: () => {} }).catch((e: unknown) => e)).toMatchObject({ code: 'CONFIG_INVALID' });
  }, 60_000);

  it('the installer loads the keys again: the test payment is refused until then, saving seals them with this computer’s keystore, and a restart pays', async () => {
    const s = await shop();
    const core = await api(s.data, s.here);
    await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
    const { session } = await call<{ session: string }>(core, 'installer.signIn', { name: 'Mona', pin: '2468' });

    const read = await call<{ keyUnavailable: string | null; restartNeeded: boolean }>(core, 'installer.settings', { session });
    expect(read).toMatchObject({ keyUnavailable: 'CONFIG_SEALED_UNREADABLE', restartNeeded: false });
    const sales = count(core, 'sales');
    expect((await refusal(core, 'installer.testPayment', { session, code: s.acq.mintCode().code })).code).toBe('ACQUIRER_KEY_UNAVAILABLE');
    expect(count(core, 'sales')).toBe(sales);

    const input = { endpoint: s.acq.url, clientId: 'SANDBOX_MOVED', keyVersion: 1, merchantPrivateKey: merchant.privateKey, acquirerPublicKey: s.acq.acquirerPublicKey };
    const saved = await call<{ keyUnavailable: string | null; restartNeeded: boolean }>(core, 'installer.saveAcquirer', { session, acquirer: input });
    expect(saved).toMatchObject({ keyUnavailable: null, restartNeeded: true });
    expect(JSON.parse(readFileSync(dataPaths(s.data).config, 'utf8')).acquirer.merchantPrivateKey).toMatchObject({ by: s.here.id });
    await core.close();

    const again = await api(s.data, s.here);
    expect(again.terminal.acquirerUnavailable).toBeNull();
    expect((await call<{ acquirerUnavailable: unknown }>(again, 'terminal.status', {})).acquirerUnavailable).toBeNull();
    const session2 = (await call<{ session: string }>(again, 'installer.signIn', { name: 'Mona', pin: '2468' })).session;
    const paid = await call<{ state: string }>(again, 'installer.testPayment', { session: session2, code: s.acq.mintCode().code });
    expect(paid.state).toBe('succeeded');
  }, 90_000);
});
