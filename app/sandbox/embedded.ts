// The embedded default: with no acquirer configured, the terminal, `souq pay` and `souq wallet`
// talk to a sandbox acquirer whose files live in <dataDir>/sandbox. Whoever comes first starts it
// and registers it in sandbox.json; later processes on the same data folder reuse it while it
// answers, else start their own on the same ledger (WAL + busy timeout make sharing safe).
import { dataPaths } from '../settings/paths.ts';
import { acquirerKeys, isKeyPair, loadOrCreateJson, newKeyPair } from './keys.ts';
import { openLedger } from './ledger.ts';
import { writeTx } from '../journal/tx.ts';
import { readRegistration, startSandbox, type SandboxHandle, type SandboxOptions } from './server.ts';

export const SANDBOX_CLIENT_ID = 'SANDBOX_SOUQ_LOCAL';

export interface EmbeddedSandbox {
  /** Scheme, host and port, e.g. http://127.0.0.1:40123 */
  endpoint: string;
  clientId: string;
  merchantPrivateKey: string;
  acquirerPublicKey: string;
  /** True when this process started the server (and close() stops it). */
  started: boolean;
  /** The in-process server when `started`. */
  handle?: SandboxHandle;
  /** Stops the server if this process started it; a reused one keeps running. */
  close(): Promise<void>;
}

/** The merchant key pair the terminal signs with against its own sandbox, registered with it. */
export function sandboxCredentials(dataDir: string): { clientId: string; merchantPrivateKey: string; merchantPublicKey: string; acquirerPublicKey: string } {
  const dir = dataPaths(dataDir).sandboxDir;
  const merchant = loadOrCreateJson(dir, 'merchant.json', newKeyPair, isKeyPair);
  const acquirer = acquirerKeys(dir);
  const db = openLedger(`${dir}/ledger.sqlite`);
  try {
    writeTx(db, () =>
      db.prepare(
        `INSERT INTO clients (client_id, public_key, registered_ms) VALUES (?, ?, ?)
         ON CONFLICT (client_id) DO UPDATE SET public_key = excluded.public_key WHERE public_key <> excluded.public_key`,
      ).run(SANDBOX_CLIENT_ID, merchant.publicKey, Date.now()),
    );
  } finally {
    db.close();
  }
  return { clientId: SANDBOX_CLIENT_ID, merchantPrivateKey: merchant.privateKey, merchantPublicKey: merchant.publicKey, acquirerPublicKey: acquirer.publicKey };
}

/** True when a sandbox answers its health check at `url` from process `pid`. A dead one refuses at
 * once; the generous timeout is for a live one on a loaded machine, which must not be replaced. */
export async function sandboxAnswers(url: string, pid?: number, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/sandbox/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return false;
    const body = (await res.json()) as { ok?: boolean; pid?: number };
    return body.ok === true && (pid === undefined || body.pid === pid);
  } catch {
    return false;
  }
}

export interface EnsureOptions extends Omit<SandboxOptions, 'dir' | 'port'> {
  /** How often a process reusing another's sandbox checks it is still there (ms). */
  watchMs?: number;
  /** False: start this process's own server on the folder's ledger even when another answers
   * (for a caller whose reused sandbox just went away mid-request). */
  reuse?: boolean;
}

export async function ensureSandbox(dataDir: string, opts: EnsureOptions = {}): Promise<EmbeddedSandbox> {
  const dir = dataPaths(dataDir).sandboxDir;
  const creds = sandboxCredentials(dataDir);
  const base = { clientId: creds.clientId, merchantPrivateKey: creds.merchantPrivateKey, acquirerPublicKey: creds.acquirerPublicKey };
  const { watchMs = 2_000, reuse = true, ...serverOpts } = opts;
  const reg = reuse ? readRegistration(dir) : undefined;
  if (reg && (await sandboxAnswers(reg.url, reg.pid))) {
    // The process hosting it may exit first (a `souq pay` the app reused). Our link keeps this
    // endpoint, so take over on the same port: same ledger, same keys, callers never notice.
    let own: SandboxHandle | undefined;
    let checking = false;
    let stopped = false;
    const timer = setInterval(() => {
      if (own || checking || stopped) return;
      checking = true;
      void (async () => {
        try {
          if (await sandboxAnswers(reg.url)) return;
          const started = await startSandbox({ ...serverOpts, dir, port: reg.port }).catch(() => undefined); // EADDRINUSE: another process took over
          if (started && stopped) await started.close();
          else own = started;
        } finally {
          checking = false;
        }
      })();
    }, watchMs);
    timer.unref();
    return {
      ...base,
      endpoint: reg.url,
      started: false,
      close: async () => {
        stopped = true;
        clearInterval(timer);
        await own?.close();
      },
    };
  }
  const handle = await startSandbox({ ...serverOpts, dir });
  return { ...base, endpoint: handle.url, started: true, handle, close: () => handle.close() };
}
