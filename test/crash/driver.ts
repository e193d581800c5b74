// The crash test's cashier: a child process that opens the real terminal core on a fixed data
// folder and takes payments as fast as a busy till — payment codes minted by the sandbox wallet,
// QR orders paid through the wallet endpoint (or cancelled by the cashier), partial refunds — while
// the test SIGKILLs it at random. Every restart carries on from what the database says was done.
//
//   node bin/run-ts.js test/crash/driver.ts <dataDir> <sandboxUrl> <payments> <seed>           work
//   node bin/run-ts.js test/crash/driver.ts <dataDir> <sandboxUrl> <payments> <seed> --settle  settle
//
// stdout protocol (one line each): READY <sales> · PAY <i> · DONE · SETTLED <json>. Anything unexpected → exit 3.
import { seededRandom } from '../../app/sandbox/faults.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { openTerminal, type Terminal } from '../../app/terminal/terminal.ts';
import { JournalError } from '../../app/journal/errors.ts';
import type { AttemptState } from '../../app/domain/attempt.ts';

const [dataDir, sandboxUrl, target, seedText] = process.argv.slice(2);
const settle = process.argv.includes('--settle');
if (!dataDir || !sandboxUrl || !target || !seedText) {
  console.error('usage: driver.ts <dataDir> <sandboxUrl> <payments> <seed> [--settle]');
  process.exit(2);
}
const TARGET = Number(target);
const SEED = Number(seedText);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Refusals a till meets in normal work; anything else is a bug the test must see. */
function expected(err: unknown): boolean {
  return err instanceof JournalError && ['ATTEMPT_IN_PROGRESS', 'ATTEMPT_IN_FLIGHT', 'ATTEMPT_FINAL', 'REFUND_EXCEEDS_PAID', 'REFUND_NOT_ALLOWED', 'SALE_ALREADY_PAID', 'NOTHING_DUE', 'STALE_STATE'].includes(err.code);
}

async function startPayment(t: Terminal, saleId: string, i: number): Promise<void> {
  const rnd = seededRandom(SEED * 100_003 + i);
  if (rnd() < 0.3) {
    t.payments.showQr({ saleId, actor: 'crash-driver' });
    return;
  }
  const minted = await post('/sandbox/wallet/codes', {});
  if (minted.status !== 200 || typeof minted.json.code !== 'string') throw new Error(`minting a code failed: HTTP ${minted.status}`);
  t.payments.startWithCode({ saleId, code: minted.json.code, actor: 'crash-driver' });
}

const servedQr = new Set<string>();

