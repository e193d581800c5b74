import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransition } from '../../app/domain/attempt.ts';
import { money } from '../../app/domain/money.ts';
import { createAndSendAttempt, createAttempt, getAttemptRow, touchAttempt, transitionAttempt } from '../../app/journal/attempts.ts';
import { JournalError } from '../../app/journal/errors.ts';
import { createRefund } from '../../app/journal/refunds.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import type { Db } from '../../app/store/db.ts';
import { antomRequests } from './antom-requests.ts';
import { CODE, defaultConfig, freshDb, saleOwing } from './helpers.ts';

let db: Db;
let cleanup: () => void;
const config = defaultConfig();
const now = new Date('2026-11-25T10:00:00.000Z');

beforeEach(() => {
  ({ db, cleanup } = freshDb());
});
afterEach(() => cleanup());

const start = (saleId: string, code = CODE) => createAttempt(db, { saleId, scenario: 'PaymentCode', code, now, config, requests: antomRequests() });

describe('journalling a payment already sent (the scan fast path)', () => {
  const send = (saleId: string, sign: (row: { id: string; request_body: string }) => string) =>
    createAndSendAttempt(db, { saleId, scenario: 'PaymentCode', code: CODE, now, config, requests: antomRequests() }, sign);

  it('writes the attempt once, already sent, with its outbox row holding the exact body and both events, signing inside the transaction', () => {
    const saleId = saleOwing(db, 4200);
    const seen: { inTx: boolean; rows: number }[] = [];
    const sent = send(saleId, (row) => {
      // What the signer sees: the transaction still open, its rows not yet visible to anyone else.
      seen.push({ inTx: db.inTransaction, rows: (db.prepare('SELECT COUNT(*) AS n FROM journal WHERE subject_id = ?').get(row.id) as { n: number }).n });
      return `signed ${row.request_body}`;
    });
    expect(seen).toEqual([{ inTx: true, rows: 1 }]);
    expect(sent.signed).toBe(`signed ${sent.row.request_body}`);
    expect(sent.row).toMatchObject({ state: 'sent', try_count: 1, next_try_at: null, sent_at: now.toISOString() });
    expect(journalRowsFor(db, 'attempt', sent.row.id)).toMatchObject([{ id: sent.journalId, operation: 'pay', path: sent.row.request_path, body: sent.row.request_body, idempotency_key: sent.row.id }]);
    const events = db.prepare('SELECT type, actor, data FROM events WHERE subject = ? ORDER BY seq').all(sent.row.id) as { type: string; actor: string | null; data: string }[];
    expect(events.map((e) => e.type)).toEqual(['attempt.created', 'attempt.send']);
    expect(JSON.parse(events[1]!.data)).toEqual({ from: 'created', to: 'sent' });
    expect(verifyChain(db).ok).toBe(true);
  });

  it('a refused attempt (the sale paid meanwhile) signs nothing and writes nothing', () => {
    const saleId = saleOwing(db, 1000);
    const first = start(saleId);
    transitionAttempt(db, 'send', { id: first.id, from: 'created', now });
    transitionAttempt(db, 'succeed', { id: first.id, from: 'sent', now, patch: { psp_name: 'ALIPAY_CN' } });
    const before = (db.prepare('SELECT (SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM journal) + (SELECT COUNT(*) FROM events) AS n').get() as { n: number }).n;
    let signed = 0;
    expect(() => send(saleId, () => String(++signed))).toThrow(expect.objectContaining({ code: 'SALE_ALREADY_PAID' }));
    expect(signed).toBe(0);
    expect((db.prepare('SELECT (SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM journal) + (SELECT COUNT(*) FROM events) AS n').get() as { n: number }).n).toBe(before);
  });

  it('a signer that throws rolls the whole attempt back: no row says it was sent', () => {
    const saleId = saleOwing(db, 1000);
    expect(() =>
      send(saleId, () => {
        throw new Error('no key');
      }),
    ).toThrow('no key');
    expect(db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE sale_id = ?').get(saleId)).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM journal').get()).toEqual({ n: 0 });
  });
});

