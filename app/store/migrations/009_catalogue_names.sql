-- 006 (issue 10): a product's name in Arabic and Chinese beside the English one, for the receipt
-- and the customer display; empty until a manager gives them.
ALTER TABLE catalogue ADD COLUMN name_ar TEXT;
ALTER TABLE catalogue ADD COLUMN name_zh TEXT;
