// Takes a batch of a till's event log: exactly once by (store, terminal, seq), the chain checked
// with the till's own code (app/store/events.ts), the events projected into the reporting tables
// and rollups, and the cursor moved — all in one PostgreSQL transaction. A retried or duplicated
// batch finds the cursor past it and stores nothing twice.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { checkLink, type EventRow } from '../app/store/events.ts';
import type { Client, Pool } from './db.ts';
import { inTx } from './db.ts';
import { project } from './project.ts';

const HEX64 = /^[0-9a-f]{64}$/;

export const PushedEvent = z.object({
  seq: z.number().int().positive(),
  at: z.string().min(1).max(40),
  type: z.string().min(1).max(100),
  subject: z.string().max(200).nullable(),
  actor: z.string().max(200).nullable(),
  data: z.string().max(64 * 1024),
  prevHash: z.string().regex(HEX64),
  hash: z.string().regex(HEX64),
});
export type PushedEvent = z.infer<typeof PushedEvent>;

export const TerminalHealth = z.object({
  /** The till's newest event seq: how far behind HQ is. */
  headSeq: z.number().int().min(0),
  /** Payments and refunds its journal still has to work. */
  journalQueue: z.number().int().min(0),
});

export const PushBody = z.object({
  events: z.array(PushedEvent).max(5000),
  health: TerminalHealth.optional(),
});
export type PushBody = z.infer<typeof PushBody>;

export type PushStatus = 'ok' | 'gap' | 'tampered';
export interface PushResult {
  status: PushStatus;
  /** The last seq HQ holds: the till sends from the next one. */
  ackSeq: number;
  message?: string;
}

export class IngestError extends Error {
  constructor(
    readonly code: 'TERMINAL_CREDENTIAL_REFUSED',
    message: string,
  ) {
    super(message);
  }
}

export function credentialHash(credential: string): string {
  return createHash('sha256').update(credential).digest('hex');
}

