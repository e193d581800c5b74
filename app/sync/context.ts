// What a step of the engine works with: the journal, the acquirer port, the clock, the link's
// state and the scheduler's back-off. One object, so a step reads as "what happens to a payment in
// this state" and nothing else.
import type { AcquirerPort, Answer } from '../acquirer/port.ts';
import type { AttemptRow } from '../journal/attempts.ts';
import type { RefundRow } from '../journal/refunds.ts';
import type { SalesPort } from '../journal/sales-port.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import type { Db } from '../store/db.ts';
import type { LinkMonitor } from './link-monitor.ts';
import type { Key, Recorder } from './recorder.ts';
import type { Scheduler } from './scheduler.ts';

export interface StepContext {
  db: Db;
  config: TerminalConfig;
  acquirer: AcquirerPort;
  sales: SalesPort;
  clock: () => Date;
  record: Recorder;
  link: LinkMonitor;
  schedule: Scheduler;
  /** Retry cadence for a young payment code while the link is down (ms). */
  outageRetryMs: number;
  /** The engine was closed while a step waited: drop the answer (the row is resumed next start). */
  closed(): boolean;
  lostBefore(now: Date): string;
  /**
   * Puts a journalled request on the wire through the port; notes how it went (journal row, link
   * status) and returns its outcome, or null when the engine closed meanwhile.
   */
  ask<O>(key: Key, journalId: number | null, call: (opts: { signal: AbortSignal }) => Promise<Answer<O>>): Promise<O | null>;
  tellAttempt(row: AttemptRow): void;
  tellRefund(row: RefundRow): void;
}
