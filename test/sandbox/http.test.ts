import { afterEach, describe, expect, it } from 'vitest';
import { freshSandbox, postJson, type TestSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('sandbox HTTP surface', () => {
  it('health says it is up and which process serves it', async () => {
    sb = await freshSandbox();
    const body = (await (await fetch(`${sb.sandbox.url}/sandbox/health`)).json()) as { ok: boolean; pid: number; url: string };
    expect(body).toMatchObject({ ok: true, pid: process.pid, url: sb.sandbox.url });
  });

  it('an oversized request is refused with 413 and records nothing', async () => {
    sb = await freshSandbox();
    const res = await fetch(`${sb.sandbox.url}/ams/sandbox/api/v1/payments/pay`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) }).catch((e: unknown) => e);
    if (res instanceof Response) expect(res.status).toBe(413);
    else expect(String((res as Error).cause ?? res)).toMatch(/reset|closed|EPIPE|socket/i); // the server may hang up mid-upload
    expect(sb.sandbox.ledger()).toEqual([]);
  });

  it('unknown operations are 404, GET on an acquirer call is 405, and admin errors are in words', async () => {
    sb = await freshSandbox();
    expect((await fetch(`${sb.sandbox.url}/ams/sandbox/api/v1/payments/teleport`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${sb.sandbox.url}/ams/api/v1/payments/pay`)).status).toBe(405);
    const clock = await postJson(`${sb.sandbox.url}/sandbox/clock`, { offsetMs: 'soon' });
    expect(clock.status).toBe(400);
    expect((clock.json.error as { message: string }).message).toContain('offsetMs');
    const pay = await postJson(`${sb.sandbox.url}/sandbox/wallet/pay`, {});
    expect([pay.status, (pay.json.error as { code: string }).code]).toEqual([400, 'CODE_VALUE_MISSING']);
    const unknown = await postJson(`${sb.sandbox.url}/sandbox/wallet/pay`, { codeValue: `${sb.sandbox.url}/sandbox/wallet/order/abcdefghijklmnop` });
    expect([unknown.status, (unknown.json.error as { code: string }).code]).toEqual([404, 'ORDER_NOT_EXIST']);
    expect((await fetch(`${sb.sandbox.url}/sandbox/wallet/order/abcdefghijklmnop`)).status).toBe(404);
  });

  it('another terminal can be registered over HTTP and is then accepted', async () => {
    sb = await freshSandbox();
    const r = await postJson(`${sb.sandbox.url}/sandbox/clients`, { clientId: 'SANDBOX_OTHER', publicKey: sb.keys.publicKey });
    expect(r.json.acquirerPublicKey).toBe(sb.sandbox.acquirerPublicKey);
    const { inquiryBody } = await import('../../app/acquirer/antom/requests.ts');
    const reply = await sb.link({ clientId: 'SANDBOX_OTHER' }).send('inquiry', inquiryBody('X1'));
    expect(reply.kind === 'answered' && reply.result.resultCode).toBe('ORDER_NOT_EXIST');
    expect((await postJson(`${sb.sandbox.url}/sandbox/clients`, { clientId: 'X' })).status).toBe(400);
  });
});
