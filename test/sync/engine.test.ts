import { afterEach, describe, expect, it } from 'vitest';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('sync engine against the sandbox acquirer', () => {
  it('a scanned payment code is sent at once and the sale is paid', async () => {
    h = await harness();
    const saleId = h.sale(15050);
    const started = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    const done = await h.waitForAttempt(started.paymentRequestId, ['succeeded']);
    expect(done.paymentId).toBeTruthy();
    expect(done.pspName).toBe('ALIPAY_CN');
    expect(getSale(h.terminal.db, saleId).status).toBe('paid');
    expect(h.ledger(started.paymentRequestId)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    expect(verifyChain(h.terminal.db).ok).toBe(true);
  });
});
