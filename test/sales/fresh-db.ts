// The sales tests' support: a fresh real SQLite file per test, in its own temp dir, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDb, type Db } from '../../app/store/db.ts';
import { SaleError } from '../../app/domain/sale.ts';

const open: { db: Db; dir: string }[] = [];

afterEach(() => {
  for (const { db, dir } of open.splice(0)) {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

export function freshDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'souq-sales-'));
  const db = openDb(join(dir, 'souq.db'));
  open.push({ db, dir });
  return db;
}

let attemptSeq = 0;

/** An attempt row as the journal writes it (the real table, not a stand-in for the journal). */
export function insertAttempt(db: Db, saleId: string, amountMinor: number, state: string): string {
  const id = `PR-test-${++attemptSeq}-${Date.now()}`;
  const at = new Date('2026-11-25T10:00:00Z').toISOString();
  db.prepare(
    `INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, request_path, request_body, created_at, updated_at)
     VALUES (?, ?, 'PaymentCode', ?, 'AED', ?, '/ams/sandbox/api/v1/payments/pay', '{}', ?, ?)`,
  ).run(id, saleId, amountMinor, state, at, at);
  return id;
}

export function setAttemptState(db: Db, id: string, state: string): void {
  db.prepare('UPDATE attempts SET state = ? WHERE id = ?').run(state, id);
}

export function eventCount(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}

/** The stable code a sale operation is refused with (the test fails if it is not refused, or not with a SaleError). */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SaleError) return e.code;
    throw e;
  }
  throw new Error('expected a SaleError');
}
