// @vitest-environment jsdom
// A masked id such as 138****1515 has no letter to take a direction from: in an Arabic page a
// plain <bdi> lays it out right to left, and the cashier reads 1515****138. Codes and ids keep
// their left-to-right order on the payment screen and on the receipt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { PaymentPanel } from '../../renderer/cashier/PaymentPanel.tsx';
import { CashierContext } from '../../renderer/cashier/context.ts';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { ReceiptDocument } from '../../renderer/receipt/Receipt.tsx';
import type { AttemptView } from '../../app/api/views.ts';
import { realTransport } from './support.ts';

let env: Awaited<ReturnType<typeof realTransport>>;
beforeEach(async () => {
  env = await realTransport();
});
afterEach(async () => {
  cleanup();
  await env.close();
});

const paid: AttemptView = {
  paymentRequestId: 'p1',
  saleId: 's1',
  scenario: 'PaymentCode',
  state: 'succeeded',
  amount: { minor: 1250, currency: 'AED' },
  codeMasked: '2810…2345',
  validUntil: null,
  resultCode: null,
  resultMessage: null,
  paymentId: '202611251940108001',
  paymentTime: new Date().toISOString(),
  pspName: 'ALIPAY_CN',
  customerId: '138****1515',
  orderCode: null,
  orderExpiresAt: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

function isolatedLtr(root: HTMLElement, text: string): boolean {
  const el = [...root.querySelectorAll('bdi')].find((b) => b.textContent === text);
  if (!el) throw new Error(`${text} is not shown in its own <bdi>`);
  return el.getAttribute('dir') === 'ltr';
}

describe('codes and ids in Arabic', () => {
  it('the paid screen in Arabic keeps the masked customer id, masked code, payment id and wallet left to right', () => {
    const store = createCashierStore(env.transport);
    store.getState().setLang('ar');
    render(
      <CashierContext.Provider value={{ store, transport: env.transport }}>
        <PaymentPanel attempt={paid} />
      </CashierContext.Provider>,
    );
    const panel = screen.getByTestId('payment-state');
    for (const text of ['138****1515', '2810…2345', '202611251940108001', 'ALIPAY_CN']) expect(isolatedLtr(panel, text), text).toBe(true);
  });

  it('a declined payment in Arabic keeps its result code left to right', () => {
    const store = createCashierStore(env.transport);
    store.getState().setLang('ar');
    render(
      <CashierContext.Provider value={{ store, transport: env.transport }}>
        <PaymentPanel attempt={{ ...paid, state: 'failed', resultCode: 'USER_BALANCE_NOT_ENOUGH', pspName: null, customerId: null, paymentId: null }} />
      </CashierContext.Provider>,
    );
    const panel = screen.getByTestId('payment-state');
    expect(isolatedLtr(panel, 'USER_BALANCE_NOT_ENOUGH')).toBe(true);
    expect(isolatedLtr(panel, '2810…2345')).toBe(true);
  });

  it('the Arabic receipt keeps the masked customer id, payment id and wallet left to right', async () => {
    const t = env.transport;
    const sale = await t.call('sale.open', {});
    await t.call('sale.addKeyed', { saleId: sale.id, amountMinor: 1250 });
    await t.call('tender.card', { saleId: sale.id });
    const receipt = await t.call('receipt.get', { saleId: sale.id });
    const tender = receipt.sale.tenders[0]!;
    // The receipt of a wallet payment: the same sale, its tender carried by the paid attempt.
    const wallet = { ...receipt, sale: { ...receipt.sale, tenders: [{ ...tender, kind: 'wallet' as const, attemptId: 'p1' }] }, attempts: [{ ...paid, saleId: sale.id }] };
    render(<ReceiptDocument receipt={wallet} lang="ar" />);
    const doc = screen.getByTestId('receipt');
    expect(doc.getAttribute('dir')).toBe('rtl');
    for (const text of ['138****1515', '202611251940108001', 'ALIPAY_CN']) expect(isolatedLtr(doc, text), text).toBe(true);
  });
});
