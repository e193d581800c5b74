// Antom's request builder on the sandbox paths, without a link: what the journal asks of the
// configured acquirer when a test journals payments and refunds without a terminal.
import { payBody, refundBody } from '../../app/acquirer/antom/requests.ts';
import type { RequestBuilder } from '../../app/acquirer/port.ts';
import { PAY_PATH, REFUND_PATH } from './helpers.ts';

export const antomRequests = (pay = PAY_PATH, refund = REFUND_PATH): RequestBuilder => ({
  payRequest: (input) => ({ path: pay, body: payBody(input), idempotencyKey: input.paymentRequestId }),
  refundRequest: (input) => ({ path: refund, body: refundBody(input), idempotencyKey: input.refundRequestId }),
});
