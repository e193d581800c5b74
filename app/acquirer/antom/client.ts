// The Antom link: signs the exact journalled body, POSTs it, and accepts a reply only when it is
// HTTP 200, JSON with a `result`, and signed by the acquirer. Anything else is `no_answer`, which
// the sync engine treats as unknown (ACQUIRER.md: an unverifiable success is not a success).
// Nothing here logs: bodies carry payment codes and the options carry the private key.
//
// Plain node:http(s) on a kept-alive connection rather than fetch: a payment's bytes are on the
// socket in the same tick the engine hands them over (fetch adds a millisecond of promise hops).
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AcquirerLink, AcquirerOperation, AcquirerReply, AcquirerResult, PreparedRequest } from '../link.ts';
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
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly prefix: string;
  private readonly opts: AntomLinkOptions;

  constructor(opts: AntomLinkOptions) {
    this.opts = opts;
    this.sandbox = opts.sandbox;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.url = new URL(opts.endpoint.replace(/\/+$/, '') || 'http://invalid');
    // Idle connections are dropped before a typical server's keep-alive (5 s) drops them under us.
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, timeout: 4_000 }) : new HttpAgent({ keepAlive: true, timeout: 4_000 });
    this.prefix = (opts.pathPrefix ?? defaultPathPrefix(opts.clientId)).replace(/\/+$/, '');
  }

  pathFor(op: AcquirerOperation): string {
    return `${this.prefix}${OPERATION_PATH[op]}`;
  }

  /** Signs `body` for `op` now: what is left afterwards is the trip (see transmit). */
  prepare(op: AcquirerOperation, body: string): PreparedRequest {
    const path = this.pathFor(op);
    const requestTime = String((this.opts.now ?? Date.now)());
    const signature = signatureHeader(path, this.opts.clientId, requestTime, body, this.opts.merchantPrivateKey, this.opts.keyVersion ?? 1);
    return { op, path, body, headers: { 'Content-Type': 'application/json; charset=UTF-8', 'client-id': this.opts.clientId, 'request-time': requestTime, signature } };
  }

  send(op: AcquirerOperation, body: string, opts: { signal?: AbortSignal } = {}): Promise<AcquirerReply> {
    return this.transmit(this.prepare(op, body), opts);
  }

  async transmit(p: PreparedRequest, opts: { signal?: AbortSignal } = {}): Promise<AcquirerReply> {
    const first = await this.trip(p, opts);
    // A kept-alive connection the acquirer closed just as we reused it: nothing reached it, and
    // every call here is idempotent by its request id (the same bytes again), so one fresh try.
    if (first.kind === 'reused_closed') return (await this.trip(p, opts, true)).reply;
    return first.reply;
  }

  private trip(p: PreparedRequest, opts: { signal?: AbortSignal }, fresh = false): Promise<{ kind: 'reply' | 'reused_closed'; reply: AcquirerReply }> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (reply: AcquirerReply, kind: 'reply' | 'reused_closed' = 'reply') => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({ kind, reply });
      };
      const https = this.url.protocol === 'https:';
      const req = (https ? httpsRequest : httpRequest)(this.url, {
        method: 'POST',
        path: p.path,
        agent: fresh ? false : this.agent,
        headers: { ...p.headers, 'Content-Length': Buffer.byteLength(p.body) },
      });
      const timer = setTimeout(() => {
        finish({ kind: 'no_answer', reason: 'timeout', detail: `No reply from the acquirer within ${this.timeoutMs} ms` });
        req.destroy();
      }, this.timeoutMs);
      const onAbort = () => {
        finish({ kind: 'no_answer', reason: 'timeout', detail: 'The request was abandoned before the acquirer replied' });
        req.destroy();
      };
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let answered = false;
      req.on('error', (err: NodeJS.ErrnoException) => {
        const reusedAndCut = !answered && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        finish({ kind: 'no_answer', reason: 'network', detail: networkWords(err) }, reusedAndCut ? 'reused_closed' : 'reply');
      });
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        const tooLarge = (): void => {
          finish({ kind: 'no_answer', reason: 'too_large', detail: `The acquirer reply is larger than ${MAX_REPLY_BYTES / 1024 / 1024} MiB: not read`, httpStatus: res.statusCode });
          res.destroy();
          req.destroy();
        };
        if (Number(res.headers['content-length']) > MAX_REPLY_BYTES) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY_BYTES) return tooLarge();
          chunks.push(c);
        });
        res.on('end', () => finish(this.interpret(p.path, res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'no_answer', reason: 'network', detail: networkWords(err) }));
        res.on('close', () => {
          if (!res.complete) finish({ kind: 'no_answer', reason: 'network', detail: 'The connection to the acquirer was cut before a reply (connection reset)' });
        });
      });
      req.end(p.body);
    });
  }

  /** A complete HTTP reply, judged: only a signed, verified JSON answer with a result counts. */
  private interpret(path: string, status: number, headers: IncomingHttpHeaders, rawBody: string): AcquirerReply {
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
    const one = (name: string): string | null => {
      const v = headers[name];
      return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
    };
    const clientId = this.opts.clientId;
    const replyClient = one('client-id');
    const responseTime = one('response-time');
    const replySignature = one('signature');
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

/** A fetch Response's body as UTF-8 text, or null as soon as it passes `max` bytes (the stream is cancelled). */
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
