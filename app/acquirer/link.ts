// What the journal and sync engine need from an acquirer, whatever speaks the wire. The Antom
// adapter (app/acquirer/antom) implements it; the sandbox acquirer answers it over loopback.

export type AcquirerOperation = 'pay' | 'inquiry' | 'cancel' | 'refund' | 'refund_inquiry';

export interface AcquirerResult {
  resultStatus: 'S' | 'F' | 'U';
  resultCode: string;
  resultMessage?: string;
}

/**
 * What came back for one request. `answered` only when an HTTP 200 with a parseable JSON body
 * whose signature verified with the acquirer's public key; anything else is `no_answer`, which the
 * caller must treat as unknown (never as failure).
 */
export type AcquirerReply =
  | {
      kind: 'answered';
      result: AcquirerResult;
      /** The parsed, verified body. */
      body: Record<string, unknown>;
      rawBody: string;
    }
  | {
      kind: 'no_answer';
      /** timeout: no reply in time; network: refused/reset (the link is down); http: status ≠ 200;
       *  malformed: not JSON or no result; unverified: missing or bad signature;
       *  too_large: a reply over the size cap (read no further). */
      reason: 'timeout' | 'network' | 'http' | 'malformed' | 'unverified' | 'too_large';
      detail: string;
      httpStatus?: number;
      rawBody?: string;
    };

/** A request signed and ready: only its trip is left. */
export interface PreparedRequest {
  op: AcquirerOperation;
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface AcquirerLink {
  /** Full URI path for an operation, e.g. /ams/sandbox/api/v1/payments/pay. */
  pathFor(op: AcquirerOperation): string;
  /** Signs and sends the exact `body` text (the journal stored these same bytes). */
  send(op: AcquirerOperation, body: string, opts?: { signal?: AbortSignal }): Promise<AcquirerReply>;
  /** Optional split of send: sign now (e.g. inside the transaction that journals the body), send later. */
  prepare?(op: AcquirerOperation, body: string): PreparedRequest;
  transmit?(prepared: PreparedRequest, opts?: { signal?: AbortSignal }): Promise<AcquirerReply>;
  /** True when talking to the sandbox acquirer: every screen and receipt says SANDBOX. */
  readonly sandbox: boolean;
}
