// The facts of a refusal (tries left, locked until) cross the real browser host over loopback HTTP
// beside the core's sentence, reach the screen's transport as CallError.details, and a reply whose
// facts are not plain text or numbers is refused as the host's fault.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiCore } from '../../app/handlers/index.ts';
import type { Host } from '../../app/host/server.ts';
import { hostOnTempDir } from './support.ts';
import { toErrorBody } from '../../app/handlers/service.ts';
import { DayCloseError } from '../../app/dayclose/close.ts';
import { addUser, UserError } from '../../app/users/users.ts';
import { CallError, httpTransport } from '../../renderer/api/transport.ts';

let core: ApiCore;
let host: Host;
let stop: () => Promise<void>;

beforeEach(async () => {
  ({ core, host, stop } = await hostOnTempDir('details'));
  await addUser(core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
});
afterEach(() => stop());

const transport = (base: string, token: string) => httpTransport(base, token, WebSocket as unknown as typeof globalThis.WebSocket);
const refusal = async (p: Promise<unknown>): Promise<CallError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallError);
  return err as CallError;
};

describe('refusal details over the browser host', () => {
  it('a wrong PIN arrives over HTTP with the tries left as a number beside the sentence', async () => {
    const res = await fetch(`${host.url}/api/call/manager.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-souq-token': host.token },
      body: JSON.stringify({ name: 'Aisha', pin: '1357' }),
    });
    const body = (await res.json()) as { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };
    expect(body).toMatchObject({ ok: false, error: { code: 'WRONG_PIN', details: { triesLeft: 4 } } });
    expect(body.error.message).toMatch(/4 tries left/);
  });

  it('the screen’s HTTP transport hands the tries left, then the lock’s end, to the screen as details', async () => {
    const t = transport(host.url, host.token);
    for (let left = 4; left >= 1; left--) {
      const err = await refusal(t.call('manager.signIn', { name: 'Aisha', pin: '1357' }));
      expect(err.code).toBe('WRONG_PIN');
      expect(err.details).toEqual({ triesLeft: left });
    }
    const locked = await refusal(t.call('installer.signIn', { name: 'Aisha', pin: '1357' }));
    expect(locked.code).toBe('LOCKED');
    const row = core.terminal.db.prepare('SELECT locked_until FROM users WHERE name = ?').get('Aisha') as { locked_until: string };
    expect(locked.details.lockedUntil).toBe(row.locked_until);
    expect(locked.details.msLeft).toBeGreaterThan(0);
  });

  it('facts that are lists or objects stay in the core; plain ones cross', () => {
    const log: unknown[] = [];
    const notAllowed = toErrorBody(new UserError('NOT_ALLOWED', 'Only a manager can close the day.', { roles: ['manager'], actor: 'u-1' }), (e) => log.push(e));
    expect(notAllowed).toEqual({ code: 'NOT_ALLOWED', message: 'Only a manager can close the day.', details: { actor: 'u-1' } });
    const pending = toErrorBody(new DayCloseError('DAY_HAS_PENDING', '2026-11-25 cannot close.', { attempts: [{ attemptId: 'a1' }] }), (e) => log.push(e));
    expect(pending).toEqual({ code: 'DAY_HAS_PENDING', message: '2026-11-25 cannot close.' });
    expect(log).toEqual([]);
  });
});

describe('a host reply the screen cannot trust', () => {
  let fake: Server;
  let reply: unknown;
  beforeEach(async () => {
    // Stands in for a host of another version: answers every call with `reply`.
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply)));
    });
    await new Promise<void>((ok) => fake.listen(0, '127.0.0.1', ok));
  });
  afterEach(async () => {
    fake.closeAllConnections();
    await new Promise<void>((ok) => fake.close(() => ok()));
  });
  const url = () => `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;

  it('details that are not plain text or numbers are refused as HOST_BAD_REPLY; unknown keys are dropped', async () => {
    const t = transport(url(), 'x');
    reply = { ok: false, error: { code: 'WRONG_PIN', message: 'Name or PIN not recognised.', details: { triesLeft: { n: 4 } } } };
    expect((await refusal(t.call('sale.current', {}))).code).toBe('HOST_BAD_REPLY');
    reply = { ok: false, error: { code: 'WRONG_PIN', message: 'Name or PIN not recognised.' }, stack: 'at x' };
    const plain = await refusal(t.call('sale.current', {}));
    expect(plain.code).toBe('WRONG_PIN');
    expect(plain.details).toEqual({});
    reply = { ok: false, error: { code: 'WRONG_PIN', message: 'Name or PIN not recognised.', details: { triesLeft: 2 }, stack: 'at x' } };
    const withFacts = await refusal(t.call('sale.current', {}));
    expect(withFacts.details).toEqual({ triesLeft: 2 });
    reply = { value: 1 };
    expect((await refusal(t.call('sale.current', {}))).code).toBe('HOST_BAD_REPLY');
  });
});
