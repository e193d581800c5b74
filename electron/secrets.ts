// Where the Electron build keeps the acquirer keys saved on the installer screen: the merchant
// private key sealed by the OS keystore through safeStorage (Keychain on macOS, DPAPI on Windows,
// the Secret Service or KWallet on Linux). config.json then holds only the sealed bytes, which
// only this app on this computer account can open (app/settings/secrets.ts).
// Without a keystore (a Linux box with no keyring running) the keys stay in config.json, mode
// 0600, and the installer screen says so: Electron's fallback there ("basic_text") seals with a
// password built into every copy of Chromium, which protects nothing, so it counts as none.
import { fileSecretsWarning, type SecretsPlacement } from '../app/handlers/installer.ts';
import type { SecretSealer } from '../app/settings/secrets.ts';

/** The part of electron's safeStorage used here; main.ts passes the real module. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store safeStorage chose. */
  getSelectedStorageBackend?(): string;
}

/** The "by" written beside each sealed value in config.json. */
export const SAFE_STORAGE_ID = 'electron-safeStorage';

/** Why no keystore can be used, in words for the installer; null when one can. */
export function keystoreUnavailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  let available = false;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) {
    return platform === 'linux'
      ? 'This computer has no keystore the app can use (no keyring such as GNOME Keyring or KWallet is running), so the keys could not be sealed.'
      : 'This computer\'s keystore is not available to the app, so the keys could not be sealed.';
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'This computer has no keyring (such as GNOME Keyring or KWallet) for the app to seal the keys with, so they are not sealed.';
    }
  }
  return null;
}

/** A SecretSealer over safeStorage (sealed bytes as base64), or null when there is no real keystore. */
export function safeStorageSealer(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretSealer | null {
  if (keystoreUnavailable(safeStorage, platform) !== null) return null;
  return {
    id: SAFE_STORAGE_ID,
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

/** Call after app 'ready' (safeStorage on Linux and Windows answers only then). */
export function secretsPlacement(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretsPlacement {
  const why = keystoreUnavailable(safeStorage, platform);
  if (why !== null) return { sealer: null, warning: `${fileSecretsWarning(dataDir)} ${why}` };
  return { sealer: safeStorageSealer(safeStorage, platform), warning: null };
}