describe('journalling a payment attempt', () => {
  it('stores the exact request body with a fresh paymentRequestId, the masked code and the code window', () => {
    const saleId = saleOwing(db, 15050);
    const a = start(saleId);
    expect(a.id.length).toBeLessThanOrEqual(64);
    expect(a.id).toMatch(/^T01-P[0-9A-Z]{26}$/);
    expect(a.state).toBe('created');
    expect(a.amount_minor).toBe(15050);
    expect(a.code_masked).toBe('2812…3456');
    expect(a.valid_until).toBe('2026-11-25T10:01:00.000Z');
    const body = JSON.parse(a.request_body);
    expect(body.paymentRequestId).toBe(a.id);
    expect(body.paymentMethod.paymentMethodId).toBe(CODE);
    expect(body.paymentAmount).toEqual({ currency: 'AED', value: '15050' });
    expect(getAttemptRow(db, a.id)!.request_body).toBe(a.request_body);
  });

  it('an order QR may be (re)sent until the payment expiry written in its body, not after', () => {
    const a = createAttempt(db, { saleId: saleOwing(db, 2000), scenario: 'OrderCode', now, config, requests: antomRequests() });
    expect(a.code_masked).toBeNull();
    expect(a.valid_until).toBe('2026-11-25T10:03:00.000Z');
    expect(JSON.parse(a.request_body).paymentExpiryTime).toBe('2026-11-25T14:03:00+04:00');
  });

  it('never writes the full payment code anywhere but the request body', () => {
    const a = start(saleOwing(db, 1000));
    const events = db.prepare('SELECT data FROM events').all() as { data: string }[];
    expect(events.some((e) => e.data.includes(CODE))).toBe(false);
    expect(a.code_masked).not.toContain(CODE);
  });

  it('gives every attempt its own paymentRequestId, sorted by creation', () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const at = new Date(now.getTime() + i * 1000);
      ids.push(createAttempt(db, { saleId: saleOwing(db, 100), scenario: 'PaymentCode', code: CODE, now: at, config, requests: antomRequests() }).id);
    }
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses a second attempt while the first might still take money', () => {
    const saleId = saleOwing(db, 1000);
    start(saleId);
    expect(() => start(saleId)).toThrow(expect.objectContaining({ code: 'ATTEMPT_IN_PROGRESS' }));
  });

  it('allows a new attempt (a new code) once the previous one failed', () => {
    const saleId = saleOwing(db, 1000);
    const a = start(saleId);
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    transitionAttempt(db, 'fail', { id: a.id, from: 'sent', now, patch: { result_code: 'EXPIRED_CODE' } });
    const b = start(saleId, '289999999999999999');
    expect(b.id).not.toBe(a.id);
  });

  it('refuses a payment for a sale that is already paid, and books a success on the sale in the same transaction', () => {
    const saleId = saleOwing(db, 1000);
    const a = start(saleId);
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    transitionAttempt(db, 'succeed', { id: a.id, from: 'sent', now, patch: { payment_id: 'PAY-1' } });
    const sale = getSale(db, saleId);
    expect(sale.status).toBe('paid');
    expect(sale.tenders.map((t) => t.attemptId)).toEqual([a.id]);
    expect(() => start(saleId)).toThrow(expect.objectContaining({ code: 'SALE_ALREADY_PAID' }));
  });

  it('refuses an unknown sale with words', () => {
    expect(() => start('no-such-sale')).toThrow(expect.objectContaining({ code: 'SALE_NOT_FOUND' }));
  });
});

