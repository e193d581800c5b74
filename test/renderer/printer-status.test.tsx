// @vitest-environment jsdom
// The receipt printer on the cashier's status bar, behind the real core and the real printer
// driver talking to a virtual network printer: nothing while it is ready, "out of paper" and the
// receipts waiting for a reprint when it is not, in English and Arabic.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { openApi } from '../../app/handlers/index.ts';
import { addUser } from '../../app/users/users.ts';
import { ipcTransport } from '../../renderer/api/transport.ts';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { createPrinterControl } from '../../native/printer/control.ts';
import { startTcpPrinter, PAPER_OUT } from '../native/support/virtual-printer.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of closers.splice(0).reverse()) await c();
});

describe('the printer on the cashier status bar', () => {
  it('says nothing while the printer is ready, then "out of paper" with the receipt kept for a reprint, in English and Arabic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-printer-bar-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, printer: createPrinterControl() });
    closers.push(() => core.close());
    const printer = await startTcpPrinter();
    closers.push(() => printer.close());
    await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
    const session = ((await core.service.call('installer.signIn', { name: 'Mona', pin: '2468' })) as { ok: true; value: { session: string } }).value.session;
    await core.service.call('printer.save', { session, printer: { device: printer.device, paperWidth: 80, drawer: 'none' } });
    const transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });

    render(<CashierApp store={createCashierStore(transport)} transport={transport} />);
    await screen.findByTestId('link-status', {}, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.queryByTestId('printer-status')).toBeNull();
    cleanup();

    const sale = (await core.service.call('sale.open', {})) as { ok: true; value: { id: string } };
    await core.service.call('sale.addKeyed', { saleId: sale.value.id, amountMinor: 900 });
    await core.service.call('tender.cash', { saleId: sale.value.id, tenderedMinor: 1000 });
    printer.state = PAPER_OUT;
    expect(await core.service.call('receipt.print', { saleId: sale.value.id })).toMatchObject({ ok: false, error: { code: 'PRINTER_PAPER_OUT' } });

    render(<CashierApp store={createCashierStore(transport)} transport={transport} />);
    const mark = await screen.findByTestId('printer-status', {}, { timeout: 10_000 });
    expect(mark.dataset.state).toBe('paper_out');
    expect(mark.textContent).toMatch(/⚠ Printer: out of paper · 1 to reprint/);
    fireEvent.click(screen.getByTestId('language-toggle'));
    await waitFor(() => expect(screen.getByTestId('printer-status').textContent).toContain('نفد الورق'));
  });
});
