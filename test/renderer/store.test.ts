import { describe, expect, it } from 'vitest';
import { createCashierStore, paymentBlocked } from '../../renderer/state/cashier.ts';
import type { Transport } from '../../renderer/api/transport.ts';
import { addProduct, cashierStoreEachTest, realCoreEachTest } from './support.ts';

const env = realCoreEachTest();
const s = cashierStoreEachTest(env);

describe('cashier store', () => {
  it('opens a sale on start and keys an amount into a line with VAT shown', async () => {
    expect(s().sale?.status).toBe('open');
    for (const k of ['1', '2', '.', '5', '0']) s().keypadPress(k);
    expect(s().keypad).toBe('12.50');
    s().keypadPress('9'); // a third decimal is not a fils
    s().keypadPress('.');
    expect(s().keypad).toBe('12.50');
    await s().keypadAdd();
    expect(s().sale?.total).toEqual({ minor: 1250, currency: 'AED' });
    expect(s().sale?.vat.minor).toBe(60);
    expect(s().keypad).toBe('');
  });

  it('a product barcode scanned during the sale adds its line; a customer code is refused until the cashier asks for one', async () => {
    addProduct(env.core, '4006381333931', 'Dates gift box', 4500);
    await s().submitScan('4006381333931', 'wedge');
    expect(s().sale?.lines.map((l) => l.name)).toEqual(['Dates gift box']);
    await s().submitScan('281234567890123456', 'wedge');
    expect(s().notice).toMatchObject({ kind: 'error', code: 'NOT_AWAITING_CODE' });
    expect(s().attempts).toEqual([]);
  });

  it('scanner noise shows why it was rejected and changes nothing', async () => {
    await s().submitScan('12ab', 'wedge');
    expect(s().notice?.code).toBe('SCAN_NOT_DIGITS');
    expect(s().sale?.lines).toEqual([]);
  });

  it('while a payment may still move money, no other tender or new attempt can start', async () => {
    for (const k of ['8', '8']) s().keypadPress(k);
    await s().keypadAdd();
    s().waitForCode();
    expect(s().panel).toBe('wallet_code');
    await s().submitScan('281234567890123456', 'wedge');
    expect(s().panel).toBe('payment');
    expect(s().attempts[0]?.state).toBe('created'); // the engine is stopped: it stays pending
    expect(paymentBlocked(s())).toBe(true);
    await s().showQr();
    s().openPanel('cash');
    expect(s().attempts).toHaveLength(1);
    expect(s().panel).toBe('payment');
  });

  it('cancel asks first, then withdraws the pending attempt', async () => {
    s().keypadPress('5');
    await s().keypadAdd();
    s().waitForCode();
    await s().submitScan('281234567890123456', 'wedge');
    s().askCancel();
    expect(s().confirmingCancel).toBe(true);
    expect(s().attempts[0]?.state).toBe('created');
    await s().confirmCancel();
    expect(s().attempts[0]?.state).toBe('cancelled');
    expect(paymentBlocked(s())).toBe(false);
  });

  it('cash pays the sale and shows the receipt', async () => {
    s().keypadPress('7');
    await s().keypadAdd();
    await s().cash(1000);
    expect(s().sale?.status).toBe('paid');
    expect(s().sale?.tenders[0]?.change).toEqual({ minor: 300, currency: 'AED' });
    expect(s().panel).toBe('receipt');
  });

  it('a reloaded screen finds the sale on the counter with its attempt', async () => {
    s().keypadPress('9');
    await s().keypadAdd();
    s().waitForCode();
    await s().submitScan('281234567890123456', 'wedge');
    const again = createCashierStore(env.transport);
    const stop2 = await again.getState().start();
    expect(again.getState().sale?.id).toBe(s().sale?.id);
    expect(again.getState().panel).toBe('payment');
    expect(again.getState().attempts[0]?.paymentRequestId).toBe(s().attempts[0]?.paymentRequestId);
    stop2();
  });

  it('a reply overtaken by the events of the same payment does not take the screen back to an earlier state', async () => {
    // The HTTP reply of "show QR" held back (a slow loopback, a busy browser) while another window
    // cancels the payment: the cancellation's event lands first, then the older reply.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow: Transport = {
      kind: env.transport.kind,
      subscribe: (l) => env.transport.subscribe(l),
      call: async (name, input) => {
        const out = await env.transport.call(name, input);
        if (name === 'payment.showQr') await held;
        return out;
      },
    };
    const late = createCashierStore(slow);
    const stopLate = await late.getState().start();
    try {
      for (const k of ['4', '0']) late.getState().keypadPress(k);
      await late.getState().keypadAdd();
      const asking = late.getState().showQr();
      await expect.poll(() => late.getState().attempts[0]?.state, { timeout: 10_000 }).toBe('created');
      const id = late.getState().attempts[0]!.paymentRequestId;
      await env.transport.call('payment.cancel', { attemptId: id });
      await expect.poll(() => late.getState().attempts[0]?.state, { timeout: 10_000 }).toBe('cancelled');
      release();
      await asking;
      expect(late.getState().attempts.map((a) => a.state)).toEqual(['cancelled']);
      await late.getState().refresh();
      expect(late.getState().attempts.map((a) => a.state)).toEqual(['cancelled']);
    } finally {
      stopLate();
    }
  });
});
