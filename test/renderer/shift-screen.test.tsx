// @vitest-environment jsdom
// The cashier screen's shift sign-in against the real core (a terminal on a temp folder).
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { realCoreEachTest } from './support.ts';
import type { Transport } from '../../renderer/api/transport.ts';

const env = realCoreEachTest();

const ready = () => waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });

async function staff(): Promise<string> {
  const m = await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  const manager: Actor = { id: m.id, name: m.name, role: m.role };
  return (await addUser(env.core.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager })).id;
}

function signIn(name: string, pin: string) {
  fireEvent.change(screen.getByTestId('shift-name'), { target: { value: name } });
  fireEvent.change(screen.getByTestId('shift-pin'), { target: { value: pin } });
  fireEvent.click(screen.getByTestId('shift-signin-submit'));
}

describe('cashier shift on screen', () => {
  it('a terminal with no cashier shows the sale at once, with no sign-in', async () => {
    // The same transport, noting when the screen has read the shift (so the check below is not too early).
    let shiftRead = false;
    const transport: Transport = {
      ...env.transport,
      call: (async (name, input) => {
        const out = await env.transport.call(name, input);
        if (name === 'shift.current') shiftRead = true;
        return out;
      }) as Transport['call'],
    };
    const store = createCashierStore(transport);
    render(<CashierApp store={store} transport={transport} />);
    await ready();
    await waitFor(() => expect(store.getState().sale?.status).toBe('open'));
    await waitFor(() => expect(shiftRead).toBe(true));
    screen.getByTestId('sale-total');
    expect(screen.queryByTestId('shift-signin')).toBeNull();
    expect(screen.queryByTestId('shift-cashier')).toBeNull();
  });

  it('once the shop has a cashier the screen asks for a sign-in instead of the sale; a wrong PIN says so, the right one opens a sale under that cashier', async () => {
    const omar = await staff();
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    await screen.findByTestId('shift-signin', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('sale-total')).toBeNull();
    const pin = screen.getByTestId('shift-pin');
    expect(pin.getAttribute('type')).toBe('password');
    expect(pin.getAttribute('inputmode')).toBe('numeric');
    // The core's refusal of a sale without a shift does not stand beside the panel.
    await waitFor(() => expect(screen.queryByTestId('notice')).toBeNull());

    signIn('Omar', '0000');
    await waitFor(() => expect(screen.getByTestId('shift-error').textContent).toMatch(/Name or PIN not recognised\. 4 tries left before Omar is locked/));
    expect((pin as HTMLInputElement).value).toBe('');

    signIn('Omar', '5172');
    await waitFor(() => expect(screen.queryByTestId('shift-signin')).toBeNull());
    expect(screen.getByTestId('shift-cashier').textContent).toBe('Cashier: Omar');
    await waitFor(() => expect(store.getState().sale).toMatchObject({ status: 'open', cashierId: omar }));
    screen.getByTestId('sale-total');

    fireEvent.click(screen.getByTestId('shift-end'));
    await screen.findByTestId('shift-signin');
    expect(screen.queryByTestId('shift-cashier')).toBeNull();
  });

  it('a sale under way when the shift ends stays on screen to be paid and its receipt shown, with the sign-in above it; the next cashier starts a fresh sale', async () => {
    await staff();
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    await screen.findByTestId('shift-signin', {}, { timeout: 10_000 });
    signIn('Omar', '5172');
    await waitFor(() => expect(store.getState().sale?.status).toBe('open'));
    for (const k of ['1', '2']) fireEvent.click(screen.getByTestId(`keypad-key-${k}`));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('sale-total').getAttribute('data-minor')).toBe('1200'));

    fireEvent.click(screen.getByTestId('shift-end'));
    await waitFor(() => expect(screen.queryByTestId('shift-cashier')).toBeNull());
    // The panel sits above the sale for whoever carries on; the sale itself is still there.
    await waitFor(() => expect(screen.getByTestId('shift-signin').textContent).toContain('Finish the sale below'));
    expect(screen.getByTestId('sale-total').getAttribute('data-minor')).toBe('1200');
    expect(document.activeElement).not.toBe(screen.getByTestId('shift-name'));
    const paid = store.getState().sale!.id;
    await store.getState().cash(1200);
    await screen.findByTestId('receipt', {}, { timeout: 10_000 });
    screen.getByTestId('shift-signin');
    signIn('Omar', '5172');
    await waitFor(() => expect(store.getState().sale).toMatchObject({ status: 'open', lines: [] }));
    expect(store.getState().sale!.id).not.toBe(paid);
    expect(screen.queryByTestId('shift-signin')).toBeNull();
  });

  it('in Arabic the panel and a wrong PIN read in Arabic, with the tries left', async () => {
    await staff();
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    await screen.findByTestId('shift-signin', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('language-toggle'));
    await waitFor(() => expect(screen.getByTestId('shift-signin').textContent).toContain('سجّل الدخول إلى نوبتك'));
    signIn('Omar', '1111');
    await waitFor(() => expect(screen.getByTestId('shift-error').textContent).toBe('الاسم أو الرقم السري غير صحيح. بقيت 4 محاولات قبل القفل.'));
  });

  it('a shift ended from another window shows the sign-in here as soon as this screen tries a new sale', async () => {
    await staff();
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await ready();
    await screen.findByTestId('shift-signin', {}, { timeout: 10_000 });
    signIn('Omar', '5172');
    await screen.findByTestId('shift-cashier');
    expect(await env.core.service.call('shift.end', {})).toEqual({ ok: true, value: { ok: true } });
    fireEvent.click(screen.getByTestId('new-sale'));
    await screen.findByTestId('shift-signin', {}, { timeout: 10_000 });
    await waitFor(() => expect(screen.queryByTestId('shift-cashier')).toBeNull());
    await waitFor(() => expect(screen.queryByTestId('notice')).toBeNull());
  });

  it('keys typed into the PIN field are left alone by the scanner detector', async () => {
    await staff();
    render(<CashierApp store={createCashierStore(env.transport)} transport={env.transport} />);
    await ready();
    const pin = await screen.findByTestId('shift-pin', {}, { timeout: 10_000 });
    const name = screen.getByTestId('shift-name');
    // fireEvent returns false when a listener called preventDefault: the detector holds a digit
    // typed anywhere else (it could be the start of a scan), never one typed into the PIN.
    expect(fireEvent.keyDown(name, { key: '5', code: 'Digit5' })).toBe(false);
    expect(fireEvent.keyDown(pin, { key: '5', code: 'Digit5' })).toBe(true);
  });
});
