// What the HQ does besides ingest: enrolment, the admin token, chain takings, fleet health and the
// acquirer's payment notifications. Stateless: everything lives in PostgreSQL, so any number of
// instances can serve one database.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Breakdown, ChainDay, ChainRange, Figures, StoreTakings, TerminalHealth } from '../app/api/hq.ts';
import type { Pool } from './db.ts';
import { credentialHash, credentialMatches } from './ingest.ts';

export type { Breakdown, ChainDay, ChainRange, Figures, StoreTakings, TerminalHealth, TerminalTakings } from '../app/api/hq.ts';

export const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class HqError extends Error {
  constructor(
    readonly code:
      | 'ADMIN_TOKEN_REFUSED'
      | 'TERMINAL_CREDENTIAL_REFUSED'
      | 'TERMINAL_ALREADY_ENROLLED'
      | 'INVALID_INPUT'
      | 'INVALID_PERIOD'
      | 'NOTIFY_SIGNATURE_INVALID'
      | 'NOTIFY_NOT_CONFIGURED'
      | 'NOT_FOUND',
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The chain's admin token: made by the first HQ instance, the same for all. */
export async function adminToken(pool: Pool): Promise<string> {
  // Hex, not base64url: it is typed after --admin-token, and one that began with '-' read as an option.
  const fresh = randomBytes(24).toString('hex');
  await pool.query("INSERT INTO hq_settings (key, value) VALUES ('admin_token', $1) ON CONFLICT (key) DO NOTHING", [fresh]);
  const { rows } = await pool.query<{ value: string }>("SELECT value FROM hq_settings WHERE key = 'admin_token'");
  return rows[0]!.value;
}

export async function checkAdmin(pool: Pool, presented: string | undefined): Promise<void> {
  const token = await adminToken(pool);
  if (!presented || !credentialMatches(presented, credentialHash(token))) {
    throw new HqError('ADMIN_TOKEN_REFUSED', 'The admin token is missing or wrong: use the one "souq hq serve" printed.', 401);
  }
}

export const EnrolRequest = z.object({
  storeId: z.string().regex(ID, 'a store id is 1–64 letters, digits, _ or -'),
  terminalId: z.string().regex(ID, 'a terminal id is 1–64 letters, digits, _ or -'),
  /** The acquirer client id the till pays with: notifications for its payments are its to pull. */
  clientId: z.string().min(1).max(64).nullable().default(null),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export interface Enrolment {
  storeId: string;
  terminalId: string;
  credential: string;
}

export async function enrol(pool: Pool, req: EnrolRequest): Promise<Enrolment> {
  const credential = randomBytes(32).toString('base64url');
  await pool.query('INSERT INTO hq_stores (store_id) VALUES ($1) ON CONFLICT DO NOTHING', [req.storeId]);
  const r = await pool.query(
    `INSERT INTO hq_terminals (store_id, terminal_id, credential_hash, client_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id, terminal_id) DO NOTHING`,
    [req.storeId, req.terminalId, credentialHash(credential), req.clientId],
  );
  if (r.rowCount !== 1) {
    throw new HqError('TERMINAL_ALREADY_ENROLLED', `Store ${req.storeId} already has a till ${req.terminalId} at this HQ: give this till another terminal id (souq config) or use another store.`, 409);
  }
  return { storeId: req.storeId, terminalId: req.terminalId, credential };
}

/** The till's own credential; throws when it is not that till's. */
export async function checkTerminal(pool: Pool, storeId: string, terminalId: string, credential: string | undefined): Promise<{ clientId: string | null }> {
  const { rows } = await pool.query<{ credential_hash: string; client_id: string | null; cursor_seq: number }>(
    'SELECT credential_hash, client_id, cursor_seq FROM hq_terminals WHERE store_id = $1 AND terminal_id = $2',
    [storeId, terminalId],
  );
  const t = rows[0];
  if (!t || !credential || !credentialMatches(credential, t.credential_hash)) {
    throw new HqError('TERMINAL_CREDENTIAL_REFUSED', 'This till is not enrolled at this HQ with that credential: enrol it again with "souq hq enrol".', 401);
  }
  return { clientId: t.client_id };
}

export async function cursorOf(pool: Pool, storeId: string, terminalId: string): Promise<{ ackSeq: number; tampered: boolean }> {
  const { rows } = await pool.query<{ cursor_seq: number; tampered_at: Date | null }>(
    'SELECT cursor_seq, tampered_at FROM hq_terminals WHERE store_id = $1 AND terminal_id = $2',
    [storeId, terminalId],
  );
  return { ackSeq: rows[0]?.cursor_seq ?? 0, tampered: rows[0]?.tampered_at != null };
}

// ── takings ───────────────────────────────────────────────────────────────────────────────────

export function checkPeriod(from: string, to: string): void {
  for (const d of [from, to]) {
    const t = Date.parse(`${d}T00:00:00Z`);
    if (!DAY.test(d) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) {
      throw new HqError('INVALID_PERIOD', `A date is written like 2026-01-31, got "${d}".`, 400);
    }
  }
  if (from > to) throw new HqError('INVALID_PERIOD', `The period starts (${from}) after it ends (${to}).`, 400);
}

const zero = (): Figures => ({ gross: 0, refunds: 0, net: 0, sales: 0 });

/**
 * Takings per store and till from the per-day rollup (one row per till and day); every enrolled
 * till is listed, with zeros when it sold nothing (tills are never deleted, only enrolled).
 */
export async function chainTakings(pool: Pool, from: string, to: string, storeId?: string): Promise<ChainRange> {
  checkPeriod(from, to);
  const { rows } = await pool.query<{ store_id: string; terminal_id: string; sales: number | null; gross: number | null; refunds: number | null }>(
    `SELECT t.store_id, t.terminal_id, r.sales, r.gross, r.refunds
       FROM hq_terminals t
       LEFT JOIN (SELECT store_id, terminal_id, sum(sales_n) AS sales, sum(gross) AS gross, sum(refunds) AS refunds
                    FROM hq_takings_terminal_day WHERE business_day BETWEEN $1 AND $2 AND ($3::text IS NULL OR store_id = $3)
                   GROUP BY store_id, terminal_id) r ON r.store_id = t.store_id AND r.terminal_id = t.terminal_id
      WHERE ($3::text IS NULL OR t.store_id = $3)
      ORDER BY 1, 2`,
    [from, to, storeId ?? null],
  );
  const total = zero();
  const stores: StoreTakings[] = [];
  for (const r of rows) {
    let s = stores.at(-1);
    if (!s || s.storeId !== r.store_id) stores.push((s = { storeId: r.store_id, ...zero(), terminals: [] }));
    const f = { gross: r.gross ?? 0, refunds: r.refunds ?? 0, sales: r.sales ?? 0 };
    s.terminals.push({ terminalId: r.terminal_id, gross: f.gross, refunds: f.refunds, net: f.gross - f.refunds, sales: f.sales });
    for (const x of [s, total]) {
      x.gross += f.gross;
      x.refunds += f.refunds;
      x.sales += f.sales;
      x.net = x.gross - x.refunds;
    }
  }
  return { from, to, total, stores };
}

export async function chainDay(pool: Pool, date: string, storeId?: string): Promise<ChainDay> {
  const r = await chainTakings(pool, date, date, storeId);
  return { date, total: r.total, stores: r.stores };
}

/** The same figures straight from the projected sales and refunds (the bench's yardstick). */
export async function chainTakingsRaw(pool: Pool, from: string, to: string): Promise<{ storeId: string; terminalId: string; sales: number; gross: number; refunds: number }[]> {
  checkPeriod(from, to);
  const { rows } = await pool.query(
    `SELECT store_id AS "storeId", terminal_id AS "terminalId", sum(sales) AS sales, sum(gross) AS gross, sum(refunds) AS refunds FROM (
       SELECT store_id, terminal_id, count(*) AS sales, sum(total_minor) AS gross, 0 AS refunds
         FROM hq_sales WHERE status = 'paid' AND business_day BETWEEN $1 AND $2 GROUP BY store_id, terminal_id
       UNION ALL
       SELECT store_id, terminal_id, 0, 0, sum(amount_minor)
         FROM hq_refunds WHERE state = 'refunded' AND purpose = 'refund' AND business_day BETWEEN $1 AND $2 GROUP BY store_id, terminal_id
     ) x GROUP BY store_id, terminal_id ORDER BY 1, 2`,
    [from, to],
  );
  return rows;
}

/** The dashboard's charts: hours, tenders and wallets from the hourly rollup, days per store. */
export async function breakdown(pool: Pool, from: string, to: string, storeId?: string): Promise<Breakdown> {
  checkPeriod(from, to);
  const args = [from, to, storeId ?? null];
  const where = 'business_day BETWEEN $1 AND $2 AND ($3::text IS NULL OR store_id = $3)';
  const [h, t, d] = await Promise.all([
    pool.query(`SELECT hour, sum(amount) AS amount, sum(tenders_n) AS tenders, sum(refunds) AS refunds FROM hq_takings_hour WHERE ${where} GROUP BY hour ORDER BY hour`, args),
    pool.query(
      `SELECT tender, wallet, sum(amount) AS amount, sum(tenders_n) AS tenders, sum(refunds) AS refunds FROM hq_takings_hour WHERE ${where}
        GROUP BY tender, wallet ORDER BY sum(amount) DESC, tender, wallet`,
      args,
    ),
    pool.query(
      `SELECT store_id AS "storeId", to_char(business_day, 'YYYY-MM-DD') AS date, sum(gross) AS gross, sum(refunds) AS refunds, sum(sales_n) AS sales
         FROM hq_takings_terminal_day WHERE ${where} GROUP BY store_id, business_day ORDER BY 1, 2`,
      args,
    ),
  ]);
  const hours = new Map(h.rows.map((r) => [Number(r.hour), r]));
  return {
    from,
    to,
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, amount: hours.get(hour)?.amount ?? 0, tenders: hours.get(hour)?.tenders ?? 0, refunds: hours.get(hour)?.refunds ?? 0 })),
    byTender: t.rows,
    byStoreDay: d.rows,
  };
}

// ── fleet ─────────────────────────────────────────────────────────────────────────────────────

export async function fleet(pool: Pool): Promise<TerminalHealth[]> {
  const { rows } = await pool.query(
    `SELECT t.store_id, t.terminal_id, t.enrolled_at, t.last_contact_at, t.last_event_at, t.cursor_seq, t.terminal_head_seq, t.journal_queue,
            t.tampered_at, t.tampered_reason,
            (SELECT count(*) FROM hq_attempts a WHERE a.store_id = t.store_id AND a.terminal_id = t.terminal_id AND a.state IN ('unknown', 'cancelling')) AS unknown,
            (SELECT count(*) FROM hq_attempts a WHERE a.store_id = t.store_id AND a.terminal_id = t.terminal_id AND a.state = 'needs_attention') AS attention
       FROM hq_terminals t ORDER BY t.store_id, t.terminal_id`,
  );
  const at = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());
  return rows.map((r) => ({
    storeId: r.store_id,
    terminalId: r.terminal_id,
    enrolledAt: at(r.enrolled_at)!,
    lastContactAt: at(r.last_contact_at),
    lastEventAt: at(r.last_event_at),
    ackSeq: r.cursor_seq,
    terminalSeq: Math.max(r.terminal_head_seq, r.cursor_seq),
    lagEvents: Math.max(0, r.terminal_head_seq - r.cursor_seq),
    journalQueue: r.journal_queue,
    unknownPayments: r.unknown,
    attentionPayments: r.attention,
    tampered: r.tampered_at != null,
    tamperedAt: at(r.tampered_at),
    tamperedReason: r.tampered_reason,
  }));
}
