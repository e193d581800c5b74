// Where a terminal keeps its files. One folder holds everything: the SQLite journal, config.json
// (mode 0600: it holds the merchant's private key), and the embedded sandbox's keys and ledger.
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

/** The OS app-data folder, the same one Electron's app.getPath('userData') gives for "souq-pos". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'souq-pos');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'souq-pos');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'souq-pos');
  }
}

/** --data-dir wins, then SOUQ_DATA_DIR, then the OS default. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.SOUQ_DATA_DIR ?? defaultDataDir(env));
}

export function dataPaths(dataDir: string) {
  return {
    dataDir,
    db: join(dataDir, 'souq.sqlite'),
    config: join(dataDir, 'config.json'),
    sandboxDir: join(dataDir, 'sandbox'),
  };
}
