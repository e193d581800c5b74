// @vitest-environment jsdom
// Keyboard-only use: the button that opens a panel disappears with the old one, and focus would fall
// back to the page top, a dozen Tabs from the new panel's buttons. Focus goes into the new panel.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { realCoreEachTest } from './support.ts';

/** Focus is on the panel or inside it (not on the page, which contains everything). */
function focusIn(panel: HTMLElement): boolean {
  const a = document.activeElement;
  return !!a && a !== document.body && (a.contains(panel) || panel.contains(a));
}

const env = realCoreEachTest();

describe('keyboard focus', () => {
  it('opening the scan-code panel and the card panel puts focus in that panel, and the cash panel in its amount field', async () => {
    render(<CashierApp store={createCashierStore(env.transport)} transport={env.transport} />);
    await waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('keypad-key-9'));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('sale-total').getAttribute('data-minor')).toBe('900'));

    fireEvent.click(screen.getByTestId('tender-wallet-scan'));
    await screen.findByTestId('wallet-listening');
    await waitFor(() => expect(focusIn(screen.getByTestId('wallet-listening'))).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    await screen.findByTestId('tender-card');
    (document.activeElement as HTMLElement | null)?.blur();

    fireEvent.click(screen.getByTestId('tender-card'));
    await screen.findByTestId('card-panel');
    await waitFor(() => expect(focusIn(screen.getByTestId('card-panel'))).toBe(true));
    fireEvent.keyDown(window, { key: 'Escape', code: 'Escape' });
    await screen.findByTestId('tender-cash');

    fireEvent.click(screen.getByTestId('tender-cash'));
    await screen.findByTestId('cash-panel');
    // A field that takes focus itself keeps it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('cash-received')));
  });
});
