// The browser host answers only its own page: a request that names another host (DNS rebinding)
// or comes from another site's page is refused before its token is looked at, over real loopback
// HTTP and WebSocket.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../../app/host/server.ts';
import { hostOnTempDir } from './support.ts';

let host: Host;
let stop: () => Promise<void>;

beforeEach(async () => {
  ({ host, stop } = await hostOnTempDir('foreign'));
});
afterEach(() => stop());

interface Reply {
  status: number;
  body: string;
}

/** A raw HTTP request: fetch() will not let a test set Host, and a browser sets Origin itself. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path, headers, setHost: !('Host' in headers) }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const own = () => `127.0.0.1:${host.port}`;
const openSale = (headers: Record<string, string>) => raw('POST', '/api/call/sale.open', { 'content-type': 'application/json', 'x-souq-token': host.token, ...headers }, '{}');
const saleOnCounter = async () => ((await (await fetch(`${host.url}/api/call/sale.current`, { method: 'POST', headers: { 'x-souq-token': host.token } })).json()) as { value: { sale: unknown } }).value.sale;

function upgrade(headers: Record<string, string>, origin?: string): Promise<number> {
  return new Promise((done) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${encodeURIComponent(host.token)}`, { headers, ...(origin ? { origin } : {}) });
    ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      done(101);
    });
    ws.on('error', () => {});
  });
}

describe('the browser host trusts only its own page', () => {
  it('a call with a leaked token from another site’s page is refused with 403 and opens no sale', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const res = await openSale({ origin });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await saleOnCounter()).toBeNull();
  });

  it('a DNS-rebinding page (Host names another site) is refused with 403, token or not, for calls and for the UI', async () => {
    for (const hostHeader of [`evil.example:${host.port}`, 'evil.example', `127.0.0.1:${host.port + 1}`, `localhost.evil.example:${host.port}`, '127.0.0.1']) {
      expect((await openSale({ Host: hostHeader })).status, hostHeader).toBe(403);
      expect((await raw('POST', '/api/call/sale.open', { Host: hostHeader }, '{}')).status, `${hostHeader} without token`).toBe(403);
      const page = await raw('GET', '/', { Host: hostHeader });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('<title>Souq</title>');
    }
    expect(await saleOnCounter()).toBeNull();
  });

  it('the host’s own page, by 127.0.0.1 or localhost, is answered as before', async () => {
    expect((await openSale({ origin: `http://${own()}` })).status).toBe(200);
    expect((await openSale({ Host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` })).status).toBe(200);
    expect((await raw('GET', '/', { Host: `localhost:${host.port}` })).status).toBe(200);
    // A foreign page is refused before the token is looked at: no 401 tells it the token was wrong.
    expect((await raw('POST', '/api/call/sale.open', { origin: 'https://evil.example', 'x-souq-token': 'wrong' }, '{}')).status).toBe(403);
    expect((await raw('POST', '/api/call/sale.open', { origin: `http://${own()}`, 'x-souq-token': 'wrong' }, '{}')).status).toBe(401);
  });

  it('the event socket refuses another site’s page and a rebinding Host even with the token', async () => {
    expect(await upgrade({}, 'https://evil.example')).toBe(403);
    expect(await upgrade({ Host: `evil.example:${host.port}` })).toBe(403);
    expect(await upgrade({}, `http://${own()}`)).toBe(101);
    expect(await upgrade({})).toBe(101);
  });

  it('a call name with a broken percent-escape gets 400 with words, not a server error', async () => {
    const res = await raw('POST', '/api/call/sale.%E0%A4%A', { 'x-souq-token': host.token, 'content-type': 'application/json' }, '{}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a body over the limit gets a 413 the page can read, and opens no sale', async () => {
    const res = await fetch(`${host.url}/api/call/sale.open`, {
      method: 'POST',
      headers: { 'x-souq-token': host.token, 'content-type': 'application/json' },
      body: `{"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await saleOnCounter()).toBeNull();
  });
});
