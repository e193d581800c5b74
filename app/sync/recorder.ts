// The engine's writes to the journal. Every move of an attempt or refund is one transaction that
// also records how the request that led to it went (the outbox row's outcome, kept in memory from
// the reply until this commit: one fsync, not two) and, for a reply about another request, the
// mismatch event with the fields that differed.
import type { AcquirerOperation, Mismatch, WireNote } from '../acquirer/port.ts';
import type { AttemptEvent } from '../domain/attempt.ts';
import { touchAttempt, transitionAttempt, type AttemptChange, type AttemptRow } from '../journal/attempts.ts';
import { transitionRefund, type RefundChange, type RefundRow } from '../journal/refunds.ts';
import type { SalesPort } from '../journal/sales-port.ts';
import { completeJournalRow, writeTx } from '../journal/tx.ts';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';

/** A work item: 'a:<paymentRequestId>' or 'r:<refundRequestId>'. */
export type Key = string;

/** Which request a reply answered, and how it differed from it (when it did). */
export interface Evidence {
  operation: AcquirerOperation;
  mismatch: readonly Mismatch[] | undefined;
}

export interface RecorderOptions {
  db: Db;
  clock: () => Date;
  sales: SalesPort;
  /** Tell the screens (after the commit). */
  tellAttempt: (row: AttemptRow) => void;
  tellRefund: (row: RefundRow) => void;
}

function withMismatch(c: Partial<AttemptChange>, evidence: Evidence | undefined): Partial<AttemptChange> {
  if (!evidence?.mismatch) return c;
  return { ...c, increment: [...(c.increment ?? []), 'mismatch_count'] };
}

export class Recorder {
  /** Answers received but not yet written to their journal row, per work item. */
  private readonly completions = new Map<Key, { journalId: number; wire: WireNote; at: Date }>();

  constructor(private readonly o: RecorderOptions) {}

  /** How a journalled request went; written with whatever that answer leads to. */
  noteWire(key: Key, journalId: number | null, wire: WireNote, at: Date): void {
    if (journalId !== null) this.completions.set(key, { journalId, wire, at });
  }

  hasPending(key: Key): boolean {
    return this.completions.has(key);
  }

  /** Writes a step's leftover outcome on its own, when the step ended without another write. */
  flushAlone(key: Key): void {
    if (this.completions.has(key)) writeTx(this.o.db, () => this.flush(key));
  }

  private flush(key: Key): void {
    const c = this.completions.get(key);
    if (!c) return;
    this.completions.delete(key);
    completeJournalRow(this.o.db, c.journalId, c.wire.outcome, c.wire.resultCode, c.at);
  }

  moveAttempt(row: AttemptRow, event: AttemptEvent, c: Partial<AttemptChange> = {}, evidence?: Evidence): ReturnType<typeof transitionAttempt> {
    const { db, clock, sales } = this.o;
    const result = writeTx(db, () => {
      this.flush(`a:${row.id}`);
      const moved = transitionAttempt(db, event, { id: row.id, from: row.state, now: clock(), sales, ...withMismatch(c, evidence) });
      this.logMismatch('attempt', row.id, evidence);
      return moved;
    });
    this.o.tellAttempt(result.row);
    return result;
  }

  /** Bookkeeping without a state change (counters, next try, an inquiry's outbox row). */
  touch(row: AttemptRow, c: Partial<AttemptChange> = {}, evidence?: Evidence): ReturnType<typeof touchAttempt> {
    const { db, clock } = this.o;
    return writeTx(db, () => {
      this.flush(`a:${row.id}`);
      const touched = touchAttempt(db, { id: row.id, from: row.state, now: clock(), ...withMismatch(c, evidence) });
      this.logMismatch('attempt', row.id, evidence);
      return touched;
    });
  }

  moveRefund(row: RefundRow, event: 'send' | 'succeed' | 'fail' | 'lose_answer', c: Omit<RefundChange, 'id' | 'from' | 'now'>, evidence?: Evidence): ReturnType<typeof transitionRefund> {
    const { db, clock } = this.o;
    const result = writeTx(db, () => {
      this.flush(`r:${row.id}`);
      const moved = transitionRefund(db, event, { id: row.id, from: row.state, now: clock(), ...c, countMismatch: evidence?.mismatch !== undefined });
      this.logMismatch('refund', row.id, evidence);
      return moved;
    });
    this.o.tellRefund(result.row);
    return result;
  }

  /** A reply about another request goes to the hash-chained log with the fields that differed. */
  private logMismatch(subject: 'attempt' | 'refund', id: string, evidence: Evidence | undefined): void {
    if (!evidence?.mismatch) return;
    appendEvent(this.o.db, { type: `${subject}.reply_mismatch`, subject: id, at: this.o.clock(), data: { operation: evidence.operation, fields: evidence.mismatch } });
  }
}
