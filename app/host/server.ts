// The browser host: the renderer and the API contract over loopback HTTP + WebSocket, for a plain
// browser and the end-to-end tests. Bound to 127.0.0.1 only; every call and the event socket need
// the random per-start token (a wrong or missing one gets 401 and runs nothing). Before the token,
// every request must name this host (Host 127.0.0.1:PORT or localhost:PORT) and come from its own
// page (Origin, when sent): anything else is 403, so DNS rebinding and other sites get nowhere.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiService } from '../handlers/service.ts';
import { CONTENT_TYPES, contentSecurityPolicy, foreignRequest, resolveInside } from './security.ts';
import type { DisplayPresence } from '../handlers/ports.ts';

export interface HostOptions {
  service: ApiService;
  /** The built renderer (dist-renderer/). */
  rendererDir: string;
  port?: number;
  /** Tests may fix it; otherwise 32 random bytes per start. */
  token?: string;
  log?: (err: unknown) => void;
  /** Told of every event socket that subscribed as the customer screen (`screen=customer`), while it stays open. */
  customerDisplay?: DisplayPresence;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  cashierUrl: string;
  customerUrl: string;
  /** The manager's screens (takings, refunds, day close), behind a manager PIN. */
  managerUrl: string;
  /** The installer's screens (store, scanners, acquirer keys), behind an installer or manager PIN. */
  installerUrl: string;
  close(): Promise<void>;
}

const MAX_BODY = 3 * 1024 * 1024;
const DRAIN_LIMIT = 4 * MAX_BODY;

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function tokenOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-souq-token'];
  if (typeof header === 'string') return header;
  return new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The body, or TOO_LARGE past MAX_BODY. A too-large body is still read to its end (and dropped):
 * closing a socket that holds unread bytes resets it, and the browser would see a network error
 * instead of the 413 that says why. Past a hard cap the sender is not a page of ours: cut it off.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        return;
      }
      if (size <= MAX_BODY) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > MAX_BODY) reject(Object.assign(new Error('too large'), { code: 'TOO_LARGE' }));
      else resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

const FORBIDDEN = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This host answers only its own page: open the URL that "souq serve" printed (http://127.0.0.1:PORT/…).' },
} as const;

export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const log = opts.log ?? ((e) => console.error(e));
  let base = '';
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The host failed to answer; the details are in its log.' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before anything else, the token included: a foreign page must learn nothing, not even whether its token is right.
    if (foreignRequest(req.headers, port) !== null) {
      req.resume();
      return sendJson(res, 403, FORBIDDEN);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'METHOD', message: 'Use POST.' } });
      if (!sameToken(tokenOf(req), token)) {
        req.resume();
        return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL that "souq serve" printed.' } });
      }
      let input: unknown;
      try {
        const text = await readBody(req);
        input = text.trim() === '' ? undefined : JSON.parse(text);
      } catch (err) {
        const tooLarge = (err as { code?: string }).code === 'TOO_LARGE';
        return sendJson(res, tooLarge ? 413 : 400, {
          ok: false,
          error: { code: 'INVALID_INPUT', message: tooLarge ? 'The request is too large. Nothing was changed.' : 'The request body is not JSON. Nothing was changed.' },
        });
      }
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The call name is not valid URL text. Nothing was changed.' } });
      }
      return sendJson(res, 200, await opts.service.call(name, input));
    }
    if (url.pathname.startsWith('/api/')) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such endpoint.' } });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'METHOD', message: 'Use GET.' } });
    return serveStatic(url.pathname, res);
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = resolveInside(opts.rendererDir, pathname === '/' ? '/index.html' : pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (pathname === '/' || pathname === '/index.html') {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The cashier UI is not built yet: run "npm run build:renderer" (npm start does it for you).');
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': contentSecurityPolicy({ connect: [base.replace(/^http/, 'ws')] }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
    });
    res.end(body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    if (foreignRequest(req.headers, port) !== null) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/events' || !sameToken(url.searchParams.get('token') ?? tokenOf(req), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const unsubscribe = opts.service.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      });
      // A customer screen says so when it subscribes: while none is open the cashier shows the QR.
      const detach = url.searchParams.get('screen') === 'customer' ? opts.customerDisplay?.attach() : undefined;
      ws.on('close', () => {
        detach?.();
        unsubscribe();
        sockets.delete(ws);
      });
      ws.on('error', () => ws.terminate());
      // The event socket is one-way: the page calls through HTTP, so anything it sends is ignored.
      ws.send(JSON.stringify({ type: 'hello' }));
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const q = `?token=${encodeURIComponent(token)}`;
  return {
    url: base,
    port,
    token,
    cashierUrl: `${base}/${q}#/cashier`,
    customerUrl: `${base}/${q}#/customer`,
    managerUrl: `${base}/${q}#/manager`,
    installerUrl: `${base}/${q}#/installer`,
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
