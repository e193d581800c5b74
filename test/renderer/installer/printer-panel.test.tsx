// @vitest-environment jsdom
// The installer's Printer tab on the real core with the real printer driver and a virtual printer
// on a loopback port: the installer types the network printer, prints a test page, tests the
// drawer, saves, sees the live state, and reprints a receipt that could not print.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InstallerApp } from '../../../renderer/installer/InstallerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { dataPaths } from '../../../app/settings/paths.ts';
import { openApi, type ApiCore } from '../../../app/handlers/index.ts';
import { ipcTransport, type Transport } from '../../../renderer/api/transport.ts';
import { createPrinterControl } from '../../../native/printer/control.ts';
import { startTcpPrinter, PAPER_OUT, type VirtualPrinter } from '../../native/support/virtual-printer.ts';
import { memoryStorage } from '../support.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of closers.splice(0).reverse()) await c();
});

async function terminal(): Promise<{ core: ApiCore; transport: Transport; dir: string; printer: VirtualPrinter }> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-printer-panel-'));
  const core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, printer: createPrinterControl() });
  const printer = await startTcpPrinter();
  closers.push(async () => {
    await printer.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  const transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
  return { core, transport, dir, printer };
}

async function openPrinterTab(transport: Transport): Promise<void> {
  render(<InstallerApp transport={transport} storage={memoryStorage()} />);
  fireEvent.change(screen.getByTestId('signin-name'), { target: { value: 'Mona' } });
  fireEvent.change(screen.getByTestId('signin-pin'), { target: { value: '2468' } });
  fireEvent.click(screen.getByTestId('signin-submit'));
  await waitFor(() => screen.getByTestId('store-panel'), { timeout: 10_000 });
  fireEvent.click(screen.getByTestId('tab-printer'));
  await waitFor(() => screen.getByTestId('printer-save'), { timeout: 10_000 });
}

describe('the Printer tab', () => {
  it('an installer types a network printer, prints a test page and tests the drawer before saving, then saves it', async () => {
    const { transport, dir, printer, core } = await terminal();
    await openPrinterTab(transport);
    await waitFor(() => expect(screen.getByTestId('printer-status').dataset.state).toBe('not_configured'));
    fireEvent.change(screen.getByTestId('printer-device'), { target: { value: printer.device } });
    fireEvent.change(screen.getByTestId('printer-width'), { target: { value: '58' } });
    fireEvent.click(screen.getByTestId('printer-test'));
    await waitFor(() => expect(screen.getByTestId('printer-message').textContent).toMatch(/Test page printed/), { timeout: 10_000 });
    expect(printer.commands().filter((c) => c.type === 'raster').map((c) => (c as { widthDots: number }).widthDots)).toEqual([384, 384]);
    fireEvent.click(screen.getByTestId('printer-drawer-test'));
    await waitFor(() => expect(screen.getByTestId('printer-message').textContent).toMatch(/drawer was kicked/), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('printer-save'));
    await waitFor(() => expect(screen.getByTestId('printer-message').textContent).toMatch(/Saved/), { timeout: 10_000 });
    expect(JSON.parse(readFileSync(dataPaths(dir).config, 'utf8')).printer).toMatchObject({ device: printer.device, paperWidth: 58 });
    await waitFor(() => expect(screen.getByTestId('printer-status').dataset.state).toBe('ready'), { timeout: 10_000 });
    expect(core.terminal.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'drawer.opened'").get()).toEqual({ n: 1 });
  });

  it('a printer out of paper shows on the tab; its queued receipt is listed and reprints once paper is back', async () => {
    const { transport, printer, core } = await terminal();
    const session = ((await core.service.call('installer.signIn', { name: 'Mona', pin: '2468' })) as { ok: true; value: { session: string } }).value.session;
    await core.service.call('printer.save', { session, printer: { device: printer.device, paperWidth: 80, drawer: 'none' } });
    const sale = (await core.service.call('sale.open', {})) as { ok: true; value: { id: string } };
    await core.service.call('sale.addKeyed', { saleId: sale.value.id, amountMinor: 900 });
    await core.service.call('tender.cash', { saleId: sale.value.id, tenderedMinor: 1000 });
    printer.state = PAPER_OUT;
    expect(await core.service.call('receipt.print', { saleId: sale.value.id })).toMatchObject({ ok: false, error: { code: 'PRINTER_PAPER_OUT' } });
    await openPrinterTab(transport);
    await waitFor(() => expect(screen.getByTestId('printer-status').dataset.state).toBe('paper_out'), { timeout: 10_000 });
    expect(screen.getByTestId('printer-queue').textContent).toMatch(/Invoice 1.*out of paper/);
    printer.state = { printer: 0x16, offline: 0x12, paper: 0x12 };
    fireEvent.click(screen.getByText('Reprint'));
    await waitFor(() => screen.getByTestId('printer-queue-empty'), { timeout: 10_000 });
  });
});
