// Which engines work this journal now. The app and a `souq pay` (or a second window's process) may
// each run an engine on one SQLite file; a `sent` row found at start-up is "lost" (its answer will
// never come) only if no other live engine might have it on the wire. Each engine registers a
// settings row `engine.live.<uuid>` = {"pid":…}; rows of dead processes are dropped on the way.
import { randomUUID } from 'node:crypto';
import { sql, writeTx } from '../journal/tx.ts';
import type { Db } from '../store/db.ts';

const LIVE_PREFIX = 'engine.live.';
/** Beyond the link's timeout, before a request still marked sent is taken as answered by nobody. */
const LOST_ANSWER_GRACE_MS = 10_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Liveness {
  private readonly key = `${LIVE_PREFIX}${randomUUID()}`;
  private registered = false;

  constructor(
    private readonly db: Db,
    private readonly timeoutMs: number,
  ) {}

  /** Registers this engine; true when another live process's engine works the journal too. Throws on a database error. */
  register(at: string): boolean {
    return writeTx(this.db, () => {
      let others = false;
      for (const r of sql(this.db, `SELECT key, value FROM settings WHERE key LIKE '${LIVE_PREFIX}%'`).all() as { key: string; value: string }[]) {
        let pid = NaN;
        try {
          pid = Number((JSON.parse(r.value) as { pid?: unknown }).pid);
        } catch {
          // unreadable: treated as the leftover of a dead process
        }
        if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) others = true;
        else sql(this.db, 'DELETE FROM settings WHERE key = ?').run(r.key); // killed without close()
      }
      sql(this.db, 'INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(this.key, JSON.stringify({ pid: process.pid, since: at }));
      this.registered = true;
      return others;
    });
  }

  unregister(): void {
    if (!this.registered) return;
    try {
      sql(this.db, 'DELETE FROM settings WHERE key = ?').run(this.key);
    } catch {
      // A closing or full database: the next start sees this process gone and drops the row.
    }
  }

  /** A request marked sent before this instant has had more time than any reply can take. */
  lostBefore(now: Date): string {
    return new Date(now.getTime() - this.timeoutMs - LOST_ANSWER_GRACE_MS).toISOString();
  }
}
