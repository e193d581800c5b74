// electron/secrets.ts over a stand-in safeStorage (Electron cannot run here): the same calls and
// Buffer shapes as the real module, with a real AES-GCM cipher underneath, so what it seals really
// is unreadable without it and really opens with it.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SAFE_STORAGE_ID, keystoreUnavailable, safeStorageSealer, secretsPlacement, type SafeStorageLike } from '../../electron/secrets.ts';
import { ConfigError, openConfig, sealConfig } from '../../app/settings/config.ts';
import { StoredTerminalConfig } from '../../app/settings/schema.ts';
import { testKeystore } from '../settings/support/keystore.ts';

function fakeSafeStorage(opts: { available?: boolean | 'throws'; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const cipher = testKeystore();
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable() {
      if (opts.available === 'throws') throw new Error('called before app ready');
      return opts.available ?? true;
    },
    encryptString(plain) {
      calls.push('encrypt');
      return Buffer.from(cipher.seal(plain), 'base64');
    },
    decryptString(encrypted) {
      calls.push('decrypt');
      return cipher.open(encrypted.toString('base64'));
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

const pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

describe('the Electron keystore adapter', () => {
  it('with a keystore the acquirer key is sealed through safeStorage and opened again, and no warning is shown', () => {
    const ss = fakeSafeStorage();
    const placement = secretsPlacement('/data', ss, 'darwin');
    expect(placement.warning).toBeNull();
    const sealer = placement.sealer!;
    expect(sealer.id).toBe(SAFE_STORAGE_ID);
    const config = StoredTerminalConfig.parse({ acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: 'C1', merchantPrivateKey: pem.privateKey, acquirerPublicKey: pem.publicKey } });
    const sealed = sealConfig(config, sealer);
    expect(JSON.stringify(sealed)).not.toContain('PRIVATE KEY');
    expect(sealed.acquirer?.merchantPrivateKey).toMatchObject({ by: 'electron-safeStorage' });
    expect(openConfig(sealed, sealer, 'config.json').acquirer?.merchantPrivateKey).toBe(pem.privateKey);
    expect(ss.calls).toContain('encrypt');
    expect(ss.calls).toContain('decrypt');
  });

  it('what safeStorage cannot decrypt (another account, a changed file) is reported as unreadable, not thrown raw', () => {
    const sealer = safeStorageSealer(fakeSafeStorage(), 'win32')!;
    const other = safeStorageSealer(fakeSafeStorage(), 'win32')!;
    const config = StoredTerminalConfig.parse({ acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: 'C1', merchantPrivateKey: pem.privateKey, acquirerPublicKey: pem.publicKey } });
    const sealed = sealConfig(config, sealer);
    expect(() => openConfig(sealed, other, 'config.json')).toThrow(ConfigError);
    expect(() => openConfig(sealed, other, 'config.json')).toThrow(/cannot be opened/);
  });

  it('on Linux without a keyring (safeStorage falls back to a built-in password) the keys stay in the file with a warning saying so', () => {
    for (const backend of ['basic_text', 'unknown']) {
      const ss = fakeSafeStorage({ backend });
      expect(safeStorageSealer(ss, 'linux')).toBeNull();
      const placement = secretsPlacement('/data', ss, 'linux');
      expect(placement.sealer).toBeNull();
      expect(placement.warning).toMatch(/kept in a file, \/data\/config\.json .*mode 0600.*no keyring \(such as GNOME Keyring or KWallet\)/);
      expect(ss.calls).toEqual([]);
    }
    // The same backend name means nothing elsewhere: only Linux has the built-in-password fallback.
    expect(safeStorageSealer(fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).not.toBeNull();
    expect(safeStorageSealer(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).not.toBeNull();
  });

  it('a keystore that is not available, or that throws when asked, means the file and a warning, not a crash', () => {
    expect(keystoreUnavailable(fakeSafeStorage({ available: false }), 'linux')).toMatch(/no keystore .*GNOME Keyring or KWallet/);
    expect(keystoreUnavailable(fakeSafeStorage({ available: false }), 'win32')).toMatch(/keystore is not available/);
    const placement = secretsPlacement('/data', fakeSafeStorage({ available: 'throws' }), 'darwin');
    expect(placement).toMatchObject({ sealer: null, warning: expect.stringMatching(/kept in a file.*could not be sealed/) });
  });
});
