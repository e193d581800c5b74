// Outages, unknowns, cancels, refunds and restarts, end to end against the real sandbox acquirer.
import { afterEach, describe, expect, it } from 'vitest';
import { money } from '../../app/domain/money.ts';
import { createAttempt, transitionAttempt } from '../../app/journal/attempts.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { openDb } from '../../app/store/db.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { MAGIC_AMOUNTS } from '../../app/sandbox/magic.ts';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import type { LinkState } from '../../app/sync/engine.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DAY = 86_400_000;

async function paid(hh: Harness, minor: number) {
  const saleId = hh.sale(minor);
  const a = hh.terminal.payments.startWithCode({ saleId, code: hh.code() });
  return { saleId, attempt: await hh.waitForAttempt(a.paymentRequestId, ['succeeded']) };
}

describe('outages and the payment code window', () => {
  it('a payment code scanned during an outage is sent when the link returns within its window, and the sale is paid', async () => {
    h = await harness();
    const links: LinkState[] = [];
    h.terminal.engine.on('link', (l) => links.push(l));
    const code = h.code();
    const saleId = h.sale(5000);
    await h.stopSandbox();
    const a = h.terminal.payments.startWithCode({ saleId, code });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    expect(h.terminal.engine.linkStatus().online).toBe(false);
    await h.restartSandbox();
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
    expect(getSale(h.terminal.db, saleId).status).toBe('paid');
    expect(h.ledger(a.paymentRequestId)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    expect(links.map((l) => l.online).slice(-2)).toEqual([false, true]);
    const pays = journalRowsFor(h.terminal.db, 'attempt', a.paymentRequestId).filter((r) => r.operation === 'pay');
    expect(new Set(pays.map((r) => r.body)).size).toBe(1);
  });

  it('past its window a held code is expired, never sent, and nothing is charged', async () => {
    h = await harness();
    const codeA = h.code();
    const codeB = h.code();
    const saleA = h.sale(5100);
    const saleB = h.sale(5200);
    await h.stopSandbox();
    const a = h.terminal.payments.startWithCode({ saleId: saleA, code: codeA });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    // The link is known to be down now: the next code waits in the journal instead of going out.
    const b = h.terminal.payments.startWithCode({ saleId: saleB, code: codeB });
    h.advance(61_000);
    const expired = await h.waitForAttempt(b.paymentRequestId, ['expired']);
    expect(expired.resultCode).toBe('CODE_WINDOW_PASSED');
    expect(journalRowsFor(h.terminal.db, 'attempt', b.paymentRequestId).filter((r) => r.operation === 'pay')).toHaveLength(0);
    await h.restartSandbox();
    const failed = await h.waitForAttempt(a.paymentRequestId, ['failed']);
    expect(failed.resultCode).toBe('ORDER_NOT_EXIST');
    expect(h.ledger(a.paymentRequestId)).toBeUndefined();
    expect(h.ledger(b.paymentRequestId)).toBeUndefined();
    expect(getSale(h.terminal.db, saleA).status).toBe('open');
  });
});

describe('link status', () => {
  it('is known soon after start, and an outage on an idle terminal is noticed, and its end too', async () => {
    h = await harness({ linkProbeMs: 100 });
    const links: LinkState[] = [];
    h.terminal.engine.on('link', (l) => links.push(l));
    await expect.poll(() => h!.terminal.engine.linkStatus(), { timeout: 10_000 }).toMatchObject({ known: true, online: true });
    await h.stopSandbox();
    await expect.poll(() => h!.terminal.engine.linkStatus().online, { timeout: 10_000 }).toBe(false);
    await h.restartSandbox();
    await expect.poll(() => h!.terminal.engine.linkStatus().online, { timeout: 10_000 }).toBe(true);
    expect(links.map((l) => l.online).slice(-2)).toEqual([false, true]);
    // Probes are not payments: nothing of them is journalled.
    expect((h.terminal.db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n).toBe(0);
  });
});

describe('unknown outcomes', () => {
  it('an attempt that stays unknown after its inquiries is cancelled, and nothing is charged', async () => {
    h = await harness();
    const m = MAGIC_AMOUNTS.find((x) => x.behaviour === 'unknown_forever')!;
    const saleId = h.sale(m.minor);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['cancelled']);
    const rows = journalRowsFor(h.terminal.db, 'attempt', a.paymentRequestId);
    expect(rows.filter((r) => r.operation === 'inquiry' && r.outcome === 'S')).toHaveLength(h.config.payment.inquiryMaxTries);
    expect(rows.at(-1)).toMatchObject({ operation: 'cancel', outcome: 'S' });
    expect(h.ledger(a.paymentRequestId)).toMatchObject({ status: 'CANCELLED', timesCharged: 0 });
    // The sale can take a new payment now.
    const again = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    expect(again.paymentRequestId).not.toBe(a.paymentRequestId);
  });

  it('a second payment on the same sale is refused while the first is unknown', async () => {
    h = await harness();
    h.sandbox.setFaults('5xx=1');
    const saleId = h.sale(5300);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    expect(() => h!.terminal.payments.startWithCode({ saleId, code: h!.code() })).toThrow(expect.objectContaining({ code: 'ATTEMPT_IN_PROGRESS' }));
    h.sandbox.setFaults('');
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
  });
});

describe('cancel', () => {
  it('a cashier cancel of an unknown payment that was in fact paid, after the UTC+8 cut-off, becomes a full refund', async () => {
    h = await harness();
    h.sandbox.setFaults('drop=1'); // committed at the acquirer, the reply lost
    const saleId = h.sale(6000);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    h.advance(2 * DAY);
    h.terminal.payments.cancel(a.paymentRequestId);
    h.sandbox.setFaults('');
    const done = await h.waitForAttempt(a.paymentRequestId, ['cancelled']);
    expect(done.paymentId).toBeTruthy();
    const [reversal] = h.terminal.refunds.list({ attemptId: a.paymentRequestId });
    expect(reversal).toMatchObject({ purpose: 'reversal', state: 'refunded', amount: money(6000) });
    expect(journalRowsFor(h.terminal.db, 'attempt', a.paymentRequestId).some((r) => r.operation === 'cancel')).toBe(false);
    expect(h.ledger(a.paymentRequestId)).toMatchObject({ status: 'SUCCESS', timesCharged: 1, refunded: { value: '6000' } });
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
  });

  it('a cancel the acquirer refuses (CANCEL_WINDOW_EXCEED) is checked by inquiry and refunded when it was paid', async () => {
    h = await harness();
    h.sandbox.setFaults('drop=1');
    const saleId = h.sale(6100);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    h.terminal.payments.cancel(a.paymentRequestId);
    // Only the acquirer's clock is past the cut-off: it refuses the cancel.
    h.sandbox.setClockOffset(2 * DAY);
    h.sandbox.setFaults('');
    await h.waitForAttempt(a.paymentRequestId, ['cancelled']);
    const rows = journalRowsFor(h.terminal.db, 'attempt', a.paymentRequestId);
    expect(rows.some((r) => r.operation === 'cancel' && r.result_code === 'CANCEL_WINDOW_EXCEED')).toBe(true);
    expect(h.terminal.refunds.list({ attemptId: a.paymentRequestId })[0]).toMatchObject({ purpose: 'reversal', state: 'refunded' });
    expect(h.ledger(a.paymentRequestId)).toMatchObject({ refunded: { value: '6100' } });
  });

  it('a cancel of a payment the acquirer never registered confirms at once (nothing to undo)', async () => {
    h = await harness();
    h.sandbox.setFaults('5xx=1');
    const saleId = h.sale(6200);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['unknown']);
    h.terminal.payments.cancel(a.paymentRequestId);
    h.sandbox.setFaults('');
    const done = await h.waitForAttempt(a.paymentRequestId, ['cancelled']);
    expect(done.resultCode).toBe('ORDER_NOT_EXIST');
    expect(h.ledger(a.paymentRequestId)).toBeUndefined();
  });

  it('an order QR the customer never pays ends expired (not cancelled) when its time is up, and nothing is charged', async () => {
    h = await harness();
    const saleId = h.sale(6300);
    const a = h.terminal.payments.showQr({ saleId });
    const shown = await h.waitForAttempt(a.paymentRequestId, ['awaiting_customer']);
    expect(shown.orderExpiresAt).toBeTruthy();
    h.advance(Date.parse(shown.orderExpiresAt!) - h.clock().getTime() + 1_000);
    const done = await h.waitForAttempt(a.paymentRequestId, ['expired', 'cancelled']);
    expect(done.state).toBe('expired');
    expect(done.resultCode).toBe('ORDER_CODE_EXPIRED');
    expect(h.ledger(a.paymentRequestId)).toMatchObject({ timesCharged: 0 });
  });
});

