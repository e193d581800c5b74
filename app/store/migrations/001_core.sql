-- 001: the terminal core. Amounts are integer minor units; instants are UTC ISO-8601 text
-- ("2025-11-25T12:00:00.000Z"), business_day is the Asia/Dubai date of the sale.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL -- JSON
);

CREATE TABLE catalogue (
  ean         TEXT PRIMARY KEY, -- EAN-13 / EAN-8 / UPC-A or a shop SKU
  name        TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  currency    TEXT NOT NULL DEFAULT 'AED'
);

CREATE TABLE sales (
  id           TEXT PRIMARY KEY,
  terminal_id  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open', 'paid', 'voided')),
  currency     TEXT NOT NULL DEFAULT 'AED',
  total_minor  INTEGER NOT NULL DEFAULT 0, -- VAT inclusive
  vat_minor    INTEGER NOT NULL DEFAULT 0,
  cashier_id   TEXT,
  invoice_no   INTEGER, -- given when the sale is paid; sequential per terminal
  created_at   TEXT NOT NULL,
  completed_at TEXT,
  business_day TEXT NOT NULL,
  UNIQUE (terminal_id, invoice_no)
);
CREATE INDEX sales_day ON sales (business_day, status);

CREATE TABLE sale_lines (
  id               INTEGER PRIMARY KEY,
  sale_id          TEXT NOT NULL REFERENCES sales (id),
  kind             TEXT NOT NULL CHECK (kind IN ('product', 'keyed')),
  ean              TEXT,
  name             TEXT NOT NULL,
  unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  total_minor      INTEGER NOT NULL,
  created_at       TEXT NOT NULL
);
CREATE INDEX sale_lines_sale ON sale_lines (sale_id);

-- Payment attempts; the id is Antom's paymentRequestId, our idempotency key.
CREATE TABLE attempts (
  id               TEXT PRIMARY KEY,
  sale_id          TEXT NOT NULL REFERENCES sales (id),
  scenario         TEXT NOT NULL CHECK (scenario IN ('PaymentCode', 'OrderCode')),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  currency         TEXT NOT NULL,
  state            TEXT NOT NULL,
  code_masked      TEXT, -- 2810…2345; the full code lives only in request_body
  request_path     TEXT NOT NULL,
  request_body     TEXT NOT NULL, -- the exact bytes signed and sent; resent unchanged
  valid_until      TEXT, -- PaymentCode: scan time + window; never sent after it
  result_status    TEXT,
  result_code      TEXT,
  result_message   TEXT,
  payment_id       TEXT,
  payment_time     TEXT,
  psp_name         TEXT,
  customer_id      TEXT, -- displayCustomerId as the acquirer masks it
  order_code       TEXT, -- QR codeValue
  order_expires_at TEXT,
  created_at       TEXT NOT NULL,
  sent_at          TEXT,
  updated_at       TEXT NOT NULL,
  try_count        INTEGER NOT NULL DEFAULT 0, -- pay sends
  inquiry_count    INTEGER NOT NULL DEFAULT 0,
  cancel_count     INTEGER NOT NULL DEFAULT 0,
  next_try_at      TEXT, -- when the sync engine should act on it next
  last_error       TEXT
);
CREATE INDEX attempts_pending ON attempts (state, next_try_at);
CREATE INDEX attempts_sale ON attempts (sale_id);

CREATE TABLE tenders (
  id             INTEGER PRIMARY KEY,
  sale_id        TEXT NOT NULL REFERENCES sales (id),
  kind           TEXT NOT NULL CHECK (kind IN ('wallet', 'cash', 'card')),
  amount_minor   INTEGER NOT NULL, -- applied to the sale
  tendered_minor INTEGER, -- cash handed over
  change_minor   INTEGER,
  attempt_id     TEXT REFERENCES attempts (id),
  created_at     TEXT NOT NULL
);
CREATE INDEX tenders_sale ON tenders (sale_id);

-- refundRequestId is ours, reused unchanged on every retry.
CREATE TABLE refunds (
  id             TEXT PRIMARY KEY,
  attempt_id     TEXT NOT NULL REFERENCES attempts (id),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  currency       TEXT NOT NULL,
  reason         TEXT,
  purpose        TEXT NOT NULL DEFAULT 'refund' CHECK (purpose IN ('refund', 'reversal')), -- reversal: a cancel past the cut-off
  state          TEXT NOT NULL,
  request_path   TEXT NOT NULL,
  request_body   TEXT NOT NULL,
  result_code    TEXT,
  result_message TEXT,
  refund_id      TEXT,
  refund_time    TEXT,
  actor          TEXT,
  created_at     TEXT NOT NULL,
  sent_at        TEXT,
  updated_at     TEXT NOT NULL,
  try_count      INTEGER NOT NULL DEFAULT 0,
  next_try_at    TEXT,
  last_error     TEXT
);
CREATE INDEX refunds_pending ON refunds (state, next_try_at);
CREATE INDEX refunds_attempt ON refunds (attempt_id);

-- Every request to the acquirer, committed before it is sent (the outbox), and what came back.
CREATE TABLE journal (
  id            INTEGER PRIMARY KEY,
  subject       TEXT NOT NULL CHECK (subject IN ('attempt', 'refund')),
  subject_id    TEXT NOT NULL,
  operation     TEXT NOT NULL CHECK (operation IN ('pay', 'inquiry', 'cancel', 'refund', 'refund_inquiry')),
  path          TEXT NOT NULL,
  body          TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  outcome       TEXT, -- S / F / U / timeout / network / http_<n> / unverified
  result_code   TEXT,
  completed_at  TEXT
);
CREATE INDEX journal_subject ON journal (subject, subject_id);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical row). Triggers forbid edits.
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  type       TEXT NOT NULL,
  subject    TEXT,
  actor      TEXT,
  data       TEXT NOT NULL, -- JSON
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
