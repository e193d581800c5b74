// @vitest-environment jsdom
// While a wallet payment of the sale may still take the money, the cashier can neither walk away
// from the sale (its outcome would vanish from the screen) nor change its lines (the core refuses).
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { realCoreEachTest } from './support.ts';

const env = realCoreEachTest();

const ready = () => waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });

describe('a sale with a payment under way', () => {
  it('offers no New sale and no line changes until the payment has an outcome, then offers them again', async () => {
    const t = env.transport;
    const sale = await t.call('sale.open', {});
    await t.call('sale.addKeyed', { saleId: sale.id, amountMinor: 1250 });
    // The engine is stopped in these tests: the attempt stays `created`, as while waiting for the network.
    const attempt = await t.call('payment.startWithCode', { saleId: sale.id, code: '281234567890123456' });
    render(<CashierApp store={createCashierStore(t)} transport={t} />);
    await ready();
    await waitFor(() => expect(screen.getByTestId('payment-state').getAttribute('data-state')).toBe('created'));
    const newSale = screen.getByTestId('new-sale') as HTMLButtonElement;
    expect(newSale.disabled).toBe(true);
    expect(newSale.title).toMatch(/payment/);
    const line = screen.getByTestId('sale-line');
    expect(line.querySelectorAll('button')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('payment-cancel'));
    fireEvent.click(screen.getByTestId('cancel-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('payment-state').getAttribute('data-state')).toBe('cancelled'), { timeout: 10_000 });
    expect(attempt.state).toBe('created');
    expect((screen.getByTestId('new-sale') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('sale-line').querySelectorAll('button').length).toBeGreaterThan(0);
  });
});

describe('the cancel question', () => {
  it('Escape closes it with the safe answer: the payment is not cancelled', async () => {
    const t = env.transport;
    const sale = await t.call('sale.open', {});
    await t.call('sale.addKeyed', { saleId: sale.id, amountMinor: 800 });
    const attempt = await t.call('payment.startWithCode', { saleId: sale.id, code: '281234567890123456' });
    render(<CashierApp store={createCashierStore(t)} transport={t} />);
    await ready();
    await waitFor(() => expect(screen.getByTestId('payment-state').getAttribute('data-state')).toBe('created'));
    fireEvent.click(screen.getByTestId('payment-cancel'));
    screen.getByTestId('cancel-confirm');
    fireEvent.keyDown(window, { key: 'Escape', code: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('cancel-confirm')).toBeNull());
    expect((await t.call('payment.get', { attemptId: attempt.paymentRequestId })).state).toBe('created');
    expect(screen.getByTestId('payment-state').getAttribute('data-state')).toBe('created');
  });
});
