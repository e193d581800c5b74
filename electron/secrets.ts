// SAFESTORAGE HOOK (H8): where the acquirer keys saved on the installer screen are kept in the
// Electron build. Today they go, like the browser host's, into config.json (mode 0600) and the
// installer screen says so. To move them into the OS keystore: encrypt merchantPrivateKey with
// electron's safeStorage.encryptString() when saving (app/handlers/installer.ts save()), keep only
// the ciphertext in config.json, decrypt in openTerminal's config load, and return
// { warning: null } here once safeStorage.isEncryptionAvailable() is true.
import { fileSecretsWarning, type SecretsPlacement } from '../app/handlers/installer.ts';

export function secretsPlacement(dataDir: string): SecretsPlacement {
  return { warning: fileSecretsWarning(dataDir) };
}
