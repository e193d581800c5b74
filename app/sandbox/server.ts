// The sandbox acquirer: a loopback HTTP server that speaks Antom's in-store protocol (signed both
// ways) over its own ledger, plus a wallet simulator, fault injection and admin endpoints for tests.
// It is the embedded default when no real acquirer is configured (see embedded.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import { renameSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { signatureHeader, verifyRequest, parseSignatureHeader } from '../acquirer/antom/sign.ts';
import { SandboxAcquirer, result, type Reply } from './acquirer.ts';
import { openLedger, ledgerEntries, type LedgerEntry, type LedgerDb } from './ledger.ts';
import { acquirerKeys } from './keys.ts';
import { parseFaultSpec, formatFaultSpec, seededRandom, NO_FAULTS, type FaultSpec } from './faults.ts';
import { orderPage, notFoundPage } from './wallet-page.ts';

export interface SandboxOptions {
  /** Folder for keys.json, ledger.sqlite and sandbox.json. */
  dir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  latencyMs?: number;
  /** A fault spec, e.g. `timeout=0.2,drop=0.1,seed=7` (faults.ts). */
  fault?: string;
  /** Life of a minted payment code; 60 s like a real wallet's. */
  codeTtlMs?: number;
  /** Minutes after midnight UTC+8 of the next day until which cancel works. */
  cancelCutoffMinutes?: number;
  /** The sandbox clock before any offset (epoch ms). */
  clock?: () => number;
  /** Write <dir>/sandbox.json so other processes on this data folder find and reuse this server. */
  register?: boolean;
  /** How long a `timeout` fault holds a reply at most when the client never gives up. */
  holdMs?: number;
}

export interface SandboxHandle {
  url: string;
  port: number;
  dir: string;
  acquirerPublicKey: string;
  close(): Promise<void>;
  setFaults(spec: string): void;
  setLatency(ms: number): void;
  /** Moves the sandbox clock (code lives, order expiry, cancel cut-off) by offsetMs from real time. */
  setClockOffset(offsetMs: number): void;
  registerClient(clientId: string, publicKeyPem: string): void;
  mintCode(pspName?: string): { code: string; expiresAt: string; pspName: string };
  ledger(filter?: { paymentRequestId?: string }): LedgerEntry[];
}

export interface SandboxRegistration {
  url: string;
  port: number;
  pid: number;
  startedAt: string;
}

export const REGISTRATION_FILE = 'sandbox.json';

export function readRegistration(dir: string): SandboxRegistration | undefined {
  try {
    const r = JSON.parse(readFileSync(join(dir, REGISTRATION_FILE), 'utf8')) as Partial<SandboxRegistration>;
    if (typeof r.url === 'string' && typeof r.port === 'number' && typeof r.pid === 'number') return r as SandboxRegistration;
  } catch {
    // absent or half-written: no running sandbox to reuse
  }
  return undefined;
}

const OPS = ['pay', 'inquiryPayment', 'cancel', 'refund', 'inquiryRefund'] as const;
type Op = (typeof OPS)[number];
const API_PATH = /^\/ams(?:\/sandbox)?\/api\/v1\/payments\/([A-Za-z]+)$/;
const MAX_BODY = 1 << 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'BODY_TOO_LARGE', 'Request body over 1 MB'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that hangs up mid-body never sends 'end': do not keep the handler waiting forever.
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'BODY_INCOMPLETE', 'The client closed the connection before the body ended'));
    });
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'NOT_JSON', 'The body is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'NOT_AN_OBJECT', 'The body must be a JSON object');
  return v as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The order token in a wallet URL (…/sandbox/wallet/order/<token>) or the bare token. */
export function orderTokenOf(codeValue: string): string {
  const m = /\/sandbox\/wallet\/order\/([A-Za-z0-9_-]+)\/?$/.exec(codeValue.trim());
  return m ? m[1]! : codeValue.trim();
}

