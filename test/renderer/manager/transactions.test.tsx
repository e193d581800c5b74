// @vitest-environment jsdom
// The transaction list of the chosen day: every sale with its tenders (split ones too), filtered,
// and one opened in Refunds to reprint or refund.
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { ringUp } from '../../reports/fixture.ts';
import { realCoreEachTest, typeInto } from '../support.ts';

const env = realCoreEachTest();
beforeEach(async () => {
  await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
});


describe('manager screen: transactions', () => {
  it('lists every sale of the day with each tender and its wallet ids, filters by tender and amount, and opens one in Refunds', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const t0 = Date.now() - 10 * 60_000;
    ringUp(db, { totalMinor: 4_000, at: new Date(t0), tender: 'cash', terminalId });
    const split = ringUp(db, { totalMinor: 3_000, at: new Date(t0 + 60_000), tender: 'split', psp: 'ALIPAY_HK', terminalId });
    ringUp(db, { totalMinor: 9_900, at: new Date(t0 + 120_000), tender: 'card', terminalId });
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => expect(screen.getByTestId('tx-list').getAttribute('data-count')).toBe('3'), { timeout: 10_000 });
    // Beside the takings: the comparisons and the best sellers of the same day.
    await waitFor(() => expect(screen.getByTestId('insights-lastWeek').getAttribute('data-gross')).toBe('0'), { timeout: 10_000 });
    expect(screen.getAllByTestId('insights-product')[0]!.textContent).toMatch(/Item.*× 3.*AED\s*169\.00/);
    const rows = screen.getAllByTestId('tx-row');
    expect(rows.map((r) => r.getAttribute('data-invoice'))).toEqual(['1', '2', '3']);
    expect(rows[1]!.textContent).toMatch(/Cash\s*AED\s*15\.00/i);
    expect(rows[1]!.textContent).toMatch(/ALIPAY_HK\s*AED\s*15\.00/);
    expect(rows[1]!.textContent).toContain(split.walletAttempt!);

    fireEvent.change(screen.getByTestId('tx-tender'), { target: { value: 'wallet' } });
    fireEvent.click(screen.getByTestId('tx-filter'));
    await waitFor(() => expect(screen.getByTestId('tx-list').getAttribute('data-count')).toBe('1'), { timeout: 10_000 });
    fireEvent.change(screen.getByTestId('tx-tender'), { target: { value: '' } });
    typeInto('tx-min', '50');
    fireEvent.click(screen.getByTestId('tx-filter'));
    await waitFor(() => expect(screen.getAllByTestId('tx-row').map((r) => r.getAttribute('data-invoice'))).toEqual(['3']), { timeout: 10_000 });

    fireEvent.click(within(screen.getAllByTestId('tx-row')[0]!).getByTestId('tx-open'));
    await waitFor(() => expect(screen.getByTestId('refund-sale').textContent).toContain('Invoice 3 '), { timeout: 10_000 });
    screen.getByTestId('refund-tender-card');
  });
});

describe('manager screen: report headers', () => {
  it('the takings carry store, terminal, period, printed by and printed at (Dubai time)', async () => {
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => screen.getByTestId('report-header'), { timeout: 10_000 });
    const header = screen.getByTestId('report-header').textContent!;
    const { storeName } = await env.transport.call('settings.display', {});
    expect(header).toContain(storeName);
    expect(header).toMatch(/terminal T01 · .*\d{4}-\d{2}-\d{2}.* · printed by Aisha at .* \(Dubai time\)/);
  });
});
