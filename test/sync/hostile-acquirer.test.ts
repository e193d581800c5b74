// An acquirer that lies in validly signed replies can never make the till say PAID (or REFUNDED):
// a reply counts only when it names the request that was sent, the amount and currency asked, and
// an acquirer paymentId that no other payment holds. Everything else is "no answer": the payment
// stays unknown, the mismatch is in the event log, and the normal inquiry schedule ends it in
// needs_attention for a manager.
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptState } from '../../app/domain/attempt.ts';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import { hostileAcquirer, type Answer, type Exchange, type HostileAcquirer, type Op } from '../acquirer/hostile.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const paidReply = (x: Exchange) =>
  x.reply !== null &&
  (x.reply.result as { resultStatus?: string }).resultStatus === 'S' &&
  (x.op === 'pay' || (x.op === 'inquiryPayment' && x.reply.paymentStatus === 'SUCCESS'));

/** A harness whose acquirer is a hostile one in front of the sandbox. */
async function behind(answer: (x: Exchange) => Answer, forward?: (op: Op, request: Record<string, unknown>) => boolean): Promise<{ h: Harness; hostile: () => HostileAcquirer }> {
  let hostile: HostileAcquirer | undefined;
  const hh = await harness({
    front: async (upstream) => (hostile = await hostileAcquirer({ upstream, answer, forward })),
  });
  return { h: hh, hostile: () => hostile! };
}

function mismatches(hh: Harness, subject: string): { type: string; data: { operation: string; fields: { field: string; expected: string; got: string }[] } }[] {
  return (hh.terminal.db.prepare("SELECT type, data FROM events WHERE subject = ? AND type LIKE '%.reply_mismatch' ORDER BY seq").all(subject) as { type: string; data: string }[]).map((r) => ({
    type: r.type,
    data: JSON.parse(r.data) as never,
  }));
}

/** Every state the screens were told about for one attempt. */
function statesSeen(hh: Harness): Map<string, AttemptState[]> {
  const seen = new Map<string, AttemptState[]>();
  hh.terminal.engine.on('attempt', (a) => seen.set(a.paymentRequestId, [...(seen.get(a.paymentRequestId) ?? []), a.state]));
  return seen;
}

const ANOTHER_PAYMENT = /about another payment.*check the acquirer portal/i;

