import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMigrations, openDb, schemaVersion, type Db } from '../../app/store/db.ts';
import { appendEvent, verifyChain } from '../../app/store/events.ts';
import { writeTx } from '../../app/journal/tx.ts';

const latest = listMigrations().at(-1)!.version;
const earlier = listMigrations()
  .map((m) => m.version)
  .filter((v) => v < latest);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = '2026-11-25T10:00:00.000Z';
const later = '2026-11-25T10:00:30.000Z';

/**
 * A terminal caught mid-work by an upgrade: payments in every unsettled state, refunds still to
 * send, journal rows with no outcome yet. Only columns of 001 are used, so it runs on any version.
 */
function seedUnsentWork(db: Db): void {
  writeTx(db, () => {
    db.prepare(`INSERT INTO sales (id, terminal_id, status, total_minor, vat_minor, created_at, business_day) VALUES ('s1', 'T01', 'open', 15050, 717, ?, '2026-11-25')`).run(now);
    db.prepare(`INSERT INTO sales (id, terminal_id, status, total_minor, vat_minor, created_at, business_day, invoice_no, completed_at) VALUES ('s2', 'T01', 'paid', 9900, 471, ?, '2026-11-25', 1, ?)`).run(now, later);
    const attempt = db.prepare(`INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, code_masked, request_path, request_body, valid_until,
      created_at, sent_at, updated_at, try_count, inquiry_count, next_try_at, result_code, payment_id)
      VALUES (?, ?, ?, ?, 'AED', ?, ?, '/ams/sandbox/api/v1/payments/pay', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const body = (id: string, code?: string) => JSON.stringify({ productCode: 'IN_STORE_PAYMENT', paymentRequestId: id, paymentAmount: { currency: 'AED', value: '15050' }, paymentMethod: { paymentMethodType: 'CONNECT_WALLET', ...(code ? { paymentMethodId: code } : {}) } });
    attempt.run('pr-created', 's1', 'PaymentCode', 15050, 'created', '2810…2345', body('pr-created', '281012345678912345'), later, now, null, now, 0, 0, now, null, null);
    attempt.run('pr-sent', 's1', 'PaymentCode', 15050, 'sent', '2811…0001', body('pr-sent', '281100000000000001'), later, now, now, now, 1, 0, null, null, null);
    attempt.run('pr-unknown', 's1', 'PaymentCode', 15050, 'unknown', '2812…0002', body('pr-unknown', '281200000000000002'), later, now, now, now, 1, 3, later, 'UNKNOWN_EXCEPTION', null);
    attempt.run('pr-qr', 's1', 'OrderCode', 15050, 'awaiting_customer', null, body('pr-qr'), null, now, now, now, 1, 2, later, 'SUCCESS', null);
    attempt.run('pr-cancelling', 's1', 'PaymentCode', 15050, 'cancelling', '2813…0003', body('pr-cancelling', '281300000000000003'), later, now, now, now, 1, 15, later, 'PAYMENT_IN_PROCESS', null);
    attempt.run('pr-paid', 's2', 'PaymentCode', 9900, 'succeeded', '2814…0004', body('pr-paid', '281400000000000004'), later, now, now, now, 1, 0, null, 'SUCCESS', 'P-20261125-0004');
    db.prepare(`INSERT INTO tenders (sale_id, kind, amount_minor, attempt_id, created_at) VALUES ('s2', 'wallet', 9900, 'pr-paid', ?)`).run(later);
    const refund = db.prepare(`INSERT INTO refunds (id, attempt_id, amount_minor, currency, reason, purpose, state, request_path, request_body, created_at, sent_at, updated_at, try_count, next_try_at)
      VALUES (?, 'pr-paid', ?, 'AED', ?, ?, ?, '/ams/sandbox/api/v1/payments/refund', ?, ?, ?, ?, ?, ?)`);
    refund.run('rf-created', 1000, 'wrong size', 'refund', 'created', JSON.stringify({ refundRequestId: 'rf-created' }), now, null, now, 0, now);
    refund.run('rf-sent', 2000, null, 'refund', 'sent', JSON.stringify({ refundRequestId: 'rf-sent' }), now, now, now, 1, null);
    refund.run('rf-unknown', 3000, null, 'reversal', 'refund_unknown', JSON.stringify({ refundRequestId: 'rf-unknown' }), now, now, now, 4, later);
    const journal = db.prepare(`INSERT INTO journal (subject, subject_id, operation, path, body, idempotency_key, created_at, outcome, result_code, completed_at) VALUES (?, ?, ?, '/p', ?, ?, ?, ?, ?, ?)`);
    journal.run('attempt', 'pr-created', 'pay', '{"a":1}', 'pr-created', now, null, null, null);
    journal.run('attempt', 'pr-sent', 'pay', '{"a":2}', 'pr-sent', now, null, null, null);
    journal.run('attempt', 'pr-unknown', 'inquiry', '{"a":3}', 'pr-unknown', now, 'timeout', null, later);
    journal.run('attempt', 'pr-cancelling', 'cancel', '{"a":4}', 'pr-cancelling', now, null, null, null);
    journal.run('refund', 'rf-sent', 'refund', '{"a":5}', 'rf-sent', now, null, null, null);
    for (const type of ['attempt.created', 'attempt.sent', 'attempt.unknown', 'refund.created']) appendEvent(db, { type, subject: 'pr-unknown', data: { now } });
    db.prepare(`INSERT INTO settings (key, value) VALUES ('installer.testPayment', '{"ok":true}')`).run();
  });
}

const TABLES = ['sales', 'attempts', 'tenders', 'refunds', 'journal', 'events', 'settings'] as const;

function snapshot(db: Db): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[]]));
}

/** Rows as they were, compared on the columns the old schema had (new columns may be added). */
function project(rows: Record<string, unknown>[], like: Record<string, unknown>[]): Record<string, unknown>[] {
  const cols = Object.keys(like[0] ?? {});
  return rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])));
}

describe('upgrading the database', () => {
  it('knows more than one schema version, so the upgrade path is exercised', () => {
    expect(earlier.length).toBeGreaterThan(0);
  });

  for (const from of earlier) {
    it(`from schema ${from} keeps every unsent payment, refund and journal row`, () => {
      const file = join(dir, `from-${from}.sqlite`);
      const old = openDb(file, { upTo: from });
      expect(schemaVersion(old)).toBe(from);
      seedUnsentWork(old);
      const before = snapshot(old);
      old.close();

      const db = openDb(file);
      try {
        expect(schemaVersion(db)).toBe(latest);
        const after = snapshot(db);
        for (const t of TABLES) {
          expect(after[t]!.length, `${t} rows`).toBe(before[t]!.length);
          // 005 wipes the customer code of payments already final (masked form kept): the one change.
          const expected = t === 'attempts' && from < 5 ? before[t]!.map((r) => (r.id === 'pr-paid' ? { ...r, request_body: String(r.request_body).replace('281400000000000004', '2814…0004') } : r)) : before[t];
          expect(project(after[t]!, before[t]!), t).toEqual(expected);
        }
        const pending = db.prepare(`SELECT id, state FROM attempts WHERE state NOT IN ('succeeded','failed','cancelled','expired') ORDER BY id`).all();
        expect(pending).toEqual([
          { id: 'pr-cancelling', state: 'cancelling' },
          { id: 'pr-created', state: 'created' },
          { id: 'pr-qr', state: 'awaiting_customer' },
          { id: 'pr-sent', state: 'sent' },
          { id: 'pr-unknown', state: 'unknown' },
        ]);
        expect(db.prepare(`SELECT COUNT(*) AS n FROM refunds WHERE state IN ('created','sent','refund_unknown')`).get()).toEqual({ n: 3 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM journal WHERE completed_at IS NULL').get()).toEqual({ n: 4 });
        expect(verifyChain(db)).toMatchObject({ ok: true, count: 4 });
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    });
  }

  it('opening an up-to-date database again changes nothing', () => {
    const file = join(dir, 'twice.sqlite');
    const db = openDb(file);
    seedUnsentWork(db);
    const before = snapshot(db);
    db.close();
    const again = openDb(file);
    try {
      expect(schemaVersion(again)).toBe(latest);
      expect(snapshot(again)).toEqual(before);
    } finally {
      again.close();
    }
  });

  it('a database from a newer Souq POS is refused in words, untouched', () => {
    const file = join(dir, 'newer.sqlite');
    const db = openDb(file);
    seedUnsentWork(db);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openDb(file)).toThrow(/newer Souq POS/);
    const ro = openDb(file, { readonly: true });
    try {
      expect(schemaVersion(ro)).toBe(latest + 1);
      expect((ro.prepare('SELECT COUNT(*) AS n FROM attempts').get() as { n: number }).n).toBe(6);
    } finally {
      ro.close();
    }
  });
});
