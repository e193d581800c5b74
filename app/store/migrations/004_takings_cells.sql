-- 004 (H7, reports): takings kept as per-day cells, maintained by triggers in the same transaction
-- as every change to a sale, tender, attempt or refund. Plain indexed SQL over ≈2.2 M sales could
-- not give a month's takings inside 300 ms (bench group `reports`); reading ~1,000 cells can.
-- The cells are derived data: the views below define them from the journal rows, the triggers keep
-- them equal to the views, and the property test in test/reports checks both against the rows.

CREATE TABLE takings_cells (
  dim          TEXT NOT NULL, -- sale (key: status) | hour (key: Dubai hour 00–23, paid) | cashier (key: cashier id, paid)
                              -- | tender (key: kind:psp, paid) | attempt (key: state) | refund (key: kind:psp, done)
  business_day TEXT NOT NULL,
  key          TEXT NOT NULL,
  n            INTEGER NOT NULL,
  amount       INTEGER NOT NULL, -- minor units
  vat          INTEGER NOT NULL, -- minor units
  PRIMARY KEY (dim, business_day, key)
) WITHOUT ROWID;

-- What one sale contributes, with its tenders and attempts. A sale counts on its business day (the
-- day it was paid); completed_at is UTC ISO text, so characters 12–13 are the UTC hour (Dubai +4).
CREATE VIEW takings_sale_cells AS
  SELECT s.id AS sale_id, 'sale' AS dim, s.business_day AS business_day, s.status AS key, 1 AS n, s.total_minor AS amount, s.vat_minor AS vat
    FROM sales s
  UNION ALL
  SELECT s.id, 'hour', s.business_day, printf('%02d', (CAST(substr(s.completed_at, 12, 2) AS INTEGER) + 4) % 24), 1, s.total_minor, 0
    FROM sales s WHERE s.status = 'paid'
  UNION ALL
  SELECT s.id, 'cashier', s.business_day, COALESCE(s.cashier_id, ''), 1, s.total_minor, 0
    FROM sales s WHERE s.status = 'paid'
  UNION ALL
  SELECT s.id, 'tender', s.business_day, t.kind || ':' || CASE WHEN t.kind = 'wallet' THEN COALESCE(a.psp_name, '') ELSE '' END, 1, t.amount_minor, 0
    FROM sales s JOIN tenders t ON t.sale_id = s.id LEFT JOIN attempts a ON a.id = t.attempt_id WHERE s.status = 'paid'
  UNION ALL
  SELECT s.id, 'attempt', s.business_day, a.state, 1, a.amount_minor, 0
    FROM sales s JOIN attempts a ON a.sale_id = s.id;

-- A wallet refund counts on the Dubai day it was made, once the acquirer confirmed it. A reversal
-- (a cancel past the cut-off) undoes an attempt that never became a tender: not a refund of takings.
-- The VAT inside a VAT-inclusive amount is roundHalfUp(amount × 5 / 105), as app/domain/sale.ts.
CREATE VIEW takings_refund_cells AS
  SELECT r.id AS refund_id, r.attempt_id AS attempt_id, 'refund' AS dim, date(r.created_at, '+4 hours') AS business_day,
         'wallet:' || COALESCE(a.psp_name, '') AS key, 1 AS n, r.amount_minor AS amount, (r.amount_minor * 10 + 105) / 210 AS vat
    FROM refunds r JOIN attempts a ON a.id = r.attempt_id
   WHERE r.state = 'refunded' AND r.purpose = 'refund';

-- backfill:begin (the bench generator replays this block after a bulk load)
INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
SELECT dim, business_day, key, SUM(n), SUM(amount), SUM(vat) FROM (
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells
  UNION ALL
  SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells
  UNION ALL
  SELECT 'refund', business_day, kind || ':', 1, amount_minor, (amount_minor * 10 + 105) / 210 FROM manual_refunds
) WHERE true GROUP BY dim, business_day, key;
-- backfill:end

-- Each change takes the sale's (or refund's) old cells out BEFORE it and puts the new ones in AFTER
-- it: the net effect is exactly the difference, whatever columns moved.
CREATE TRIGGER takings_sale_insert AFTER INSERT ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = NEW.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_sale_before_update BEFORE UPDATE OF status, total_minor, vat_minor, cashier_id, completed_at, business_day, id ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = OLD.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_sale_after_update AFTER UPDATE OF status, total_minor, vat_minor, cashier_id, completed_at, business_day, id ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = NEW.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_sale_delete BEFORE DELETE ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = OLD.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;

CREATE TRIGGER takings_tender_insert_before BEFORE INSERT ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_tender_insert_after AFTER INSERT ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_tender_before_update BEFORE UPDATE OF sale_id, kind, amount_minor, attempt_id ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id IN (OLD.sale_id, NEW.sale_id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_tender_after_update AFTER UPDATE OF sale_id, kind, amount_minor, attempt_id ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id IN (OLD.sale_id, NEW.sale_id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_tender_delete_before BEFORE DELETE ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = OLD.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_tender_delete_after AFTER DELETE ON tenders BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = OLD.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;

-- Attempts: their state and amount count on their sale's day; their pspName names the wallet of
-- the tender and of the refunds made against them.
CREATE TRIGGER takings_attempt_insert_before BEFORE INSERT ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_insert_after AFTER INSERT ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_before_update BEFORE UPDATE OF sale_id, state, amount_minor, psp_name, id ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id IN (OLD.sale_id, NEW.sale_id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_refund_cells WHERE attempt_id IN (OLD.id, NEW.id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_after_update AFTER UPDATE OF sale_id, state, amount_minor, psp_name, id ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id IN (OLD.sale_id, NEW.sale_id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells WHERE attempt_id IN (OLD.id, NEW.id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_delete_before BEFORE DELETE ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = OLD.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_delete_after AFTER DELETE ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = OLD.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;

CREATE TRIGGER takings_refund_insert AFTER INSERT ON refunds BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells WHERE refund_id = NEW.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_refund_before_update BEFORE UPDATE OF state, amount_minor, purpose, created_at, attempt_id, id ON refunds BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_refund_cells WHERE refund_id = OLD.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_refund_after_update AFTER UPDATE OF state, amount_minor, purpose, created_at, attempt_id, id ON refunds BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells WHERE refund_id = NEW.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_refund_delete BEFORE DELETE ON refunds BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_refund_cells WHERE refund_id = OLD.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;

-- manual_refunds are append-only (002 forbids UPDATE and DELETE).
CREATE TRIGGER takings_manual_refund_insert AFTER INSERT ON manual_refunds BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  VALUES ('refund', NEW.business_day, NEW.kind || ':', 1, NEW.amount_minor, (NEW.amount_minor * 10 + 105) / 210)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
