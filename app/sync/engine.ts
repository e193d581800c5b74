// The sync engine: works the journal. Every request it makes was committed to SQLite (state,
// outbox row, exact body) before it goes on the wire, and every answer is committed before the
// next request, so a crash at any point leaves a row that says what to do next; start() picks all
// of them up again.
//
// The parts, each readable alone:
//   attempt-steps.ts  what happens to a payment in each state      refund-steps.ts  the same for refunds
//   scheduler.ts      what is due, how many at once, back-off      queries.ts       the journal questions
//   link-monitor.ts   online/offline and the idle probe            liveness.ts      other engines on this file
//   recorder.ts       the engine's writes (state + outcome + event) watch.ts        other processes' commits
//   checkpoint.ts     WAL checkpoints, off the payment path
// The acquirer is a port (app/acquirer/port.ts): neutral requests in, neutral outcomes out. This
// file only wires the parts together and is the engine's face to the app, the CLI and the screens.
//
// drain() resolves when nothing is in flight or due — except attempts that legitimately wait for a
// customer (awaiting_customer: the QR is on the screen) and those waiting for a person
// (needs_attention): waiting for them would make `souq sync` hang on a shopper.
import { EventEmitter } from 'node:events';
import type { AttemptView } from '../api/views.ts';
import type { AcquirerPort, Answer, PayOutcome, PreparedCall } from '../acquirer/port.ts';
import { createAndSendAttempt, createAttempt, toAttemptView, type AttemptRow, type CreateAttemptInput, type NewAttempt } from '../journal/attempts.ts';
import { JournalError } from '../journal/errors.ts';
import { toRefundView, type RefundRow, type RefundView } from '../journal/refunds.ts';
import { salesPort, type SalesPort } from '../journal/sales-port.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import type { Db } from '../store/db.ts';
import { AttemptSteps, facts } from './attempt-steps.ts';
import { Checkpointer } from './checkpoint.ts';
import type { StepContext } from './context.ts';
import { LinkMonitor, type LinkState } from './link-monitor.ts';
import { Liveness } from './liveness.ts';
import { pendingCount, releaseBackoffs, rescheduleAll, sentAttempts, sentRefunds } from './queries.ts';
import { Recorder, type Key } from './recorder.ts';
import { RefundSteps } from './refund-steps.ts';
import { Scheduler, SyncError } from './scheduler.ts';
import { watchOtherWriters, type JournalWatch } from './watch.ts';

export type { LinkState } from './link-monitor.ts';
export { SyncError } from './scheduler.ts';
export { ANOTHER_PAYMENT_WORDS } from './attempt-steps.ts';

export interface SyncEngineOptions {
  db: Db;
  acquirer: AcquirerPort;
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

export class SyncEngine extends EventEmitter<SyncEngineEvents> {
  readonly db: Db;
  readonly acquirer: AcquirerPort;
  readonly config: TerminalConfig;
  private readonly clock: () => Date;
  private readonly sales: SalesPort;
  private readonly watchMs: number;
  private readonly abort = new AbortController();
  private readonly liveness: Liveness;
  private readonly record: Recorder;
  private readonly link: LinkMonitor;
  private readonly schedule: Scheduler;
  private readonly attempts: AttemptSteps;
  private readonly refunds: RefundSteps;
  private readonly checkpoint: Checkpointer;
  private watch: JournalWatch | null = null;
  private started = false;
  private closed = false;