export function credentialMatches(credential: string, storedHash: string): boolean {
  const a = Buffer.from(credentialHash(credential), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function asRow(e: PushedEvent): EventRow {
  return { seq: e.seq, at: e.at, type: e.type, subject: e.subject, actor: e.actor, data: e.data, prev_hash: e.prevHash, hash: e.hash };
}

interface TerminalRow {
  credential_hash: string;
  cursor_seq: number;
  head_hash: string;
  tampered_at: Date | null;
}

async function quarantine(c: Client, storeId: string, terminalId: string, events: PushedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await c.query(
    `INSERT INTO hq_quarantine (store_id, terminal_id, seq, hash, at, type, subject, actor, data, prev_hash)
     SELECT $1, $2, x.seq, x.hash, x.at, x.type, x.subject, x.actor, x.data, x."prevHash"
       FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, hash text, at text, type text, subject text, actor text, data text, "prevHash" text)
     ON CONFLICT DO NOTHING`,
    [storeId, terminalId, JSON.stringify(events)],
  );
}

async function markTampered(c: Client, storeId: string, terminalId: string, seq: number, reason: string): Promise<void> {
  await c.query(
    'UPDATE hq_terminals SET tampered_at = now(), tampered_seq = $3, tampered_reason = $4 WHERE store_id = $1 AND terminal_id = $2 AND tampered_at IS NULL',
    [storeId, terminalId, seq, reason],
  );
}

/** One push from one till, authenticated by its credential. */
export async function ingest(pool: Pool, storeId: string, terminalId: string, credential: string, body: PushBody): Promise<PushResult> {
  return inTx(pool, async (c) => {
    // The row lock serialises every push of this till, whichever HQ instance took it.
    const { rows } = await c.query<TerminalRow>(
      'SELECT credential_hash, cursor_seq, head_hash, tampered_at FROM hq_terminals WHERE store_id = $1 AND terminal_id = $2 FOR UPDATE',
      [storeId, terminalId],
    );
    const t = rows[0];
    if (!t || !credentialMatches(credential, t.credential_hash)) {
      throw new IngestError('TERMINAL_CREDENTIAL_REFUSED', 'This till is not enrolled at this HQ with that credential: enrol it again with "souq hq enrol".');
    }
    // Contact, health and (when events were stored) the cursor move in one statement at the end.
    const health = [body.health?.headSeq ?? null, body.health?.journalQueue ?? null];
    const contact = (last?: PushedEvent) =>
      c.query(
        `UPDATE hq_terminals SET last_contact_at = now(), terminal_head_seq = COALESCE($3, terminal_head_seq), journal_queue = COALESCE($4, journal_queue),
           cursor_seq = COALESCE($5, cursor_seq), head_hash = COALESCE($6, head_hash), last_event_at = COALESCE($7::timestamptz, last_event_at)
         WHERE store_id = $1 AND terminal_id = $2`,
        [storeId, terminalId, ...health, last?.seq ?? null, last?.hash ?? null, last?.at ?? null],
      );
    const events = [...body.events].sort((a, b) => a.seq - b.seq);
    if (t.tampered_at) {
      await contact();
      await quarantine(c, storeId, terminalId, events.filter((e) => e.seq > t.cursor_seq));
      return { status: 'tampered', ackSeq: t.cursor_seq, message: 'This till’s event log was found altered: HQ keeps its new events apart.' };
    }

    // A resent event HQ already holds must be the very same event.
    const resent = events.filter((e) => e.seq <= t.cursor_seq);
    if (resent.length > 0) {
      const held = await c.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM hq_events WHERE store_id = $1 AND terminal_id = $2 AND seq = ANY($3::bigint[])',
        [storeId, terminalId, resent.map((e) => e.seq)],
      );
      const bySeq = new Map(held.rows.map((r) => [Number(r.seq), r.hash]));
      const differs = resent.find((e) => bySeq.has(e.seq) && bySeq.get(e.seq) !== e.hash);
      if (differs) {
        await contact();
        const reason = `event ${differs.seq} differs from the copy HQ received before`;
        await markTampered(c, storeId, terminalId, differs.seq, reason);
        await quarantine(c, storeId, terminalId, events);
        return { status: 'tampered', ackSeq: t.cursor_seq, message: reason };
      }
    }

    const fresh = events.filter((e) => e.seq > t.cursor_seq);
    if (fresh.length === 0) {
      await contact();
      return { status: 'ok', ackSeq: t.cursor_seq };
    }

    let prev = t.head_hash;
    let expected = t.cursor_seq + 1;
    const good: PushedEvent[] = [];
    let broken: { brokenAt: number; reason: string } | null = null;
    for (const e of fresh) {
      const b = checkLink(prev, expected, asRow(e));
      if (b) {
        broken = b;
        break;
      }
      good.push(e);
      prev = e.hash;
      expected++;
    }
    // A missing seq is a gap (wait for it); a wrong hash is a broken chain.
    const gap = broken !== null && broken.reason.endsWith('is missing');

    if (good.length > 0) {
      await c.query(
        `INSERT INTO hq_events (store_id, terminal_id, seq, at, type, subject, actor, data, prev_hash, hash)
         SELECT $1, $2, x.seq, x.at, x.type, x.subject, x.actor, x.data, x."prevHash", x.hash
           FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, at text, type text, subject text, actor text, data text, "prevHash" text, hash text)`,
        [storeId, terminalId, JSON.stringify(good)],
      );
      await project(c, storeId, terminalId, good);
    }
    await contact(good.at(-1));
    const ackSeq = t.cursor_seq + good.length;
    if (broken && !gap) {
      await markTampered(c, storeId, terminalId, broken.brokenAt, broken.reason);
      await quarantine(c, storeId, terminalId, fresh.slice(good.length));
      return { status: 'tampered', ackSeq, message: broken.reason };
    }
    if (gap) return { status: 'gap', ackSeq, message: `HQ holds events up to ${ackSeq}: send from ${ackSeq + 1}` };
    return { status: 'ok', ackSeq };
  });
}
