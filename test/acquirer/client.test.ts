import { afterEach, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AntomLink } from '../../app/acquirer/antom/client.ts';
import { inquiryBody } from '../../app/acquirer/antom/requests.ts';
import { answered, codePay, freshSandbox, requestId, type TestSandbox } from '../sandbox/helpers.ts';

let sb: TestSandbox | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  if (proxy) await new Promise<void>((r) => proxy!.close(() => r()));
  proxy = undefined;
  await sb?.close();
  sb = undefined;
});

/** A loopback man-in-the-middle that rewrites the sandbox's reply body. */
async function tamperingProxy(target: string, rewrite: (body: string) => string): Promise<string> {
  const t = new URL(target);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
        const back: Buffer[] = [];
        upRes.on('data', (c: Buffer) => back.push(c));
        upRes.on('end', () => {
          const body = rewrite(Buffer.concat(back).toString('utf8'));
          const headers = { ...upRes.headers, 'content-length': String(Buffer.byteLength(body)) };
          res.writeHead(upRes.statusCode ?? 500, headers);
          res.end(body);
        });
      });
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

describe('AntomLink against the sandbox acquirer', () => {
  it('uses the sandbox path for SANDBOX_ client ids and the production path otherwise', () => {
    const base = { endpoint: 'http://x', merchantPrivateKey: '', acquirerPublicKey: '', sandbox: false };
    expect(new AntomLink({ ...base, clientId: 'SANDBOX_1' }).pathFor('pay')).toBe('/ams/sandbox/api/v1/payments/pay');
    expect(new AntomLink({ ...base, clientId: '2188' }).pathFor('refund_inquiry')).toBe('/ams/api/v1/payments/inquiryRefund');
    expect(new AntomLink({ ...base, clientId: 'SANDBOX_1', pathPrefix: '/ams/api' }).pathFor('cancel')).toBe('/ams/api/v1/payments/cancel');
  });

  it('a payment with a fresh code comes back as a verified success with the wallet and masked customer', async () => {
    sb = await freshSandbox();
    const { code } = sb.sandbox.mintCode();
    const r = answered(await sb.link().send('pay', codePay(code, 1250)));
    expect(r.status).toBe('S');
    expect(r.code).toBe('SUCCESS');
    expect(r.body.paymentAmount).toEqual({ currency: 'AED', value: '1250' });
    expect(r.body.actualPaymentAmount).toEqual({ currency: 'CNY', value: '2425' });
    const psp = r.body.pspCustomerInfo as { pspName: string; displayCustomerId: string };
    expect(psp.pspName).toBe('ALIPAY_CN');
    expect(psp.displayCustomerId).toMatch(/^13\d\*{4}\d{4}$/);
    expect(typeof r.body.paymentId).toBe('string');
  });

  it('the production path prefix works against the sandbox too', async () => {
    sb = await freshSandbox();
    const { code } = sb.sandbox.mintCode();
    expect(answered(await sb.link({ pathPrefix: '/ams/api' }).send('pay', codePay(code, 100))).code).toBe('SUCCESS');
  });

  it('a reply whose body was altered on the way is unverified, not a success', async () => {
    sb = await freshSandbox();
    const endpoint = await tamperingProxy(sb.sandbox.url, (b) => b.replace('"1250"', '"1"'));
    const { code } = sb.sandbox.mintCode();
    const reply = await sb.link({ endpoint }).send('pay', codePay(code, 1250));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'unverified' });
  });

  it('a reply signed by another key is unverified', async () => {
    sb = await freshSandbox();
    const reply = await sb.link({ acquirerPublicKey: sb.keys.publicKey }).send('inquiry', inquiryBody('NOPE'));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'unverified' });
  });

  it('an unsigned reply is unverified even though it says success', async () => {
    sb = await freshSandbox({ fault: 'unsigned=1' });
    const { code } = sb.sandbox.mintCode();
    const reply = await sb.link().send('pay', codePay(code, 500));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'unverified', httpStatus: 200 });
    expect(reply.kind === 'no_answer' && reply.rawBody).toContain('"SUCCESS"');
  });

  it('a reply larger than 1 MiB is not an answer, and the terminal stops reading it (memory stays flat)', async () => {
    sb = await freshSandbox();
    let written = 0;
    proxy = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // No Content-Length: the size is only known by reading, as from a hostile or broken peer.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && written < 256 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.write('{"result":{"resultStatus":"S","resultCode":"SUCCESS"},"pad":"');
        pump();
      });
    });
    await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const before = process.memoryUsage().rss;
    const reply = await sb.link({ endpoint, timeoutMs: 20_000 }).send('inquiry', inquiryBody('X1'));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'too_large' });
    await new Promise((r) => setTimeout(r, 200));
    expect(written).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a reply that is not JSON is malformed', async () => {
    sb = await freshSandbox();
    const endpoint = await tamperingProxy(sb.sandbox.url, () => '<html>gateway error</html>');
    expect(await sb.link({ endpoint }).send('inquiry', inquiryBody('X1'))).toMatchObject({ kind: 'no_answer', reason: 'malformed' });
  });

  it('JSON without a result is malformed', async () => {
    sb = await freshSandbox();
    const endpoint = await tamperingProxy(sb.sandbox.url, () => '{"paymentStatus":"SUCCESS"}');
    expect(await sb.link({ endpoint }).send('inquiry', inquiryBody('X1'))).toMatchObject({ kind: 'no_answer', reason: 'malformed' });
  });

  it('no reply within the timeout is a timeout', async () => {
    sb = await freshSandbox({ fault: 'timeout=1' });
    const reply = await sb.link({ timeoutMs: 300 }).send('inquiry', inquiryBody('X1'));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'timeout' });
  });

  it('a slow acquirer beyond the timeout is a timeout', async () => {
    sb = await freshSandbox({ latencyMs: 2_000 });
    expect(await sb.link({ timeoutMs: 200 }).send('inquiry', inquiryBody('X1'))).toMatchObject({ kind: 'no_answer', reason: 'timeout' });
  });

  it('a caller abandoning the request gets no answer, not a failure', async () => {
    sb = await freshSandbox({ latencyMs: 2_000 });
    const ctl = new AbortController();
    const pending = sb.link().send('inquiry', inquiryBody('X1'), { signal: ctl.signal });
    ctl.abort();
    expect((await pending).kind).toBe('no_answer');
  });

  it('a refused connection says the link is down (network)', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    sb = await freshSandbox();
    const reply = await sb.link({ endpoint: `http://127.0.0.1:${port}` }).send('inquiry', inquiryBody('X1'));
    expect(reply).toMatchObject({ kind: 'no_answer', reason: 'network' });
    expect(reply.kind === 'no_answer' && reply.detail).toContain('ECONNREFUSED');
  });

  it('a connection cut after the payment was committed is a network failure, and inquiry then finds the payment', async () => {
    sb = await freshSandbox({ fault: 'drop=1' });
    const { code } = sb.sandbox.mintCode();
    const id = requestId();
    expect(await sb.link().send('pay', codePay(code, 700, id))).toMatchObject({ kind: 'no_answer', reason: 'network' });
    sb.sandbox.setFaults('');
    const r = answered(await sb.link().send('inquiry', inquiryBody(id)));
    expect(r.body.paymentStatus).toBe('SUCCESS');
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(1);
  });

  it('HTTP 503 is reported as http with its status', async () => {
    sb = await freshSandbox({ fault: '5xx=1' });
    expect(await sb.link().send('inquiry', inquiryBody('X1'))).toMatchObject({ kind: 'no_answer', reason: 'http', httpStatus: 503 });
  });

  it('an unknown client id gets a signed CLIENT_INVALID', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link({ clientId: 'SANDBOX_SOMEONE_ELSE' }).send('inquiry', inquiryBody('X1')));
    expect([r.status, r.code]).toEqual(['F', 'CLIENT_INVALID']);
  });

  it('a request signed with the wrong merchant key gets INVALID_SIGNATURE and charges nothing', async () => {
    sb = await freshSandbox();
    const other = (await import('../../app/sandbox/keys.ts')).newKeyPair();
    const { code } = sb.sandbox.mintCode();
    const id = requestId();
    const r = answered(await sb.link({ merchantPrivateKey: other.privateKey }).send('pay', codePay(code, 100, id)));
    expect([r.status, r.code]).toEqual(['F', 'INVALID_SIGNATURE']);
    expect(sb.sandbox.ledger({ paymentRequestId: id })).toEqual([]);
  });
});
