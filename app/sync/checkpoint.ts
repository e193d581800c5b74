// WAL checkpoints off the payment path. SQLite's automatic checkpoint runs inside whichever commit
// pushes the WAL past 1000 pages — now and then the very commit a scanned code waits on before it
// may leave, adding a second fsync (of the database file) to that payment. While the engine works
// this connection it checkpoints itself instead: right after a step settled (a payment answered,
// the next customer not yet scanned) and on its timer, at most once a second, only when something
// was committed since the last time. Other connections (the CLI) keep SQLite's default.
import type { Db } from '../store/db.ts';

const MIN_INTERVAL_MS = 1_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

export class Checkpointer {
  private queued = false;
  private lastAt = 0;
  private lastMark = '';
  private active = false;

  constructor(
    private readonly db: Db,
    private readonly onProblem: (message: string) => void,
  ) {}

  start(): void {
    try {
      this.db.pragma('wal_autocheckpoint = 0');
      this.active = true;
    } catch (err) {
      this.onProblem((err as Error).message);
    }
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // a closing database: the next connection starts with SQLite's default anyway
    }
  }

  /** After the current tick's work (never inside a send's tick): checkpoint if due. */
  soon(): void {
    if (!this.active || this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.run();
    });
  }

  private run(): void {
    if (!this.active || !this.db.open || this.db.inTransaction) return;
    const now = Date.now();
    if (now - this.lastAt < MIN_INTERVAL_MS) return;
    try {
      // Our own writes (total_changes) and other connections' commits (data_version).
      const mark = `${String(this.db.prepare('SELECT total_changes()').pluck().get())}|${String(this.db.pragma('data_version', { simple: true }))}`;
      if (mark === this.lastMark) return;
      this.db.pragma('wal_checkpoint(PASSIVE)');
      this.lastMark = mark;
      this.lastAt = now;
    } catch (err) {
      this.onProblem((err as Error).message);
    }
  }
}
