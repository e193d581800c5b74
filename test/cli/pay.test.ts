// `souq pay`, `souq refund`, `souq journal`, `souq sync` as a user runs them: the real bin/souq.js
// in a child process, a temp data folder, the embedded sandbox acquirer over loopback.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { startSandbox } from '../../app/sandbox/server.ts';
import { openDb } from '../../app/store/db.ts';
import { lastJson, noStack, souq } from './souq.ts';

let root: string;
let data: string;
let sandbox: EmbeddedSandbox;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-cli-pay-'));
  data = join(root, 'data');
  // Started here and registered in <data>/sandbox: every `souq` child reuses it, as a second shell
  // would reuse the one the app started.
  sandbox = await ensureSandbox(data);
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

const mint = () => sandbox.handle!.mintCode().code;
const ledger = (id: string) => sandbox.handle!.ledger({ paymentRequestId: id })[0];

describe('souq pay', () => {
  it('takes a payment with the customer code, says SANDBOX, masks the code, and ends with the JSON line', async () => {
    const code = mint();
    const run = await souq(data, ['pay', '--amount', '12.5', '--code', code, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^SANDBOX/);
    expect(run.stdout).toContain(`${code.slice(0, 4)}…${code.slice(-4)}`);
    expect(run.stdout + run.stderr).not.toContain(code);
    const out = lastJson(run);
    expect(Object.keys(out)).toEqual(['paymentRequestId', 'state', 'resultCode', 'amount']);
    expect(out).toMatchObject({ state: 'succeeded', resultCode: 'SUCCESS', amount: '12.50' });
    expect(ledger(String(out.paymentRequestId))).toMatchObject({ status: 'SUCCESS', timesCharged: 1, amount: { value: '1250' } });
  });

  it('a declined payment exits 1 with the reason in words', async () => {
    const run = await souq(data, ['pay', '--amount', '9000.01', '--code', mint(), '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED \[USER_BALANCE_NOT_ENOUGH\]/);
    expect(lastJson(run)).toMatchObject({ state: 'failed', resultCode: 'USER_BALANCE_NOT_ENOUGH', amount: '9000.01' });
  });

  it('a QR payment prints the code value, waits for the wallet, and succeeds', async () => {
    const p = souq(data, ['pay', '--amount', '٧٫٢٥', '--qr', '--json']);
    let qr = '';
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      p.child.stdout!.on('data', (d: string) => {
        seen += d;
        const m = /QR code value: (\S+)/.exec(seen);
        if (m && !qr) {
          qr = m[1]!;
          resolve();
        }
      });
      p.child.on('close', () => reject(new Error(`souq pay ended before showing a QR:\n${seen}`)));
    });
    const res = await fetch(`${sandbox.endpoint}/sandbox/wallet/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeValue: qr }) });
    expect(res.status).toBe(200);
    const run = await p;
    expect(run.stdout).toContain('wallet pay');
    expect(run.code).toBe(0);
    expect(lastJson(run)).toMatchObject({ state: 'succeeded', amount: '7.25' });
  });

  it('Ctrl-C while the QR waits cancels it at the acquirer and exits 1', async () => {
    const p = souq(data, ['pay', '--amount', '3', '--qr', '--json']);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      p.child.stdout!.on('data', (d: string) => {
        seen += d;
        if (seen.includes('Ctrl-C cancels it')) resolve();
      });
      p.child.on('close', () => reject(new Error(`souq pay ended before showing a QR:\n${seen}`)));
    });
    p.child.kill('SIGINT');
    const run = await p;
    expect(run.stdout).toContain('Cancel requested');
    expect(run.code).toBe(1);
    const out = lastJson(run);
    expect(out).toMatchObject({ state: 'cancelled', amount: '3.00' });
    expect(ledger(String(out.paymentRequestId))).toMatchObject({ status: 'CANCELLED', timesCharged: 0 });
  });

  it('wrong input is refused before anything is written', async () => {
    const fresh = join(root, 'untouched');
    const both = await souq(fresh, ['pay', '--amount', '5', '--qr', '--code', '281012345678901234']);
    expect(both.code).toBe(2);
    const amount = await souq(fresh, ['pay', '--amount', '12.505', '--qr']);
    expect(amount.code).toBe(2);
    expect(amount.stderr).toContain('Too many decimals');
    // Written the way a person types it, not --amount=-1: the amount's own words, not parseArgs' hint.
    const negative = await souq(fresh, ['pay', '--amount', '-1', '--qr']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('Amount cannot be negative: "-1"');
    const code = await souq(fresh, ['pay', '--amount', '5', '--code', '6212345678901234567']);
    expect(code.code).toBe(2);
    expect(code.stderr).toMatch(/UnionPay|not accepted|not supported/i);
    expect(noStack(code)).toBe(true);
    // The real data folder: the refused product barcode left no sale behind.
    const db = openDb(join(data, 'souq.sqlite'));
    const sales = (db.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n;
    db.close();
    const barcode = await souq(data, ['pay', '--amount', '5', '--code', '4006381333931']);
    expect(barcode.code).toBe(2);
    expect(barcode.stderr).toContain('product barcode');
    const again = openDb(join(data, 'souq.sqlite'));
    expect((again.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n).toBe(sales);
    again.close();
  });
});

describe('souq refund and souq journal', () => {
  it('refunds part of a payment, refuses more than is left, and the journal shows both', async () => {
    const paid = lastJson(await souq(data, ['pay', '--amount', '20', '--code', mint(), '--json']));
    const id = String(paid.paymentRequestId);
    const part = await souq(data, ['refund', id, '--amount', '5.5', '--json']);
    expect(part.code).toBe(0);
    expect(lastJson(part)).toMatchObject({ paymentRequestId: id, state: 'refunded', amount: '5.50' });
    const tooMuch = await souq(data, ['refund', id, '--amount', '15']);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toMatch(/A refund of AED\s15\.00 is more than is left to refund on payment \S+: AED\s14\.50 of AED\s20\.00/);
    expect(ledger(id)).toMatchObject({ refunded: { value: '550' }, timesCharged: 1 });

    const j = await souq(data, ['journal', '--json']);
    expect(j.code).toBe(0);
    const out = lastJson(j) as { sandbox: boolean; attempts: { recent: { paymentRequestId: string; state: string; codeMasked: string | null }[] }; refunds: { recent: { paymentRequestId: string; state: string }[] } };
    expect(out.sandbox).toBe(true);
    expect(out.attempts.recent.find((a) => a.paymentRequestId === id)).toMatchObject({ state: 'succeeded', codeMasked: expect.stringMatching(/^\d{4}…\d{4}$/) });
    expect(out.refunds.recent.filter((r) => r.paymentRequestId === id).map((r) => r.state)).toEqual(['refunded']);
    const text = await souq(data, ['journal']);
    expect(text.stdout).toMatch(/Payments in flight \(0\)/);
    expect(text.stdout).toContain(id);
  });
});

describe('souq pay during an outage, then souq sync', () => {
  it('a payment the acquirer cannot be reached for exits 5, stays queued, and souq sync settles it once it is back', async () => {
    const dir = join(root, 'outage');
    const acquirerDir = join(root, 'outage-acquirer');
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    let acq = await startSandbox({ dir: acquirerDir });
    const port = acq.port;
    acq.registerClient('SANDBOX_OUTAGE', merchant.publicKey);
    const code = acq.mintCode().code;
    const acquirerPublicKey = acq.acquirerPublicKey;
    await acq.close();
    const cfg = join(root, 'outage.json');
    writeFileSync(cfg, JSON.stringify({ acquirer: { endpoint: `http://127.0.0.1:${port}`, clientId: 'SANDBOX_OUTAGE', merchantPrivateKey: merchant.privateKey, acquirerPublicKey, timeoutMs: 1000 } }));
    expect((await souq(dir, ['config', 'import', cfg])).code).toBe(0);

    const run = await souq(dir, ['pay', '--amount', '42', '--code', code, '--json', '--wait', '2']);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('Not final yet');
    const queued = lastJson(run);
    expect(queued.state).toMatch(/^(created|sent|unknown)$/);

    acq = await startSandbox({ dir: acquirerDir, port });
    try {
      const synced = await souq(dir, ['sync']);
      expect(synced.stdout).toContain(String(queued.paymentRequestId));
      expect(synced.stdout).toContain('Nothing in flight.');
      expect(synced.code).toBe(0);
      expect(acq.ledger({ paymentRequestId: String(queued.paymentRequestId) })[0]).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
      const j = lastJson(await souq(dir, ['journal', '--json'])) as { attempts: { pending: unknown[]; recent: { state: string }[] } };
      expect(j.attempts.pending).toEqual([]);
      expect(j.attempts.recent[0]!.state).toBe('succeeded');
    } finally {
      await acq.close();
    }
  });
});