  constructor(opts: SyncEngineOptions) {
    super();
    this.db = opts.db;
    this.acquirer = opts.acquirer;
    this.config = opts.config;
    this.clock = opts.clock ?? (() => new Date());
    this.watchMs = opts.watchMs ?? 500;
    const sales = (this.sales = opts.sales ?? salesPort);
    this.liveness = new Liveness(this.db, this.config.acquirer?.timeoutMs ?? 5_000);
    this.record = new Recorder({ db: this.db, clock: this.clock, sales, tellAttempt: (r) => this.tellAttempt(r), tellRefund: (r) => this.tellRefund(r) });
    this.checkpoint = new Checkpointer(this.db, (message) => this.emit('problem', { subject: 'checkpoint', message }));
    this.schedule = new Scheduler({
      db: this.db,
      clock: this.clock,
      random: opts.random ?? Math.random,
      concurrency: this.config.sync.concurrency,
      recorder: this.record,
      lostBefore: (now) => this.liveness.lostBefore(now),
      step: (key) => (key.startsWith('a:') ? this.attempts.step(key.slice(2)) : this.refunds.step(key.slice(2))),
      onQueue: (depth) => this.emit('queue', { depth }),
      onProblem: (subject, message) => this.emit('problem', { subject, message }),
      onQuiet: () => this.checkpoint.soon(),
    });
    this.link = new LinkMonitor({
      acquirer: this.acquirer,
      clock: this.clock,
      signal: this.abort.signal,
      probeMs: opts.linkProbeMs ?? 5_000,
      busy: () => this.schedule.busy(),
      onChange: (state, cameBack) => {
        this.emit('link', state);
        if (cameBack) {
          // Everything that was backing off because the acquirer was unreachable goes now.
          releaseBackoffs(this.db, state.since);
          this.schedule.forgetAll();
        }
        this.schedule.pump();
      },
      onProblem: (message) => this.emit('problem', { subject: 'link', message }),
    });
    const context: StepContext = {
      db: this.db,
      config: this.config,
      acquirer: this.acquirer,
      sales,
      clock: this.clock,
      record: this.record,
      link: this.link,
      schedule: this.schedule,
      outageRetryMs: opts.outageRetryMs ?? 1_000,
      closed: () => this.closed,
      lostBefore: (now) => this.liveness.lostBefore(now),
      ask: (key, journalId, call) => this.ask(key, journalId, call),
      tellAttempt: (r) => this.tellAttempt(r),
      tellRefund: (r) => this.tellRefund(r),
    };
    this.attempts = new AttemptSteps(context);
    this.refunds = new RefundSteps(context);
  }

  /** Resumes everything non-final (after a crash too), then works the journal until close(). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    const now = this.clock();
    const at = now.toISOString();
    // A request on the wire when the process stopped: its answer is lost, find out by inquiry.
    // But while another engine works this journal (the app, a `souq pay`), a young `sent` row may
    // be its request, still on the wire: declaring it lost would send it again. The lost-answer
    // rule of the scheduler takes such a row up once it is older than any reply can take.
    let shared = false;
    try {
      shared = this.liveness.register(at);
    } catch (err) {
      // Not knowing is the old behaviour (every `sent` row is ours to settle), not a reason to stop.
      this.emit('problem', { subject: 'engine', message: (err as Error).message });
    }
    const sharedBefore = shared ? this.liveness.lostBefore(now) : null;
    const ours = (r: { sent_at: string | null }) => sharedBefore === null || r.sent_at === null || r.sent_at <= sharedBefore;
    for (const row of sentAttempts(this.db).filter(ours)) {
      this.guard(row.id, () => this.record.moveAttempt(row, 'lose_answer', { patch: { next_try_at: at, last_error: 'The terminal stopped while this request was on its way' } }));
    }
    for (const row of sentRefunds(this.db).filter(ours)) {
      this.guard(row.id, () => this.record.moveRefund(row, 'lose_answer', { patch: { next_try_at: at, last_error: 'The terminal stopped while this refund was on its way' } }));
    }
    rescheduleAll(this.db, at);
    this.checkpoint.start();
    this.schedule.start();
    this.schedule.pump();
    // The cashier's screen shows online/offline from the first second, not from the first payment.
    this.link.schedule(0);
    // The CLI or a second window's process on the same journal: their changes reach our screens,
    // and work they left unfinished is taken up at once rather than at the next timer.
    this.watch = watchOtherWriters({
      db: this.db,
      intervalMs: this.watchMs,
      onAttempt: (row) => this.tellAttempt(row),
      onRefund: (row) => this.tellRefund(row),
      onCommit: () => this.kick(),
      onProblem: (message) => this.emit('problem', { subject: 'watch', message }),
    });
  }

  /** New work was journalled (or the clock moved): look at the journal now. */
  kick(): void {
    this.schedule.pump();
  }

