// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { PaymentPanel } from '../../renderer/cashier/PaymentPanel.tsx';
import { CashierContext } from '../../renderer/cashier/context.ts';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { ATTEMPT_STATES } from '../../app/domain/attempt.ts';
import type { AttemptView } from '../../app/api/views.ts';
import { addProduct, attemptView, realCoreEachTest } from './support.ts';
import { latinWords } from './installer/latin.ts';

const env = realCoreEachTest();

const ready = () => waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });

describe('cashier screen', () => {
  it('has every automation hook of issue 3 §8 and keys a sale into the total', async () => {
    render(<CashierApp store={createCashierStore(env.transport)} transport={env.transport} />);
    await ready();
    for (const id of ['sale-total', 'keypad-key-dot', 'keypad-add', 'tender-wallet-scan', 'tender-wallet-qr', 'tender-cash']) screen.getByTestId(id);
    for (let d = 0; d <= 9; d++) screen.getByTestId(`keypad-key-${d}`);
    for (const k of ['2', '5', 'dot', '5']) fireEvent.click(screen.getByTestId(`keypad-key-${k}`));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('sale-total').getAttribute('data-minor')).toBe('2550'));
    expect(screen.getByTestId('sale-total').textContent).toContain('25.50');
    expect(screen.getByTestId('sandbox-mark').textContent).toBe('SANDBOX');
  });

  it('switches to Arabic with a right-to-left layout and keeps Western digits for money', async () => {
    render(<CashierApp store={createCashierStore(env.transport)} transport={env.transport} />);
    await ready();
    fireEvent.click(screen.getByTestId('language-toggle'));
    await waitFor(() => expect(screen.getByTestId('cashier').getAttribute('dir')).toBe('rtl'));
    expect(document.documentElement.dir).toBe('rtl');
    expect(screen.getByTestId('tender-cash').textContent).toContain('نقدًا');
    expect(screen.getByTestId('sale-total').textContent).toMatch(/0\.00/);
  });

  it('in Arabic a rejected scan, the Setup link and a cash sale’s receipt with a keyed line read in Arabic, with no English word left', async () => {
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    fireEvent.click(screen.getByTestId('language-toggle'));
    expect(screen.getByTestId('open-installer').textContent).toBe('الإعداد');

    // The core rejects it with SCAN_WRONG_LENGTH and an English sentence; the screen words it by code.
    await act(() => store.getState().submitScan('12345', 'wedge'));
    const notice = await screen.findByTestId('notice');
    expect(notice.getAttribute('data-code')).toBe('SCAN_WRONG_LENGTH');
    expect(notice.textContent).toContain('عدد الأرقام غير صحيح');
    expect(latinWords(document.body)).toEqual([]);

    for (const k of ['1', '2', 'dot', '5']) fireEvent.click(screen.getByTestId(`keypad-key-${k}`));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('sale-line').textContent).toContain('مبلغ مُدخل'));
    expect(store.getState().sale?.lines[0]?.name).toBe('Keyed amount'); // stored as the core names it
    // A product keeps its catalogue name (the shop's data, isolated in <bdi>).
    addProduct(env.core, '4006381333931', 'Dates gift box', 4500);
    await act(() => store.getState().addProduct('4006381333931'));
    await waitFor(() => expect(screen.getAllByTestId('sale-line')).toHaveLength(2));
    expect(screen.getAllByTestId('sale-line')[1]!.textContent).toContain('Dates gift box');
    fireEvent.click(screen.getByTestId('tender-cash'));
    fireEvent.change(screen.getByTestId('cash-received'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('cash-confirm'));
    const receipt = await screen.findByTestId('receipt', {}, { timeout: 10_000 });
    await waitFor(() => expect(receipt.textContent).toContain('مبلغ مُدخل'));
    expect(receipt.textContent).not.toContain('Keyed amount');
    expect(receipt.textContent).toContain('Dates gift box');
    expect(receipt.getAttribute('dir')).toBe('rtl');
    expect(latinWords(document.body)).toEqual([]);
  });

  it('in Arabic a refused tender from the core is shown in Arabic words', async () => {
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    fireEvent.click(screen.getByTestId('language-toggle'));
    // Nothing is due on an empty sale: the core refuses the card tender (NOTHING_DUE) in English.
    await act(() => store.getState().card());
    const notice = await screen.findByTestId('notice');
    expect(notice.getAttribute('data-code')).toBe('NOTHING_DUE');
    expect(notice.textContent).toContain('لا يوجد مبلغ مستحق');
    expect(latinWords(notice)).toEqual([]);
  });

  it('physical digit keys drive the keypad when no field has focus', async () => {
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    // Typed by a person: slow keys; the wedge detector holds each briefly, then replays it.
    for (const d of ['4', '2']) {
      await act(async () => {
        fireEvent.keyDown(window, { key: d, code: `Digit${d}` });
        fireEvent.keyUp(window, { key: d, code: `Digit${d}` });
        await new Promise((r) => setTimeout(r, 400));
      });
    }
    await waitFor(() => expect(store.getState().keypad).toBe('42'));
  });
});

describe('payment screens', () => {
  const base: AttemptView = attemptView({ codeMasked: '2810…2345', validUntil: new Date(Date.now() + 40_000).toISOString() });

  it.each(ATTEMPT_STATES)('state %s has its own icon and words, and carries data-state', async (state) => {
    const store = createCashierStore(env.transport);
    const attempt: AttemptView = { ...base, state, resultCode: state === 'failed' ? 'EXPIRED_CODE' : null, pspName: state === 'succeeded' ? 'ALIPAY_CN' : null };
    render(
      <CashierContext.Provider value={{ store, transport: env.transport }}>
        <PaymentPanel attempt={attempt} />
      </CashierContext.Provider>,
    );
    const panel = screen.getByTestId('payment-state');
    expect(panel.getAttribute('data-state')).toBe(state);
    expect(panel.querySelector('.payment-icon')?.textContent?.trim()).not.toBe('');
    expect(panel.querySelector('.payment-title')?.textContent?.trim().length).toBeGreaterThan(3);
    if (state === 'failed') expect(panel.textContent).toContain('refresh the payment code');
    // The wallet by its brand, never the acquirer's code.
    if (state === 'succeeded') expect(panel.textContent).toContain('Alipay');
    expect(panel.textContent).not.toContain('ALIPAY_CN');
    const cancellable = ['created', 'sent', 'awaiting_customer', 'unknown'].includes(state);
    expect(screen.queryByTestId('payment-cancel') !== null).toBe(cancellable);
  });

  it('a declined payment in Arabic gives the reason in Arabic, keeping only the result code in Latin', async () => {
    const store = createCashierStore(env.transport);
    store.getState().setLang('ar');
    const attempt: AttemptView = { ...base, state: 'failed', resultCode: 'USER_BALANCE_NOT_ENOUGH', resultMessage: 'User balance is not enough' };
    render(
      <CashierContext.Provider value={{ store, transport: env.transport }}>
        <PaymentPanel attempt={attempt} />
      </CashierContext.Provider>,
    );
    const panel = screen.getByTestId('payment-state');
    expect(panel.textContent).toContain('USER_BALANCE_NOT_ENOUGH');
    expect(panel.textContent).toContain('الرصيد');
    expect(panel.textContent).not.toContain('User balance');
    expect(latinWords(panel)).toEqual([]);
  });
});