/** Customers at the QR screens (this life's and those left by an earlier one): most pay, a few walk off. */
async function serveQrs(t: Terminal): Promise<void> {
  for (const v of t.payments.list({ states: ['awaiting_customer'], limit: 10_000 })) {
    if (servedQr.has(v.paymentRequestId) || !v.orderCode) continue;
    servedQr.add(v.paymentRequestId);
    const rnd = seededRandom(SEED ^ [...v.paymentRequestId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
    if (rnd() < 0.85) {
      const paid = await post('/sandbox/wallet/pay', { codeValue: v.orderCode });
      // 409: already paid (by this customer in an earlier life) or closed by a cancel.
      if (paid.status !== 200 && paid.status !== 409) throw new Error(`wallet pay failed: HTTP ${paid.status} ${JSON.stringify(paid.json)}`);
    } else {
      try {
        t.payments.cancel(v.paymentRequestId, 'crash-driver');
      } catch (err) {
        if (!expected(err)) throw err;
      }
    }
  }
}

function maybeRefund(t: Terminal, i: number): void {
  const rnd = seededRandom(SEED * 7_919 + i);
  if (rnd() >= 0.25) return;
  const paid = t.payments.list({ states: ['succeeded'], limit: 40 });
  if (paid.length === 0) return;
  const a = paid[Math.floor(rnd() * paid.length)]!;
  const minor = 1 + Math.floor(rnd() * Math.max(1, Math.floor(a.amount.minor / 2)));
  t.refunds.create({ attemptId: a.paymentRequestId, amount: { minor, currency: a.amount.currency }, reason: 'crash test', actor: 'crash-driver' });
}

function amountFor(i: number): number {
  const rnd = seededRandom(SEED * 31 + i);
  const r = rnd();
  if (r < 0.05) return 900_001; // sandbox magic: USER_BALANCE_NOT_ENOUGH — some payments must fail
  return 100 + Math.floor(rnd() * 49_900); // AED 1.00 – 500.00
}

async function work(t: Terminal): Promise<void> {
  const count = () => (t.db.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n;
  // A sale rung up just before a kill but never paid: the cashier takes its payment now.
  const orphans = t.db.prepare(`SELECT s.id, s.total_minor FROM sales s WHERE s.status = 'open' AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.sale_id = s.id) ORDER BY s.created_at`).all() as { id: string; total_minor: number }[];
  for (const s of orphans) {
    try {
      if (s.total_minor === 0) addKeyedLine(t.db, s.id, { minor: amountFor(count()), currency: 'AED' }, undefined, new Date());
      await startPayment(t, s.id, count() + 10_000);
    } catch (err) {
      if (!expected(err)) throw err;
    }
  }
  for (let i = count(); i < TARGET; i = count()) {
    const now = new Date();
    const saleId = createSale(t.db, { terminalId: t.config.terminalId, now });
    addKeyedLine(t.db, saleId, { minor: amountFor(i), currency: 'AED' }, undefined, now);
    try {
      await startPayment(t, saleId, i);
      maybeRefund(t, i);
    } catch (err) {
      if (!expected(err)) throw err;
    }
    console.log(`PAY ${i}`);
    await serveQrs(t);
    await sleep(5);
  }
  // The last customers at the QR screen still pay.
  const until = Date.now() + 3_000;
  while (Date.now() < until && t.payments.list({ states: ['created', 'sent'], limit: 1 }).length > 0) {
    await serveQrs(t);
    await sleep(100);
  }
  await serveQrs(t);
}

const ACTIVE: AttemptState[] = ['created', 'sent', 'unknown', 'cancelling', 'awaiting_customer'];

async function settleAll(t: Terminal): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 120_000;
  for (let round = 1; ; round++) {
    // The shoppers have left: every QR still on screen is cancelled by the cashier.
    for (const v of t.payments.list({ states: ['awaiting_customer'], limit: 10_000 })) {
      try {
        t.payments.cancel(v.paymentRequestId, 'crash-driver');
      } catch (err) {
        if (!expected(err)) throw err;
      }
    }
    try {
      await t.engine.drain({ timeoutMs: 30_000 });
    } catch (err) {
      if ((err as { code?: string }).code !== 'DRAIN_TIMEOUT') throw err;
    }
    const active = t.payments.list({ states: ACTIVE, limit: 10_000 }).length;
    const refunds = t.refunds.list({ states: ['created', 'sent', 'refund_unknown'], limit: 10_000 }).length;
    if ((active === 0 && refunds === 0) || Date.now() > deadline) {
      // What is left, in enough detail to tell a stuck engine from a slow one.
      const left = t.db
        .prepare(`SELECT id, state, result_code, last_error, try_count, inquiry_count, cancel_count, next_try_at FROM attempts WHERE state IN ('created','sent','unknown','cancelling','awaiting_customer') LIMIT 5`)
        .all();
      const leftRefunds = t.db.prepare(`SELECT id, state, result_code, last_error, try_count, next_try_at FROM refunds WHERE state IN ('created','sent','refund_unknown') LIMIT 5`).all();
      return { rounds: round, active, refunds, left, leftRefunds };
    }
    await sleep(200);
  }
}

const t = await openTerminal({ dataDir });
console.log(`READY ${(t.db.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n}`);
try {
  if (settle) {
    const summary = await settleAll(t);
    console.log(`SETTLED ${JSON.stringify(summary)}`);
  } else {
    await work(t);
    console.log('DONE');
  }
  await t.close();
  process.exit(0);
} catch (err) {
  console.error(`driver: ${(err as Error).stack ?? String(err)}`);
  process.exit(3);
}
