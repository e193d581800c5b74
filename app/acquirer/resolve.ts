// Which acquirer this terminal talks to: the configured one, or — with no acquirer section — the
// embedded sandbox for this data folder (started on demand, sharing its ledger with the app and
// the CLI). The one place that decides, so the app, `souq pay` and `souq doctor` always agree.
import type { TerminalConfig } from '../settings/schema.ts';
import { ensureSandbox } from '../sandbox/embedded.ts';
import type { AntomLinkOptions } from './antom/client.ts';

export interface ResolvedAcquirer extends AntomLinkOptions {
  /** Stops the embedded sandbox if this process hosts it (a no-op for a real acquirer). */
  close(): Promise<void>;
}

export async function resolveAcquirer(dataDir: string, config: TerminalConfig): Promise<ResolvedAcquirer> {
  if (config.acquirer) {
    const { endpoint, clientId, merchantPrivateKey, acquirerPublicKey, keyVersion, pathPrefix, timeoutMs } = config.acquirer;
    return {
      endpoint,
      clientId,
      merchantPrivateKey,
      acquirerPublicKey,
      keyVersion,
      pathPrefix,
      timeoutMs,
      // Antom's own sandbox accounts are SANDBOX_ client ids: no real money moves there either.
      sandbox: clientId.startsWith('SANDBOX_'),
      close: async () => {},
    };
  }
  const sb = await ensureSandbox(dataDir);
  return {
    endpoint: sb.endpoint,
    clientId: sb.clientId,
    merchantPrivateKey: sb.merchantPrivateKey,
    acquirerPublicKey: sb.acquirerPublicKey,
    sandbox: true,
    close: () => sb.close(),
  };
}
