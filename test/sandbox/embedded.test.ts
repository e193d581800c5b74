import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AntomLink } from '../../app/acquirer/antom/client.ts';
import { inquiryBody } from '../../app/acquirer/antom/requests.ts';
import { ensureSandbox, SANDBOX_CLIENT_ID, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { answered, codePay, requestId, seedSandboxKeys } from './helpers.ts';

const open: EmbeddedSandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0).reverse()) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir({ seeded = true } = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'souq-data-'));
  dirs.push(d);
  if (seeded) seedSandboxKeys(d);
  return d;
}

async function ensure(dir: string, watchMs?: number): Promise<EmbeddedSandbox> {
  const s = await ensureSandbox(dir, { watchMs });
  open.push(s);
  return s;
}

const linkFor = (s: EmbeddedSandbox) =>
  new AntomLink({ endpoint: s.endpoint, clientId: s.clientId, merchantPrivateKey: s.merchantPrivateKey, acquirerPublicKey: s.acquirerPublicKey, sandbox: true });

describe('embedded sandbox', () => {
  it('on first run makes its keys (readable by the owner only) and takes a signed payment at once', async () => {
    const dir = dataDir({ seeded: false });
    const s = await ensure(dir);
    expect(s.started).toBe(true);
    expect(s.clientId).toBe(SANDBOX_CLIENT_ID);
    for (const f of ['keys.json', 'merchant.json']) expect(statSync(join(dir, 'sandbox', f)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'sandbox', 'ledger.sqlite'))).toBe(true);
    const code = s.handle!.mintCode().code;
    expect(answered(await linkFor(s).send('pay', codePay(code, 1500))).code).toBe('SUCCESS');
  });

  it('a second caller on the same data folder reuses the running sandbox', async () => {
    const dir = dataDir();
    const first = await ensure(dir);
    const second = await ensure(dir);
    expect(second.started).toBe(false);
    expect(second.endpoint).toBe(first.endpoint);
    expect(second.merchantPrivateKey).toBe(first.merchantPrivateKey);
    await second.close(); // a reused sandbox keeps running
    const id = requestId();
    answered(await linkFor(first).send('pay', codePay(first.handle!.mintCode().code, 100, id)));
    expect(answered(await linkFor(second).send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('a caller that asks not to reuse starts its own server on the same ledger while another answers', async () => {
    const dir = dataDir();
    const first = await ensure(dir);
    const own = await ensureSandbox(dir, { reuse: false });
    open.push(own);
    expect(own.started).toBe(true);
    expect(own.endpoint).not.toBe(first.endpoint);
    const id = requestId();
    answered(await linkFor(first).send('pay', codePay(first.handle!.mintCode().code, 100, id)));
    expect(answered(await linkFor(own).send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('after the sandbox stops, the next caller starts a new one with the same keys and ledger', async () => {
    const dir = dataDir();
    const first = await ensure(dir);
    const id = requestId();
    answered(await linkFor(first).send('pay', codePay(first.handle!.mintCode().code, 100, id)));
    await first.close();
    expect(existsSync(join(dir, 'sandbox', 'sandbox.json'))).toBe(false);
    const next = await ensure(dir);
    expect(next.started).toBe(true);
    expect(next.acquirerPublicKey).toBe(first.acquirerPublicKey);
    expect(answered(await linkFor(next).send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('when the process hosting the sandbox stops, a process that reused it takes over on the same address', async () => {
    const dir = dataDir();
    const host = await ensure(dir);
    const guest = await ensure(dir, 100);
    expect(guest.started).toBe(false);
    const id = requestId();
    answered(await linkFor(guest).send('pay', codePay(host.handle!.mintCode().code, 100, id)));
    await host.close();
    let reply = await linkFor(guest).send('inquiry', inquiryBody(id));
    for (let i = 0; i < 100 && reply.kind !== 'answered'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      reply = await linkFor(guest).send('inquiry', inquiryBody(id));
    }
    expect(answered(reply).body.paymentStatus).toBe('SUCCESS');
  });

  it('a stale registration left by a killed process is ignored', async () => {
    const dir = dataDir();
    await ensure(dir);
    await open.pop()!.close();
    writeFileSync(join(dir, 'sandbox', 'sandbox.json'), JSON.stringify({ url: 'http://127.0.0.1:9', port: 9, pid: 999999, startedAt: '2025-01-01T00:00:00Z' }));
    const s = await ensure(dir);
    expect(s.started).toBe(true);
    expect(s.endpoint).not.toBe('http://127.0.0.1:9');
  });

  it('two sandboxes serving one ledger never charge a code twice', async () => {
    const dir = dataDir();
    const a = await ensure(dir);
    // A second server on the same folder, as when two processes each started one.
    const { startSandbox } = await import('../../app/sandbox/server.ts');
    const b = await startSandbox({ dir: join(dir, 'sandbox'), register: false });
    try {
      const code = a.handle!.mintCode().code;
      const linkB = new AntomLink({ endpoint: b.url, clientId: a.clientId, merchantPrivateKey: a.merchantPrivateKey, acquirerPublicKey: b.acquirerPublicKey, sandbox: true });
      const id = requestId();
      const body = codePay(code, 100, id);
      const [ra, rb] = await Promise.all([linkFor(a).send('pay', body), linkB.send('pay', body)]);
      expect([answered(ra).code, answered(rb).code]).toEqual(['SUCCESS', 'SUCCESS']);
      const other = answered(await linkB.send('pay', codePay(code, 100)));
      expect(other.code).toBe('INVALID_PAYMENT_CODE');
      expect(b.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(1);
    } finally {
      await b.close();
    }
  });
});
