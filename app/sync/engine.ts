// The sync engine: works the journal. Every request it makes was committed to SQLite (state,
// outbox row, exact body) before it goes on the wire, and every answer is committed before the
// next request, so a crash at any point leaves a row that says what to do next; start() picks all
// of them up again.
//
// What it does per attempt (ACQUIRER.md, DESIGN.md "offline"):
// - created: send, but never after valid_until (then `expire`). While the link is known to be down,
//   a young code waits and the link is probed about every second with a (harmless) inquiry.
// - sent found at start-up: the answer was lost (`lose_answer`) → unknown.
// - unknown: inquire every inquiryIntervalMs up to inquiryMaxTries answered tries (no answer at all
//   does not use up a try: the acquirer said nothing), then cancel. ORDER_NOT_EXIST inside the window
//   resends the identical body under the same id; after it, the attempt failed (nothing charged).
// - awaiting_customer (order QR): poll until paid / failed / cancelled; past the QR's expiry, cancel.
// - cancelling: cancel, retried with back-off as long as needed. Refused (ORDER_STATUS_INVALID,
//   CANCEL_WINDOW_EXCEED) or past the cancel cut-off (UTC+8): inquire; paid → a full refund
//   (purpose reversal) and the attempt is cancelled when that refund is refunded.
// - refunds: send; no answer → retry with the same refundRequestId (the same bytes) for ever.
//
// drain() resolves when nothing is in flight or due — except attempts that legitimately wait for a
// customer (awaiting_customer: the QR is on the screen) and those waiting for a person
// (needs_attention): waiting for them would make `souq sync` hang on a shopper.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AttemptView } from '../api/views.ts';
import type { AcquirerLink, AcquirerOperation, AcquirerReply } from '../acquirer/link.ts';
import { inquiryBody, cancelBody } from '../acquirer/antom/requests.ts';
import {
  cancelOutcome,
  failWords,
  inquiryOutcome,
  payOutcome,
  refundOutcome,
  type InquiryOutcome,
  type PayOutcome,
  type Unknown,
} from '../acquirer/antom/results.ts';
import { ORDER_CODE_EXPIRED, type AttemptEvent } from '../domain/attempt.ts';
import { assertNever } from '../domain/never.ts';
import { cancelCutoff } from '../domain/time.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import type { Db } from '../store/db.ts';
import {
  getAttemptRow,
  toAttemptView,
  touchAttempt,
  transitionAttempt,
  type AttemptChange,
  type AttemptPatch,
  type AttemptRow,
} from '../journal/attempts.ts';
import { JournalError } from '../journal/errors.ts';
import { createRefund, getRefundRow, refundsForAttempt, toRefundView, transitionRefund, type RefundRow, type RefundView } from '../journal/refunds.ts';
import { salesPort, type SalesPort } from '../journal/sales-port.ts';
import { completeJournalRow, sql, writeTx } from '../journal/tx.ts';
import { settleByInquiry } from '../journal/inquiry.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { watchOtherWriters, type JournalWatch } from './watch.ts';

export interface LinkState {
  online: boolean;
  /** false until the first request settled: `online` is then only optimism. */
  known: boolean;
  since: string;
}

export interface SyncEngineOptions {
  db: Db;
  link: AcquirerLink;
  config: TerminalConfig;
  clock?: () => Date;
  sales?: SalesPort;
  random?: () => number;
  /** Retry cadence for a young payment code while the link is down (ms). */
  outageRetryMs?: number;
  /** How often to probe an unreachable acquirer when no journal work does it anyway (ms); six times that while it answers. */
  linkProbeMs?: number;
  /** How often to look for commits by other processes on this journal (ms; watch.ts). */
  watchMs?: number;
}

export interface SyncEngineEvents {
  attempt: [AttemptView];
  refund: [RefundView];
  link: [LinkState];
  queue: [{ depth: number }];
  /** A step failed for a reason of ours (disk full, a bug): it is retried with back-off. */
  problem: [{ subject: string; message: string }];
}

export class SyncError extends Error {
  constructor(
    readonly code: 'DRAIN_TIMEOUT' | 'ENGINE_CLOSED',
    message: string,
  ) {
    super(message);
  }
}

const MAX_TIMER_MS = 2_000; // re-read the clock at least this often: an injected clock can jump
/** Beyond the link's timeout, before a request still marked sent is taken as answered by nobody. */
const LOST_ANSWER_GRACE_MS = 10_000;

const WORK_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };
/** settings rows `engine.live.<id>` = {"pid":…}: which engines work this journal now (see start()). */
const LIVE_PREFIX = 'engine.live.';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Key = string; // 'a:<id>' | 'r:<id>'

export class SyncEngine extends EventEmitter<SyncEngineEvents> {
  readonly db: Db;
  readonly link: AcquirerLink;
  readonly config: TerminalConfig;
  private readonly clock: () => Date;
  private readonly sales: SalesPort;
  private readonly random: () => number;
  private readonly outageRetryMs: number;
  private readonly linkProbeMs: number;
  private readonly watchMs: number;
  private watch: JournalWatch | null = null;
  private readonly liveKey = `${LIVE_PREFIX}${randomUUID()}`;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;