describe('refunds', () => {
  it('partial and repeated refunds go through up to the paid amount; one fils more is refused before it is journalled', async () => {
    h = await harness();
    const { attempt } = await paid(h, 10_000);
    const r1 = h.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(2_500), reason: 'one item back' });
    const r2 = h.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(2_500) });
    const r3 = h.terminal.refunds.create({ attemptId: attempt.paymentRequestId });
    expect(r3.amount).toEqual(money(5_000));
    for (const r of [r1, r2, r3]) await h.waitForRefund(r.refundRequestId, ['refunded']);
    expect(() => h!.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(1) })).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID' }));
    expect(h.terminal.refunds.list({ attemptId: attempt.paymentRequestId })).toHaveLength(3);
    expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ refunded: { value: '10000' } });
  });

  it('a refund whose answer is lost is retried with the same refundRequestId and the same bytes, and refunds once', async () => {
    h = await harness();
    const { attempt } = await paid(h, 7_000);
    h.sandbox.setFaults('drop=1');
    const r = h.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(3_000) });
    await h.waitForRefund(r.refundRequestId, ['refund_unknown']);
    h.sandbox.setFaults('');
    await h.waitForRefund(r.refundRequestId, ['refunded']);
    const sends = journalRowsFor(h.terminal.db, 'refund', r.refundRequestId);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sends.map((s) => s.body)).size).toBe(1);
    expect(new Set(sends.map((s) => s.idempotency_key))).toEqual(new Set([r.refundRequestId]));
    expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ refunded: { value: '3000' } });
  });

  it('a refund the acquirer finds impossible (REFUND_AMOUNT_EXCEED) ends refund_failed and is not retried', async () => {
    h = await harness();
    const { attempt } = await paid(h, 4_000);
    // Refunded elsewhere (the acquirer portal) first: the terminal does not know.
    await h.terminal.link.send('refund', JSON.stringify({ refundRequestId: 'PORTAL-1', paymentId: attempt.paymentId, refundAmount: { currency: 'AED', value: '4000' } }));
    const r = h.terminal.refunds.create({ attemptId: attempt.paymentRequestId });
    const done = await h.waitForRefund(r.refundRequestId, ['refund_failed']);
    expect(done.resultCode).toBe('REFUND_AMOUNT_EXCEED');
    await h.terminal.engine.drain();
    expect(journalRowsFor(h.terminal.db, 'refund', r.refundRequestId)).toHaveLength(1);
  });

  it('drain waits until every queued refund is settled', async () => {
    h = await harness({ fault: 'latency=20' });
    const { attempt } = await paid(h, 2_000);
    const ids = Array.from({ length: 8 }, () => h!.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(250) }).refundRequestId);
    await h.terminal.engine.drain();
    for (const id of ids) expect(h.terminal.refunds.get(id).state).toBe('refunded');
    expect(h.terminal.engine.queueDepth()).toBe(0);
  });
});

