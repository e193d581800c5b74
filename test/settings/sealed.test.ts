// A merchant private key sealed in the OS keystore: config.json keeps only the sealed bytes, the
// app opens them with its sealer, and every program without one (the CLI, the browser host) says
// in words why it cannot run, without crashing and without touching the file.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, maskedConfig, readStoredConfig, sealConfig } from '../../app/settings/config.ts';
import { StoredTerminalConfig } from '../../app/settings/schema.ts';
import { lastJson, noStack, souq } from '../cli/souq.ts';
import { tamper, testKeystore } from './support/keystore.ts';
import { caught } from './support/caught.ts';

const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = pair();
const acquirer = pair();
const keyBody = merchant.privateKey.split('\n')[1]!;

const plainConfig = () =>
  StoredTerminalConfig.parse({
    acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: 'SANDBOX_5YBZ1R2YB2AE05021', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirer.publicKey },
    terminalId: 'T07',
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-sealed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config.json into a fresh data folder, as the installer handler would, 0600. */
function dataWith(config: unknown): { data: string; file: string } {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const file = join(data, 'config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  chmodSync(file, 0o600);
  return { data, file };
}

describe('a private key sealed in the keystore', () => {
  it('config.json holds no trace of the private key, and the keystore that sealed it gives it back whole', () => {
    const keystore = testKeystore();
    const { data, file } = dataWith(sealConfig(plainConfig(), keystore));
    const bytes = readFileSync(file, 'utf8');
    expect(bytes).not.toContain('PRIVATE KEY');
    expect(bytes).not.toContain(keyBody);
    expect(JSON.parse(bytes).acquirer.merchantPrivateKey).toEqual({ sealed: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/), by: 'electron-safeStorage' });
    const opened = loadConfig(data, { sealer: keystore });
    expect(opened.acquirer?.merchantPrivateKey).toBe(merchant.privateKey);
    expect(opened.terminalId).toBe('T07');
  });

  it('without a keystore the terminal refuses to load it with words saying what to do, and leaves the file alone', () => {
    const { data, file } = dataWith(sealConfig(plainConfig(), testKeystore()));
    const before = readFileSync(file, 'utf8');
    const e = caught(() => loadConfig(data));
    expect(e.code).toBe('CONFIG_SEALED');
    expect(e.message).toContain("the acquirer key is sealed in this computer's keystore by the Souq POS app; run the app, or import the config again with `souq config import`");
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a sealed value that was changed, or sealed on another computer, is refused as unreadable and the file stays as it was', () => {
    const keystore = testKeystore();
    const sealed = sealConfig(plainConfig(), keystore);
    const key = sealed.acquirer!.merchantPrivateKey as { sealed: string; by: string };
    const { data, file } = dataWith({ ...sealed, acquirer: { ...sealed.acquirer, merchantPrivateKey: { ...key, sealed: tamper(key.sealed) } } });
    const before = readFileSync(file, 'utf8');
    const damaged = caught(() => loadConfig(data, { sealer: keystore }));
    expect(damaged.code).toBe('CONFIG_SEALED_UNREADABLE');
    expect(damaged.message).toMatch(/cannot be opened .*`souq config import`/);
    expect(readFileSync(file, 'utf8')).toBe(before);

    writeFileSync(file, JSON.stringify(sealed));
    const elsewhere = caught(() => loadConfig(data, { sealer: testKeystore(randomBytes(32)) }));
    expect(elsewhere.code).toBe('CONFIG_SEALED_UNREADABLE');
  });

  it('a sealed value that is not base64, or names no keystore, is refused naming the field', () => {
    const { data } = dataWith({ ...plainConfig(), acquirer: { ...plainConfig().acquirer, merchantPrivateKey: { sealed: 'not base64!', by: 'electron-safeStorage' } } });
    const e = caught(() => loadConfig(data, { sealer: testKeystore() }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(/acquirer\.merchantPrivateKey.*sealed: must be base64/);
    rmSync(data, { recursive: true });
    const { data: d2 } = dataWith({ ...plainConfig(), acquirer: { ...plainConfig().acquirer, merchantPrivateKey: { sealed: 'QUJD' } } });
    expect(caught(() => loadConfig(d2)).message).toMatch(/acquirer\.merchantPrivateKey.*by/);
  });

  it('a keystore that cannot give the key back is found out before anything is written', () => {
    const broken = { ...testKeystore(), open: () => 'something else' };
    expect(caught(() => sealConfig(plainConfig(), broken)).code).toBe('CONFIG_SEAL_FAILED');
    const refusing = { ...testKeystore(), seal: () => { throw new Error('keychain locked'); } };
    expect(caught(() => sealConfig(plainConfig(), refusing)).message).toMatch(/could not keep the acquirer key\. Nothing was saved/);
  });

  it('the masked view says the key is sealed and by what, and shows none of the sealed bytes', () => {
    const keystore = testKeystore();
    const sealed = sealConfig(plainConfig(), keystore);
    const shown = JSON.stringify(maskedConfig(sealed));
    expect(shown).toContain("private key sealed in this computer's keystore by electron-safeStorage");
    expect(shown).not.toContain((sealed.acquirer!.merchantPrivateKey as { sealed: string }).sealed.slice(0, 16));
    expect(shown).not.toContain('PRIVATE KEY');
    // The app, which can open it, describes it fully and still says where it is kept.
    const { data } = dataWith(sealed);
    const opened = JSON.stringify(maskedConfig(loadConfig(data, { sealer: keystore }), { sealedBy: keystore.id }));
    expect(opened).toContain("RSA private key, 2048-bit, sealed in this computer's keystore by electron-safeStorage");
    expect(opened).not.toContain(keyBody);
    expect(readStoredConfig(data).acquirer?.merchantPrivateKey).toMatchObject({ by: 'electron-safeStorage' });
  });
});

describe('the CLI on a data folder whose key the app sealed', () => {
  it('souq config show describes the sealed key, and souq pay stops with exit 3 and the words, no stack', async () => {
    const { data, file } = dataWith(sealConfig(plainConfig(), testKeystore()));
    const before = readFileSync(file, 'utf8');
    const shown = await souq(data, ['config', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('sealed in this computer');
    expect(shown.stdout).toContain('SANDBOX_5YBZ1R2YB2AE05021');
    expect(shown.stdout).not.toContain('PRIVATE KEY');

    const pay = await souq(data, ['pay', '--amount', '1.00', '--code', '281011234567890123']);
    expect(pay.code).toBe(3);
    expect(pay.stderr + pay.stdout).toContain("the acquirer key is sealed in this computer's keystore by the Souq POS app; run the app, or import the config again with `souq config import`");
    expect(noStack(pay)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, 60_000);

  it('souq journal, souq report and souq shift, which need no key, still work', async () => {
    const { data } = dataWith(sealConfig(plainConfig(), testKeystore()));
    const journal = await souq(data, ['journal', '--json']);
    expect(journal.code).toBe(0);
    expect(lastJson(journal)).toMatchObject({ sandbox: false });
    const day = await souq(data, ['report', 'day', '--json']);
    expect(day.code).toBe(0);
    expect(lastJson(day)).toMatchObject({ sales: { count: 0 } });
    expect((await souq(data, ['shift'])).code).toBe(0);
  }, 60_000);
});
