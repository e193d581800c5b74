// When the engine works on what: the due work of the journal (queries.ts), at most `concurrency`
// items at once, a timer for the next due instant, back-off for work that failed for a reason of
// ours (disk full, a bug), the queue depth for the screens, and drain() for `souq sync`.
import type { Db } from '../store/db.ts';
import { JournalError } from '../journal/errors.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { dueWork, nextDue, pendingCount } from './queries.ts';
import type { Key, Recorder } from './recorder.ts';

const MAX_TIMER_MS = 2_000; // re-read the clock at least this often: an injected clock can jump
export const WORK_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

export class SyncError extends Error {
  constructor(
    readonly code: 'DRAIN_TIMEOUT' | 'ENGINE_CLOSED',
    message: string,
  ) {
    super(message);
  }
}

export interface SchedulerOptions {
  db: Db;
  clock: () => Date;
  random: () => number;
  concurrency: number;
  recorder: Recorder;
  lostBefore: (now: Date) => string;
  /** The step for a due work item (an attempt or a refund). */
  step: (key: Key) => Promise<void>;
  onQueue: (depth: number) => void;
  onProblem: (subject: string, message: string) => void;
  /** A step settled, or the timer ticked: a moment off the send path (WAL checkpoints). */
  onQuiet?: () => void;
}

export class Scheduler {
  private readonly inflight = new Map<Key, Promise<void>>();
  /** Consecutive back-offs per work item (reset by an answer that moves it on). */
  private readonly failures = new Map<Key, number>();
  /** Work that failed for a reason of ours: not before this instant (ms, real time). */
  private readonly holdUntil = new Map<Key, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private closed = false;
  private lastDepth = -1;
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly o: SchedulerOptions) {}

  start(): void {
    this.running = true;
  }

  /** Some journal work is on the wire. */
  busy(): boolean {
    return this.inflight.size > 0;
  }

  hasRoom(): boolean {
    return this.inflight.size < this.o.concurrency;
  }

  depth(): number {
    return pendingCount(this.o.db, true);
  }

  /** Looks at the journal now: starts what is due, arms the timer for the rest. */
  pump(): void {
    if (!this.running || this.closed) return;
    let pending: number;
    try {
      const nowIso = this.o.clock().toISOString();
      const realNow = Date.now();
      const limit = this.o.concurrency;
      if (this.inflight.size < limit) {
        const due = dueWork(this.o.db, nowIso, this.o.lostBefore(new Date(nowIso)), limit * 4 + this.inflight.size + this.holdUntil.size);
        for (const k of due) {
          if (this.inflight.size >= limit) break;
          if (this.inflight.has(k)) continue;
          if ((this.holdUntil.get(k) ?? 0) > realNow) continue;
          this.run(k);
        }
      }
      this.armTimer(nowIso);
      pending = pendingCount(this.o.db, true);
    } catch (err) {
      // The database itself failed (disk, lock): try again shortly rather than stop working.
      this.o.onProblem('engine', (err as Error).message);
      this.armTimer(null);
      return;
    }
    if (pending !== this.lastDepth) {
      this.lastDepth = pending;
      this.o.onQueue(pending);
    }
    if (this.drainWaiters.length > 0 && this.inflight.size === 0 && pendingCount(this.o.db, false) === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  /** Runs `step` (default: the item's own step) as the one piece of work in flight for `key`. */
  run(key: Key, step?: () => Promise<void>): void {
    const id = key.slice(2);
    const work = (async () => {
      try {
        await (step ? step() : this.o.step(key));
        this.holdUntil.delete(key);
      } catch (err) {
        if (err instanceof JournalError && err.code === 'STALE_STATE') {
          // Someone else (the cashier, another process) moved it first: look again from the top.
          return;
        }
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.holdUntil.set(key, Date.now() + backoffDelay(WORK_BACKOFF, n, this.o.random));
        this.o.onProblem(id, (err as Error).message);
      }
    })();
    this.inflight.set(key, work);
    void work.finally(() => {
      this.inflight.delete(key);
      try {
        this.o.recorder.flushAlone(key);
      } catch (err) {
        this.o.onProblem(id, (err as Error).message);
      }
      this.pump();
      this.o.onQuiet?.();
    });
  }

  /** An instant after a growing, jittered back-off for `key`. */
  later(key: Key, policy: BackoffPolicy): string {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return new Date(this.o.clock().getTime() + backoffDelay(policy, n, this.o.random)).toISOString();
  }

  after(ms: number): string {
    return new Date(this.o.clock().getTime() + ms).toISOString();
  }

  /** An answer moved `key` on: its next back-off starts from the beginning. */
  forget(key: Key): void {
    this.failures.delete(key);
  }

  /** The acquirer is back: every back-off starts from the beginning. */
  forgetAll(): void {
    this.failures.clear();
  }

  drain(timeoutMs: number | undefined, pendingWords: () => number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timeout: NodeJS.Timeout | null = null;
      const done = () => {
        if (timeout) clearTimeout(timeout);
        resolve();
      };
      this.drainWaiters.push(done);
      if (timeoutMs !== undefined) {
        timeout = setTimeout(() => {
          this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
          reject(new SyncError('DRAIN_TIMEOUT', `The journal did not settle within ${Math.round(timeoutMs / 1000)} s (${pendingWords()} entries still pending; is the acquirer reachable?)`));
        }, timeoutMs);
      }
    });
  }

  /** Stops the timer and waits for the work in flight (abandoned by the caller's abort). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inflight.values()]);
    for (const w of this.drainWaiters.splice(0)) w();
  }

  private armTimer(nowIso: string | null): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    let delay = MAX_TIMER_MS;
    if (nowIso) {
      const next = nextDue(this.o.db, nowIso);
      if (next) delay = Math.min(delay, Math.max(0, Date.parse(next) - Date.parse(nowIso)));
      const holds = [...this.holdUntil.values()].map((t) => t - Date.now()).filter((d) => d > 0);
      if (holds.length) delay = Math.min(delay, ...holds);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
      this.o.onQuiet?.();
    }, delay);
  }
}
