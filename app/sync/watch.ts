// Another process on the same data folder (`souq journal settle`, `souq refund`, `souq pay`, a second
// window's process) writes the same SQLite file, and this terminal's screens only hear about what
// its own engine does. This watcher notices other connections' commits and tells the screens.
//
// Noticing is cheap: PRAGMA data_version on our own connection changes only when ANOTHER connection
// committed (our own commits leave it alone), so polling it costs one tiny read and no file I/O
// beyond the WAL index. What changed is read exactly from the hash-chained event log: every state
// change of an attempt or refund appends `attempt.*` / `refund.*` with the row's id as subject, and
// `seq` only grows. Each such row is re-read and announced through the engine's own events, then
// the engine looks at the journal at once, so work another process left unfinished (an unknown
// attempt of a killed `souq pay`, a refund queued while the acquirer was down) is taken up now.
import { getAttemptRow, toAttemptView } from '../journal/attempts.ts';
import { getRefundRow, toRefundView } from '../journal/refunds.ts';
import { sql } from '../journal/tx.ts';
import type { Db } from '../store/db.ts';
import type { SyncEngine } from './engine.ts';

export interface JournalWatch {
  /** Looks now instead of at the next tick (also what the timer calls). */
  check(): void;
  close(): void;
}

export interface WatchOptions {
  db: Db;
  engine: SyncEngine;
  /** How often to ask SQLite whether another connection committed (ms). */
  intervalMs?: number;
}

/** Remembered announcements, so a change this process already told the screens about is not told twice. */
const REMEMBER = 2_000;

export function watchOtherWriters(opts: WatchOptions): JournalWatch {
  const { db, engine } = opts;
  const dataVersion = () => sql(db, 'PRAGMA data_version').pluck().get() as number;
  let version = dataVersion();
  let seq = sql(db, 'SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number;
  let closed = false;

  // What was last announced per attempt/refund (state + updated time): our own engine's moves land
  // in the same event log, interleaved with the other process's, and need not be announced again.
  const announced = new Map<string, string>();
  const remember = (key: string, stamp: string) => {
    announced.delete(key);
    announced.set(key, stamp);
    if (announced.size > REMEMBER) announced.delete(announced.keys().next().value!);
  };
  const onAttempt = (a: { paymentRequestId: string; state: string; updatedAt: string }) => remember(`a:${a.paymentRequestId}`, `${a.state}|${a.updatedAt}`);
  const onRefund = (r: { refundRequestId: string; state: string; updatedAt: string }) => remember(`r:${r.refundRequestId}`, `${r.state}|${r.updatedAt}`);
  engine.on('attempt', onAttempt);
  engine.on('refund', onRefund);

  const check = () => {
    if (closed) return;
    try {
      const now = dataVersion();
      if (now === version) return;
      const rows = sql(db, 'SELECT seq, type, subject FROM events WHERE seq > ? ORDER BY seq').all(seq) as { seq: number; type: string; subject: string | null }[];
      const attempts = new Set<string>();
      const refunds = new Set<string>();
      for (const r of rows) {
        seq = r.seq;
        if (!r.subject) continue;
        if (r.type.startsWith('attempt.')) attempts.add(r.subject);
        else if (r.type.startsWith('refund.')) refunds.add(r.subject);
      }
      for (const id of attempts) {
        const row = getAttemptRow(db, id);
        if (row && announced.get(`a:${id}`) !== `${row.state}|${row.updated_at}`) engine.emit('attempt', toAttemptView(row));
      }
      for (const id of refunds) {
        const row = getRefundRow(db, id);
        if (row && announced.get(`r:${id}`) !== `${row.state}|${row.updated_at}`) engine.emit('refund', toRefundView(row));
      }
      version = now; // only once told: a failed read is tried again on the next tick
      // Whatever the other process committed (new work, a settled attempt): the queue depth and due work.
      engine.kick();
    } catch (err) {
      // A read that failed (disk, lock): the next tick tries again; the screens re-read anyway.
      engine.emit('problem', { subject: 'watch', message: (err as Error).message });
    }
  };

  const timer = setInterval(check, opts.intervalMs ?? 500);
  timer.unref();
  return {
    check,
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      engine.off('attempt', onAttempt);
      engine.off('refund', onRefund);
    },
  };
}
