// Ships the till's event log to HQ: ask HQ where its copy ends (the cursor), send what follows in
// batches, move on by what HQ acknowledged. At-least-once on the wire; HQ stores each event once.
// Also pulls the acquirer's notifications for this till's unsettled payments: evidence only, which
// brings the payment's next signed inquiry forward instead of settling it on HQ's word.
import type { Db } from '../store/db.ts';
import type { EventRow } from '../store/events.ts';
import { getAttemptRow, touchAttempt } from '../journal/attempts.ts';
import { hqClient, type HqEvent, type LinkAddress } from './client.ts';
import { ChainError } from './link.ts';

export const BATCH = 500;

export interface PushOutcome {
  /** The last event seq HQ holds. */
  ackSeq: number;
  /** The till's newest event seq when the push ended. */
  headSeq: number;
  sent: number;
  /** HQ holds everything the till had when the push ended. */
  complete: boolean;
}

const OPEN_ATTEMPTS = "'created', 'sent', 'awaiting_customer', 'unknown', 'cancelling'";
const OPEN_REFUNDS = "'created', 'sent', 'refund_unknown'";

export function headSeq(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s;
}

/** What the fleet view shows of this till besides its events: the journal's work in hand. */
export function journalQueue(db: Db): number {
  const a = db.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE state IN (${OPEN_ATTEMPTS})`).get() as { n: number };
  const r = db.prepare(`SELECT COUNT(*) AS n FROM refunds WHERE state IN (${OPEN_REFUNDS})`).get() as { n: number };
  return a.n + r.n;
}

function eventsAfter(db: Db, seq: number, limit: number): HqEvent[] {
  const rows = db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as EventRow[];
  return rows.map((r) => ({ seq: r.seq, at: r.at, type: r.type, subject: r.subject, actor: r.actor, data: r.data, prevHash: r.prev_hash, hash: r.hash }));
}

/** Sends everything HQ lacks. Throws ChainError (HQ_UNREACHABLE, HQ_REFUSED, HQ_TAMPERED). */
export async function pushAll(db: Db, link: LinkAddress, opts: { batchSize?: number; onBatch?: (ackSeq: number) => void } = {}): Promise<PushOutcome> {
  const batch = opts.batchSize ?? BATCH;
  const cursor = await hqClient.cursor(link);
  if (cursor.tampered) throw tamperedError();
  let ack = cursor.ackSeq;
  let sent = 0;
  let stalled = 0;
  for (;;) {
    const events = eventsAfter(db, ack, batch);
    const head = headSeq(db);
    if (events.length === 0) return { ackSeq: ack, headSeq: head, sent, complete: ack >= head };
    const answer = await hqClient.push(link, events, { headSeq: head, journalQueue: journalQueue(db) });
    if (answer.status === 'tampered') throw tamperedError(answer.message);
    sent += Math.max(0, answer.ackSeq - ack);
    // A gap answer names where HQ's copy ends; twice without progress means this log has a hole.
    stalled = answer.ackSeq > ack ? 0 : stalled + 1;
    ack = answer.ackSeq;
    opts.onBatch?.(ack);
    if (stalled >= 2) return { ackSeq: ack, headSeq: head, sent, complete: false };
  }
}

function tamperedError(detail?: string): ChainError {
  return new ChainError(
    'HQ_TAMPERED',
    `HQ found this till's event log altered${detail ? ` (${detail})` : ''} and keeps its new events apart: run "souq verify-log" and call support.`,
  );
}

/**
 * Asks HQ for the acquirer's notifications about this till's payments still in doubt; for each one
 * found, the payment's next inquiry is brought forward to now. Returns the attempt ids concerned.
 */
export async function pullNotifications(db: Db, link: LinkAddress, now: Date = new Date(), seen?: Set<string>): Promise<string[]> {
  const open = db.prepare("SELECT id FROM attempts WHERE state IN ('unknown', 'sent', 'awaiting_customer', 'cancelling') ORDER BY created_at LIMIT 1000").all() as { id: string }[];
  if (open.length === 0) return [];
  const { notifications } = await hqClient.notifications(link, open.map((a) => a.id));
  const touched: string[] = [];
  for (const n of notifications) {
    // Each notification brings an inquiry forward once (a resent one, once more): a loop that pulls
    // every few seconds must not turn into an inquiry every few seconds.
    const key = `${n.paymentRequestId}@${n.receivedAt}`;
    if (seen?.has(key)) continue;
    seen?.add(key);
    const a = getAttemptRow(db, n.paymentRequestId);
    if (!a || !['unknown', 'sent', 'awaiting_customer', 'cancelling'].includes(a.state)) continue;
    try {
      touchAttempt(db, { id: a.id, from: a.state, now, patch: { next_try_at: now.toISOString() } });
      touched.push(a.id);
    } catch {
      // Moved meanwhile (the engine settled it): nothing left to bring forward.
    }
  }
  return touched;
}