  linkStatus(): LinkState {
    return this.link.status();
  }

  queueDepth(): number {
    return this.schedule.depth();
  }

  /**
   * Journals a new attempt and, when the link is not known to be down and a slot is free, journals
   * it already sent and puts it on the wire at once: one fsync'd transaction (the attempt row, its
   * outbox row with the exact body, their events; the body signed before the commit) and then only
   * the trip. Otherwise it waits in `created` like any other work.
   */
  submitAttempt(attempt: NewAttempt): AttemptRow {
    const input: CreateAttemptInput = { ...attempt, now: this.clock(), config: this.config, requests: this.acquirer, sales: this.sales };
    if (!this.started || this.closed || this.link.knownDown() || !this.schedule.hasRoom()) {
      const row = createAttempt(this.db, input);
      this.announceAttempt(row);
      return row;
    }
    const { row, journalId, signed: call } = createAndSendAttempt(this.db, input, (row): PreparedCall<PayOutcome> | undefined => {
      try {
        return this.acquirer.preparePay(row.request_body, { ...facts(row), scenario: row.scenario });
      } catch {
        return undefined; // cannot sign (a broken key): the step's own send fails and says why
      }
    });
    this.schedule.run(`a:${row.id}`, () => this.attempts.sent(row, journalId, call));
    // The screens and the rest of the journal after the bytes: the socket write of the pay was
    // queued (process.nextTick) by the line above, and these run right behind it, before any reply.
    process.nextTick(() => {
      this.tellAttempt(row);
      this.schedule.pump();
    });
    return row;
  }

  /** Tell listeners about an attempt changed outside the engine (created, cancelled by the cashier). */
  announceAttempt(row: AttemptRow): void {
    this.tellAttempt(row);
    this.schedule.pump();
  }

  announceRefund(row: RefundRow): void {
    this.tellRefund(row);
    this.schedule.pump();
  }

  /**
   * Resolves when nothing is in flight or waiting, except attempts waiting for a customer
   * (awaiting_customer) or a person (needs_attention). With `timeoutMs`, rejects with
   * DRAIN_TIMEOUT if that takes longer (e.g. the acquirer stays unreachable).
   */
  drain(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return Promise.reject(new SyncError('ENGINE_CLOSED', 'The sync engine is closed'));
    const drained = this.schedule.drain(opts.timeoutMs, () => pendingCount(this.db, false));
    if (!this.started) this.start();
    else this.schedule.pump();
    return drained;
  }

  /** Stops timers and abandons requests in flight (their rows stay `sent` → resumed next start). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watch?.close();
    if (this.started) this.liveness.unregister();
    this.link.close();
    this.abort.abort();
    await this.schedule.close();
    this.checkpoint.stop();
  }

  private async ask<O>(key: Key, journalId: number | null, call: (opts: { signal: AbortSignal }) => Promise<Answer<O>>): Promise<O | null> {
    const answer = await call({ signal: this.abort.signal });
    if (this.closed) return null;
    const now = this.clock();
    // Recorded in the transaction of whatever this answer leads to (one fsync, not two); the
    // scheduler writes it on its own if the step ends without another write.
    this.record.noteWire(key, journalId, answer.wire, now);
    this.link.heard(answer.wire, now);
    return answer.outcome;
  }

  private tellAttempt(row: AttemptRow): void {
    this.emit('attempt', toAttemptView(row));
    this.watch?.announced('attempt', row.id, row);
  }

  private tellRefund(row: RefundRow): void {
    this.emit('refund', toRefundView(row));
    this.watch?.announced('refund', row.id, row);
  }

  /** Runs a synchronous journal step, reporting (not throwing) a failure. */
  private guard(subject: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof JournalError && err.code === 'STALE_STATE') return;
      this.emit('problem', { subject, message: (err as Error).message });
    }
  }
}
