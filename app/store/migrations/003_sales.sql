-- 003: sales bookkeeping (H3, app/sales). The tax-free tag on a receipt, and the rules that make
-- invoice numbers trustworthy even against a buggy writer: given once, never changed, each the next
-- number of its terminal (no gap, no duplicate; UNIQUE (terminal_id, invoice_no) is in 001).

ALTER TABLE sales ADD COLUMN tax_free_tag TEXT; -- the tourist's tax-free tag number, printed on the receipt

CREATE TRIGGER sales_invoice_in_sequence BEFORE UPDATE OF invoice_no ON sales
WHEN OLD.invoice_no IS NULL AND NEW.invoice_no IS NOT NULL
 AND NEW.invoice_no <> COALESCE((SELECT MAX(invoice_no) FROM sales WHERE terminal_id = NEW.terminal_id), 0) + 1
BEGIN SELECT RAISE(ABORT, 'invoice numbers follow each other with no gap'); END;

CREATE TRIGGER sales_invoice_final BEFORE UPDATE OF invoice_no ON sales
WHEN OLD.invoice_no IS NOT NULL AND NEW.invoice_no IS NOT OLD.invoice_no
BEGIN SELECT RAISE(ABORT, 'an invoice number, once given, cannot change'); END;

-- A wallet attempt pays its sale once, whatever retries or restarts replay its success.
CREATE UNIQUE INDEX tenders_attempt_once ON tenders (attempt_id) WHERE attempt_id IS NOT NULL;
