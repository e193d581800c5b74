// @vitest-environment jsdom
// The manager's found sale: the tourist's tax-free tag (AED 250 or more) and a reprint of its receipt.
import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ManagerApp } from '../../../renderer/manager/ManagerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { ringUp } from '../../reports/fixture.ts';
import { realCoreEachTest, typeInto } from '../support.ts';

const env = realCoreEachTest();
let aishaId: string;
beforeEach(async () => {
  aishaId = (await addUser(env.core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' })).id;
});


async function find(invoiceNo: number): Promise<HTMLElement> {
  typeInto('refund-invoice', String(invoiceNo));
  fireEvent.click(screen.getByTestId('refund-find'));
  await waitFor(() => expect(screen.getByTestId('refund-sale').textContent).toContain(`Invoice ${invoiceNo} `), { timeout: 10_000 });
  return screen.getByTestId('refund-sale');
}

describe('manager screen: a sale\'s receipt', () => {
  it('a sale of AED 260 is marked tax-free eligible, its tag number is saved with the manager\'s name in the event log and printed on the reprinted receipt; a sale of AED 100 has neither', async () => {
    const db = env.core.terminal.db;
    const terminalId = env.core.terminal.config.terminalId;
    const at = new Date(Date.now() - 120_000);
    const big = ringUp(db, { totalMinor: 26_000, at, tender: 'cash', terminalId });
    ringUp(db, { totalMinor: 10_000, at: new Date(at.getTime() + 1_000), tender: 'card', terminalId });
    render(<ManagerApp transport={env.transport} />);
    typeInto('manager-name', 'Aisha');
    typeInto('manager-pin', '4829');
    fireEvent.click(screen.getByTestId('manager-signin-submit'));
    await waitFor(() => screen.getByTestId('takings-gross'), { timeout: 10_000 });

    const sale = await find(1);
    expect(within(sale).getByTestId('sale-tax-free').textContent).toMatch(/Tax-free eligible/);
    typeInto('sale-tax-free-tag', 'TF-2026-0042');
    fireEvent.click(screen.getByTestId('sale-tax-free-save'));
    await waitFor(() => expect(screen.getByTestId('sale-tax-free-message').textContent).toMatch(/Tax-free tag saved/), { timeout: 10_000 });
    const logged = db.prepare("SELECT actor, data FROM events WHERE type = 'sale.tax_free_tag' AND subject = ?").get(big.saleId) as { actor: string; data: string } | undefined;
    expect(logged?.actor).toBe(aishaId);
    expect(logged?.data).toContain('TF-2026-0042');

    fireEvent.click(screen.getByTestId('sale-reprint'));
    await waitFor(() => expect(screen.getByTestId('receipt-tax-free-tag').textContent).toBe('TF-2026-0042'), { timeout: 10_000 });
    expect(screen.getByTestId('receipt-tax-free').textContent).toMatch(/^Tax-free eligible · Tax-free tag no\./);
    expect(screen.getByTestId('receipt-total').textContent).toMatch(/260\.00/);
    expect(screen.getByTestId('receipt-invoice').textContent).toBe('1');

    const small = await find(2);
    expect(within(small).queryByTestId('sale-tax-free')).toBeNull();
    // The first sale's receipt does not stay open over the next sale: it is opened for this one.
    expect(screen.queryByTestId('receipt-invoice')).toBeNull();
    fireEvent.click(screen.getByTestId('sale-reprint'));
    await waitFor(() => expect(screen.getByTestId('receipt-invoice').textContent).toBe('2'), { timeout: 10_000 });
    expect(screen.queryByTestId('receipt-tax-free')).toBeNull();
    expect(screen.getByTestId('receipt-total').textContent).toMatch(/100\.00/);
  });

  it('a tag on a sale under AED 250 is refused with NOT_TAX_FREE_ELIGIBLE and stores nothing', async () => {
    const db = env.core.terminal.db;
    const { saleId } = ringUp(db, { totalMinor: 24_999, at: new Date(Date.now() - 60_000), tender: 'cash', terminalId: env.core.terminal.config.terminalId });
    const { session } = await env.transport.call('manager.signIn', { name: 'Aisha', pin: '4829' });
    const err = await env.transport.call('manager.setTaxFreeTag', { session, saleId, tag: 'TF-1' }).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe('NOT_TAX_FREE_ELIGIBLE');
    expect(err?.message).toMatch(/at least AED 250\.00/);
    expect((db.prepare('SELECT tax_free_tag FROM sales WHERE id = ?').get(saleId) as { tax_free_tag: string | null }).tax_free_tag).toBeNull();
  });
});
