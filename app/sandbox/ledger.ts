// The sandbox acquirer's own books, in its own SQLite file (not the terminal's schema): clients and
// their public keys, minted payment codes, payments, every charge, refunds and cancel tombstones.
// Several processes may serve from one file (the app, `souq wallet`, a test), hence WAL, a busy
// timeout and every change in one IMMEDIATE transaction.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeTx } from '../journal/tx.ts';

export type LedgerDb = Database.Database;

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (
  client_id     TEXT PRIMARY KEY,
  public_key    TEXT NOT NULL,
  registered_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS codes (
  code        TEXT PRIMARY KEY,
  psp_name    TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  minted_ms   INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL,
  used_by     TEXT
);
CREATE TABLE IF NOT EXISTS payments (
  client_id          TEXT NOT NULL,
  payment_request_id TEXT NOT NULL,
  body_hash          TEXT NOT NULL,
  scenario           TEXT NOT NULL CHECK (scenario IN ('PaymentCode', 'OrderCode')),
  amount_minor       INTEGER NOT NULL CHECK (amount_minor > 0),
  currency           TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('SUCCESS', 'FAIL', 'PROCESSING', 'CANCELLED')),
  result_code        TEXT NOT NULL,
  payment_id         TEXT NOT NULL UNIQUE,
  created_ms         INTEGER NOT NULL,
  paid_ms            INTEGER,
  cancelled_ms       INTEGER,
  reversed_minor     INTEGER NOT NULL DEFAULT 0,
  psp_name           TEXT,
  customer_id        TEXT,
  code_masked        TEXT,
  order_token        TEXT UNIQUE,
  order_expires_ms   INTEGER,
  merchant_name      TEXT NOT NULL,
  PRIMARY KEY (client_id, payment_request_id)
);
-- One row each time money moves from a wallet for a payment: the crash test's "never charged
-- twice" is COUNT(*) here, not a flag that could be overwritten.
CREATE TABLE IF NOT EXISTS charges (
  id                 INTEGER PRIMARY KEY,
  client_id          TEXT NOT NULL,
  payment_request_id TEXT NOT NULL,
  amount_minor       INTEGER NOT NULL,
  at_ms              INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS charges_by_payment ON charges (client_id, payment_request_id);
CREATE TABLE IF NOT EXISTS tombstones (
  client_id          TEXT NOT NULL,
  payment_request_id TEXT NOT NULL,
  at_ms              INTEGER NOT NULL,
  PRIMARY KEY (client_id, payment_request_id)
);
CREATE TABLE IF NOT EXISTS refunds (
  client_id          TEXT NOT NULL,
  refund_request_id  TEXT NOT NULL,
  body_hash          TEXT NOT NULL,
  payment_request_id TEXT NOT NULL,
  payment_id         TEXT NOT NULL,
  amount_minor       INTEGER NOT NULL,
  currency           TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('SUCCESS', 'FAIL')),
  result_code        TEXT NOT NULL,
  refund_id          TEXT UNIQUE,
  created_ms         INTEGER NOT NULL,
  PRIMARY KEY (client_id, refund_request_id)
);
CREATE INDEX IF NOT EXISTS refunds_by_payment ON refunds (payment_id);
`;

export function openLedger(file: string): LedgerDb {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  // Switching a new file to WAL needs a moment alone with it and does not wait on busy_timeout:
  // two processes opening a fresh ledger together would otherwise see SQLITE_BUSY.
  for (let tries = 0; ; tries++) {
    try {
      db.pragma('journal_mode = WAL');
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || tries >= 100) {
        db.close();
        throw err;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  db.pragma('synchronous = FULL');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file} is a sandbox ledger from a newer Souq POS (version ${version}); move it away or update`);
  }
  if (version < SCHEMA_VERSION) {
    writeTx(db, () => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
  }
  return db;
}

export type PaymentStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED';

export interface PaymentRow {
  client_id: string;
  payment_request_id: string;
  body_hash: string;
  scenario: 'PaymentCode' | 'OrderCode';
  amount_minor: number;
  currency: string;
  status: PaymentStatus;
  result_code: string;
  payment_id: string;
  created_ms: number;
  paid_ms: number | null;
  cancelled_ms: number | null;
  reversed_minor: number;
  psp_name: string | null;
  customer_id: string | null;
  code_masked: string | null;
  order_token: string | null;
  order_expires_ms: number | null;
  merchant_name: string;
}

export interface RefundRow {
  client_id: string;
  refund_request_id: string;
  body_hash: string;
  payment_request_id: string;
  payment_id: string;
  amount_minor: number;
  currency: string;
  status: 'SUCCESS' | 'FAIL';
  result_code: string;
  refund_id: string | null;
  created_ms: number;
}

export interface CodeRow {
  code: string;
  psp_name: string;
  customer_id: string;
  minted_ms: number;
  expires_ms: number;
  used_by: string | null;
}

/** One line of GET /sandbox/ledger. */
export interface LedgerEntry {
  clientId: string;
  paymentRequestId: string;
  paymentId: string;
  scenario: string;
  status: PaymentStatus;
  resultCode: string;
  amount: { currency: string; value: string };
  /** How many times money moved from the wallet for this paymentRequestId: never more than 1. */
  timesCharged: number;
  refunded: { currency: string; value: string };
  cancelled: boolean;
  createdAt: string;
}

export function ledgerEntries(db: LedgerDb, filter: { paymentRequestId?: string } = {}): LedgerEntry[] {
  const rows = db
    .prepare(
      `SELECT p.*,
              (SELECT COUNT(*) FROM charges c WHERE c.client_id = p.client_id AND c.payment_request_id = p.payment_request_id) AS times_charged,
              (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.payment_id = p.payment_id AND r.status = 'SUCCESS') AS refunded_minor
         FROM payments p
        WHERE (@id IS NULL OR p.payment_request_id = @id)
        ORDER BY p.created_ms, p.payment_request_id`,
    )
    .all({ id: filter.paymentRequestId ?? null }) as (PaymentRow & { times_charged: number; refunded_minor: number })[];
  return rows.map((r) => ({
    clientId: r.client_id,
    paymentRequestId: r.payment_request_id,
    paymentId: r.payment_id,
    scenario: r.scenario,
    status: r.status,
    resultCode: r.result_code,
    amount: { currency: r.currency, value: String(r.amount_minor) },
    timesCharged: r.times_charged,
    refunded: { currency: r.currency, value: String(r.refunded_minor) },
    cancelled: r.status === 'CANCELLED',
    createdAt: new Date(r.created_ms).toISOString(),
  }));
}
