// The Antom adapter behind the acquirer port: Antom's request bodies (requests.ts), its signed
// HTTP link (client.ts), its result table and the binding of each reply to its request
// (results.ts). The engine hands it journalled bytes and what they asked; it hands back outcomes.
import type { AcquirerLink, AcquirerReply } from '../link.ts';
import type { AcquirerPort, WireNote } from '../port.ts';
import { cancelBody, inquiryBody, payBody, refundBody } from './requests.ts';
import { cancelOutcome, inquiryOutcome, payOutcome, refundOutcome } from './results.ts';

function wireNote(reply: AcquirerReply): WireNote {
  if (reply.kind === 'answered') return { outcome: reply.result.resultStatus, resultCode: reply.result.resultCode, reached: true };
  return {
    outcome: reply.reason === 'http' ? `http_${reply.httpStatus ?? 0}` : reply.reason,
    resultCode: null,
    reached: reply.reason !== 'network' && reply.reason !== 'timeout',
  };
}

export interface AntomPortOptions {
  /** An id no payment ever has, asked about to learn whether the acquirer answers. */
  probeId: string;
}

export function antomPort(link: AcquirerLink, opts: AntomPortOptions): AcquirerPort {
  return {
    sandbox: link.sandbox,
    pathFor: (op) => link.pathFor(op),
    inquiryBody,
    cancelBody,
    payRequest: (input) => ({ path: link.pathFor('pay'), body: payBody(input), idempotencyKey: input.paymentRequestId }),
    refundRequest: (input) => ({ path: link.pathFor('refund'), body: refundBody(input), idempotencyKey: input.refundRequestId }),
    preparePay(body, asked) {
      const prepared = link.prepare && link.transmit ? link.prepare('pay', body) : null;
      return async (o) => {
        const reply = prepared && link.transmit ? await link.transmit(prepared, o) : await link.send('pay', body, o);
        return { outcome: payOutcome(reply, asked.scenario, asked), wire: wireNote(reply) };
      };
    },
    async pay(body, asked, o) {
      const reply = await link.send('pay', body, o);
      return { outcome: payOutcome(reply, asked.scenario, asked), wire: wireNote(reply) };
    },
    async inquire(body, asked, o) {
      const reply = await link.send('inquiry', body, o);
      return { outcome: inquiryOutcome(reply, asked), wire: wireNote(reply) };
    },
    async cancel(body, asked, o) {
      const reply = await link.send('cancel', body, o);
      return { outcome: cancelOutcome(reply, asked), wire: wireNote(reply) };
    },
    async refund(body, asked, o) {
      const reply = await link.send('refund', body, o);
      return { outcome: refundOutcome(reply, asked), wire: wireNote(reply) };
    },
    async probe(o) {
      return wireNote(await link.send('inquiry', inquiryBody(opts.probeId), o));
    },
  };
}
