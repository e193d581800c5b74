// The Antom link: signs the exact journalled body, POSTs it, and accepts a reply only when it is
// HTTP 200, JSON with a `result`, and signed by the acquirer. Anything else is `no_answer`, which
// the sync engine treats as unknown (ACQUIRER.md: an unverifiable success is not a success).
// Nothing here logs: bodies carry payment codes and the options carry the private key.
import type { AcquirerLink, AcquirerOperation, AcquirerReply, AcquirerResult } from '../link.ts';
import { signatureHeader, verifyResponse } from './sign.ts';

export interface AntomLinkOptions {
  /** Scheme and host (and port), e.g. https://open-sea-global.alipay.com or http://127.0.0.1:40123 */
  endpoint: string;
  clientId: string;
  merchantPrivateKey: string;
  acquirerPublicKey: string;
  keyVersion?: number;
  /** Overrides the SDK rule (/ams/sandbox/api for SANDBOX_ client ids, else /ams/api). */
  pathPrefix?: string;
  timeoutMs?: number;
  /** True when the other side is the sandbox acquirer (screens and receipts say SANDBOX). */
  sandbox: boolean;
  /** Injectable for tests of clock-dependent behaviour; request-time is epoch ms. */
  now?: () => number;
}

const OPERATION_PATH: Record<AcquirerOperation, string> = {
  pay: '/v1/payments/pay',
  inquiry: '/v1/payments/inquiryPayment',
  cancel: '/v1/payments/cancel',
  refund: '/v1/payments/refund',
  refund_inquiry: '/v1/payments/inquiryRefund',
};

export function defaultPathPrefix(clientId: string): string {
  return clientId.startsWith('SANDBOX_') ? '/ams/sandbox/api' : '/ams/api';
}

export class AntomLink implements AcquirerLink {
  readonly sandbox: boolean;
  readonly timeoutMs: number;
  private readonly endpoint: string;
  private readonly prefix: string;
  private readonly opts: AntomLinkOptions;

  constructor(opts: AntomLinkOptions) {
    this.opts = opts;
    this.sandbox = opts.sandbox;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.endpoint = opts.endpoint.replace(/\/+$/, '');
    this.prefix = (opts.pathPrefix ?? defaultPathPrefix(opts.clientId)).replace(/\/+$/, '');
  }

  pathFor(op: AcquirerOperation): string {
    return `${this.prefix}${OPERATION_PATH[op]}`;
  }

  async send(op: AcquirerOperation, body: string, opts: { signal?: AbortSignal } = {}): Promise<AcquirerReply> {
    const path = this.pathFor(op);
    const { clientId } = this.opts;
    const requestTime = String((this.opts.now ?? Date.now)());
    const signature = signatureHeader(path, clientId, requestTime, body, this.opts.merchantPrivateKey, this.opts.keyVersion ?? 1);

    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timer.signal, opts.signal]) : timer.signal;
    let status: number;
    let rawBody: string;
    let headers: Headers;
    try {
      const res = await fetch(`${this.endpoint}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=UTF-8',
          'client-id': clientId,
          'request-time': requestTime,
          signature,
        },
        body,
        signal,
      });
      status = res.status;
      headers = res.headers;
      const read = await readCapped(res, MAX_REPLY_BYTES);
      if (read === null) {
        timer.abort(); // stop the transfer: nothing more of it is wanted
        return { kind: 'no_answer', reason: 'too_large', detail: `The acquirer reply is larger than ${MAX_REPLY_BYTES / 1024 / 1024} MiB: not read`, httpStatus: status };
      }
      rawBody = read;
    } catch (err) {
      if (timer.signal.aborted) return { kind: 'no_answer', reason: 'timeout', detail: `No reply from the acquirer within ${this.timeoutMs} ms` };
      if (opts.signal?.aborted) return { kind: 'no_answer', reason: 'timeout', detail: 'The request was abandoned before the acquirer replied' };
      return { kind: 'no_answer', reason: 'network', detail: networkWords(err) };
    } finally {
      clearTimeout(timeout);
    }

    if (status !== 200) {
      return { kind: 'no_answer', reason: 'http', detail: `The acquirer answered HTTP ${status}`, httpStatus: status, rawBody };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      return { kind: 'no_answer', reason: 'malformed', detail: 'The acquirer reply is not JSON', httpStatus: status, rawBody };
    }
    const result = readResult(parsed);
    if (!result) {
      return { kind: 'no_answer', reason: 'malformed', detail: 'The acquirer reply has no valid result', httpStatus: status, rawBody };
    }
    const replyClient = headers.get('client-id');
    const responseTime = headers.get('response-time');
    const replySignature = headers.get('signature');
    if (!replySignature || !responseTime) {
      return { kind: 'no_answer', reason: 'unverified', detail: 'The acquirer reply is not signed', httpStatus: status, rawBody };
    }
    if (replyClient !== null && replyClient !== clientId) {
      return { kind: 'no_answer', reason: 'unverified', detail: 'The acquirer reply names another client id', httpStatus: status, rawBody };
    }
    if (!verifyResponse(path, clientId, responseTime, rawBody, replySignature, this.opts.acquirerPublicKey)) {
      return { kind: 'no_answer', reason: 'unverified', detail: "The acquirer reply's signature does not verify with the acquirer public key", httpStatus: status, rawBody };
    }
    return { kind: 'answered', result, body: parsed as Record<string, unknown>, rawBody };
  }
}

/** Replies are a few kilobytes; anything near this is not an answer, and is not kept in memory. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** The body as UTF-8 text, or null as soon as it passes `max` bytes (the stream is cancelled). */
export async function readCapped(res: Response, max: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readResult(parsed: unknown): AcquirerResult | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const r = (parsed as { result?: unknown }).result;
  if (typeof r !== 'object' || r === null) return undefined;
  const { resultStatus, resultCode, resultMessage } = r as Record<string, unknown>;
  if (resultStatus !== 'S' && resultStatus !== 'F' && resultStatus !== 'U') return undefined;
  if (typeof resultCode !== 'string' || resultCode === '') return undefined;
  return typeof resultMessage === 'string' ? { resultStatus, resultCode, resultMessage } : { resultStatus, resultCode };
}

function networkWords(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'The acquirer refused the connection (ECONNREFUSED)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'The connection to the acquirer was cut before a reply (connection reset)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The acquirer host name does not resolve (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'Connecting to the acquirer timed out';
    default:
      return `The acquirer could not be reached${code ? ` (${code})` : cause?.message ? ` (${cause.message})` : ''}`;
  }
}
