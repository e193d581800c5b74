// The crash test is only as strict as its judge: each breach of a promise must be reported, or a
// terminal that sends before committing (or charges twice) would pass it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../app/store/db.ts';
import { appendEvent } from '../../app/store/events.ts';
import { compareWithLedger, type LedgerPayment } from './ledger-check.ts';
import { writeTx } from '../../app/journal/tx.ts';

const CLIENT = 'SANDBOX_CRASH';
const now = '2026-11-25T10:00:00.000Z';
let dir: string;
let db: Db;

function attempt(id: string, state: string, amount: number, paymentId: string | null, tender = state === 'succeeded'): void {
  db.prepare(`INSERT INTO sales (id, terminal_id, status, total_minor, created_at, business_day) VALUES (?, 'T01', 'open', ?, ?, '2026-11-25')`).run(`s-${id}`, amount, now);
  db.prepare(`INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, request_path, request_body, created_at, updated_at, payment_id)
    VALUES (?, ?, 'PaymentCode', ?, 'AED', ?, '/p', '{}', ?, ?, ?)`).run(id, `s-${id}`, amount, state, now, now, paymentId);
  if (tender) db.prepare(`INSERT INTO tenders (sale_id, kind, amount_minor, attempt_id, created_at) VALUES (?, 'wallet', ?, ?, ?)`).run(`s-${id}`, amount, id, now);
  writeTx(db, () => appendEvent(db, { type: `attempt.${state}`, subject: id }));
}

function refund(id: string, attemptId: string, amount: number, state: string, purpose = 'refund'): void {
  db.prepare(`INSERT INTO refunds (id, attempt_id, amount_minor, currency, purpose, state, request_path, request_body, created_at, updated_at)
    VALUES (?, ?, ?, 'AED', ?, ?, '/r', '{}', ?, ?)`).run(id, attemptId, amount, purpose, state, now, now);
}

function pay(id: string, status: LedgerPayment['status'], amount: number, charged: number, refunded = 0): LedgerPayment {
  return { clientId: CLIENT, paymentRequestId: id, paymentId: `PAY-${id}`, status, amount: { currency: 'AED', value: String(amount) }, timesCharged: charged, refunded: { currency: 'AED', value: String(refunded) } };
}

/** A settled terminal that agrees with its acquirer in every way the crash test looks at. */
function agreeing(): LedgerPayment[] {
  attempt('P1', 'succeeded', 1250, 'PAY-P1');
  attempt('P2', 'succeeded', 9900, 'PAY-P2');
  refund('R1', 'P2', 1000, 'refunded');
  refund('R2', 'P2', 99999, 'refund_failed');
  attempt('P3', 'cancelled', 500, null);
  attempt('P4', 'failed', 700, null);
  attempt('P5', 'expired', 800, null);
  attempt('P6', 'cancelled', 300, null); // withdrawn before it was ever sent
  attempt('P7', 'cancelled', 450, 'PAY-P7'); // cancelled after the cut-off: reversed by refund
  refund('R3', 'P7', 450, 'refunded', 'reversal');
  return [
    pay('P1', 'SUCCESS', 1250, 1),
    pay('P2', 'SUCCESS', 9900, 1, 1000),
    pay('P3', 'CANCELLED', 500, 1),
    pay('P4', 'FAIL', 700, 0),
    pay('P7', 'SUCCESS', 450, 1, 450),
    { ...pay('OTHER', 'SUCCESS', 100, 1), clientId: 'SOMEONE_ELSE' },
  ];
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-judge-'));
  db = openDb(join(dir, 'souq.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the crash test judge', () => {
  it('passes a terminal that agrees with its acquirer', () => {
    const v = compareWithLedger(db, agreeing(), CLIENT);
    expect(v.problems).toEqual([]);
    expect(v.counts).toMatchObject({ attempts: 7, succeeded: 2, ledger: 5, refunded: 2 });
  });

  it('catches a payment that reached the acquirer without being journalled first', () => {
    const ledger = [...agreeing(), pay('GHOST', 'SUCCESS', 1250, 1)];
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual([expect.stringMatching(/^GHOST: the acquirer has it .* never journalled/)]);
  });

  it('catches a payment charged twice', () => {
    const ledger = agreeing().map((p) => (p.paymentRequestId === 'P1' ? { ...p, timesCharged: 2 } : p));
    expect(compareWithLedger(db, ledger, CLIENT).problems.join('\n')).toMatch(/P1: charged 2 times/);
  });

  it('catches money taken while the terminal says failed', () => {
    const ledger = agreeing().map((p) => (p.paymentRequestId === 'P4' ? { ...p, status: 'SUCCESS' as const, timesCharged: 1 } : p));
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual(['P4: money taken at the acquirer but the terminal says failed']);
  });

  it('catches a success the acquirer does not have', () => {
    const ledger = agreeing().filter((p) => p.paymentRequestId !== 'P1');
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual(['P1: the terminal says succeeded, the acquirer says it never saw it']);
  });

  it('catches anything left unknown, sent or cancelling', () => {
    const ledger = agreeing();
    attempt('P8', 'unknown', 100, null);
    attempt('P9', 'cancelling', 100, null);
    refund('R4', 'P1', 100, 'refund_unknown');
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual(['P8: left unknown after settling', 'P9: left cancelling after settling', 'refund R4 of P1: left refund_unknown after settling']);
  });

  it('catches refunds that disagree and a sale paid twice by one attempt', () => {
    const ledger = agreeing().map((p) => (p.paymentRequestId === 'P2' ? { ...p, refunded: { currency: 'AED', value: '2000' } } : p));
    db.exec('DROP INDEX IF EXISTS tenders_attempt_once');
    db.prepare(`INSERT INTO tenders (sale_id, kind, amount_minor, attempt_id, created_at) VALUES ('s-P1', 'wallet', 1250, 'P1', ?)`).run(now);
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual(['P2: refunded 1000 locally, 2000 at the acquirer', 'P1: succeeded but its sale has 2 wallet tenders for it (want 1)']);
  });

  it('catches a tampered event log', () => {
    const ledger = agreeing();
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET type = 'attempt.failed' WHERE seq = 2").run();
    expect(compareWithLedger(db, ledger, CLIENT).problems).toEqual(['event log: broken at event 2: event 2 was altered']);
  });
});
