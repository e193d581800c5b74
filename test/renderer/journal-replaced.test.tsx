// @vitest-environment jsdom
// The journal's WAL deleted under a running terminal, behind the real core: the cashier's open
// screen changes by itself — the status bar says wallet payments are stopped and why, and the
// Alipay tenders go off while cash stays on.
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { ipcTransport, type Transport } from '../../renderer/api/transport.ts';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';

let dir: string;
let core: ApiCore;
let transport: Transport;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souq-renderer-journal-'));
  core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, journalCheckMs: 100 });
  transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
});
afterEach(async () => {
  cleanup();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the journal’s file deleted while the cashier screen is open', () => {
  it('the status bar says wallet payments are stopped, the Alipay tenders go off and cash stays on, without a reload', async () => {
    render(<CashierApp store={createCashierStore(transport)} transport={transport} />);
    await waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });
    for (const k of ['1', '2']) fireEvent.click(screen.getByTestId(`keypad-key-${k}`));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('tender-wallet-qr').hasAttribute('disabled')).toBe(false));
    expect(screen.queryByTestId('acquirer-unavailable')).toBeNull();

    unlinkSync(`${dataPaths(dir).db}-wal`);
    const mark = await screen.findByTestId('acquirer-unavailable', {}, { timeout: 10_000 });
    expect(mark.getAttribute('data-code')).toBe('JOURNAL_FILE_REPLACED');
    expect(mark.textContent).toMatch(/Wallet payments stopped: the payment journal’s file was deleted or replaced.*restart/);
    expect(screen.getByTestId('tender-wallet-qr').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('tender-wallet-scan').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('tender-cash').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('wallet-unavailable-hint').textContent).toMatch(/until Souq POS restarts/);
  });
});
