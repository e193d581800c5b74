// @vitest-environment jsdom
// The manager screen left open while the till sells: the figures follow without choosing the day again.
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { realCoreEachTest } from '../support.ts';

const env = realCoreEachTest();
beforeEach(async () => {
  await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
});

describe('manager screen left open during the day', () => {
  it('a cash sale paid at the till shows in the takings without a reload', async () => {
    render(<ManagerApp transport={env.transport} />);
    fireEvent.change(screen.getByTestId('manager-name'), { target: { value: 'Aisha' } });
    fireEvent.change(screen.getByTestId('manager-pin'), { target: { value: '4829' } });
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('takings-gross').getAttribute('data-minor')).toBe('0'), { timeout: 10_000 });

    // The till, through the same API the cashier screen uses.
    const sale = await env.transport.call('sale.open', {});
    await env.transport.call('sale.addKeyed', { saleId: sale.id, amountMinor: 1_500 });
    await env.transport.call('tender.cash', { saleId: sale.id, tenderedMinor: 2_000 });

    await waitFor(() => expect(screen.getByTestId('takings-gross').getAttribute('data-minor')).toBe('1500'), { timeout: 15_000 });
    expect(screen.getByTestId('takings-tender-cash').getAttribute('data-sales-minor')).toBe('1500');
  });
});
