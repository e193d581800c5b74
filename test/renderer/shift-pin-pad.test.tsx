// @vitest-environment jsdom
// A touch till has no keyboard: the shift sign-in takes the PIN from its own pad.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { addUser } from '../../app/users/users.ts';
import { realCoreEachTest } from './support.ts';

const env = realCoreEachTest();

describe('shift sign-in PIN pad', () => {
  it('the cashier types the PIN on the pad (with a correction) and starts the shift without a keyboard', async () => {
    const m = await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    await addUser(env.core.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: { id: m.id, name: m.name, role: m.role } });
    const store = createCashierStore(env.transport);
    render(<CashierApp store={store} transport={env.transport} />);
    await waitFor(() => screen.getByTestId('shift-pin-pad'), { timeout: 10_000 });
    fireEvent.change(screen.getByTestId('shift-name'), { target: { value: 'Omar' } });
    for (const k of ['5', '1', '9']) fireEvent.click(screen.getByTestId(`shift-pin-key-${k}`));
    fireEvent.click(screen.getByTestId('shift-pin-back'));
    for (const k of ['7', '2']) fireEvent.click(screen.getByTestId(`shift-pin-key-${k}`));
    expect((screen.getByTestId('shift-pin') as HTMLInputElement).value).toBe('5172');
    fireEvent.click(screen.getByTestId('shift-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('shift-cashier').textContent).toContain('Omar'), { timeout: 10_000 });
  });
});
