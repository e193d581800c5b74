-- 010 (issue 12, the journal at its floor): an attempt's state moves its own takings cell, nothing
-- more.
--
-- 004's attempt triggers took every cell of the attempt's sale out and put them all back around each
-- insert and each update naming `state` — every step of the engine, even one that only counts an
-- inquiry: a dozen upserts inside the transaction a scanned code waits on before its bytes leave.
-- An attempt's state and amount reach one cell only, its 'attempt' cell (tender and refund cells
-- follow psp_name; the sale's own cells follow the sale, whose triggers are unchanged). So:
--   insert                       → its attempt cell
--   state or amount changed      → out of the old attempt cell, into the new one
--   sale_id, id or psp_name      → the full recompute of 004, for the attempt's sales and the sales
--                                  of the tenders it pays (004 took only the former: a tender's
--                                  wallet name went stale if its attempt ever named another sale)
--   nothing that counts changed  → nothing (a bookkeeping step: counters, next try)
-- The property test in test/reports checks the cells against 004's views after random histories.

DROP TRIGGER takings_attempt_insert_before;
DROP TRIGGER takings_attempt_insert_after;
CREATE TRIGGER takings_attempt_insert AFTER INSERT ON attempts BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT 'attempt', s.business_day, NEW.state, 1, NEW.amount_minor, 0 FROM sales s WHERE s.id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

DROP TRIGGER takings_attempt_before_update;
DROP TRIGGER takings_attempt_after_update;
CREATE TRIGGER takings_attempt_before_update BEFORE UPDATE OF sale_id, psp_name, id ON attempts
WHEN OLD.sale_id IS NOT NEW.sale_id OR OLD.id IS NOT NEW.id OR OLD.psp_name IS NOT NEW.psp_name BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_sale_cells
   WHERE sale_id IN (OLD.sale_id, NEW.sale_id) OR sale_id IN (SELECT t.sale_id FROM tenders t WHERE t.attempt_id IN (OLD.id, NEW.id))
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, -n, -amount, -vat FROM takings_refund_cells WHERE attempt_id IN (OLD.id, NEW.id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
CREATE TRIGGER takings_attempt_after_update AFTER UPDATE OF sale_id, psp_name, id ON attempts
WHEN OLD.sale_id IS NOT NEW.sale_id OR OLD.id IS NOT NEW.id OR OLD.psp_name IS NOT NEW.psp_name BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_sale_cells
   WHERE sale_id IN (OLD.sale_id, NEW.sale_id) OR sale_id IN (SELECT t.sale_id FROM tenders t WHERE t.attempt_id IN (OLD.id, NEW.id))
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT dim, business_day, key, n, amount, vat FROM takings_refund_cells WHERE attempt_id IN (OLD.id, NEW.id)
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, vat = vat + excluded.vat;
END;
-- Only when the full recompute above did not run (it already moved the attempt cell).
CREATE TRIGGER takings_attempt_state AFTER UPDATE OF state, amount_minor ON attempts
WHEN OLD.sale_id IS NEW.sale_id AND OLD.id IS NEW.id AND OLD.psp_name IS NEW.psp_name
 AND (OLD.state IS NOT NEW.state OR OLD.amount_minor IS NOT NEW.amount_minor) BEGIN
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT 'attempt', s.business_day, OLD.state, -1, -OLD.amount_minor, 0 FROM sales s WHERE s.id = OLD.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
  INSERT INTO takings_cells (dim, business_day, key, n, amount, vat)
  SELECT 'attempt', s.business_day, NEW.state, 1, NEW.amount_minor, 0 FROM sales s WHERE s.id = NEW.sale_id
  ON CONFLICT (dim, business_day, key) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;
