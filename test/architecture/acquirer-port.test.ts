// The terminal speaks the acquirer port only: a second acquirer is one new adapter folder, and the
// engine and the journal work with it unchanged. Shown with an acquirer written here (not Antom,
// no HTTP at all), and by reading every source file's imports.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AcquirerPort, Answer, PayOutcome, RequestBuilder } from '../../app/acquirer/port.ts';
import { createAttempt, getAttemptRow } from '../../app/journal/attempts.ts';
import { createRefund, getRefundRow } from '../../app/journal/refunds.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { getSale } from '../../app/sales/repository.ts';
import { SyncEngine } from '../../app/sync/engine.ts';
import { defaultConfig, freshDb, saleOwing, CODE } from '../journal/helpers.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const ANTOM = 'app/acquirer/antom/';

/**
 * The only files outside the adapter that may name Antom, and why. Anything else importing
 * app/acquirer/antom/* means a second acquirer would have to edit it.
 */
const MAY_IMPORT_ANTOM: Readonly<Record<string, string>> = {
  'app/terminal/terminal.ts': 'the composition root: the one place that wraps the link in the Antom adapter behind the port',
  'app/acquirer/resolve.ts': 'chooses the acquirer from the configuration and builds its link',
  'app/cli/commands/doctor.ts': 'souq doctor checks Antom itself: its keys, its signature and a signed probe over the wire',
  'app/sandbox/server.ts': 'the sandbox acquirer imitates Antom on the wire (it signs and verifies as Antom does)',
  'hq/notify.ts': "the chain's HQ receives Antom's signed payment notifications and must verify Antom's signature",
};

const SOURCE_FOLDERS = ['app', 'hq', 'electron', 'renderer', 'bin', 'scripts'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every module a file imports (static, dynamic, re-export), as paths from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(dirname(file), s)).split('\\').join('/'));
}

const importsAntom = (file: string): boolean => importsOf(file).some((t) => t.startsWith(ANTOM));

const wire = { outcome: 'S', resultCode: 'OK', reached: true } as const;

