// The installer's calls on a real terminal in a temp data folder: refusals change nothing, secrets
// never come back out (responses, event log), and every settings change leaves an audited event.
// The OS keystore behind Electron's safeStorage is stood in for by a real AES-GCM cipher
// (test/settings/support/keystore.ts); the test payment is refunded through the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { createScannerControl } from '../../native/serial/control.ts';
import { openWriter, ptyDir, startPty, stopAllPtys } from '../native/support/pty.ts';
import type { ApiEvent } from '../../app/api/events.ts';
import type { TestPaymentView } from '../../app/api/installer.ts';
import { startSandbox } from '../../app/sandbox/server.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { businessDay } from '../../app/domain/time.ts';
import { testKeystore } from '../settings/support/keystore.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAllPtys();
});

async function open(opts: { startEngine?: boolean; scanners?: boolean } = {}): Promise<{ core: ApiCore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-installer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const core = await openApi({ dataDir: dir, startEngine: opts.startEngine ?? false, log: () => {}, scanners: opts.scanners ? createScannerControl() : undefined });
  cleanups.push(() => core.close());
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  await addUser(core.terminal.db, { name: 'Ivan', role: 'installer', pin: '1357', by: { id: 'x', name: 'Mona', role: 'manager' } });
  await addUser(core.terminal.db, { name: 'Cai', role: 'cashier', pin: '9173', by: { id: 'x', name: 'Mona', role: 'manager' } });
  return { core, dir };
}

async function signIn(core: ApiCore, name = 'Ivan', pin = '1357'): Promise<string> {
  const r = await core.service.call('installer.signIn', { name, pin });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { session: string }).session;
}

const events = (core: ApiCore, type: string) =>
  core.terminal.db.prepare('SELECT actor, data FROM events WHERE type = ? ORDER BY seq').all(type) as { actor: string | null; data: string }[];

const STORE = { storeName: 'Souq Al Bahar', address: 'Downtown Dubai', trn: '100234567890003', terminalId: 'T07', mcc: '5945' };

function rsaPair(bits = 2048) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    priv: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    pub: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