export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const keys = acquirerKeys(opts.dir);
  const db: LedgerDb = openLedger(join(opts.dir, 'ledger.sqlite'));
  const baseClock = opts.clock ?? Date.now;
  let clockOffset = 0;
  let latencyMs = opts.latencyMs ?? 0;
  let faults: FaultSpec = NO_FAULTS;
  let rng = seededRandom(randomInt(0, 2 ** 31));
  const setFaults = (spec: string) => {
    const f = parseFaultSpec(spec);
    faults = f;
    if (f.latencyMs !== undefined) latencyMs = f.latencyMs;
    rng = seededRandom(f.seed ?? randomInt(0, 2 ** 31));
  };
  if (opts.fault) setFaults(opts.fault);
  const holdMs = opts.holdMs ?? 60_000;
  let url = '';

  const acquirer = new SandboxAcquirer(db, {
    now: () => baseClock() + clockOffset,
    codeTtlMs: opts.codeTtlMs ?? 60_000,
    cancelCutoffMinutes: opts.cancelCutoffMinutes ?? 15,
    orderUrl: (token) => `${url}/sandbox/wallet/order/${token}`,
  });

  // Replies held by the `timeout` fault: released when the client gives up or the sandbox closes.
  const held = new Set<() => void>();
  let closing = false;

  function signedHeaders(path: string, clientId: string, text: string, signed: boolean): Record<string, string | number> {
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) };
    if (!signed) return headers;
    const responseTime = String(Date.now());
    headers['client-id'] = clientId;
    headers['response-time'] = responseTime;
    headers.signature = signatureHeader(path, clientId, responseTime, text, keys.privateKey);
    return headers;
  }

  function authenticate(req: IncomingMessage, path: string, raw: string): { clientId: string; failure?: Reply } {
    const clientId = String(req.headers['client-id'] ?? '');
    if (!clientId) return { clientId, failure: { result: result('F', 'CLIENT_INVALID') } };
    const publicKey = acquirer.clientKey(clientId);
    if (!publicKey) return { clientId, failure: { result: result('F', 'CLIENT_INVALID') } };
    const header = String(req.headers.signature ?? '');
    const parsed = parseSignatureHeader(header);
    if (parsed && parsed.keyVersion !== '1') return { clientId, failure: { result: result('F', 'KEY_NOT_FOUND') } };
    const requestTime = String(req.headers['request-time'] ?? '');
    if (!parsed || !requestTime || !verifyRequest(path, clientId, requestTime, raw, header, publicKey)) {
      return { clientId, failure: { result: result('F', 'INVALID_SIGNATURE') } };
    }
    return { clientId };
  }

  function dispatch(op: Op, clientId: string, body: unknown, forceUnknown: boolean): Reply {
    switch (op) {
      case 'pay':
        return acquirer.pay(clientId, body, { forceUnknown });
      case 'inquiryPayment':
        return acquirer.inquiry(clientId, body);
      case 'cancel':
        return acquirer.cancel(clientId, body);
      case 'refund':
        return acquirer.refund(clientId, body);
      case 'inquiryRefund':
        return acquirer.inquiryRefund(clientId, body);
      default: {
        const never: never = op;
        throw new Error(`Unknown operation ${String(never)}`);
      }
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, op: Op): Promise<void> {
    const raw = await readBody(req);
    if (latencyMs > 0) await sleep(latencyMs);
    if (closing) {
      res.destroy();
      return;
    }
    // Faults are drawn up front, in a fixed order, so one seed replays one sequence.
    const roll = {
      http5xx: rng() < faults.http5xx,
      drop: rng() < faults.drop,
      timeout: rng() < faults.timeout,
      unsigned: rng() < faults.unsigned,
      uThenSuccess: rng() < faults.uThenSuccess,
    };
    if (roll.http5xx) {
      sendJson(res, 503, { error: 'Service temporarily unavailable (sandbox fault: 5xx)' });
      return;
    }
    const auth = authenticate(req, path, raw);
    let reply: Reply;
    if (auth.failure) reply = auth.failure;
    else {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        reply = { result: { resultStatus: 'F', resultCode: 'PARAM_ILLEGAL', resultMessage: 'The request body is not a JSON object' } };
      } else {
        try {
          reply = dispatch(op, auth.clientId, body, roll.uThenSuccess);
        } catch {
          // Committed or not, the caller cannot tell: exactly what U means.
          reply = { result: result('U', 'UNKNOWN_EXCEPTION') };
        }
      }
    }
    const text = JSON.stringify(reply);
    const headers = signedHeaders(path, auth.clientId, text, !roll.unsigned);
    if (roll.drop) {
      res.socket?.destroy();
      return;
    }
    if (roll.timeout) {
      await new Promise<void>((resolve) => {
        const release = () => {
          held.delete(release);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(release, holdMs);
        held.add(release);
        res.on('close', release);
      });
      if (res.destroyed || closing) {
        res.destroy();
        return;
      }
    }
    res.writeHead(200, headers);
    res.end(text);
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/sandbox/health') {
      sendJson(res, 200, { ok: true, pid: process.pid, url, faults: formatFaultSpec(faults, latencyMs), clockOffsetMs: clockOffset, now: new Date(acquirer.now()).toISOString() });
      return;
    }
    if (method === 'GET' && path === '/sandbox/ledger') {
      sendJson(res, 200, { payments: ledgerEntries(db, { paymentRequestId: query.get('paymentRequestId') ?? undefined }) });
      return;
    }
    if (method === 'GET' && path === '/sandbox/faults') {
      sendJson(res, 200, { faults: formatFaultSpec(faults, latencyMs) });
      return;
    }
    const orderMatch = /^\/sandbox\/wallet\/order\/([A-Za-z0-9_-]+)$/.exec(path);
    if (method === 'GET' && orderMatch) {
      const row = acquirer.orderByToken(orderMatch[1]!);
      if (!row) sendHtml(res, 404, notFoundPage());
      else sendHtml(res, 200, orderPage(row, orderMatch[1]!));
      return;
    }
    if (method !== 'POST') throw new HttpError(path.startsWith('/sandbox/') ? 405 : 404, 'NOT_FOUND', `No ${method} ${path} here`);
    const raw = await readBody(req);
    if (orderMatch) {
      // The confirm button of the wallet page (a form post).
      const token = orderMatch[1]!;
      acquirer.walletPay(token);
      const row = acquirer.orderByToken(token);
      sendHtml(res, row ? 200 : 404, row ? orderPage(row, token) : notFoundPage());
      return;
    }
    switch (path) {
      case '/sandbox/faults': {
        const body = parseJsonObject(raw);
        if (typeof body.spec !== 'string') throw new HttpError(400, 'FAULT_SPEC_INVALID', 'Send {"spec": "drop=0.1,…"}');
        try {
          setFaults(body.spec);
        } catch (err) {
          throw new HttpError(400, 'FAULT_SPEC_INVALID', (err as Error).message);
        }
        sendJson(res, 200, { faults: formatFaultSpec(faults, latencyMs) });
        return;
      }
      case '/sandbox/clock': {
        const body = parseJsonObject(raw);
        if (typeof body.offsetMs !== 'number' || !Number.isSafeInteger(body.offsetMs)) throw new HttpError(400, 'CLOCK_INVALID', 'Send {"offsetMs": <whole milliseconds>}');
        clockOffset = body.offsetMs;
        sendJson(res, 200, { offsetMs: clockOffset, now: new Date(acquirer.now()).toISOString() });
        return;
      }
      case '/sandbox/clients': {
        const body = parseJsonObject(raw);
        if (typeof body.clientId !== 'string' || !body.clientId || typeof body.publicKey !== 'string' || !body.publicKey.includes('PUBLIC KEY')) {
          throw new HttpError(400, 'CLIENT_INVALID', 'Send {"clientId": "...", "publicKey": "-----BEGIN PUBLIC KEY-----..."}');
        }
        acquirer.registerClient(body.clientId, body.publicKey);
        sendJson(res, 200, { clientId: body.clientId, acquirerPublicKey: keys.publicKey });
        return;
      }
      case '/sandbox/wallet/codes': {
        const body = parseJsonObject(raw);
        const psp = typeof body.pspName === 'string' && /^[A-Z_]{2,32}$/.test(body.pspName) ? body.pspName : 'ALIPAY_CN';
        sendJson(res, 200, acquirer.mintCode(psp));
        return;
      }
      case '/sandbox/wallet/pay': {
        const isForm = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const codeValue = isForm ? new URLSearchParams(raw).get('codeValue') : parseJsonObject(raw).codeValue;
        if (typeof codeValue !== 'string' || !codeValue) throw new HttpError(400, 'CODE_VALUE_MISSING', 'Send {"codeValue": "<the order code URL>"}');
        const out = acquirer.walletPay(orderTokenOf(codeValue));
        if (!out.ok) throw new HttpError(out.code === 'ORDER_NOT_EXIST' ? 404 : 409, out.code, out.message);
        const p = out.payment;
        sendJson(res, 200, {
          paymentRequestId: p.payment_request_id,
          paymentId: p.payment_id,
          status: p.status,
          amount: { currency: p.currency, value: String(p.amount_minor) },
          merchantName: p.merchant_name,
        });
        return;
      }
      default:
        throw new HttpError(404, 'NOT_FOUND', `No POST ${path} here`);
    }
  }

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const api = API_PATH.exec(u.pathname);
    const work = (async () => {
      if (api) {
        const op = OPS.find((o) => o === api[1]);
        if (!op) throw new HttpError(404, 'NOT_FOUND', `No acquirer operation ${api[1]}`);
        if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'Acquirer calls are POST');
        await handleApi(req, res, u.pathname, op);
      } else {
        await handleAdmin(req, res, u.pathname, u.searchParams);
      }
    })();
    work.catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpError) sendJson(res, err.status, { error: { code: err.code, message: err.message } });
      else sendJson(res, 500, { error: { code: 'SANDBOX_ERROR', message: (err as Error).message ?? String(err) } });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    db.close(); // EADDRINUSE and the like: leave no ledger connection behind
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  const registrationPath = join(opts.dir, REGISTRATION_FILE);
  if (opts.register ?? true) {
    const reg: SandboxRegistration = { url, port, pid: process.pid, startedAt: new Date().toISOString() };
    const tmp = `${registrationPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(reg, null, 2));
    renameSync(tmp, registrationPath);
  }

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      for (const release of [...held]) release();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      const reg = readRegistration(opts.dir);
      if (reg && reg.pid === process.pid && reg.port === port) {
        try {
          unlinkSync(registrationPath);
        } catch {
          // already gone
        }
      }
      db.close();
    })();
    return closed;
  };

  return {
    url,
    port,
    dir: opts.dir,
    acquirerPublicKey: keys.publicKey,
    close,
    setFaults,
    setLatency: (ms: number) => {
      if (!Number.isInteger(ms) || ms < 0) throw new Error(`Latency is whole milliseconds ≥ 0, got ${ms}`);
      latencyMs = ms;
    },
    setClockOffset: (ms: number) => {
      clockOffset = ms;
    },
    registerClient: (clientId, publicKeyPem) => acquirer.registerClient(clientId, publicKeyPem),
    mintCode: (pspName) => acquirer.mintCode(pspName),
    ledger: (filter) => ledgerEntries(db, filter),
  };
}
