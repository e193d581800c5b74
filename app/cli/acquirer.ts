// Which acquirer a CLI command talks to: the configured one, or — with no acquirer section — the
// embedded sandbox for this data folder (started on demand, sharing its ledger with the app).
import type { TerminalConfig } from '../settings/schema.ts';
import { ensureSandbox } from '../sandbox/embedded.ts';

export interface ResolvedAcquirer {
  endpoint: string;
  clientId: string;
  merchantPrivateKey: string;
  acquirerPublicKey: string;
  keyVersion?: number;
  pathPrefix?: string;
  timeoutMs?: number;
  sandbox: boolean;
  close(): Promise<void>;
}

export async function resolveAcquirer(dataDir: string, config: TerminalConfig): Promise<ResolvedAcquirer> {
  if (config.acquirer) {
    const { endpoint, clientId, merchantPrivateKey, acquirerPublicKey, keyVersion, pathPrefix, timeoutMs } = config.acquirer;
    return { endpoint, clientId, merchantPrivateKey, acquirerPublicKey, keyVersion, pathPrefix, timeoutMs, sandbox: false, close: async () => {} };
  }
  const sb = await ensureSandbox(dataDir);
  return {
    endpoint: sb.endpoint,
    clientId: sb.clientId,
    merchantPrivateKey: sb.merchantPrivateKey,
    acquirerPublicKey: sb.acquirerPublicKey,
    sandbox: true,
    close: async () => {
      await sb.close();
    },
  };
}
