-- 005 (issue 9, the till): parked sales, the card terminal's slip details, and takings that count
-- only sales a person would call "open".
--
-- A parked sale is an open sale put aside with its lines (parked_at set) while the cashier serves
-- the next customer; it is recalled later, even after a restart. It is no takings figure: not open,
-- not paid. Nor is an open sale with no line yet (the till opens the next sale before anything is
-- rung up): counting those as "open" told the manager of sales nobody ever started.
ALTER TABLE sales ADD COLUMN parked_at TEXT;
CREATE INDEX sales_parked ON sales (terminal_id, parked_at) WHERE parked_at IS NOT NULL;

-- Keyed from the card terminal's slip (both optional): printed on the receipt, found by a refund.
ALTER TABLE tenders ADD COLUMN card_approval TEXT CHECK (card_approval IS NULL OR card_approval GLOB '[0-9A-Za-z]*');
ALTER TABLE tenders ADD COLUMN card_last4 TEXT CHECK (card_last4 IS NULL OR card_last4 GLOB '[0-9][0-9][0-9][0-9]');

-- The sale cell's key: 'parked' and 'empty' are kept apart from 'open' (takingsForRange reads
-- paid, voided and open only). Everything else is as in 004.
DROP VIEW takings_sale_cells;
CREATE VIEW takings_sale_cells AS
  SELECT s.id AS sale_id, 'sale' AS dim, s.business_day AS business_day,
         CASE WHEN s.status <> 'open' THEN s.status WHEN s.parked_at IS NOT NULL THEN 'parked' WHEN s.total_minor = 0 THEN 'empty' ELSE 'open' END AS key,
         1 AS n, s.total_minor AS amount, s.vat_minor AS vat
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

-- Parking moves a sale between keys: the update triggers follow parked_at too.
DROP TRIGGER takings_sale_before_update;
DROP TRIGGER takings_sale_after_update;
CREATE TRIGGER takings_sale_before_update BEFORE UPDATE OF status, total_minor, vat_minor, cashier_id, completed_at, business_day, id, parked_at ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells WHERE sale_id = OLD.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_sale_after_update AFTER UPDATE OF status, total_minor, vat_minor, cashier_id, completed_at, business_day, id, parked_at ON sales BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells WHERE sale_id = NEW.id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;

-- The sale cells again from the new view (empty open sales leave 'open').
DELETE FROM takings_cells WHERE dim = 'sale';
INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
SELECT dim, business_day, key, SUM(n), SUM(amount), SUM(vat) FROM takings_sale_cells WHERE dim = 'sale' GROUP BY dim, business_day, key;

-- Line discounts and price overrides (issue 9): the price the line was rung up at is kept when the
-- cashier overrides it; a discount is a percentage (in hundredths of a percent) or an amount in
-- fils off the line. total_minor is the line after both. Above the installer's limit a manager
-- approved it (approved_by: the manager's user id).
ALTER TABLE sale_lines ADD COLUMN list_price_minor INTEGER CHECK (list_price_minor IS NULL OR list_price_minor >= 0);
ALTER TABLE sale_lines ADD COLUMN discount_kind TEXT CHECK (discount_kind IS NULL OR discount_kind IN ('percent', 'amount'));
ALTER TABLE sale_lines ADD COLUMN discount_value INTEGER CHECK (discount_value IS NULL OR discount_value > 0);
ALTER TABLE sale_lines ADD COLUMN approved_by TEXT;
