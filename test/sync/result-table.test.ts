// One test per row of ACQUIRER.md's result table, through the journal and the sync engine against
// the real sandbox acquirer (its magic amounts force each answer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_AMOUNTS } from '../../app/sandbox/magic.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h?.close();
});

const pay = (minor: number) => {
  const saleId = h.sale(minor);
  return { saleId, attempt: h.terminal.payments.startWithCode({ saleId, code: h.code() }) };
};
const fails = (cls: string[]) => MAGIC_AMOUNTS.filter((m) => m.behaviour === 'fail' && cls.includes(m.resultCode));

describe('ACQUIRER.md result table, row by row', () => {
  it('S SUCCESS on a scanned code: paid, the sale is finished', async () => {
    const { saleId, attempt } = pay(2500);
    const done = await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
    expect(done.resultCode).toBe('SUCCESS');
    expect(getSale(h.terminal.db, saleId)).toMatchObject({ status: 'paid' });
  });

  it('S SUCCESS on an order code: the QR is shown, polling finds the customer paid', async () => {
    const saleId = h.sale(4200);
    const a = h.terminal.payments.showQr({ saleId });
    const shown = await h.waitForAttempt(a.paymentRequestId, ['awaiting_customer']);
    expect(shown.orderCode).toMatch(/^http/);
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
    const res = await fetch(`${h.sandbox.url}/sandbox/wallet/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeValue: shown.orderCode }) });
    expect(res.status).toBe(200);
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
    expect(getSale(h.terminal.db, saleId).status).toBe('paid');
  });

  it.each(MAGIC_AMOUNTS.filter((m) => m.behaviour === 'unknown_then_success').map((m) => [m.resultCode, m.minor] as const))(
    'U %s: unknown, resolved by inquiry to paid (charged once)',
    async (_code, minor) => {
      const { attempt } = pay(minor);
      await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
      const ops = journalRowsFor(h.terminal.db, 'attempt', attempt.paymentRequestId).map((r) => `${r.operation}:${r.outcome}`);
      expect(ops[0]).toBe('pay:U');
      expect(ops).toContain('inquiry:S');
      expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    },
  );

  it('U then FAIL on inquiry: unknown, then failed — never reported failed before the acquirer said so', async () => {
    const m = MAGIC_AMOUNTS.find((x) => x.behaviour === 'unknown_then_fail')!;
    const { attempt } = pay(m.minor);
    const done = await h.waitForAttempt(attempt.paymentRequestId, ['failed']);
    expect(done.resultCode).toBe('USER_BALANCE_NOT_ENOUGH');
    expect(journalRowsFor(h.terminal.db, 'attempt', attempt.paymentRequestId)[0]!.outcome).toBe('U');
  });

  it('U REQUEST_TRAFFIC_EXCEED_LIMIT with nothing registered: the identical pay is resent inside the window, failed after it, nothing charged', async () => {
    const m = MAGIC_AMOUNTS.find((x) => x.resultCode === 'REQUEST_TRAFFIC_EXCEED_LIMIT')!;
    const { attempt } = pay(m.minor);
    const id = attempt.paymentRequestId;
    await expect.poll(() => journalRowsFor(h.terminal.db, 'attempt', id).filter((r) => r.operation === 'pay').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const bodies = new Set(journalRowsFor(h.terminal.db, 'attempt', id).filter((r) => r.operation === 'pay').map((r) => r.body));
    expect(bodies.size).toBe(1);
    h.advance(61_000);
    const done = await h.waitForAttempt(id, ['failed'], 30_000);
    expect(done.resultCode).toBe('ORDER_NOT_EXIST');
    expect(h.ledger(id)).toBeUndefined();
  });

  it('no answer in time (the reply held past the timeout): unknown, then inquiry finds it paid', async () => {
    h.sandbox.setFaults('timeout=1');
    const { attempt } = pay(3100);
    await h.waitForAttempt(attempt.paymentRequestId, ['unknown']);
    h.sandbox.setFaults('');
    await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
    expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ timesCharged: 1 });
  });

  it('HTTP ≠ 200: unknown (not failed), then the pay goes through', async () => {
    h.sandbox.setFaults('5xx=1');
    const { attempt } = pay(3200);
    await h.waitForAttempt(attempt.paymentRequestId, ['unknown']);
    h.sandbox.setFaults('');
    await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
    expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ timesCharged: 1 });
  });

  it('an unsigned success is not a success: unknown until a signed inquiry confirms it', async () => {
    h.sandbox.setFaults('unsigned=1');
    const { attempt } = pay(3300);
    const u = await h.waitForAttempt(attempt.paymentRequestId, ['unknown']);
    expect(u.resultCode).toBe('UNVERIFIED');
    h.sandbox.setFaults('');
    await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
  });

  const rows: [string, string[], string][] = [
    ['refresh the code', ['EXPIRED_CODE', 'INVALID_CODE', 'INVALID_PAYMENT_CODE'], 'refresh'],
    ['declined by the wallet', ['USER_BALANCE_NOT_ENOUGH', 'USER_AMOUNT_EXCEED_LIMIT', 'PAYMENT_AMOUNT_EXCEED_LIMIT', 'PAYMENT_COUNT_EXCEED_LIMIT', 'USER_STATUS_ABNORMAL', 'USER_NOT_EXIST', 'USER_KYC_NOT_QUALIFIED', 'USER_PAYMENT_VERIFICATION_FAILED', 'VERIFY_TIMES_EXCEED_LIMIT'], 'declined'],
    ['risk, not retried', ['RISK_REJECT', 'FRAUD_REJECT', 'SUSPECTED_RISK'], 'risk'],
    ['closed order', ['ORDER_IS_CLOSED'], 'closed'],
    ['configuration or acquirer failure, told to the installer', ['PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'INVALID_CONTRACT', 'CURRENCY_NOT_SUPPORT', 'MERCHANT_NOT_REGISTERED', 'PROCESS_FAIL', 'SYSTEM_ERROR'], 'config'],
  ];
  for (const [words, codes, cls] of rows) {
    it(`F ${codes.join(' / ')}: failed (${words}), sent once, the sale still open`, async () => {
      const magic = fails(codes);
      expect(magic.map((m) => m.resultCode).sort()).toEqual([...codes].sort());
      const started = magic.map((m) => ({ m, ...pay(m.minor) }));
      for (const { m, saleId, attempt } of started) {
        const done = await h.waitForAttempt(attempt.paymentRequestId, ['failed']);
        expect(done.resultCode).toBe(m.resultCode);
        if (cls === 'config') expect(done.resultMessage).toMatch(/installer/);
        expect(journalRowsFor(h.terminal.db, 'attempt', attempt.paymentRequestId).filter((r) => r.operation === 'pay')).toHaveLength(1);
        expect(getSale(h.terminal.db, saleId).status).toBe('open');
      }
    });
  }

  it('F REPEAT_REQ_INCONSISTENT: our bug — needs a person, never retried', async () => {
    const saleId = h.sale(3400);
    const hh = await harness({ startEngine: false });
    try {
      const sid = hh.sale(3400);
      const a = hh.terminal.payments.startWithCode({ saleId: sid, code: hh.code() });
      const row = hh.terminal.db.prepare('SELECT request_body FROM attempts WHERE id = ?').get(a.paymentRequestId) as { request_body: string };
      // Another (buggy) sender used the same id with a different amount first.
      const other = JSON.parse(row.request_body);
      other.paymentAmount.value = '3300';
      other.order.orderAmount.value = '3300';
      await hh.terminal.link.send('pay', JSON.stringify(other));
      hh.terminal.engine.start();
      const done = await hh.waitForAttempt(a.paymentRequestId, ['needs_attention']);
      expect(done.resultCode).toBe('REPEAT_REQ_INCONSISTENT');
      await hh.terminal.engine.drain();
      expect(journalRowsFor(hh.terminal.db, 'attempt', a.paymentRequestId).filter((r) => r.operation === 'pay')).toHaveLength(1);
    } finally {
      await hh.close();
    }
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
  });

  it('F ORDER_NOT_EXIST on inquiry inside the window: the identical pay is resent under the same id and charged once', async () => {
    // 503 before anything is committed: the acquirer never registered the pay.
    h.sandbox.setFaults('5xx=1');
    const { attempt } = pay(3500);
    await h.waitForAttempt(attempt.paymentRequestId, ['unknown']);
    h.sandbox.setFaults('');
    await h.waitForAttempt(attempt.paymentRequestId, ['succeeded']);
    const rows = journalRowsFor(h.terminal.db, 'attempt', attempt.paymentRequestId);
    expect(rows.some((r) => r.operation === 'inquiry' && r.result_code === 'ORDER_NOT_EXIST')).toBe(true);
    const pays = rows.filter((r) => r.operation === 'pay');
    expect(pays.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pays.map((r) => r.body)).size).toBe(1);
    expect(h.ledger(attempt.paymentRequestId)).toMatchObject({ timesCharged: 1 });
  });

  it('the event log still verifies after all of it', () => {
    expect(verifyChain(h.terminal.db).ok).toBe(true);
  });
});