describe('a signed reply about another payment is not an answer', () => {
  it('a success naming another paymentRequestId leaves the sale unpaid and ends needing attention, with the mismatch logged', async () => {
    ({ h } = await behind((x) => (paidReply(x) ? { ...x.reply, paymentRequestId: 'T01-P01OTHERPAYMENT0000000000' } : undefined)));
    const seen = statesSeen(h);
    const saleId = h.sale(100);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    const end = await h.waitForAttempt(a.paymentRequestId, ['needs_attention', 'succeeded', 'failed']);
    expect(end.state).toBe('needs_attention');
    expect(end.resultMessage ?? '').toMatch(ANOTHER_PAYMENT);
    expect(seen.get(a.paymentRequestId)).not.toContain('succeeded');
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
    const m = mismatches(h, a.paymentRequestId);
    expect(m[0]!.data.operation).toBe('pay');
    expect(m[0]!.data.fields).toContainEqual({ field: 'paymentRequestId', expected: a.paymentRequestId, got: 'T01-P01OTHERPAYMENT0000000000' });
    expect(verifyChain(h.terminal.db).ok).toBe(true);
  });

  it('a success for AED 0.01 when AED 1.00 was asked never says PAID', async () => {
    ({ h } = await behind((x) => (paidReply(x) ? { ...x.reply, paymentAmount: { currency: 'AED', value: '1' } } : undefined)));
    const seen = statesSeen(h);
    const saleId = h.sale(100);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    const end = await h.waitForAttempt(a.paymentRequestId, ['needs_attention', 'succeeded', 'failed']);
    expect(end.state).toBe('needs_attention');
    expect(seen.get(a.paymentRequestId)).not.toContain('succeeded');
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
    expect(mismatches(h, a.paymentRequestId)[0]!.data.fields).toContainEqual({ field: 'paymentAmount', expected: 'AED 100', got: 'AED 1' });
  });

  it('a success in another currency is not a success either', async () => {
    ({ h } = await behind((x) => (paidReply(x) ? { ...x.reply, paymentAmount: { currency: 'CNY', value: '100' } } : undefined)));
    const a = h.terminal.payments.startWithCode({ saleId: h.sale(100), code: h.code() });
    expect((await h.waitForAttempt(a.paymentRequestId, ['needs_attention', 'succeeded', 'failed'])).state).toBe('needs_attention');
    expect(mismatches(h, a.paymentRequestId)[0]!.data.fields).toContainEqual({ field: 'paymentAmount', expected: 'AED 100', got: 'CNY 100' });
  });

  it("a byte-exact replay of an earlier payment's success does not pay the second sale: it is settled by inquiry with its own paymentId", async () => {
    let replay = false;
    let hostile: () => HostileAcquirer;
    ({ h, hostile } = await behind((x) => {
      if (replay && x.op === 'pay') {
        const first = hostile().sent.find((s) => s.op === 'pay')!;
        return { raw: first.raw, headers: first.headers };
      }
      return undefined;
    }));
    const first = await h.waitForAttempt(h.terminal.payments.startWithCode({ saleId: h.sale(700), code: h.code() }).paymentRequestId, ['succeeded']);
    replay = true;
    const seen = statesSeen(h);
    const saleB = h.sale(700);
    const b = h.terminal.payments.startWithCode({ saleId: saleB, code: h.code() });
    const end = await h.waitForAttempt(b.paymentRequestId, ['succeeded', 'needs_attention', 'failed']);
    expect(end.state).toBe('succeeded');
    expect(end.paymentId).not.toBe(first.paymentId);
    expect(end.paymentId).toBe(h.ledger(b.paymentRequestId)!.paymentId);
    expect(seen.get(b.paymentRequestId)).toContain('unknown');
    expect(mismatches(h, b.paymentRequestId)[0]!.data.fields.map((f) => f.field)).toContain('paymentRequestId');
  });

  it("a success carrying another payment's acquirer paymentId (and no request id) is not an answer", async () => {
    let firstPaymentId = '';
    let borrow = false;
    ({ h } = await behind((x) => {
      if (borrow && x.op === 'pay' && x.reply) {
        const { paymentRequestId: _drop, ...rest } = x.reply;
        return { ...rest, paymentId: firstPaymentId };
      }
      return undefined;
    }));
    const first = await h.waitForAttempt(h.terminal.payments.startWithCode({ saleId: h.sale(800), code: h.code() }).paymentRequestId, ['succeeded']);
    firstPaymentId = first.paymentId!;
    borrow = true;
    const b = h.terminal.payments.startWithCode({ saleId: h.sale(800), code: h.code() });
    const end = await h.waitForAttempt(b.paymentRequestId, ['succeeded', 'needs_attention', 'failed']);
    expect(end.state).toBe('succeeded');
    expect(end.paymentId).not.toBe(firstPaymentId);
    expect(mismatches(h, b.paymentRequestId)[0]!.data.fields).toContainEqual({ field: 'paymentId', expected: `not ${first.paymentRequestId}'s`, got: firstPaymentId });
  });

  it('after a U on pay, an inquiry success about an id that was never sent leaves the payment unpaid and needing attention', async () => {
    ({ h } = await behind(
      (x) => {
        if (x.op === 'pay') return { result: { resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', resultMessage: 'later' } };
        if (x.op === 'inquiryPayment') {
          const asked = x.request.paymentRequestId as string;
          return {
            result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' },
            paymentStatus: 'SUCCESS',
            paymentRequestId: `${asked.slice(0, -4)}ZZZZ`,
            paymentId: 'FAKE-PAYMENT-1',
            paymentAmount: { currency: 'AED', value: '300' },
          };
        }
        return undefined;
      },
      (op) => op !== 'pay' && op !== 'inquiryPayment',
    ));
    const seen = statesSeen(h);
    const saleId = h.sale(300);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    const end = await h.waitForAttempt(a.paymentRequestId, ['needs_attention', 'succeeded', 'failed', 'cancelled']);
    expect(end.state).toBe('needs_attention');
    expect(end.resultMessage ?? '').toMatch(ANOTHER_PAYMENT);
    expect(end.paymentId).toBeNull();
    expect(seen.get(a.paymentRequestId)).not.toContain('succeeded');
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
    expect(mismatches(h, a.paymentRequestId).map((m) => m.data.operation)).toContain('inquiry');
  });
});

describe('a signed refund reply about another refund is not an answer', () => {
  const refundSuccess = (x: Exchange) => x.op === 'refund' && x.reply !== null && (x.reply.result as { resultStatus?: string }).resultStatus === 'S';

  async function paidThenRefund(hh: Harness, minor: number) {
    const a = await hh.waitForAttempt(hh.terminal.payments.startWithCode({ saleId: hh.sale(minor), code: hh.code() }).paymentRequestId, ['succeeded']);
    return a;
  }

  /** Waits until the refund was answered (and refused as evidence) at least `n` times. */
  async function refusedTimes(hh: Harness, refundId: string, n: number) {
    await expect.poll(() => mismatches(hh, refundId).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
  }

  it('a refund success naming another refundRequestId is never refunded, and the mismatch is logged', async () => {
    ({ h } = await behind((x) => (refundSuccess(x) ? { ...x.reply, refundRequestId: 'T01-R01OTHERREFUND00000000000' } : undefined)));
    const a = await paidThenRefund(h, 1000);
    const r = h.terminal.refunds.create({ attemptId: a.paymentRequestId, amount: { minor: 500, currency: 'AED' } });
    await refusedTimes(h, r.refundRequestId, 2);
    expect(h.terminal.refunds.get(r.refundRequestId).state).not.toBe('refunded');
    expect(mismatches(h, r.refundRequestId)[0]!.data.fields).toContainEqual({ field: 'refundRequestId', expected: r.refundRequestId, got: 'T01-R01OTHERREFUND00000000000' });
  });

  it('a refund success for another amount is never refunded', async () => {
    ({ h } = await behind((x) => (refundSuccess(x) ? { ...x.reply, refundAmount: { currency: 'AED', value: '1' } } : undefined)));
    const a = await paidThenRefund(h, 1000);
    const r = h.terminal.refunds.create({ attemptId: a.paymentRequestId, amount: { minor: 500, currency: 'AED' } });
    await refusedTimes(h, r.refundRequestId, 2);
    expect(h.terminal.refunds.get(r.refundRequestId).state).not.toBe('refunded');
    expect(mismatches(h, r.refundRequestId)[0]!.data.fields).toContainEqual({ field: 'refundAmount', expected: 'AED 500', got: 'AED 1' });
  });

  it("a byte-exact replay of an earlier refund's success does not refund the second: its own answer does, later", async () => {
    let hostile: () => HostileAcquirer;
    let replays = 0;
    ({ h, hostile } = await behind((x) => {
      const earlier = hostile().sent.find((s) => s.op === 'refund');
      if (x.op === 'refund' && earlier && earlier.request.refundRequestId !== x.request.refundRequestId && replays < 2) {
        replays++;
        return { raw: earlier.raw, headers: earlier.headers };
      }
      return undefined;
    }));
    const a = await paidThenRefund(h, 1000);
    const r1 = h.terminal.refunds.create({ attemptId: a.paymentRequestId, amount: { minor: 300, currency: 'AED' } });
    const first = await h.waitForRefund(r1.refundRequestId, ['refunded']);
    const r2 = h.terminal.refunds.create({ attemptId: a.paymentRequestId, amount: { minor: 300, currency: 'AED' } });
    const second = await h.waitForRefund(r2.refundRequestId, ['refunded']);
    expect(second.refundId).not.toBe(first.refundId);
    expect(mismatches(h, r2.refundRequestId)).toHaveLength(2);
  });

  it('after a U on refund, a success for a refund id that was never sent is never refunded', async () => {
    let refunds = 0;
    ({ h } = await behind(
      (x) => {
        if (x.op !== 'refund') return undefined;
        if (refunds++ === 0) return { result: { resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION' } };
        {
          const id = x.request.refundRequestId as string;
          return { result: { resultStatus: 'S', resultCode: 'SUCCESS' }, refundRequestId: `${id.slice(0, -4)}ZZZZ`, refundId: 'FAKE-REFUND', refundAmount: x.request.refundAmount };
        }
        return undefined;
      },
      (op) => op !== 'refund',
    ));
    const a = await paidThenRefund(h, 1000);
    const r = h.terminal.refunds.create({ attemptId: a.paymentRequestId, amount: { minor: 200, currency: 'AED' } });
    await refusedTimes(h, r.refundRequestId, 2);
    const now = h.terminal.refunds.get(r.refundRequestId);
    expect(now.state).not.toBe('refunded');
    expect(now.refundId).toBeNull();
  });
});
