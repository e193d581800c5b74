-- 005 (issue 10): a Z report closes a period — everything since the previous Z — not a calendar
-- day. Several Zs a day are normal, so z_reports loses UNIQUE (terminal_id, business_day) and gains
-- the instants its period runs between. What a Z holds is written down, not worked out from times:
-- each paid or voided sale, confirmed wallet refund, drawer/card refund and drawer movement waits in
-- z_open from the moment it counts until the next Z moves it to z_items, whose primary key puts it
-- on exactly one Z. A sale paid a millisecond after a Z, or a wallet refund confirmed after the Z it
-- was asked for on, goes on the next Z instead of on none.

CREATE TABLE z_reports_v5 (
  terminal_id         TEXT NOT NULL,
  number              INTEGER NOT NULL CHECK (number > 0),
  business_day        TEXT NOT NULL, -- the Dubai day the Z was taken on (several Zs may share one)
  period_from         TEXT NOT NULL, -- UTC ISO: the previous Z's period_to (the first Z: its first item)
  period_to           TEXT NOT NULL, -- UTC ISO: when this Z was taken
  created_at          TEXT NOT NULL,
  actor               TEXT NOT NULL, -- users.id of the manager who took the Z
  currency            TEXT NOT NULL,
  totals              TEXT NOT NULL, -- JSON: the takings, drawer, reconciliation, as printed
  expected_cash_minor INTEGER NOT NULL,
  counted_cash_minor  INTEGER NOT NULL CHECK (counted_cash_minor >= 0),
  difference_minor    INTEGER NOT NULL, -- counted − expected: negative means cash is missing
  PRIMARY KEY (terminal_id, number),
  CHECK (difference_minor = counted_cash_minor - expected_cash_minor),
  CHECK (period_from <= period_to)
);
INSERT INTO z_reports_v5 (terminal_id, number, business_day, period_from, period_to, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor)
SELECT terminal_id, number, business_day,
       -- A day-Z covered its Dubai day from midnight (00:00 Dubai is 20:00 UTC the day before).
       strftime('%Y-%m-%dT%H:%M:%fZ', business_day, '-4 hours'), created_at,
       created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor
  FROM z_reports;
-- DROP TABLE's implicit delete fires no trigger; the rows live on in z_reports_v5.
DROP TABLE z_reports;
ALTER TABLE z_reports_v5 RENAME TO z_reports;
CREATE TRIGGER z_reports_in_sequence BEFORE INSERT ON z_reports
WHEN NEW.number <> COALESCE((SELECT MAX(number) FROM z_reports WHERE terminal_id = NEW.terminal_id), 0) + 1
BEGIN SELECT RAISE(ABORT, 'Z report numbers follow each other with no gap'); END;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports BEGIN SELECT RAISE(ABORT, 'a Z report is final: it cannot be changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports BEGIN SELECT RAISE(ABORT, 'a Z report is final: it cannot be deleted'); END;

-- Cash put into or taken out of the drawer other than by a sale or a refund, and the drawer opened
-- with no sale. Recorded, never edited: a correction is another row.
CREATE TABLE drawer_movements (
  id           TEXT PRIMARY KEY,
  terminal_id  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('float', 'cash_in', 'cash_out', 'no_sale')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0 AND (kind = 'no_sale') = (amount_minor = 0)),
  currency     TEXT NOT NULL DEFAULT 'AED',
  reason       TEXT,
  actor        TEXT NOT NULL, -- users.id of who did it
  created_at   TEXT NOT NULL,
  business_day TEXT NOT NULL
);
CREATE INDEX drawer_movements_day ON drawer_movements (business_day);
CREATE TRIGGER drawer_movements_no_update BEFORE UPDATE ON drawer_movements BEGIN SELECT RAISE(ABORT, 'a drawer movement cannot be changed: record a correction'); END;
CREATE TRIGGER drawer_movements_no_delete BEFORE DELETE ON drawer_movements BEGIN SELECT RAISE(ABORT, 'a drawer movement cannot be deleted: record a correction'); END;

