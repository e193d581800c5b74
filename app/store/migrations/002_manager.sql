-- 002: the store manager. People and their PINs, cashier shifts, refunds paid from the drawer (or
-- the external card terminal), Z reports, and the indexes that keep takings fast on years of sales.

CREATE TABLE users (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
  role         TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'installer')),
  pin_hash     TEXT NOT NULL, -- scrypt:<N>:<r>:<p>:<hex>, so the cost can rise without a migration
  pin_salt     TEXT NOT NULL, -- hex, per user
  failed_tries INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT, -- UTC ISO; sign-in refused before it
  created_at   TEXT NOT NULL,
  disabled     INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

-- A cashier signed in at a terminal; ended_at stays NULL while the shift is open.
CREATE TABLE shifts (
  id          INTEGER PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id),
  terminal_id TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  ended_at    TEXT
);
-- One person at the till at a time: a second sign-in must end the first shift.
CREATE UNIQUE INDEX shifts_open ON shifts (terminal_id) WHERE ended_at IS NULL;
CREATE INDEX shifts_user ON shifts (user_id, started_at);

-- Refunds that never reach the acquirer: cash handed back from the drawer, or a refund keyed on the
-- external card terminal. Recorded, never edited: a correction is another row.
CREATE TABLE manual_refunds (
  id           TEXT PRIMARY KEY,
  sale_id      TEXT NOT NULL REFERENCES sales (id),
  kind         TEXT NOT NULL CHECK (kind IN ('cash', 'card')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency     TEXT NOT NULL,
  reason       TEXT,
  actor        TEXT NOT NULL, -- users.id of the manager who approved it
  created_at   TEXT NOT NULL,
  business_day TEXT NOT NULL -- Asia/Dubai day of created_at: the day whose drawer paid it
);
CREATE INDEX manual_refunds_day ON manual_refunds (business_day, kind, amount_minor);
CREATE INDEX manual_refunds_sale ON manual_refunds (sale_id);
CREATE TRIGGER manual_refunds_no_update BEFORE UPDATE ON manual_refunds BEGIN SELECT RAISE(ABORT, 'a recorded refund cannot be changed: record a correction'); END;
CREATE TRIGGER manual_refunds_no_delete BEFORE DELETE ON manual_refunds BEGIN SELECT RAISE(ABORT, 'a recorded refund cannot be deleted: record a correction'); END;

-- The day close. Numbered 1, 2, 3… per terminal with no gap; one per business day; never edited.
CREATE TABLE z_reports (
  terminal_id         TEXT NOT NULL,
  number              INTEGER NOT NULL CHECK (number > 0),
  business_day        TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  actor               TEXT NOT NULL, -- users.id of the manager who closed the day
  currency            TEXT NOT NULL,
  totals              TEXT NOT NULL, -- JSON: the takings, the reconciliation, as printed
  expected_cash_minor INTEGER NOT NULL,
  counted_cash_minor  INTEGER NOT NULL CHECK (counted_cash_minor >= 0),
  difference_minor    INTEGER NOT NULL, -- counted − expected: negative means cash is missing
  PRIMARY KEY (terminal_id, number),
  UNIQUE (terminal_id, business_day),
  CHECK (difference_minor = counted_cash_minor - expected_cash_minor)
);
CREATE TRIGGER z_reports_in_sequence BEFORE INSERT ON z_reports
WHEN NEW.number <> COALESCE((SELECT MAX(number) FROM z_reports WHERE terminal_id = NEW.terminal_id), 0) + 1
BEGIN SELECT RAISE(ABORT, 'Z report numbers follow each other with no gap'); END;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports BEGIN SELECT RAISE(ABORT, 'a Z report is final: it cannot be changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports BEGIN SELECT RAISE(ABORT, 'a Z report is final: it cannot be deleted'); END;

-- Takings read a day's (or a month's) sales from one covering index, never the table: totals, the
-- hour and the cashier, and the id to join tenders and attempts on.
CREATE INDEX sales_takings ON sales (business_day, status, total_minor, vat_minor, cashier_id, completed_at, id);
CREATE INDEX tenders_takings ON tenders (sale_id, kind, amount_minor, attempt_id);
CREATE INDEX attempts_takings ON attempts (sale_id, state, amount_minor, psp_name);
CREATE INDEX attempts_psp ON attempts (id, psp_name);
CREATE INDEX refunds_takings ON refunds (created_at, state, amount_minor, attempt_id);
