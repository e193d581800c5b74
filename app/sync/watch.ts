// Another process on the same data folder (`souq journal settle`, `souq refund`, `souq pay`, a second
// window's process) writes the same SQLite file, and this terminal's screens only hear about what
// its own engine does. This watcher notices other connections' commits and tells the screens.
//
// Noticing is cheap: PRAGMA data_version on our own connection changes only when ANOTHER connection
// committed (our own commits leave it alone), so polling it costs one tiny read and no file I/O
// beyond the WAL index. What changed is read exactly from the hash-chained event log: every state
// change of an attempt or refund appends `attempt.*` / `refund.*` with the row's id as subject, and
// `seq` only grows. Each such row is re-read and handed to the owner (the engine announces it like
// its own moves), then the owner looks at the journal at once, so work another process left
// unfinished (an unknown attempt of a killed `souq pay`, a refund queued while the acquirer was
// down) is taken up now. The watcher knows nothing of the engine: it is told what was announced.
import { getAttemptRow, type AttemptRow } from '../journal/attempts.ts';
import { getRefundRow, type RefundRow } from '../journal/refunds.ts';
import { sql } from '../journal/tx.ts';
import type { Db } from '../store/db.ts';

export interface JournalWatch {
  /** Looks now instead of at the next tick (also what the timer calls). */
  check(): void;
  /** This process told the screens about this row as it is now: do not tell them again. */
  announced(kind: 'attempt' | 'refund', id: string, stamp: { state: string; updated_at: string }): void;
  close(): void;
}

export interface WatchOptions {
  db: Db;
  /** How often to ask SQLite whether another connection committed (ms). */
  intervalMs?: number;
  /** Another process moved these rows. */
  onAttempt: (row: AttemptRow) => void;
  onRefund: (row: RefundRow) => void;
  /** Another process committed something: look at the journal. */
  onCommit: () => void;
  onProblem: (message: string) => void;
}

/** Remembered announcements, so a change this process already told the screens about is not told twice. */
const REMEMBER = 2_000;

export function watchOtherWriters(opts: WatchOptions): JournalWatch {
  const { db } = opts;
  const dataVersion = () => sql(db, 'PRAGMA data_version').pluck().get() as number;
  let version = dataVersion();
  let seq = sql(db, 'SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number;
  let closed = false;

  // What was last announced per attempt/refund (state + updated time): our own engine's moves land
  // in the same event log, interleaved with the other process's, and need not be announced again.
  const told = new Map<string, string>();
  const remember = (key: string, stamp: string) => {
    told.delete(key);
    told.set(key, stamp);
    if (told.size > REMEMBER) told.delete(told.keys().next().value!);
  };

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
        if (row && told.get(`a:${id}`) !== `${row.state}|${row.updated_at}`) opts.onAttempt(row);
      }
      for (const id of refunds) {
        const row = getRefundRow(db, id);
        if (row && told.get(`r:${id}`) !== `${row.state}|${row.updated_at}`) opts.onRefund(row);
      }
      version = now; // only once told: a failed read is tried again on the next tick
      // Whatever the other process committed (new work, a settled attempt): the queue depth and due work.
      opts.onCommit();
    } catch (err) {
      // A read that failed (disk, lock): the next tick tries again; the screens re-read anyway.
      opts.onProblem((err as Error).message);
    }
  };

  const timer = setInterval(check, opts.intervalMs ?? 500);
  timer.unref();
  return {
    check,
    announced(kind, id, stamp) {
      remember(`${kind === 'attempt' ? 'a' : 'r'}:${id}`, `${stamp.state}|${stamp.updated_at}`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
    },
  };
}