describe('restart', () => {
  it('attempts found sent, unknown and cancelling at start-up are resumed and settled', async () => {
    h = await harness({ startEngine: false });
    const t = h.terminal;
    const now = () => h!.clock();
    const sendBy = async (id: string) => {
      const row = t.db.prepare('SELECT request_body FROM attempts WHERE id = ?').get(id) as { request_body: string };
      transitionAttempt(t.db, 'send', { id, from: 'created', now: now(), journal: { operation: 'pay', path: t.link.pathFor('pay'), body: row.request_body, idempotencyKey: id } });
      return row.request_body;
    };
    // sent: on the wire (the acquirer charged) when the process died
    const sentSale = h.sale(8_100);
    const sent = t.payments.startWithCode({ saleId: sentSale, code: h.code() }).paymentRequestId;
    await t.link.send('pay', await sendBy(sent));
    // unknown: the answer was lost, and the acquirer never registered it
    const unknown = t.payments.startWithCode({ saleId: h.sale(8_200), code: h.code() }).paymentRequestId;
    await sendBy(unknown);
    transitionAttempt(t.db, 'lose_answer', { id: unknown, from: 'sent', now: now() });
    // cancelling: charged, answer lost, the cashier cancelled
    const cancelling = t.payments.startWithCode({ saleId: h.sale(8_300), code: h.code() }).paymentRequestId;
    await t.link.send('pay', await sendBy(cancelling));
    transitionAttempt(t.db, 'lose_answer', { id: cancelling, from: 'sent', now: now() });
    t.payments.cancel(cancelling);

    await h.reopen({ startEngine: true });
    await h.waitForAttempt(sent, ['succeeded']);
    await h.waitForAttempt(unknown, ['succeeded']);
    await h.waitForAttempt(cancelling, ['cancelled']);
    expect(getSale(h.terminal.db, sentSale).status).toBe('paid');
    expect(h.ledger(sent)).toMatchObject({ timesCharged: 1 });
    expect(h.ledger(unknown)).toMatchObject({ timesCharged: 1 });
    expect(h.ledger(cancelling)).toMatchObject({ status: 'CANCELLED' });
    expect(verifyChain(h.terminal.db).ok).toBe(true);
  });
});

