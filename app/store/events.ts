// The append-only event log. Each row's hash covers the previous hash and the row itself, so an
// edited or deleted row breaks the chain from that point on (`souq verify-log`).
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface EventInput {
  type: string;
  subject?: string | null;
  actor?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

export interface EventRow {
  seq: number;
  at: string;
  type: string;
  subject: string | null;
  actor: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one row given the previous row's hash (the HQ recomputes it on what tills ship). */
export function rowHash(prev: string, r: Omit<EventRow, 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([r.seq, r.at, r.type, r.subject, r.actor, r.data]);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}

// Compiled once per connection: every payment appends events inside the transaction a scan waits on.
const appendStatements = new WeakMap<Db, { last: Statement; insert: Statement }>();

function statementsFor(db: Db) {
  let st = appendStatements.get(db);
  if (!st) {
    st = {
      last: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO events (seq, at, type, subject, actor, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    };
    appendStatements.set(db, st);
  }
  return st;
}

/** Appends one event. Call inside the transaction that makes the change it records. */
export function appendEvent(db: Db, e: EventInput): EventRow {
  // The next seq is read, then written: outside a transaction two processes could both take it.
  if (!db.inTransaction) throw new Error(`appendEvent(${e.type}) outside a transaction: wrap the change and its event in writeTx (app/journal/tx.ts).`);
  const st = statementsFor(db);
  const last = st.last.get() as { seq: number; hash: string } | undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: (e.at ?? new Date()).toISOString(),
    type: e.type,
    subject: e.subject ?? null,
    actor: e.actor ?? null,
    data: JSON.stringify(e.data ?? {}),
  };
  const prev_hash = last?.hash ?? GENESIS_HASH;
  const hash = rowHash(prev_hash, row);
  st.insert.run(
    row.seq, row.at, row.type, row.subject, row.actor, row.data, prev_hash, hash,
  );
  return { ...row, prev_hash, hash };
}

/**
 * Whether `r` is the next link after a row whose hash is `prev` and seq `expectedSeq - 1`: the one
 * check `souq verify-log` runs on the till and the HQ runs on what a till ships.
 */
export function checkLink(prev: string, expectedSeq: number, r: EventRow): { brokenAt: number; reason: string } | null {
  if (r.seq !== expectedSeq) return { brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing` };
  if (r.prev_hash !== prev) return { brokenAt: r.seq, reason: `event ${r.seq} does not follow event ${r.seq - 1}` };
  if (rowHash(prev, r) !== r.hash) return { brokenAt: r.seq, reason: `event ${r.seq} was altered` };
  return null;
}

export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; count: number; brokenAt: number; reason: string };

export function verifyChain(db: Db): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const r of db.prepare('SELECT * FROM events ORDER BY seq').iterate() as IterableIterator<EventRow>) {
    const broken = checkLink(prev, expectedSeq, r);
    if (broken) return { ok: false, count, ...broken };
    prev = r.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, count, head: prev };
}
