-- 001: the HQ schema. Every table is keyed with store_id first so that it distributes by store
-- (Citus: SELECT create_distributed_table('<table>', 'store_id')) without a change; the two small
-- tables that are not per store (hq_settings, hq_notifications) are reference data.
-- Amounts are integer fils; instants are timestamptz (UTC); business_day is the Asia/Dubai date.

CREATE TABLE hq_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE hq_stores (
  store_id   text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per enrolled till. cursor_seq/head_hash: the last event HQ holds of its hash chain.
CREATE TABLE hq_terminals (
  store_id         text NOT NULL REFERENCES hq_stores (store_id),
  terminal_id      text NOT NULL,
  credential_hash  text NOT NULL, -- sha256 of the terminal's credential; the credential itself is never stored
  client_id        text, -- the acquirer client id the till pays with (routes payment notifications)
  acquirer_public_key text, -- the acquirer's public key that till trusts (verifies notifications)
  enrolled_at      timestamptz NOT NULL DEFAULT now(),
  last_contact_at  timestamptz,
  cursor_seq       bigint NOT NULL DEFAULT 0,
  head_hash        text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  last_event_at    timestamptz,
  terminal_head_seq bigint NOT NULL DEFAULT 0, -- the till's own newest seq, as it last said
  journal_queue    integer NOT NULL DEFAULT 0,
  tampered_at      timestamptz,
  tampered_seq     bigint,
  tampered_reason  text,
  PRIMARY KEY (store_id, terminal_id)
);

-- The tills' event logs as they wrote them (data is the exact JSON text the hash covers).
CREATE TABLE hq_events (
  store_id    text NOT NULL,
  terminal_id text NOT NULL,
  seq         bigint NOT NULL,
  at          text NOT NULL,
  type        text NOT NULL,
  subject     text,
  actor       text,
  data        text NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (store_id, terminal_id, seq)
);

-- What arrived after a till's chain broke: kept apart for whoever investigates, never projected.
CREATE TABLE hq_quarantine (
  store_id    text NOT NULL,
  terminal_id text NOT NULL,
  seq         bigint NOT NULL,
  hash        text NOT NULL,
  at          text NOT NULL,
  type        text NOT NULL,
  subject     text,
  actor       text,
  data        text NOT NULL,
  prev_hash   text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, terminal_id, seq, hash)
);

