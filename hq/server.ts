// The HQ's HTTP face: tills push and pull with their own credential, the chain's admin reads
// takings and fleet health with the admin token, the acquirer posts notifications, and a browser
// gets the dashboard. Nothing is kept in memory between requests: instances are interchangeable.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Pool } from './db.ts';
import { IngestError, PushBody, ingest } from './ingest.ts';
import { NOTIFY_PATH, notificationsFor, receiveNotification, type HqAcquirer } from './notify.ts';
import { breakdown, chainDay, chainTakings, checkAdmin, checkTerminal, cursorOf, enrol, EnrolRequest, fleet, HqError, ID } from './service.ts';

const MAX_BODY = 16 * 1024 * 1024;

export interface HqServerOptions {
  pool: Pool;
  port?: number;
  host?: string;
  /** The built dashboard (vite.hq.config.ts → dist-hq/); absent: the API alone. */
  dashboardDir?: string;
  acquirer?: HqAcquirer | null;
  log?: (err: unknown) => void;
}

export interface HqServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

class BodyError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyError('The request is larger than 16 MB: send smaller batches.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

async function json<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const raw = await readBody(req);
  let value: unknown;
  try {
    value = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new HqError('INVALID_INPUT', 'The request body is not JSON.', 400);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new HqError('INVALID_INPUT', `${i?.path.join('.') || 'body'}: ${i?.message ?? 'invalid'}`, 400);
  }
  return parsed.data;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

async function serveStatic(res: ServerResponse, dir: string | undefined, path: string): Promise<void> {
  if (!dir) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'The dashboard is not built: run "npm run build:hq".' } });
  const rel = path === '/' || path === '' ? 'index.html' : decodeURIComponent(path.slice(1));
  const file = normalize(join(dir, rel));
  if (!file.startsWith(normalize(dir) + sep)) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'No such file.' } });
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': rel === 'index.html' ? 'no-store' : 'public, max-age=3600',
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  } catch {
    send(res, 404, { error: { code: 'NOT_FOUND', message: 'No such file.' } });
  }
}

const TERMINAL_ROUTE = /^\/v1\/stores\/([^/]+)\/terminals\/([^/]+)\/(events|cursor|notifications)$/;
const PullBody = z.object({ paymentRequestIds: z.array(z.string().max(64)).max(1000) });

export async function startHqServer(opts: HqServerOptions): Promise<HqServer> {
  const { pool } = opts;
  const log = opts.log ?? (() => undefined);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hq');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const q = (name: string) => url.searchParams.get(name) ?? undefined;

    if (method === 'POST' && path === NOTIFY_PATH) {
      const raw = await readBody(req);
      const h = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined);
      const answer = await receiveNotification(pool, opts.acquirer ?? null, { clientId: h('client-id'), requestTime: h('request-time'), signature: h('signature') }, raw);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const t = TERMINAL_ROUTE.exec(path);
    if (t) {
      const storeId = decodeURIComponent(t[1]!);
      const terminalId = decodeURIComponent(t[2]!);
      if (!ID.test(storeId) || !ID.test(terminalId)) throw new HqError('NOT_FOUND', 'No such till.', 404);
      const credential = bearer(req);
      if (t[3] === 'events' && method === 'POST') {
        const body = await json(req, PushBody);
        return send(res, 200, await ingest(pool, storeId, terminalId, credential ?? '', body));
      }
      if (t[3] === 'cursor' && method === 'GET') {
        await checkTerminal(pool, storeId, terminalId, credential);
        return send(res, 200, await cursorOf(pool, storeId, terminalId));
      }
      if (t[3] === 'notifications' && method === 'POST') {
        const { clientId } = await checkTerminal(pool, storeId, terminalId, credential);
        const body = await json(req, PullBody);
        return send(res, 200, { notifications: await notificationsFor(pool, terminalId, clientId, body.paymentRequestIds) });
      }
    }
    if (path === '/healthz') return send(res, 200, { ok: true });
    if (path.startsWith('/v1/')) {
      await checkAdmin(pool, bearer(req));
      if (method === 'POST' && path === '/v1/enrol') return send(res, 200, await enrol(pool, await json(req, EnrolRequest)));
      if (method === 'GET' && path === '/v1/admin/check') return send(res, 200, { ok: true });
      if (method === 'GET' && path === '/v1/admin/report/day') {
        const date = q('date') ?? new Date(Date.now() + 4 * 3600_000).toISOString().slice(0, 10);
        return send(res, 200, await chainDay(pool, date, q('store')));
      }
      if (method === 'GET' && path === '/v1/admin/report/range') {
        return send(res, 200, await chainTakings(pool, q('from') ?? '', q('to') ?? '', q('store')));
      }
      if (method === 'GET' && path === '/v1/admin/breakdown') return send(res, 200, await breakdown(pool, q('from') ?? '', q('to') ?? '', q('store')));
      if (method === 'GET' && path === '/v1/admin/terminals') return send(res, 200, { terminals: await fleet(pool) });
      throw new HqError('NOT_FOUND', `No such call: ${method} ${path}`, 404);
    }
    if (method === 'GET') return serveStatic(res, opts.dashboardDir, path);
    throw new HqError('NOT_FOUND', `No such call: ${method} ${path}`, 404);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof HqError) return send(res, err.status, { error: { code: err.code, message: err.message } });
      if (err instanceof IngestError) return send(res, 401, { error: { code: err.code, message: err.message } });
      if (err instanceof BodyError) return send(res, 413, { error: { code: 'TOO_LARGE', message: err.message } });
      log(err);
      // The database may be down or restarting: the till retries, nothing half-stored survives.
      send(res, 503, { error: { code: 'HQ_UNAVAILABLE', message: 'HQ could not store or read that just now; try again.' } });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