-- kind: sale | wallet_refund | drawer_refund | drawer. at: when it started to count (UTC ISO).
CREATE TABLE z_open (
  kind    TEXT NOT NULL CHECK (kind IN ('sale', 'wallet_refund', 'drawer_refund', 'drawer')),
  item_id TEXT NOT NULL,
  at      TEXT NOT NULL,
  PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;

CREATE TABLE z_items (
  terminal_id TEXT NOT NULL,
  z_number    INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  at          TEXT NOT NULL,
  PRIMARY KEY (kind, item_id), -- on exactly one Z
  FOREIGN KEY (terminal_id, z_number) REFERENCES z_reports (terminal_id, number)
) WITHOUT ROWID;
CREATE INDEX z_items_z ON z_items (terminal_id, z_number, kind);
CREATE TRIGGER z_items_no_update BEFORE UPDATE ON z_items BEGIN SELECT RAISE(ABORT, 'what a Z report holds is final'); END;
CREATE TRIGGER z_items_no_delete BEFORE DELETE ON z_items BEGIN SELECT RAISE(ABORT, 'what a Z report holds is final'); END;

-- Into z_open the moment each starts to count. A sale whose status changes again (it cannot after
-- paid or voided today) would not be queued twice: the key is (kind, id) and z_items refuses a
-- second Z.
CREATE TRIGGER z_open_sale_insert AFTER INSERT ON sales WHEN NEW.status IN ('paid', 'voided') BEGIN
  INSERT OR IGNORE INTO z_open (kind, item_id, at) SELECT 'sale', NEW.id, COALESCE(NEW.completed_at, NEW.created_at)
   WHERE NOT EXISTS (SELECT 1 FROM z_items WHERE kind = 'sale' AND item_id = NEW.id);
END;
CREATE TRIGGER z_open_sale_update AFTER UPDATE OF status ON sales WHEN NEW.status IN ('paid', 'voided') AND OLD.status NOT IN ('paid', 'voided') BEGIN
  INSERT OR IGNORE INTO z_open (kind, item_id, at) SELECT 'sale', NEW.id, COALESCE(NEW.completed_at, NEW.created_at)
   WHERE NOT EXISTS (SELECT 1 FROM z_items WHERE kind = 'sale' AND item_id = NEW.id);
END;
CREATE TRIGGER z_open_refund_insert AFTER INSERT ON refunds WHEN NEW.state = 'refunded' AND NEW.purpose = 'refund' BEGIN
  INSERT OR IGNORE INTO z_open (kind, item_id, at) SELECT 'wallet_refund', NEW.id, NEW.created_at
   WHERE NOT EXISTS (SELECT 1 FROM z_items WHERE kind = 'wallet_refund' AND item_id = NEW.id);
END;
CREATE TRIGGER z_open_refund_update AFTER UPDATE OF state, purpose ON refunds WHEN NEW.state = 'refunded' AND NEW.purpose = 'refund' BEGIN
  INSERT OR IGNORE INTO z_open (kind, item_id, at) SELECT 'wallet_refund', NEW.id, NEW.created_at
   WHERE NOT EXISTS (SELECT 1 FROM z_items WHERE kind = 'wallet_refund' AND item_id = NEW.id);
END;
CREATE TRIGGER z_open_manual_refund AFTER INSERT ON manual_refunds BEGIN
  INSERT INTO z_open (kind, item_id, at) VALUES ('drawer_refund', NEW.id, NEW.created_at);
END;
CREATE TRIGGER z_open_drawer AFTER INSERT ON drawer_movements BEGIN
  INSERT INTO z_open (kind, item_id, at) VALUES ('drawer', NEW.id, NEW.created_at);
END;

-- Backfill. What an old day-Z covered (its day, up to when it was taken) goes on it; everything
-- else that counts waits for the next Z — including the sales made after a day's Z, which until
-- now were on no Z at all.
INSERT INTO z_items (terminal_id, z_number, kind, item_id, at)
SELECT z.terminal_id, z.number, 'sale', s.id, COALESCE(s.completed_at, s.created_at)
  FROM sales s JOIN z_reports z ON z.terminal_id = s.terminal_id AND z.business_day = s.business_day
 WHERE s.status IN ('paid', 'voided') AND COALESCE(s.completed_at, s.created_at) <= z.created_at;
INSERT INTO z_items (terminal_id, z_number, kind, item_id, at)
SELECT z.terminal_id, z.number, 'wallet_refund', r.id, r.created_at
  FROM refunds r JOIN z_reports z ON z.business_day = date(r.created_at, '+4 hours')
 WHERE r.state = 'refunded' AND r.purpose = 'refund' AND r.updated_at <= z.created_at
   AND z.terminal_id = (SELECT s.terminal_id FROM attempts a JOIN sales s ON s.id = a.sale_id WHERE a.id = r.attempt_id);
INSERT INTO z_items (terminal_id, z_number, kind, item_id, at)
SELECT z.terminal_id, z.number, 'drawer_refund', m.id, m.created_at
  FROM manual_refunds m JOIN sales s ON s.id = m.sale_id JOIN z_reports z ON z.terminal_id = s.terminal_id AND z.business_day = m.business_day
 WHERE m.created_at <= z.created_at;
INSERT INTO z_open (kind, item_id, at)
SELECT 'sale', id, COALESCE(completed_at, created_at) FROM sales s
 WHERE status IN ('paid', 'voided') AND NOT EXISTS (SELECT 1 FROM z_items i WHERE i.kind = 'sale' AND i.item_id = s.id);
INSERT INTO z_open (kind, item_id, at)
SELECT 'wallet_refund', id, created_at FROM refunds r
 WHERE state = 'refunded' AND purpose = 'refund' AND NOT EXISTS (SELECT 1 FROM z_items i WHERE i.kind = 'wallet_refund' AND i.item_id = r.id);
INSERT INTO z_open (kind, item_id, at)
SELECT 'drawer_refund', id, created_at FROM manual_refunds m
 WHERE NOT EXISTS (SELECT 1 FROM z_items i WHERE i.kind = 'drawer_refund' AND i.item_id = m.id);

-- The Z asks the acquirer about payments on sales still open: few, found without reading years of sales.
CREATE INDEX sales_open ON sales (terminal_id) WHERE status = 'open';
