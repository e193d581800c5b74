// The host knows whether a customer display is watching: a page subscribed as the customer screen.
// While none is, the cashier screen shows the order QR itself (issue 9 §3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../../app/host/server.ts';
import { hostOnTempDir } from './support.ts';

let host: Host;
let stop: () => Promise<void>;

beforeEach(async () => {
  ({ host, stop } = await hostOnTempDir('display', { customerDisplay: true }));
});
afterEach(() => stop());

async function status(): Promise<{ customerDisplay?: boolean }> {
  const res = await fetch(`${host.url}/api/call/terminal.status`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-souq-token': host.token }, body: '{}' });
  return ((await res.json()) as { value: { customerDisplay?: boolean } }).value;
}

function subscribe(screen?: string): Promise<{ ws: WebSocket; events: { type: string; customerDisplay?: boolean }[] }> {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/api/events?token=${encodeURIComponent(host.token)}${screen ? `&screen=${screen}` : ''}`);
  const events: { type: string; customerDisplay?: boolean }[] = [];
  ws.on('message', (m) => events.push(JSON.parse(String(m))));
  return new Promise((ok) => ws.on('open', () => ok({ ws, events })));
}

describe('customer display presence', () => {
  it('is off with only a cashier connected, on while a customer screen is subscribed, and off again when it closes; the cashier hears each change', async () => {
    const cashier = await subscribe();
    expect((await status()).customerDisplay).toBe(false);
    const first = await subscribe('customer');
    await expect.poll(async () => (await status()).customerDisplay).toBe(true);
    await expect.poll(() => cashier.events.filter((e) => e.type === 'display').map((e) => e.customerDisplay)).toEqual([true]);
    // Two tabs showing the customer screen: closing one keeps the QR with the other.
    const second = await subscribe('customer');
    first.ws.close();
    await new Promise((r) => setTimeout(r, 200));
    expect((await status()).customerDisplay).toBe(true);
    second.ws.close();
    await expect.poll(async () => (await status()).customerDisplay).toBe(false);
    await expect.poll(() => cashier.events.filter((e) => e.type === 'display').map((e) => e.customerDisplay)).toEqual([true, false]);
    cashier.ws.close();
  });

  it('a socket that claims to be a customer screen still needs the token', async () => {
    const code = await new Promise<number>((done) => {
      const ws = new WebSocket(`${host.url.replace('http', 'ws')}/api/events?token=wrong&screen=customer`);
      ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      ws.on('open', () => done(101));
      ws.on('error', () => {});
    });
    expect(code).toBe(401);
    expect((await status()).customerDisplay).toBe(false);
  });
});
