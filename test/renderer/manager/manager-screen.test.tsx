// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { ringUp } from '../../reports/fixture.ts';
import { realTransport } from '../support.ts';

let env: Awaited<ReturnType<typeof realTransport>>;
beforeEach(async () => {
  env = await realTransport();
  await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
});
afterEach(async () => {
  cleanup();
  await env.close();
});

const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });

describe('manager screen', () => {
  it('a wrong PIN is refused in words; the manager signs in, reads the day, refunds part of a sale and closes the day', async () => {
    ringUp(env.core.terminal.db, { totalMinor: 15_000, at: new Date(Date.now() - 60_000), tender: 'cash', terminalId: env.core.terminal.config.terminalId });
    render(<ManagerApp transport={env.transport} />);
    type('manager-name', 'Aisha');
    type('manager-pin', '1357');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('manager-error').textContent).toMatch(/4 tries left/), { timeout: 10_000 });
    type('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('takings-gross').textContent).toMatch(/150\.00/), { timeout: 10_000 });
    expect(screen.getByTestId('manager-hourly').textContent).toMatch(/Takings by hour/);

    type('refund-invoice', '1');
    fireEvent.click(screen.getByTestId('refund-find'));
    await waitFor(() => screen.getByTestId('refund-sale'), { timeout: 10_000 });
    type('refund-amount', '20.00');
    fireEvent.click(screen.getByTestId('refund-tender-cash'));
    await waitFor(() => expect(screen.getByTestId('refund-message').textContent).toMatch(/Give back from the drawer: AED\s*20\.00/), { timeout: 10_000 });
    await waitFor(() => expect(screen.getByTestId('takings-net').textContent).toMatch(/130\.00/), { timeout: 10_000 });

    type('close-counted', '130.00');
    fireEvent.click(screen.getByTestId('close-z'));
    await waitFor(() => expect(screen.getByTestId('close-slip').textContent).toMatch(/Z REPORT 1 .* by Aisha/), { timeout: 10_000 });
    expect(screen.getByTestId('close-slip').textContent).toMatch(/Difference\s+AED\s*0\.00/);
  });
});
