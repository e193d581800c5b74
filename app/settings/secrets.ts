// Secrets kept in the OS keystore instead of in clear in config.json. The core cannot reach a
// keystore (app/ never imports electron), so a front end that can hands in a SecretSealer: the
// Electron shell makes one from safeStorage (electron/secrets.ts); the CLI and the browser host
// have none, and keep keys in config.json (mode 0600) with a warning on the installer screen.
import type { SealedSecret } from './schema.ts';

export type { SealedSecret } from './schema.ts';

export interface SecretSealer {
  /** Names the keystore in config.json ("by"), so a reader knows which program can open it. */
  readonly id: string;
  /** Returns the sealed bytes as base64. Throws when the keystore refuses. */
  seal(plain: string): string;
  /** Opens what seal() returned (base64). Throws when the keystore cannot. */
  open(sealed: string): string;
}

/** What a loader needs to open sealed secrets; no sealer (CLI, browser host) means none can be. */
export interface ConfigSecrets {
  sealer?: SecretSealer | null;
}

export function isSealed(v: unknown): v is SealedSecret {
  return typeof v === 'object' && v !== null && typeof (v as SealedSecret).sealed === 'string' && typeof (v as SealedSecret).by === 'string';
}