describe('a request orphaned on the wire while the terminal runs', () => {
  it('a payment left sent by another process that died (a killed souq pay) is settled by inquiry without a restart', async () => {
    h = await harness();
    const t = h.terminal;
    const saleId = h.sale(8_400);
    const code = h.code();
    // The other process: its own connection to the same journal. It commits the send, the
    // acquirer charges, and it dies before recording the answer: the row stays `sent`.
    const other = openDb(dataPaths(h.dataDir).db);
    try {
      const id = writeTx(other, () => {
        const row = createAttempt(other, { saleId, scenario: 'PaymentCode', code, now: h!.clock(), config: h!.config, requests: t.acquirer });
        transitionAttempt(other, 'send', { id: row.id, from: 'created', now: h!.clock(), patch: { sent_at: h!.clock().toISOString() }, journal: { operation: 'pay', path: row.request_path, body: row.request_body, idempotencyKey: row.id } });
        return row.id;
      });
      const body = (other.prepare('SELECT request_body FROM attempts WHERE id = ?').get(id) as { request_body: string }).request_body;
      expect((await t.link.send('pay', body)).kind).toBe('answered');
      expect(t.payments.get(id).state).toBe('sent');
      // Well past any reply's time, our running engine takes the answer as lost and asks.
      h.advance(60_000);
      const settled = await h.waitForAttempt(id, ['succeeded']);
      expect(settled.paymentId).toBeTruthy();
      expect(getSale(t.db, saleId).status).toBe('paid');
      expect(h.ledger(id)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    } finally {
      other.close();
    }
  });
});

describe('bounded concurrency', () => {
  it('never has more requests on the wire than sync.concurrency, however much is queued', async () => {
    let inFlight = 0;
    let most = 0;
    h = await harness({
      fault: 'latency=30',
      sync: { concurrency: 2 },
      wrapLink: (link) => ({
        sandbox: link.sandbox,
        pathFor: (op) => link.pathFor(op),
        async send(op, body, o) {
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            return await link.send(op, body, o);
          } finally {
            inFlight--;
          }
        },
      }),
    });
    const { attempt } = await paid(h, 5_000);
    for (let i = 0; i < 10; i++) h.terminal.refunds.create({ attemptId: attempt.paymentRequestId, amount: money(100) });
    await h.terminal.engine.drain();
    expect(h.terminal.refunds.list({ states: ['refunded'] })).toHaveLength(10);
    expect(most).toBe(2);
  });
});