/** Another acquirer, with its own paths, its own body format and its own ids: pays and refunds everything at once. */
function otherAcquirer(seen: string[]): AcquirerPort {
  const answer = <O>(outcome: O): Promise<Answer<O>> => Promise.resolve({ outcome, wire });
  const requests: RequestBuilder = {
    payRequest: (p) => ({
      path: '/other-acquirer/pay',
      body: JSON.stringify({ charge: p.paymentRequestId, cents: p.amount.minor, iso: p.amount.currency, token: p.code ?? null, note: p.orderDescription }),
      idempotencyKey: p.paymentRequestId,
    }),
    refundRequest: (r) => ({
      path: '/other-acquirer/refund',
      body: JSON.stringify({ giveBack: r.refundRequestId, of: r.paymentId, cents: r.amount.minor }),
      idempotencyKey: r.refundRequestId,
    }),
  };
  return {
    sandbox: true,
    ...requests,
    pathFor: (op) => `/other-acquirer/${op}`,
    inquiryBody: (id) => JSON.stringify({ ask: id }),
    cancelBody: (id) => JSON.stringify({ undo: id }),
    preparePay(body, asked) {
      return () => this.pay(body, asked);
    },
    pay(body, asked) {
      seen.push(`pay ${asked.paymentRequestId} ${asked.amount.currency} ${asked.amount.minor} ${body}`);
      return answer<PayOutcome>({ kind: 'succeed', paymentId: `OTHER-${asked.paymentRequestId}`, paymentTime: null, pspName: 'OTHER_WALLET', customerId: null });
    },
    inquire: () => answer({ kind: 'processing', code: 'WAIT', message: 'wait' }),
    cancel: () => answer({ kind: 'cancel_confirmed', code: 'OK', message: 'ok' }),
    refund(body, asked) {
      seen.push(`refund ${asked.refundRequestId} ${asked.amount.minor} ${body}`);
      return answer({ kind: 'refunded', refundId: `OTHER-R-${asked.refundRequestId}`, refundTime: null });
    },
    probe: () => Promise.resolve(wire),
  };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function engineWith(acquirer: AcquirerPort) {
  const { db, cleanup: drop } = freshDb();
  const config = defaultConfig();
  const engine = new SyncEngine({ db, acquirer, config });
  cleanup = async () => {
    await engine.close();
    drop();
  };
  engine.start();
  return { db, config, engine };
}

describe('the acquirer port', () => {
  it('no file outside the Antom adapter imports it, except the composition points named with their reason', () => {
    const offenders: string[] = [];
    for (const folder of SOURCE_FOLDERS) {
      for (const file of sourceFiles(join(ROOT, folder))) {
        const rel = relative(ROOT, file).split('\\').join('/');
        if (rel.startsWith(ANTOM) || MAY_IMPORT_ANTOM[rel]) continue;
        if (importsAntom(file)) offenders.push(rel);
      }
    }
    expect(offenders, 'these would have to change for a second acquirer: speak app/acquirer/port.ts instead').toEqual([]);
  });

  it('each allowed composition point still imports Antom (a stale allowance is removed, not kept)', () => {
    for (const [rel, why] of Object.entries(MAY_IMPORT_ANTOM)) {
      expect(why.length, rel).toBeGreaterThan(10);
      expect(importsAntom(join(ROOT, rel)), `${rel} no longer imports Antom: drop it from MAY_IMPORT_ANTOM`).toBe(true);
    }
  });

  it('the import reader catches an Antom import wherever it sits (so the check above can fail)', () => {
    const journal = join(ROOT, 'app/journal/attempts.ts');
    expect(importsOf(journal)).toContain('app/acquirer/port.ts');
    // The old journal's import, as it was written: caught.
    const specs = [...`import { payBody } from '../acquirer/antom/requests.ts';`.matchAll(/\bfrom\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(specs.map((s) => relative(ROOT, resolve(dirname(journal), s)))).toEqual(['app/acquirer/antom/requests.ts']);
  });

  it('this test and its helpers drive the engine and the journal without any Antom import', () => {
    for (const file of [fileURLToPath(import.meta.url), join(ROOT, 'test/journal/helpers.ts')]) {
      expect(importsAntom(file), relative(ROOT, file)).toBe(false);
    }
  });

  it('the engine pays through another acquirer unchanged: journalled on its paths in its own words, paid with its ids', async () => {
    const seen: string[] = [];
    const acquirer = otherAcquirer(seen);
    const { db, engine } = engineWith(acquirer);
    const saleId = saleOwing(db, 4200);
    const row = engine.submitAttempt({ saleId, scenario: 'PaymentCode', code: CODE });
    expect(row).toMatchObject({ request_path: '/other-acquirer/pay' });
    await vi.waitFor(() => expect(getAttemptRow(db, row.id)!.state).toBe('succeeded'), { timeout: 5_000 });
    const paid = getAttemptRow(db, row.id)!;
    expect(paid).toMatchObject({ payment_id: `OTHER-${row.id}`, psp_name: 'OTHER_WALLET' });
    expect(getSale(db, saleId).status).toBe('paid');
    // The bytes sent are the bytes the adapter built, with the customer's code in them.
    expect(seen).toEqual([`pay ${row.id} AED 4200 ${row.request_body}`]);
    expect(JSON.parse(row.request_body)).toMatchObject({ charge: row.id, cents: 4200, token: CODE });
    expect(journalRowsFor(db, 'attempt', row.id)).toMatchObject([{ operation: 'pay', path: '/other-acquirer/pay', outcome: 'S', result_code: 'OK' }]);
    // Once final, the code is wiped from the stored bodies wherever this adapter put it.
    expect(paid.request_body).not.toContain(CODE);
    expect(JSON.parse(paid.request_body)).toMatchObject({ token: `${CODE.slice(0, 4)}…${CODE.slice(-4)}` });
    expect(journalRowsFor(db, 'attempt', row.id)[0]!.body).not.toContain(CODE);
  });

  it('a refund goes through the journal and the engine to another acquirer: its body, its path, its refund id', async () => {
    const seen: string[] = [];
    const acquirer = otherAcquirer(seen);
    const { db, config, engine } = engineWith(acquirer);
    const saleId = saleOwing(db, 3000);
    const pay = engine.submitAttempt({ saleId, scenario: 'OrderCode' });
    await vi.waitFor(() => expect(getAttemptRow(db, pay.id)!.state).toBe('succeeded'), { timeout: 5_000 });

    const refund = createRefund(db, { attemptId: pay.id, amount: { minor: 1200, currency: 'AED' }, reason: 'wrong size', now: new Date(), terminalId: config.terminalId, requests: acquirer });
    expect(refund).toMatchObject({ request_path: '/other-acquirer/refund' });
    expect(JSON.parse(refund.request_body)).toEqual({ giveBack: refund.id, of: `OTHER-${pay.id}`, cents: 1200 });
    engine.announceRefund(refund);
    await vi.waitFor(() => expect(getRefundRow(db, refund.id)!.state).toBe('refunded'), { timeout: 5_000 });
    expect(getRefundRow(db, refund.id)).toMatchObject({ refund_id: `OTHER-R-${refund.id}` });
    expect(seen.at(-1)).toBe(`refund ${refund.id} 1200 ${refund.request_body}`);
    expect(journalRowsFor(db, 'refund', refund.id)).toMatchObject([{ operation: 'refund', path: '/other-acquirer/refund', body: refund.request_body, outcome: 'S' }]);
  });

  it('an adapter that keys a payment by anything but the attempt id is refused before anything is journalled', () => {
    const acquirer = otherAcquirer([]);
    const { db, config } = engineWith(acquirer);
    const saleId = saleOwing(db, 500);
    const askew: RequestBuilder = { ...acquirer, payRequest: (p) => ({ ...acquirer.payRequest(p), idempotencyKey: 'SOMETHING-ELSE' }) };
    expect(() => createAttempt(db, { saleId, scenario: 'OrderCode', now: new Date(), config, requests: askew })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts').get()).toEqual({ n: 0 });
  });
});