describe('installer sign-in', () => {
  it('a cashier PIN does not open the installer screens, and wrong PINs say how many tries are left, then the lock', async () => {
    const { core } = await open();
    const cashier = await core.service.call('installer.signIn', { name: 'Cai', pin: '9173' });
    expect(cashier).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    expect(!cashier.ok && cashier.error.message).toMatch(/Only an installer or a manager/);

    const wrong = await core.service.call('installer.signIn', { name: 'Ivan', pin: '0000' });
    expect(!wrong.ok && wrong.error.message).toMatch(/4 tries left/);
    for (let i = 0; i < 3; i++) await core.service.call('installer.signIn', { name: 'Ivan', pin: '0000' });
    const locked = await core.service.call('installer.signIn', { name: 'Ivan', pin: '0000' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(!locked.ok && locked.error.message).toMatch(/Try again in 5 minutes/);
    // Even the right PIN is refused while locked.
    expect(await core.service.call('installer.signIn', { name: 'Ivan', pin: '1357' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  }, 60_000);

  it('settings calls without a sign-in, or with a made-up session, are refused', async () => {
    const { core } = await open();
    expect(await core.service.call('installer.settings', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await core.service.call('installer.saveStore', { session: 'x'.repeat(32), store: STORE })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    expect(existsSync(dataPaths(core.terminal.dataDir).config)).toBe(false);
  });
});

describe('store details', () => {
  it('a TRN that is not 15 digits is refused in words and nothing is saved or logged', async () => {
    const { core, dir } = await open();
    const session = await signIn(core);
    for (const trn of ['10023456789000', '1002345678900031', '10023456789000A']) {
      const r = await core.service.call('installer.saveStore', { session, store: { ...STORE, trn } });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(!r.ok && r.error.message).toMatch(/TRN .* exactly 15 digits/);
    }
    expect(await core.service.call('installer.saveStore', { session, store: { ...STORE, mcc: '59' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(existsSync(dataPaths(dir).config)).toBe(false);
    expect(events(core, 'settings.store_changed')).toHaveLength(0);
  });

  it('saved store details are read back, kept in a 0600 file, and the change is logged with who and what', async () => {
    const { core, dir } = await open();
    const session = await signIn(core);
    const r = await core.service.call('installer.saveStore', { session, store: STORE });
    expect(r.ok).toBe(true);
    const read = await core.service.call('installer.settings', { session });
    expect(read).toMatchObject({ ok: true, value: { store: STORE, sandbox: true, acquirer: null, restartNeeded: true } });
    expect(statSync(dataPaths(dir).config).mode & 0o777).toBe(0o600);
    const [ev, more] = events(core, 'settings.store_changed');
    expect(more).toBeUndefined();
    expect(ev!.actor).toBe(core.terminal.db.prepare("SELECT id FROM users WHERE name = 'Ivan'").pluck().get());
    expect(JSON.parse(ev!.data).changed.trn).toEqual({ from: '100000000000003', to: STORE.trn });
  });
});

describe('acquirer credentials', () => {
  it('keys go in once and never come back out: not in the answer, the settings read or the event log', async () => {
    const { core, dir } = await open();
    const session = await signIn(core, 'Mona', '2468');
    const merchant = rsaPair();
    const acquirer = rsaPair();
    const input = { endpoint: 'https://open-sea-global.alipay.com', clientId: 'SANDBOX_5YEZ1', merchantPrivateKey: merchant.priv, acquirerPublicKey: acquirer.pub };
    const saved = await core.service.call('installer.saveAcquirer', { session, acquirer: input });
    expect(saved.ok).toBe(true);
    const read = await core.service.call('installer.settings', { session });
    for (const text of [JSON.stringify(saved), JSON.stringify(read), JSON.stringify(core.terminal.db.prepare('SELECT * FROM events').all())]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain('PUBLIC KEY');
      expect(text).not.toContain(merchant.priv.split('\n')[1]);
    }
    expect(read).toMatchObject({ ok: true, value: { sandbox: false, acquirer: { clientId: 'SANDBOX_5YEZ1', merchantPrivateKey: expect.stringMatching(/RSA private key, 2048-bit, set/) } } });
    expect(!read.ok || (read.value as { secretsWarning: string }).secretsWarning).toMatch(/kept in a file/);
    expect(statSync(dataPaths(dir).config).mode & 0o777).toBe(0o600);
    expect(readFileSync(dataPaths(dir).config, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const [ev] = events(core, 'settings.acquirer_changed');
    expect(JSON.parse(ev!.data)).toMatchObject({ changed: ['endpoint', 'clientId', 'keyVersion', 'merchantPrivateKey', 'acquirerPublicKey'], clientId: 'SANDBOX_5YEZ1' });
    // No handoff file is left beside config.json.
    expect(readdirSync(dir).filter((f) => f.startsWith('.installer-'))).toEqual([]);
  }, 30_000);

  it('a weak (1024-bit) key is refused with words naming the field, and the old settings stay', async () => {
    const { core, dir } = await open();
    const session = await signIn(core);
    await core.service.call('installer.saveStore', { session, store: STORE });
    const before = readFileSync(dataPaths(dir).config, 'utf8');
    const weak = rsaPair(1024);
    const r = await core.service.call('installer.saveAcquirer', {
      session,
      acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: 'C1', merchantPrivateKey: weak.priv, acquirerPublicKey: rsaPair().pub },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'SETTINGS_INVALID' } });
    expect(!r.ok && r.error.message).toMatch(/merchantPrivateKey.*RSA-1024.*Nothing was saved/);
    expect(readFileSync(dataPaths(dir).config, 'utf8')).toBe(before);
    expect(events(core, 'settings.acquirer_changed')).toHaveLength(0);
  }, 30_000);
});

describe('scanners and the test payment', () => {
  it('configuring a scanner needs a sign-in; once signed in it is saved and logged, and a wrong baud is refused', async () => {
    const { core } = await open({ scanners: true });
    const pty = await startPty(ptyDir());
    expect(await core.service.call('scanner.configure', { path: pty.a })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    await signIn(core);
    expect(await core.service.call('scanner.configure', { path: pty.a, baudRate: 96000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(events(core, 'settings.scanner_configured')).toHaveLength(0);
    const r = await core.service.call('scanner.configure', { id: 'counter', path: pty.a, baudRate: 115200, suffix: 'crlf' });
    expect(r).toMatchObject({ ok: true, value: { id: 'counter', settings: { baudRate: 115200, suffix: 'crlf' } } });
    const [ev] = events(core, 'settings.scanner_configured');
    expect(JSON.parse(ev!.data)).toMatchObject({ path: pty.a, baudRate: 115200, suffix: 'crlf' });
    const saved = core.terminal.db.prepare("SELECT value FROM settings WHERE key = 'installer.scanners'").pluck().get() as string;
    expect(JSON.parse(saved)).toEqual([expect.objectContaining({ id: 'counter', path: pty.a })]);
  }, 30_000);

  it('a serial scan reaches event subscribers as a cashier scan, with the state and the classified frame for the monitor', async () => {
    const { core } = await open({ scanners: true });
    const pty = await startPty(ptyDir());
    const seen: ApiEvent[] = [];
    core.service.subscribe((e) => seen.push(e));
    await signIn(core);
    expect((await core.service.call('scanner.configure', { id: 'counter', path: pty.a })).ok).toBe(true);
    await expect.poll(() => seen.some((e) => e.type === 'scanner' && e.event.kind === 'status' && e.event.state === 'connected')).toBe(true);
    const writer = await openWriter(pty.b);
    await writer.write('4006381333931\r');
    await expect.poll(() => seen.find((e) => e.type === 'scan')).toEqual({ type: 'scan', text: '4006381333931', source: 'serial' });
    expect(seen.find((e) => e.type === 'scanner' && e.event.kind === 'scan')).toMatchObject({ event: { scannerId: 'counter', classification: { kind: 'product' } } });
    // Line noise is the installer's business: the monitor sees it, the cashier does not.
    await writer.write('\u0000\u0001\u00ff\r');
    await expect.poll(() => seen.filter((e) => e.type === 'scanner' && e.event.kind === 'scan').length).toBe(2);
    expect(seen.filter((e) => e.type === 'scan')).toHaveLength(1);
  }, 30_000);

  it('a saved scanner is opened again when the terminal restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-installer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pty = await startPty(ptyDir());
    const first = await openApi({ dataDir: dir, startEngine: false, log: () => {}, scanners: createScannerControl() });
    await addUser(first.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
    await signIn(first, 'Mona', '2468');
    expect((await first.service.call('scanner.configure', { id: 'counter', path: pty.a, baudRate: 19200 })).ok).toBe(true);
    await first.close();
    const again = await openApi({ dataDir: dir, startEngine: false, log: () => {}, scanners: createScannerControl() });
    cleanups.push(() => again.close());
    const list = await again.service.call('scanner.list', {});
    expect(list).toMatchObject({ ok: true, value: { scanners: [{ id: 'counter', settings: { path: pty.a, baudRate: 19200 } }] } });
  }, 30_000);

  it('the test payment of AED 0.01 succeeds against the sandbox and is refunded at once: the day nets to zero', async () => {
    const { core } = await open({ startEngine: true });
    const session = await signIn(core);
    const r = await core.service.call('installer.testPayment', { session });
    expect(r).toMatchObject({ ok: true, value: { state: 'succeeded', sandbox: true, refund: { state: 'refunded', message: expect.stringMatching(/refunded/) } } });
    const test = (r as { value: TestPaymentView }).value;
    const attempt = core.terminal.payments.get(test.paymentRequestId);
    expect(attempt.amount).toEqual({ minor: 1, currency: 'AED' });
    // The normal refund path: in the journal, in full, by the installer, with the reason.
    const refund = core.terminal.refunds.get(test.refund!.refundRequestId!);
    expect(refund).toMatchObject({ paymentRequestId: test.paymentRequestId, amount: { minor: 1, currency: 'AED' }, state: 'refunded', reason: 'installer test payment' });
    expect(refund.actor).toBe(core.terminal.db.prepare("SELECT id FROM users WHERE name = 'Ivan'").pluck().get());
    const day = takingsForDay(core.terminal.db, businessDay(new Date(attempt.createdAt)));
    expect(day.sales.count).toBe(1);
    expect(day.refunds).toMatchObject({ count: 1, total: { minor: 1 } });
    expect(day.net).toEqual({ minor: 0, currency: 'AED' });
    const clock = await core.service.call('installer.clockCheck', { session });
    expect(clock).toMatchObject({ ok: true, value: { ok: true } });
  }, 90_000);
});

describe('acquirer keys in the OS keystore (the Electron build)', () => {
  it('saved keys are sealed: config.json (0600) holds no private key, the terminal reopened with the keystore pays and refunds, and without it opens without the acquirer and says why', async () => {
    const root = mkdtempSync(join(tmpdir(), 'souq-installer-sealed-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const acq = await startSandbox({ dir: join(root, 'acquirer') });
    cleanups.push(() => acq.close());
    const merchant = rsaPair();
    acq.registerClient('SANDBOX_SEALED', merchant.pub);
    const keystore = testKeystore();
    const secrets = { sealer: keystore, warning: null };
    const dir = join(root, 'data');

    const first = await openApi({ dataDir: dir, startEngine: false, log: () => {}, secrets });
    await addUser(first.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
    await addUser(first.terminal.db, { name: 'Ivan', role: 'installer', pin: '1357', by: { id: 'x', name: 'Mona', role: 'manager' } });
    let session = await signIn(first);
    const input = { endpoint: acq.url, clientId: 'SANDBOX_SEALED', merchantPrivateKey: merchant.priv, acquirerPublicKey: acq.acquirerPublicKey };
    const saved = await first.service.call('installer.saveAcquirer', { session, acquirer: input });
    expect(saved).toMatchObject({ ok: true, value: { secretsWarning: null, acquirer: { merchantPrivateKey: expect.stringMatching(/2048-bit, sealed in this computer's keystore by electron-safeStorage/) } } });
    const bytes = readFileSync(dataPaths(dir).config, 'utf8');
    expect(bytes).not.toContain('PRIVATE KEY');
    for (const line of merchant.priv.split('\n').slice(1, -2)) expect(bytes).not.toContain(line);
    expect(JSON.parse(bytes).acquirer.merchantPrivateKey).toEqual({ sealed: expect.any(String), by: 'electron-safeStorage' });
    expect(statSync(dataPaths(dir).config).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.startsWith('.installer-'))).toEqual([]);
    const read = await first.service.call('installer.settings', { session });
    expect(read).toMatchObject({ ok: true, value: { secretsWarning: null, restartNeeded: true } });
    for (const text of [JSON.stringify(saved), JSON.stringify(read), JSON.stringify(first.terminal.db.prepare('SELECT * FROM events').all())]) {
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(merchant.priv.split('\n')[1]);
      expect(text).not.toContain(JSON.parse(bytes).acquirer.merchantPrivateKey.sealed.slice(0, 24));
    }
    // Saving store details leaves the sealed key exactly as it was.
    expect((await first.service.call('installer.saveStore', { session, store: STORE })).ok).toBe(true);
    const afterStore = JSON.parse(readFileSync(dataPaths(dir).config, 'utf8'));
    expect(afterStore.acquirer.merchantPrivateKey).toEqual(JSON.parse(bytes).acquirer.merchantPrivateKey);
    expect(afterStore.store.trn).toBe(STORE.trn);
    await first.close();
    const sealedBytes = readFileSync(dataPaths(dir).config, 'utf8');

    // The browser host has no keystore: it opens without the acquirer, says why, and leaves the file alone.
    const keyless = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
    expect(keyless.terminal.acquirerUnavailable).toMatchObject({ code: 'ACQUIRER_KEY_UNAVAILABLE', detail: expect.stringContaining("the acquirer key is sealed in this computer's keystore by the Souq POS app") });
    await keyless.close();
    expect(readFileSync(dataPaths(dir).config, 'utf8')).toBe(sealedBytes);

    const again = await openApi({ dataDir: dir, startEngine: true, log: () => {}, secrets });
    cleanups.push(() => again.close());
    expect(again.terminal.sandbox).toBe(true); // a SANDBOX_ client id on a configured acquirer
    session = await signIn(again);
    const paid = await again.service.call('installer.testPayment', { session, code: acq.mintCode().code });
    expect(paid).toMatchObject({ ok: true, value: { state: 'succeeded', refund: { state: 'refunded' } } });
    const id = (paid as { value: TestPaymentView }).value.paymentRequestId;
    expect(acq.ledger({ paymentRequestId: id })[0]).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    expect(keystore.opened).toBeGreaterThan(0);
  }, 120_000);

  it('without a usable keystore the keys stay in the file and the screen says so; saving them again with one seals them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-installer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const merchant = rsaPair();
    const input = { endpoint: 'https://open-sea-global.alipay.com', clientId: 'C1', merchantPrivateKey: merchant.priv, acquirerPublicKey: rsaPair().pub };
    const plain = await openApi({ dataDir: dir, startEngine: false, log: () => {}, secrets: { sealer: null, warning: 'kept in a file: no keyring' } });
    await addUser(plain.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
    let session = await signIn(plain, 'Mona', '2468');
    expect(await plain.service.call('installer.saveAcquirer', { session, acquirer: input })).toMatchObject({ ok: true, value: { secretsWarning: 'kept in a file: no keyring' } });
    expect(readFileSync(dataPaths(dir).config, 'utf8')).toContain('BEGIN PRIVATE KEY');
    await plain.close();

    // The same folder in the app with a keystore: it runs, warns, and sealing is one save away.
    const sealed = await openApi({ dataDir: dir, startEngine: false, log: () => {}, secrets: { sealer: testKeystore(), warning: null } });
    cleanups.push(() => sealed.close());
    session = await signIn(sealed, 'Mona', '2468');
    const before = await sealed.service.call('installer.settings', { session });
    expect(!before.ok || (before.value as { secretsWarning: string }).secretsWarning).toMatch(/kept in a file.*Save the acquirer keys again.*keystore/);
    const after = await sealed.service.call('installer.saveAcquirer', { session, acquirer: input });
    expect(after).toMatchObject({ ok: true, value: { secretsWarning: null } });
    expect(readFileSync(dataPaths(dir).config, 'utf8')).not.toContain('PRIVATE KEY');
    const [, ev] = events(sealed, 'settings.acquirer_changed');
    expect(JSON.parse(ev!.data)).toMatchObject({ changed: [], keptIn: 'electron-safeStorage' });
  }, 60_000);
});