  private readonly inflight = new Map<Key, Promise<void>>();
  /** Consecutive back-offs per work item (reset by an answer that moves it on). */
  private readonly failures = new Map<Key, number>();
  /** Work that failed for a reason of ours: not before this instant (ms, real time). */
  private readonly holdUntil = new Map<Key, number>();
  /** Attempts whose cancel the acquirer refused: inquire (and refund if paid) instead. */
  private readonly cancelRefused = new Set<string>();
  /** Answers received but not yet written to their journal row, per work item. */
  private readonly completions = new Map<Key, { journalId: number; outcome: string; resultCode: string | null; at: Date }>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  private linkState: LinkState;
  private lastDepth = -1;
  private drainWaiters: (() => void)[] = [];

  constructor(opts: SyncEngineOptions) {
    super();
    this.db = opts.db;
    this.link = opts.link;
    this.config = opts.config;
    this.clock = opts.clock ?? (() => new Date());
    this.sales = opts.sales ?? salesPort;
    this.random = opts.random ?? Math.random;
    this.outageRetryMs = opts.outageRetryMs ?? 1_000;
    this.linkProbeMs = opts.linkProbeMs ?? 5_000;
    this.watchMs = opts.watchMs ?? 500;
    this.linkState = { online: true, known: false, since: this.clock().toISOString() };
  }

  // ── public ─────────────────────────────────────────────────────────────────────────────────

