// Which acquirer this terminal talks to: the configured one, or — with no acquirer section — the
// embedded sandbox for this data folder (started on demand, sharing its ledger with the app and
// the CLI). The one place that decides, so the app, `souq pay` and `souq doctor` always agree.
import type { TerminalConfig } from '../settings/schema.ts';
import { ensureSandbox } from '../sandbox/embedded.ts';
import { AntomLink, type AntomLinkOptions } from './antom/client.ts';
import type { AcquirerLink } from './link.ts';

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

/** Why the configured acquirer cannot be used on this computer: its sealed key does not open here. */
export interface AcquirerUnavailable {
  code: 'ACQUIRER_KEY_UNAVAILABLE';
  /** For the person at the till; the config's own words (which file, which keystore) are in `detail`. */
  message: string;
  detail: string;
}

export const ACQUIRER_KEY_UNAVAILABLE_WORDS =
  'The acquirer is unavailable: its key cannot be opened on this computer. Wallet payments cannot start; take cash or card, and ask the installer to load the acquirer keys again on the installer screen.';

export function acquirerUnavailable(detail: string): AcquirerUnavailable {
  return { code: 'ACQUIRER_KEY_UNAVAILABLE', message: ACQUIRER_KEY_UNAVAILABLE_WORDS, detail };
}

/** A wallet payment refused because the acquirer's key cannot be opened here; nothing was journalled. */
export class AcquirerUnavailableError extends Error {
  readonly code = 'ACQUIRER_KEY_UNAVAILABLE';
  constructor(message: string = ACQUIRER_KEY_UNAVAILABLE_WORDS) {
    super(message);
    this.name = 'AcquirerUnavailableError';
  }
}

/**
 * The configured acquirer without its key: it knows the request paths (a refund journalled now
 * keeps the path it will be sent to) but sends nothing. Without the key no request can be signed,
 * so every send is "no answer", which every caller already treats as unknown, never as failure.
 */
export function unavailableLink(acquirer: { endpoint: string; clientId: string; acquirerPublicKey: string; pathPrefix?: string }): AcquirerLink {
  const paths = new AntomLink({ ...acquirer, merchantPrivateKey: '', sandbox: acquirer.clientId.startsWith('SANDBOX_') });
  return {
    sandbox: paths.sandbox,
    pathFor: (op) => paths.pathFor(op),
    send: async () => ({ kind: 'no_answer', reason: 'network', detail: ACQUIRER_KEY_UNAVAILABLE_WORDS }),
  };
}
