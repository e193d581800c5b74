-- 005: acquirer replies bound to their requests, and payment codes kept only while they are needed.
--
-- mismatch_count: signed replies about another request (another paymentRequestId / refundRequestId,
-- another amount or currency, an acquirer paymentId another attempt holds). Such a reply is no
-- answer; an attempt that got one ends needs_attention, not cancelled, when its inquiries run out.
ALTER TABLE attempts ADD COLUMN mismatch_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN mismatch_count INTEGER NOT NULL DEFAULT 0;

-- Once an attempt is final its customer code is never sent again: the stored bodies keep the
-- masked form (2810…2345) and code_hash = sha256("<paymentRequestId>:<code>") hex, enough to
-- answer "was this code used here?" without keeping a usable code in the file.
ALTER TABLE attempts ADD COLUMN code_hash TEXT;

-- "Does another attempt hold this acquirer paymentId?" is asked on every success.
CREATE INDEX attempts_payment_id ON attempts (payment_id) WHERE payment_id IS NOT NULL;

-- Attempts already final before this version: wipe their codes now (no hash: SQL has no sha256).
-- secure_delete zeroes the freed bytes instead of leaving the old rows readable in free pages.
PRAGMA secure_delete = ON;
UPDATE journal
   SET body = json_set(body, '$.paymentMethod.paymentMethodId', (SELECT a.code_masked FROM attempts a WHERE a.id = journal.subject_id))
 WHERE subject = 'attempt' AND operation = 'pay' AND json_valid(body)
   AND subject_id IN (SELECT id FROM attempts WHERE scenario = 'PaymentCode' AND code_masked IS NOT NULL
                        AND state IN ('succeeded', 'failed', 'cancelled', 'expired'));
UPDATE attempts
   SET request_body = json_set(request_body, '$.paymentMethod.paymentMethodId', code_masked)
 WHERE scenario = 'PaymentCode' AND code_masked IS NOT NULL AND json_valid(request_body)
   AND state IN ('succeeded', 'failed', 'cancelled', 'expired');
