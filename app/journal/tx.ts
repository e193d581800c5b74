// One helper for every write of the journal: an IMMEDIATE transaction (the writer lock is taken
// up front, so the CLI and the app never deadlock half-way), and SQLite's "disk full" turned into
// words. better-sqlite3 rolls the whole transaction back on any throw, so a refused write leaves
// nothing behind.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.ts';
import { StoreError, translateSqliteError } from '../store/db.ts';

const statements = new WeakMap<Db, Map<string, Statement>>();

/** db.prepare with a per-connection cache: compiling SQL costs more than running these small statements. */
export function sql(db: Db, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(text);
  if (!st) cache.set(text, (st = db.prepare(text)));
  return st;
}

/**
 * The one way to write (STYLE.md): every writer of the terminal's file, in the app, the CLI and the
 * tools, goes through here, so two processes on one file queue for the writer lock (busy_timeout)
 * instead of one failing half-way, and a locked or full disk reaches every caller in the same words.
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  try {
    // Nested calls (one journal step inside another's transaction) become savepoints.
    return db.inTransaction ? db.transaction(fn)() : db.transaction(fn).immediate();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_BUSY')) throw translateSqliteError(err, db.name);
    throw err;
  }
}

/**
 * Several reads from one snapshot (a report whose figures must agree while the till sells). A
 * read never takes the writer lock under WAL; inside a writeTx it simply joins that transaction.
 */
export function readTx<T>(db: Db, fn: () => T): T {
  return db.inTransaction ? fn() : db.transaction(fn).deferred();
}

export type Operation = 'pay' | 'inquiry' | 'cancel' | 'refund' | 'refund_inquiry';

export interface JournalEntryInput {
  operation: Operation;
  path: string;
  body: string;
  /** The acquirer-side idempotency key: paymentRequestId or refundRequestId. */
  idempotencyKey: string;
}

/** The outbox row: written in the same transaction as the state it belongs to, before the send. */
export function insertJournalRow(db: Db, subject: 'attempt' | 'refund', subjectId: string, e: JournalEntryInput, now: Date): number {
  const r = sql(
    db,
    'INSERT INTO journal (subject, subject_id, operation, path, body, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(subject, subjectId, e.operation, e.path, e.body, e.idempotencyKey, now.toISOString());
  return Number(r.lastInsertRowid);
}

/** What came back for a journal row: S / F / U, or why there was no answer. */
export function completeJournalRow(db: Db, id: number, outcome: string, resultCode: string | null, now: Date): void {
  writeTx(db, () => {
    sql(db, 'UPDATE journal SET outcome = ?, result_code = ?, completed_at = ? WHERE id = ? AND completed_at IS NULL').run(outcome, resultCode, now.toISOString(), id);
  });
}

export interface JournalRow {
  id: number;
  subject: 'attempt' | 'refund';
  subject_id: string;
  operation: Operation;
  path: string;
  body: string;
  idempotency_key: string;
  created_at: string;
  outcome: string | null;
  result_code: string | null;
  completed_at: string | null;
}

export function journalRowsFor(db: Db, subject: 'attempt' | 'refund', subjectId: string): JournalRow[] {
  return sql(db, 'SELECT * FROM journal WHERE subject = ? AND subject_id = ? ORDER BY id').all(subject, subjectId) as JournalRow[];
}