describe('attempt state changes', () => {
  it('compare-and-set: a change from a state the attempt has left is refused and changes nothing', () => {
    const a = start(saleOwing(db, 1000));
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    const eventsBefore = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    expect(() => transitionAttempt(db, 'expire', { id: a.id, from: 'created', now })).toThrow(expect.objectContaining({ code: 'STALE_STATE' }));
    expect(() => touchAttempt(db, { id: a.id, from: 'created', now, patch: { last_error: 'x' } })).toThrow(JournalError);
    expect(getAttemptRow(db, a.id)!.state).toBe('sent');
    expect((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(eventsBefore);
  });

  it('an illegal transition throws and leaves the row as it was', () => {
    const a = start(saleOwing(db, 1000));
    expect(() => transitionAttempt(db, 'succeed', { id: a.id, from: 'created', now })).toThrow(IllegalTransition);
    expect(getAttemptRow(db, a.id)!.state).toBe('created');
  });

  it('a send writes the outbox row with the exact body and idempotency key in the same transaction', () => {
    const a = start(saleOwing(db, 1000));
    const { journalId } = transitionAttempt(db, 'send', {
      id: a.id,
      from: 'created',
      now,
      increment: ['try_count'],
      journal: { operation: 'pay', path: a.request_path, body: a.request_body, idempotencyKey: a.id },
    });
    const rows = journalRowsFor(db, 'attempt', a.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(journalId);
    expect(rows[0]!.body).toBe(a.request_body);
    expect(rows[0]!.idempotency_key).toBe(a.id);
    expect(getAttemptRow(db, a.id)!.try_count).toBe(1);
  });

  it('a full disk refuses the change with words and leaves nothing half-written', () => {
    const saleId = saleOwing(db, 1000);
    const a = start(saleId);
    const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const before = { attempts: count('attempts'), events: count('events'), journal: count('journal') };
    // SQLite's own SQLITE_FULL: the file may not grow by a single page.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const big = { operation: 'pay' as const, path: a.request_path, body: 'x'.repeat(200_000), idempotencyKey: a.id };
    expect(() => transitionAttempt(db, 'send', { id: a.id, from: 'created', now, journal: big })).toThrow(
      expect.objectContaining({ code: 'DISK_FULL', message: expect.stringMatching(/full.*Nothing was saved/) }),
    );
    expect(getAttemptRow(db, a.id)!.state).toBe('created');
    expect({ attempts: count('attempts'), events: count('events'), journal: count('journal') }).toEqual(before);
  });

  it('every change is in the hash-chained event log, and the chain verifies', () => {
    const a = start(saleOwing(db, 1000));
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    transitionAttempt(db, 'lose_answer', { id: a.id, from: 'sent', now });
    transitionAttempt(db, 'succeed', { id: a.id, from: 'unknown', now, patch: { payment_id: 'P' } });
    const types = (db.prepare('SELECT type FROM events WHERE subject = ? ORDER BY seq').all(a.id) as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['attempt.created', 'attempt.send', 'attempt.lose_answer', 'attempt.succeed']);
    expect(verifyChain(db)).toMatchObject({ ok: true });
  });
});

describe('refunds in the journal', () => {
  function paidAttempt(minor: number) {
    const a = start(saleOwing(db, minor));
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    transitionAttempt(db, 'succeed', { id: a.id, from: 'sent', now, patch: { payment_id: 'PAY-9' } });
    return a;
  }
  const refund = (attemptId: string, minor?: number) =>
    createRefund(db, { attemptId, amount: minor === undefined ? undefined : money(minor), now, terminalId: 'T01', requests: antomRequests() });

  it('journals a refund with its own refundRequestId and the exact body', () => {
    const a = paidAttempt(1000);
    const r = refund(a.id, 400);
    expect(r.id).toMatch(/^T01-R/);
    expect(JSON.parse(r.request_body)).toEqual({ refundRequestId: r.id, paymentId: 'PAY-9', refundAmount: { currency: 'AED', value: '400' } });
  });

  it('partial refunds add up to the paid amount and no further', () => {
    const a = paidAttempt(1000);
    refund(a.id, 400);
    refund(a.id, 600);
    expect(() => refund(a.id, 1)).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID' }));
  });

  it('a refund beyond the paid amount is refused before anything is written', () => {
    const a = paidAttempt(1000);
    const before = (db.prepare('SELECT COUNT(*) AS n FROM refunds').get() as { n: number }).n;
    expect(() => refund(a.id, 1001)).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID' }));
    expect((db.prepare('SELECT COUNT(*) AS n FROM refunds').get() as { n: number }).n).toBe(before);
  });

  it('only a succeeded payment can be refunded', () => {
    const a = start(saleOwing(db, 1000));
    expect(() => refund(a.id)).toThrow(expect.objectContaining({ code: 'REFUND_NOT_ALLOWED' }));
  });
});