  /** Resumes everything non-final (after a crash too), then works the journal until close(). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    const now = this.clock();
    const at = now.toISOString();
    // A request on the wire when the process stopped: its answer is lost, find out by inquiry.
    // But while another engine works this journal (the app, a `souq pay`), a young `sent` row may
    // be its request, still on the wire: declaring it lost would send it again. The lost-answer
    // rule of pump() takes such a row up once it is older than any reply can take.
    const sharedBefore = this.registerLive(at) ? this.lostBefore(now) : null;
    const ours = (r: { sent_at: string | null }) => sharedBefore === null || r.sent_at === null || r.sent_at <= sharedBefore;
    for (const row of (sql(this.db, "SELECT * FROM attempts WHERE state = 'sent'").all() as AttemptRow[]).filter(ours)) {
      this.guard(`a:${row.id}`, () =>
        this.moveAttempt(row, 'lose_answer', { patch: { next_try_at: at, last_error: 'The terminal stopped while this request was on its way' } }),
      );
    }
    for (const row of (sql(this.db, "SELECT * FROM refunds WHERE state = 'sent'").all() as RefundRow[]).filter(ours)) {
      this.guard(`r:${row.id}`, () =>
        this.moveRefund(row, 'lose_answer', { patch: { next_try_at: at, last_error: 'The terminal stopped while this refund was on its way' } }),
      );
    }
    // Everything else that is pending goes now, not at whatever back-off it had before the restart.
    writeTx(this.db, () => {
      sql(this.db, `UPDATE attempts SET next_try_at = ? WHERE state IN ('created', 'unknown', 'awaiting_customer', 'cancelling')`).run(at);
      sql(this.db, `UPDATE refunds SET next_try_at = ? WHERE state IN ('created', 'refund_unknown')`).run(at);
    });
    this.pump();
    // The cashier's screen shows online/offline from the first second, not from the first payment.
    this.scheduleProbe(0);
    // The CLI or a second window's process on the same journal: their changes reach our screens,
    // and work they left unfinished is taken up at once rather than at the next timer.
    this.watch = watchOtherWriters({ db: this.db, engine: this, intervalMs: this.watchMs });
  }

  /** Registers this engine as working the journal; true when another live process's engine does too. */
  private registerLive(at: string): boolean {
    try {
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
        sql(this.db, 'INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(this.liveKey, JSON.stringify({ pid: process.pid, since: at }));
        return others;
      });
    } catch (err) {
      // Not knowing is the old behaviour (every `sent` row is ours to settle), not a reason to stop.
      this.emit('problem', { subject: 'engine', message: (err as Error).message });
      return false;
    }
  }

  /** A request marked sent before this instant has had more time than any reply can take. */
  private lostBefore(now: Date): string {
    return new Date(now.getTime() - (this.config.acquirer?.timeoutMs ?? 5_000) - LOST_ANSWER_GRACE_MS).toISOString();
  }

  /** New work was journalled (or the clock moved): look at the journal now. */
  kick(): void {
    this.pump();
  }

  linkStatus(): LinkState {
    return { ...this.linkState };
  }

  queueDepth(): number {
    return this.pendingCount(true);
  }

  /**
   * Journals a new attempt with `create` and, when the link is not known to be down and a slot is
   * free, commits its send in the SAME transaction and puts it on the wire at once: the scan reaches
   * the acquirer after one fsync instead of two. Otherwise it waits in `created` like any other work.
   */
  submitAttempt(create: () => AttemptRow): AttemptRow {
    const linkDown = this.linkState.known && !this.linkState.online;
    if (!this.started || this.closed || linkDown || this.inflight.size >= this.config.sync.concurrency) {
      const row = create();
      this.announceAttempt(row);
      return row;
    }
    const { created, sent, journalId } = writeTx(this.db, () => {
      const row = create();
      const moved = transitionAttempt(this.db, 'send', {
        id: row.id,
        from: 'created',
        now: this.clock(),
        sales: this.sales,
        patch: { sent_at: this.clock().toISOString(), next_try_at: null },
        increment: ['try_count'],
        journal: { operation: 'pay', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
      });
      return { created: row, sent: moved.row, journalId: moved.journalId };
    });
    this.emit('attempt', toAttemptView(created));
    this.emit('attempt', toAttemptView(sent));
    const key = `a:${sent.id}`;
    this.run(key, async () => {
      const reply = await this.send(key, 'pay', sent.request_body, journalId);
      if (this.closed) return;
      this.onPayReply(sent, payOutcome(reply, sent.scenario));
    });
    this.pump();
    return sent;
  }

  /** Tell listeners about an attempt changed outside the engine (created, cancelled by the cashier). */
  announceAttempt(row: AttemptRow): void {
    this.emit('attempt', toAttemptView(row));
    this.pump();
  }

  announceRefund(row: RefundRow): void {
    this.emit('refund', toRefundView(row));
    this.pump();
  }

  /**
   * Resolves when nothing is in flight or waiting, except attempts waiting for a customer
   * (awaiting_customer) or a person (needs_attention). With `timeoutMs`, rejects with
   * DRAIN_TIMEOUT if that takes longer (e.g. the acquirer stays unreachable).
   */
  drain(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new SyncError('ENGINE_CLOSED', 'The sync engine is closed'));
    return new Promise<void>((resolve, reject) => {
      let timeout: NodeJS.Timeout | null = null;
      const done = () => {
        if (timeout) clearTimeout(timeout);
        resolve();
      };
      this.drainWaiters.push(done);
      if (opts.timeoutMs !== undefined) {
        timeout = setTimeout(() => {
          this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
          reject(new SyncError('DRAIN_TIMEOUT', `The journal did not settle within ${Math.round(opts.timeoutMs! / 1000)} s (${this.pendingCount(false)} entries still pending; is the acquirer reachable?)`));
        }, opts.timeoutMs);
      }
      if (!this.started) this.start();
      else this.pump();
    });
  }

  /** Stops timers and abandons requests in flight (their rows stay `sent` → resumed next start). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watch?.close();
    if (this.started) {
      try {
        sql(this.db, 'DELETE FROM settings WHERE key = ?').run(this.liveKey);
      } catch {
        // A closing or full database: the next start sees this process gone and drops the row.
      }
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inflight.values()]);
    for (const w of this.drainWaiters.splice(0)) w();
  }

  // ── scheduling ─────────────────────────────────────────────────────────────────────────────

  private pendingCount(includeWaitingForCustomer: boolean): number {
    const states = includeWaitingForCustomer ? "('created', 'sent', 'unknown', 'cancelling', 'awaiting_customer')" : "('created', 'sent', 'unknown', 'cancelling')";
    const a = (sql(this.db, `SELECT COUNT(*) AS n FROM attempts WHERE state IN ${states}`).get() as { n: number }).n;
    const r = (sql(this.db, "SELECT COUNT(*) AS n FROM refunds WHERE state IN ('created', 'sent', 'refund_unknown')").get() as { n: number }).n;
    return a + r;
  }

  private pump(): void {
    if (!this.started || this.closed) return;
    let pending: number;
    try {
      const nowIso = this.clock().toISOString();
      const realNow = Date.now();
      const limit = this.config.sync.concurrency;
      // A request on the wire far longer than any reply can take, and not ours in flight: its
      // answer was lost without a restart (our step failed after the send, or another process
      // sharing this journal — a `souq pay` — was killed). Stepping it moves it to unknown.
      const lostBefore = this.lostBefore(new Date(nowIso));
      if (this.inflight.size < limit) {
        // Ties (everything is due at once after a restart) go to the payment whose window closes
        // first: a refund can wait, a customer's code cannot.
        const due = sql(
          this.db,
          `SELECT 'a:' || id AS k, next_try_at, 0 AS p, valid_until AS v FROM attempts WHERE state IN ('created', 'unknown', 'awaiting_customer', 'cancelling') AND next_try_at IS NOT NULL AND next_try_at <= ?
           UNION ALL
           SELECT 'r:' || id AS k, next_try_at, 1 AS p, NULL AS v FROM refunds WHERE state IN ('created', 'refund_unknown') AND next_try_at IS NOT NULL AND next_try_at <= ?
           UNION ALL
           SELECT 'a:' || id AS k, sent_at, 0 AS p, valid_until AS v FROM attempts WHERE state = 'sent' AND sent_at <= ?
           UNION ALL
           SELECT 'r:' || id AS k, sent_at, 1 AS p, NULL AS v FROM refunds WHERE state = 'sent' AND sent_at <= ?
           ORDER BY next_try_at, p, v LIMIT ?`,
        ).all(nowIso, nowIso, lostBefore, lostBefore, limit * 4 + this.inflight.size + this.holdUntil.size) as { k: string }[];
        for (const { k } of due) {
          if (this.inflight.size >= limit) break;
          if (this.inflight.has(k)) continue;
          if ((this.holdUntil.get(k) ?? 0) > realNow) continue;
          this.run(k);
        }
      }
      this.armTimer(nowIso);
      pending = this.pendingCount(true);
    } catch (err) {
      // The database itself failed (disk, lock): try again shortly rather than stop working.
      this.emit('problem', { subject: 'engine', message: (err as Error).message });
      this.armTimer(null);
      return;
    }
    if (pending !== this.lastDepth) {
      this.lastDepth = pending;
      this.emit('queue', { depth: pending });
    }
    if (this.drainWaiters.length > 0 && this.inflight.size === 0 && this.pendingCount(false) === 0) {
      for (const w of this.drainWaiters.splice(0)) w();
    }
  }

  private armTimer(nowIso: string | null): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    let delay = MAX_TIMER_MS;
    if (nowIso) {
      const next = sql(
        this.db,
        `SELECT MIN(t) AS t FROM (
           SELECT MIN(next_try_at) AS t FROM attempts WHERE state IN ('created', 'unknown', 'awaiting_customer', 'cancelling') AND next_try_at > ?
           UNION ALL SELECT MIN(next_try_at) FROM refunds WHERE state IN ('created', 'refund_unknown') AND next_try_at > ?)`,
      ).get(nowIso, nowIso) as { t: string | null };
      if (next.t) delay = Math.min(delay, Math.max(0, Date.parse(next.t) - Date.parse(nowIso)));
      const holds = [...this.holdUntil.values()].map((t) => t - Date.now()).filter((d) => d > 0);
      if (holds.length) delay = Math.min(delay, ...holds);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }

  private run(key: Key, step?: () => Promise<void>): void {
    const id = key.slice(2);
    const work = (async () => {
      try {
        if (step) await step();
        else if (key.startsWith('a:')) await this.stepAttempt(id);
        else await this.stepRefund(id);
        this.holdUntil.delete(key);
      } catch (err) {
        if (err instanceof JournalError && err.code === 'STALE_STATE') {
          // Someone else (the cashier, another process) moved it first: look again from the top.
          return;
        }
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.holdUntil.set(key, Date.now() + backoffDelay(WORK_BACKOFF, n, this.random));
        this.emit('problem', { subject: id, message: (err as Error).message });
      }
    })();
    this.inflight.set(key, work);
    void work.finally(() => {
      this.inflight.delete(key);
      if (this.completions.has(key)) {
        try {
          writeTx(this.db, () => this.flushCompletion(key));
        } catch (err) {
          this.emit('problem', { subject: id, message: (err as Error).message });
        }
      }
      this.pump();
    });
  }

  /** Runs a synchronous journal step, reporting (not throwing) a failure. */
  private guard(key: Key, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof JournalError && err.code === 'STALE_STATE') return;
      this.emit('problem', { subject: key.slice(2), message: (err as Error).message });
    }
  }

  // ── link ───────────────────────────────────────────────────────────────────────────────────

  private async send(key: Key, op: AcquirerOperation, body: string, journalId: number | null): Promise<AcquirerReply> {
    const reply = await this.link.send(op, body, { signal: this.abort.signal });
    if (this.closed) return reply;
    const now = this.clock();
    if (journalId !== null) {
      // Recorded in the transaction of whatever this answer leads to (one fsync, not two); run()
      // writes it on its own if the step ends without another write.
      const outcome = reply.kind === 'answered' ? reply.result.resultStatus : reply.reason === 'http' ? `http_${reply.httpStatus ?? 0}` : reply.reason;
      this.completions.set(key, { journalId, outcome, resultCode: reply.kind === 'answered' ? reply.result.resultCode : null, at: now });
    }
    this.noteLink(reply.kind === 'answered' || (reply.reason !== 'network' && reply.reason !== 'timeout'), now);
    return reply;
  }

  /** Writes the outcome of the last request of `key` into the journal (call inside a write transaction). */
  private flushCompletion(key: Key): void {
    const c = this.completions.get(key);
    if (!c) return;
    this.completions.delete(key);
    completeJournalRow(this.db, c.journalId, c.outcome, c.resultCode, c.at);
  }

  private scheduleProbe(delayMs: number): void {
    if (this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe();
    }, delayMs);
  }

  /**
   * Asks the acquirer about an id that never exists (a read that changes nothing there, hence not
   * journalled) to learn whether it answers. Only when no journal work is on the wire: real
   * requests tell the same thing, and the probe must not take a slot from them.
   */
  private async probe(): Promise<void> {
    if (this.closed || this.probing) return;
    if (this.inflight.size === 0) {
      this.probing = true;
      try {
        const reply = await this.link.send('inquiry', inquiryBody(`${this.config.terminalId}-LINK-PROBE`), { signal: this.abort.signal });
        if (this.closed) return;
        this.noteLink(reply.kind === 'answered' || (reply.reason !== 'network' && reply.reason !== 'timeout'), this.clock());
        this.pump();
      } catch (err) {
        this.emit('problem', { subject: 'link', message: (err as Error).message });
      } finally {
        this.probing = false;
      }
    }
    // While it answers, a probe now and then notices an outage on an idle terminal.
    this.scheduleProbe(this.linkState.online && this.linkState.known ? this.linkProbeMs * 6 : this.linkProbeMs);
  }

  private noteLink(online: boolean, now: Date): void {
    const wasDown = !this.linkState.online;
    if (this.linkState.online === online && this.linkState.known) return;
    this.linkState = { online, known: true, since: now.toISOString() };
    this.emit('link', this.linkStatus());
    if (!online) {
      if (this.probeTimer) clearTimeout(this.probeTimer);
      this.probeTimer = null;
      this.scheduleProbe(this.linkProbeMs);
    }
    if (online && wasDown) {
      // Everything that was backing off because the acquirer was unreachable goes now.
      const at = now.toISOString();
      writeTx(this.db, () => {
        sql(this.db, `UPDATE attempts SET next_try_at = ? WHERE state IN ('created', 'unknown', 'cancelling') AND next_try_at > ?`).run(at, at);
        sql(this.db, `UPDATE refunds SET next_try_at = ? WHERE state IN ('created', 'refund_unknown') AND next_try_at > ?`).run(at, at);
      });
      this.failures.clear();
    }
  }

  private later(key: Key, policy: BackoffPolicy): string {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return new Date(this.clock().getTime() + backoffDelay(policy, n, this.random)).toISOString();
  }

  private after(ms: number): string {
    return new Date(this.clock().getTime() + ms).toISOString();
  }

  /** When to look again at an attempt whose request got no usable answer. */
  private retryAt(row: AttemptRow, u: Unknown, cadenceMs: number): string {
    const key = `a:${row.id}`;
    const young = row.valid_until !== null && this.clock().getTime() <= Date.parse(row.valid_until);
    if (u.rateLimited) return this.later(key, { baseMs: cadenceMs * 2, capMs: 60_000 });
    // A young code during an outage: try about every second so it goes out as soon as the link is back.
    if (u.linkDown && young && (row.state === 'created' || row.state === 'unknown' || row.state === 'sent')) return this.after(this.outageRetryMs);
    if (u.noAnswer) return this.later(key, { baseMs: Math.min(cadenceMs, 1_000), capMs: 15_000 });
    return this.after(cadenceMs);
  }

  // ── attempts ───────────────────────────────────────────────────────────────────────────────

  private moveAttempt(row: AttemptRow, event: AttemptEvent, c: Partial<AttemptChange> = {}): ReturnType<typeof transitionAttempt> {
    const result = writeTx(this.db, () => {
      this.flushCompletion(`a:${row.id}`);
      return transitionAttempt(this.db, event, { id: row.id, from: row.state, now: this.clock(), sales: this.sales, ...c });
    });
    this.emit('attempt', toAttemptView(result.row));
    return result;
  }

  private touch(row: AttemptRow, c: Partial<AttemptChange> = {}): ReturnType<typeof touchAttempt> {
    return writeTx(this.db, () => {
      this.flushCompletion(`a:${row.id}`);
      return touchAttempt(this.db, { id: row.id, from: row.state, now: this.clock(), ...c });
    });
  }

  private async stepAttempt(id: string): Promise<void> {
    const row = getAttemptRow(this.db, id);
    if (!row) return;
    const now = this.clock();
    switch (row.state) {
      case 'created':
        return this.stepCreated(row, now);
      case 'sent':
        // Picked as due while another process sent it: its request, on the wire, is not lost.
        if (row.sent_at !== null && row.sent_at > this.lostBefore(now)) return;
        this.moveAttempt(row, 'lose_answer', { patch: { next_try_at: now.toISOString() } });
        return;
      case 'unknown':
        return this.stepUnknown(row, now);
      case 'awaiting_customer':
        return this.stepAwaiting(row, now);
      case 'cancelling':
        return this.stepCancelling(row, now);
      case 'succeeded':
      case 'failed':
      case 'cancelled':
      case 'expired':
      case 'needs_attention':
        return;
      default:
        return assertNever(row.state, 'attempt state');
    }
  }

  private async stepCreated(row: AttemptRow, now: Date): Promise<void> {
    if (row.valid_until && now.getTime() > Date.parse(row.valid_until)) {
      this.moveAttempt(row, 'expire', {
        patch: {
          next_try_at: null,
          result_code: 'CODE_WINDOW_PASSED',
          result_message: 'The payment could not be sent within the code window (the acquirer was unreachable): nothing was charged. Ask for a fresh code.',
        },
      });
      return;
    }
    if (this.linkState.known && !this.linkState.online) {
      // The link is down: probe with an inquiry about this very id (it changes nothing at the
      // acquirer) and send the pay only once something answers, so a code that never leaves the
      // terminal ends `expired`, not `unknown`.
      const probe = this.touch(row, { journal: { operation: 'inquiry', path: this.link.pathFor('inquiry'), body: inquiryBody(row.id), idempotencyKey: row.id } });
      const reply = await this.send(`a:${row.id}`, 'inquiry', inquiryBody(row.id), probe.journalId);
      if (this.closed) return;
      if (reply.kind === 'no_answer' && (reply.reason === 'network' || reply.reason === 'timeout')) {
        const next = Math.min(this.clock().getTime() + this.outageRetryMs, Date.parse(row.valid_until ?? now.toISOString()) + 1);
        this.touch(probe.row, { patch: { next_try_at: new Date(next).toISOString(), last_error: reply.detail } });
        return;
      }
      const fresh = getAttemptRow(this.db, row.id);
      if (!fresh || fresh.state !== 'created') return;
      return this.sendPay(fresh, 'send');
    }
    return this.sendPay(row, 'send');
  }

  /** Commits the send (state, counter, outbox row), then puts the identical body on the wire. */
  private async sendPay(row: AttemptRow, event: 'send' | 'resend'): Promise<void> {
    const nowIso = this.clock().toISOString();
    const { row: sent, journalId } = this.moveAttempt(row, event, {
      patch: { sent_at: nowIso, next_try_at: null, last_error: null },
      increment: ['try_count'],
      journal: { operation: 'pay', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
    });
    const reply = await this.send(`a:${row.id}`, 'pay', sent.request_body, journalId);
    if (this.closed) return;
    this.onPayReply(sent, payOutcome(reply, sent.scenario));
  }

  private onPayReply(row: AttemptRow, o: PayOutcome): void {
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'succeed':
        this.failures.delete(key);
        this.moveAttempt(row, 'succeed', {
          patch: { result_status: 'S', result_code: 'SUCCESS', result_message: null, payment_id: o.paymentId, payment_time: o.paymentTime, psp_name: o.pspName, customer_id: o.customerId, next_try_at: null, last_error: null },
        });
        return;
      case 'qr_created':
        this.failures.delete(key);
        this.moveAttempt(row, 'qr_created', {
          patch: { result_status: 'S', result_code: 'SUCCESS', payment_id: o.paymentId, order_code: o.orderCode, order_expires_at: o.orderExpiresAt, next_try_at: this.after(this.config.payment.inquiryIntervalMs) },
        });
        return;
      case 'fail':
        this.moveAttempt(row, 'fail', {
          patch: { result_status: 'F', result_code: o.code, result_message: o.class === 'config' ? failWords(o) : o.message, next_try_at: null, last_error: o.class === 'config' ? o.message : null },
          data: { class: o.class },
        });
        return;
      case 'unknown':
        this.moveAttempt(row, 'lose_answer', {
          patch: { result_status: o.noAnswer ? null : 'U', result_code: o.code, last_error: o.message, next_try_at: this.retryAt(row, o, this.config.payment.inquiryIntervalMs) },
        });
        return;
      case 'our_bug':
        this.moveAttempt(row, 'escalate', {
          patch: {
            result_status: 'F',
            result_code: o.code,
            result_message: 'The acquirer saw this payment id with a different request: a terminal bug. Check the payment in the acquirer portal and settle it by hand; it is not retried.',
            next_try_at: null,
            last_error: o.message,
          },
        });
        return;
      default:
        return assertNever(o, 'pay outcome');
    }
  }

  private async inquire(row: AttemptRow, countTry: boolean): Promise<{ row: AttemptRow; outcome: InquiryOutcome } | null> {
    const body = inquiryBody(row.id);
    const t = this.touch(row, { journal: { operation: 'inquiry', path: this.link.pathFor('inquiry'), body, idempotencyKey: row.id } });
    const reply = await this.send(`a:${row.id}`, 'inquiry', body, t.journalId);
    if (this.closed) return null;
    const outcome = inquiryOutcome(reply);
    const fresh = getAttemptRow(this.db, row.id);
    if (!fresh || fresh.state !== row.state) return null; // moved meanwhile (cashier cancel): start over
    // Only an acquirer that answered uses up one of the inquiry tries.
    if (countTry && outcome.kind !== 'config' && !(outcome.kind === 'unknown' && outcome.noAnswer)) {
      return { row: this.touch(fresh, { increment: ['inquiry_count'] }).row, outcome };
    }
    return { row: fresh, outcome };
  }

  private async stepUnknown(row: AttemptRow, _now: Date): Promise<void> {
    const cfg = this.config.payment;
    if (row.inquiry_count >= cfg.inquiryMaxTries) {
      this.moveAttempt(row, 'cancel', { patch: { next_try_at: this.clock().toISOString(), last_error: `No final answer after ${row.inquiry_count} inquiries: cancelling` } });
      return;
    }
    const r = await this.inquire(row, true);
    if (!r) return;
    const cur = r.row;
    const young = cur.valid_until !== null && this.clock().getTime() <= Date.parse(cur.valid_until);
    const answer = settleByInquiry(r.outcome, cur, { codeWindowClosed: !young });
    if ('settlement' in answer) {
      this.moveAttempt(cur, answer.settlement.event, { patch: answer.settlement.patch });
      return;
    }
    const o = answer.open;
    switch (o.kind) {
      case 'processing':
        this.touch(cur, { patch: { next_try_at: this.after(cfg.inquiryIntervalMs) } });
        return;
      case 'resend_if_young': // never received, and the customer's code is still valid
        return this.sendPay(cur, 'resend');
      case 'config':
        this.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: this.later(`a:${cur.id}`, WORK_BACKOFF) } });
        return;
      case 'unknown':
        this.touch(cur, { patch: { last_error: o.message, next_try_at: this.retryAt(cur, o, cfg.inquiryIntervalMs) } });
        return;
      default:
        return assertNever(o, 'inquiry outcome');
    }
  }

  private async stepAwaiting(row: AttemptRow, now: Date): Promise<void> {
    const cfg = this.config.payment;
    const expiresAt = row.order_expires_at ? Date.parse(row.order_expires_at) : Date.parse(row.created_at) + cfg.paymentExpiryMinutes * 60_000;
    if (Number.isFinite(expiresAt) && now.getTime() > expiresAt) {
      // Marked so the confirmed cancel ends `expired` (stepCancelling): the QR ran out, nobody cancelled it.
      this.moveAttempt(row, 'cancel', { patch: { next_try_at: now.toISOString(), result_code: ORDER_CODE_EXPIRED, result_message: 'The QR code expired before the customer paid', last_error: 'The QR code expired before the customer paid: cancelling' } });
      return;
    }
    const r = await this.inquire(row, false);
    if (!r) return;
    const cur = r.row;
    // A QR order has no record until the customer scans it: "not found" is waiting, not final.
    const answer = settleByInquiry(r.outcome, cur, { codeWindowClosed: false });
    if ('settlement' in answer) {
      // The acquirer closed the order unpaid because its time was up: the QR expired.
      const ranOut = answer.settlement.event === 'fail' && answer.settlement.patch.result_code === 'ORDER_IS_CLOSED';
      this.moveAttempt(cur, ranOut ? 'expire' : answer.settlement.event, { patch: answer.settlement.patch });
      return;
    }
    const o = answer.open;
    switch (o.kind) {
      case 'processing':
      case 'resend_if_young':
        this.touch(cur, { patch: { next_try_at: this.after(cfg.inquiryIntervalMs) } });
        return;
      case 'config':
        this.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: this.later(`a:${cur.id}`, WORK_BACKOFF) } });
        return;
      case 'unknown':
        this.touch(cur, { patch: { last_error: o.message, next_try_at: this.retryAt(cur, o, cfg.inquiryIntervalMs) } });
        return;
      default:
        return assertNever(o, 'inquiry outcome');
    }
  }

  private async stepCancelling(row: AttemptRow, now: Date): Promise<void> {
    const reversal = refundsForAttempt(this.db, row.id).find((r) => r.purpose === 'reversal' && r.state !== 'refund_failed');
    if (reversal) {
      // The reversing refund drives the attempt to its end (in the refund's transaction).
      if (reversal.state === 'refunded') this.moveAttempt(row, 'cancel_confirmed', { patch: { next_try_at: null } });
      else this.touch(row, { patch: { next_try_at: null } });
      return;
    }
    if (refundsForAttempt(this.db, row.id).some((r) => r.purpose === 'reversal' && r.state === 'refund_failed')) {
      this.moveAttempt(row, 'escalate', { patch: { next_try_at: null, last_error: 'The refund undoing this payment was refused: settle it in the acquirer portal' } });
      return;
    }
    const cutoff = cancelCutoff(new Date(row.created_at), this.config.payment.cancelCutoffMinutes);
    if (this.cancelRefused.has(row.id) || now.getTime() > cutoff.getTime()) return this.reverseIfPaid(row);

    const body = cancelBody(row.id);
    const t = this.touch(row, { increment: ['cancel_count'], journal: { operation: 'cancel', path: this.link.pathFor('cancel'), body, idempotencyKey: row.id } });
    const reply = await this.send(`a:${row.id}`, 'cancel', body, t.journalId);
    if (this.closed) return;
    const cur = getAttemptRow(this.db, row.id);
    if (!cur || cur.state !== 'cancelling') return;
    const o = cancelOutcome(reply);
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'cancel_confirmed':
        this.failures.delete(key);
        if (cur.result_code === ORDER_CODE_EXPIRED) {
          this.moveAttempt(cur, 'expire', { patch: { next_try_at: null, last_error: null } });
          return;
        }
        this.moveAttempt(cur, 'cancel_confirmed', { patch: { result_code: o.code, result_message: o.message, next_try_at: null, last_error: null } });
        return;
      case 'cancel_refused':
        this.cancelRefused.add(row.id);
        this.touch(cur, { patch: { last_error: `The acquirer refused the cancel (${o.code}): checking whether it was paid, to refund it`, next_try_at: this.clock().toISOString() } });
        return;
      case 'config':
        this.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: this.later(key, WORK_BACKOFF) } });
        return;
      case 'our_bug':
        this.moveAttempt(cur, 'escalate', { patch: { result_code: o.code, next_try_at: null, last_error: `The acquirer refused the cancel as inconsistent (${o.code}): settle it in the acquirer portal` } });
        return;
      case 'unknown':
        this.touch(cur, { patch: { last_error: o.message, next_try_at: this.later(key, o.rateLimited ? { baseMs: 2_000, capMs: 60_000 } : WORK_BACKOFF) } });
        return;
      default:
        return assertNever(o, 'cancel outcome');
    }
  }

  /** Past the cut-off (or cancel refused): ask what happened; paid → refund it in full. */
  private async reverseIfPaid(row: AttemptRow): Promise<void> {
    const r = await this.inquire(row, false);
    if (!r) return;
    const { outcome: o, row: cur } = r;
    const key = `a:${row.id}`;
    switch (o.kind) {
      case 'succeed': {
        const now = this.clock();
        const refund = writeTx(this.db, () => {
          const paid = this.touch(cur, { patch: { payment_id: o.paymentId, payment_time: o.paymentTime, psp_name: o.pspName, customer_id: o.customerId, next_try_at: null, last_error: 'Paid before the cancel could reach the acquirer: refunding it in full' } });
          return createRefund(this.db, {
            attemptId: paid.row.id,
            purpose: 'reversal',
            now,
            terminalId: this.config.terminalId,
            refundPath: this.link.pathFor('refund'),
          });
        });
        this.cancelRefused.delete(row.id);
        this.emit('refund', toRefundView(refund));
        return;
      }
      case 'fail':
      case 'cancelled':
      case 'resend_if_young':
        // FAIL / CANCELLED: no money moved. ORDER_NOT_EXIST: the acquirer never had it.
        this.cancelRefused.delete(row.id);
        if (cur.result_code === ORDER_CODE_EXPIRED) this.moveAttempt(cur, 'expire', { patch: { next_try_at: null, last_error: null } });
        else this.moveAttempt(cur, 'cancel_confirmed', { patch: { result_code: o.code, result_message: o.message, next_try_at: null, last_error: null } });
        return;
      case 'processing':
        this.touch(cur, { patch: { next_try_at: this.after(this.config.payment.inquiryIntervalMs) } });
        return;
      case 'config':
        this.touch(cur, { patch: { last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: this.later(key, WORK_BACKOFF) } });
        return;
      case 'unknown':
        this.touch(cur, { patch: { last_error: o.message, next_try_at: this.later(key, WORK_BACKOFF) } });
        return;
      default:
        return assertNever(o, 'inquiry outcome');
    }
  }

  // ── refunds ────────────────────────────────────────────────────────────────────────────────

  private moveRefund(row: RefundRow, event: 'send' | 'succeed' | 'fail' | 'lose_answer', c: Omit<Parameters<typeof transitionRefund>[2], 'id' | 'from' | 'now'>) {
    const result = writeTx(this.db, () => {
      this.flushCompletion(`r:${row.id}`);
      return transitionRefund(this.db, event, { id: row.id, from: row.state, now: this.clock(), ...c });
    });
    this.emit('refund', toRefundView(result.row));
    return result;
  }

  private async stepRefund(id: string): Promise<void> {
    const row = getRefundRow(this.db, id);
    if (!row) return;
    const key = `r:${id}`;
    if (row.state === 'sent') {
      if (row.sent_at !== null && row.sent_at > this.lostBefore(this.clock())) return; // another process's, on the wire
      this.moveRefund(row, 'lose_answer', { patch: { next_try_at: this.clock().toISOString() } });
      return;
    }
    if (row.state !== 'created' && row.state !== 'refund_unknown') return;
    // The same refundRequestId and the same bytes every time: the acquirer refunds once.
    const { row: sent, journalId } = this.moveRefund(row, 'send', {
      patch: { sent_at: this.clock().toISOString(), next_try_at: null },
      countTry: true,
      journal: { operation: 'refund', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
    });
    const reply = await this.send(`r:${id}`, 'refund', sent.request_body, journalId);
    if (this.closed) return;
    const o = refundOutcome(reply);
    switch (o.kind) {
      case 'refunded':
        this.failures.delete(key);
        this.moveRefund(sent, 'succeed', {
          patch: { refund_id: o.refundId, refund_time: o.refundTime, result_code: 'SUCCESS', result_message: null, last_error: null },
          then: (r) => this.settleReversal(r, 'cancel_confirmed'),
        });
        return;
      case 'refund_impossible':
      case 'refund_failed':
        this.moveRefund(sent, 'fail', {
          patch: { result_code: o.code, result_message: o.message },
          then: (r) => this.settleReversal(r, 'escalate'),
        });
        return;
      case 'config':
        this.moveRefund(sent, 'lose_answer', { patch: { result_code: o.code, last_error: `${o.code}: ${failWords({ code: o.code, class: 'config' })}`, next_try_at: this.later(key, WORK_BACKOFF) } });
        return;
      case 'unknown':
        this.moveRefund(sent, 'lose_answer', {
          patch: { result_code: o.code, last_error: o.message, next_try_at: this.later(key, o.rateLimited ? { baseMs: 2_000, capMs: 60_000 } : { baseMs: 500, capMs: 60_000 }) },
        });
        return;
      default:
        return assertNever(o, 'refund outcome');
    }
  }

  /** Inside the refund's transaction: a reversal's end is its attempt's end. */
  private settleReversal(refund: RefundRow, event: 'cancel_confirmed' | 'escalate'): void {
    if (refund.purpose !== 'reversal') return;
    const attempt = getAttemptRow(this.db, refund.attempt_id);
    if (!attempt || attempt.state !== 'cancelling') return;
    const patch: AttemptPatch =
      event === 'cancel_confirmed'
        ? { next_try_at: null, last_error: null, result_message: 'Cancelled after the cut-off: refunded in full' }
        : { next_try_at: null, last_error: `The refund undoing this payment was refused (${refund.result_code ?? 'unknown'}): settle it in the acquirer portal` };
    const moved = transitionAttempt(this.db, event, { id: attempt.id, from: 'cancelling', now: this.clock(), patch, data: { refundRequestId: refund.id }, sales: this.sales });
    queueMicrotask(() => this.emit('attempt', toAttemptView(moved.row)));
  }
}
