// The browser host over real loopback HTTP and WebSocket, in front of the real API service.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../../app/host/server.ts';
import { hostOnTempDir } from './support.ts';

let dir: string;
let host: Host;
let stop: () => Promise<void>;

beforeEach(async () => {
  ({ dir, host, stop } = await hostOnTempDir('server'));
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
});
afterEach(() => stop());

const call = (name: string, body: unknown, token: string | null = host.token) =>
  fetch(`${host.url}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-souq-token': token }) },
    body: JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to 127.0.0.1 and prints URLs carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.cashierUrl).toContain(`token=${encodeURIComponent(host.token)}`);
    expect(host.customerUrl).toMatch(/#\/customer$/);
    for (const [u, screen] of [[host.managerUrl, 'manager'], [host.installerUrl, 'installer']] as const) {
      expect(u).toBe(`${host.url}/?token=${encodeURIComponent(host.token)}#/${screen}`);
    }
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('a call without the token, or with a wrong one, gets 401 and opens no sale', async () => {
    for (const token of [null, 'wrong', `${host.token}x`, host.token.slice(1)]) {
      const res = await call('sale.open', {}, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    const counter = await (await call('sale.current', {})).json();
    expect(counter).toEqual({ ok: true, value: { sale: null, attempts: [] } });
  });

  it('a call with the token works, and bad input is refused with words and no change', async () => {
    const opened = (await (await call('sale.open', {})).json()) as { value: { id: string } };
    const bad = await (await call('sale.addKeyed', { saleId: opened.value.id, amountMinor: 'ten' })).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((bad as { error: { message: string } }).error.message).toContain('amountMinor');
    const notJson = await fetch(`${host.url}/api/call/sale.open`, { method: 'POST', headers: { 'x-souq-token': host.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
    const sale = await (await call('sale.get', { saleId: opened.value.id })).json();
    expect(sale).toMatchObject({ ok: true, value: { lines: [] } });
  });

  it('the event socket needs the token and then carries sale changes', async () => {
    const wsUrl = `${host.url.replace('http', 'ws')}/api/events`;
    const refused = await new Promise<number>((done) => {
      const ws = new WebSocket(`${wsUrl}?token=wrong`);
      ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      ws.on('open', () => done(101));
      ws.on('error', () => {});
    });
    expect(refused).toBe(401);

    const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(host.token)}`);
    const events: { type: string }[] = [];
    await new Promise<void>((ok) => ws.on('message', (m) => {
      events.push(JSON.parse(String(m)));
      if (events.length === 1) ok();
    }));
    await call('sale.open', {});
    await expect.poll(() => events.some((e) => e.type === 'sale')).toBe(true);
    ws.close();
  });

  it('serves the UI but nothing outside its folder', async () => {
    const page = await fetch(`${host.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${host.url}${p}`);
      expect(await res.text()).not.toContain('do not serve');
    }
  });
});