-- Projections of the events, written in the transaction that stores them.
CREATE TABLE hq_sales (
  store_id     text NOT NULL,
  terminal_id  text NOT NULL,
  sale_id      text NOT NULL,
  status       text NOT NULL,
  cashier_id   text,
  invoice_no   integer,
  total_minor  bigint NOT NULL DEFAULT 0,
  vat_minor    bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL,
  completed_at timestamptz,
  business_day date, -- Dubai day it was paid
  hour         smallint, -- Dubai hour it was paid
  PRIMARY KEY (store_id, terminal_id, sale_id)
);
-- Drill-down by day across the chain (and the bench's raw yardstick): index-only over paid sales.
CREATE INDEX hq_sales_paid_day ON hq_sales (business_day, store_id, terminal_id) INCLUDE (total_minor) WHERE status = 'paid';

CREATE TABLE hq_tenders (
  store_id     text NOT NULL,
  terminal_id  text NOT NULL,
  tender_id    bigint NOT NULL,
  sale_id      text NOT NULL,
  kind         text NOT NULL,
  wallet       text NOT NULL DEFAULT '', -- pspName for wallet tenders
  amount_minor bigint NOT NULL,
  attempt_id   text,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (store_id, terminal_id, tender_id)
);
CREATE INDEX hq_tenders_sale ON hq_tenders (store_id, terminal_id, sale_id);

CREATE TABLE hq_attempts (
  store_id     text NOT NULL,
  terminal_id  text NOT NULL,
  attempt_id   text NOT NULL,
  sale_id      text NOT NULL,
  amount_minor bigint NOT NULL,
  state        text NOT NULL,
  wallet       text,
  result_code  text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (store_id, terminal_id, attempt_id)
);
CREATE INDEX hq_attempts_open ON hq_attempts (store_id, terminal_id, state) WHERE state IN ('unknown', 'needs_attention', 'cancelling', 'sent', 'created', 'awaiting_customer');

CREATE TABLE hq_refunds (
  store_id     text NOT NULL,
  terminal_id  text NOT NULL,
  refund_id    text NOT NULL,
  kind         text NOT NULL, -- wallet | cash | card
  wallet       text NOT NULL DEFAULT '',
  attempt_id   text,
  sale_id      text,
  purpose      text NOT NULL DEFAULT 'refund',
  amount_minor bigint NOT NULL,
  state        text NOT NULL,
  created_at   timestamptz NOT NULL,
  business_day date NOT NULL, -- Dubai day it was made
  hour         smallint NOT NULL,
  PRIMARY KEY (store_id, terminal_id, refund_id)
);
CREATE INDEX hq_refunds_day ON hq_refunds (business_day) WHERE state = 'refunded' AND purpose = 'refund';

CREATE TABLE hq_z_reports (
  store_id       text NOT NULL,
  terminal_id    text NOT NULL,
  number         integer NOT NULL,
  business_day   date NOT NULL,
  closed_at      timestamptz NOT NULL,
  actor          text,
  gross_minor    bigint NOT NULL,
  net_minor      bigint NOT NULL,
  PRIMARY KEY (store_id, terminal_id, number)
);

CREATE TABLE hq_cash_counts (
  store_id        text NOT NULL,
  terminal_id     text NOT NULL,
  z_number        integer NOT NULL,
  business_day    date NOT NULL,
  expected_minor  bigint NOT NULL,
  counted_minor   bigint NOT NULL,
  difference_minor bigint NOT NULL,
  PRIMARY KEY (store_id, terminal_id, z_number)
);

-- Rollups: chain reports read these, never the raw sales. A sale counts on the Dubai day and hour
-- it was paid, a refund on the day and hour it was made, as on the till (app/reports/takings.ts).
CREATE TABLE hq_takings_terminal_day (
  store_id     text NOT NULL,
  business_day date NOT NULL,
  terminal_id  text NOT NULL,
  sales_n      bigint NOT NULL DEFAULT 0,
  gross        bigint NOT NULL DEFAULT 0,
  refunds_n    bigint NOT NULL DEFAULT 0,
  refunds      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, business_day, terminal_id)
);
-- A chain-wide period reads by day first; covering, so it never touches the table.
CREATE INDEX hq_takings_terminal_day_day ON hq_takings_terminal_day (business_day) INCLUDE (store_id, terminal_id, sales_n, gross, refunds);

-- store × business day × hour × tender × wallet; amounts are tender amounts (what each tender took).
CREATE TABLE hq_takings_hour (
  store_id     text NOT NULL,
  business_day date NOT NULL,
  hour         smallint NOT NULL,
  tender       text NOT NULL,
  wallet       text NOT NULL,
  tenders_n    bigint NOT NULL DEFAULT 0,
  amount       bigint NOT NULL DEFAULT 0,
  refunds_n    bigint NOT NULL DEFAULT 0,
  refunds      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, business_day, hour, tender, wallet)
);
CREATE INDEX hq_takings_hour_day ON hq_takings_hour (business_day);

-- The acquirer's payment notifications, verified, for the tills to pull. Keyed by the acquirer's
-- client id: a notification names no store, only the paymentRequestId the till chose.
CREATE TABLE hq_notifications (
  client_id          text NOT NULL,
  payment_request_id text NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  notify_type        text,
  result_status      text,
  result_code        text,
  payment_id         text,
  body               text NOT NULL,
  PRIMARY KEY (client_id, payment_request_id)
);
