// @vitest-environment jsdom
// A data folder whose acquirer key was sealed on another computer, behind the real core: the
// cashier's status bar says wallet payments are unavailable (words and an icon, English and
// Arabic) and the installer's acquirer panel says the key does not open here, takes the key files
// again and says a restart puts them to use.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { sealConfig } from '../../app/settings/config.ts';
import { StoredTerminalConfig } from '../../app/settings/schema.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { addUser } from '../../app/users/users.ts';
import { ipcTransport, type Transport } from '../../renderer/api/transport.ts';
import { CashierApp } from '../../renderer/cashier/CashierApp.tsx';
import { InstallerApp } from '../../renderer/installer/InstallerApp.tsx';
import { createCashierStore } from '../../renderer/state/cashier.ts';
import { testKeystore } from '../settings/support/keystore.ts';
import { memoryStorage } from './support.ts';

const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = pem();
const acquirer = pem();

let dir: string;
let core: ApiCore;
let transport: Transport;
const here = testKeystore(randomBytes(32));
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souq-renderer-sealed-'));
  const config = StoredTerminalConfig.parse({
    acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: '2188120000000001', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirer.publicKey },
  });
  // Sealed by another computer's keystore: `here` has the same id but another key.
  writeFileSync(dataPaths(dir).config, JSON.stringify(sealConfig(config, testKeystore())), { mode: 0o600 });
  core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, secrets: { sealer: here, warning: null } });
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
});
afterEach(async () => {
  cleanup();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a terminal whose acquirer key cannot be opened on this computer', () => {
  it('the cashier status bar says wallet payments are unavailable, with an icon, in English and in Arabic', async () => {
    render(<CashierApp store={createCashierStore(transport)} transport={transport} />);
    const mark = await screen.findByTestId('acquirer-unavailable', {}, { timeout: 10_000 });
    expect(mark.getAttribute('data-code')).toBe('ACQUIRER_KEY_UNAVAILABLE');
    expect(mark.textContent).toContain('⚠');
    expect(mark.textContent).toMatch(/Wallet payments unavailable: the acquirer key cannot be opened on this computer/);
    // No "Connecting…" that would never end.
    expect(screen.queryByTestId('link-status')).toBeNull();
    fireEvent.click(screen.getByTestId('language-toggle'));
    await waitFor(() => expect(screen.getByTestId('acquirer-unavailable').textContent).toContain('الدفع بالمحفظة غير متاح'));
  });

  it('the Alipay tenders are off with a hint to take cash or card, cash stays on, and nothing reaches the journal', async () => {
    render(<CashierApp store={createCashierStore(transport)} transport={transport} />);
    await waitFor(() => expect(screen.getByTestId('cashier').getAttribute('data-ready')).toBe('yes'), { timeout: 10_000 });
    for (const k of ['1', '2']) fireEvent.click(screen.getByTestId(`keypad-key-${k}`));
    fireEvent.click(screen.getByTestId('keypad-add'));
    await waitFor(() => expect(screen.getByTestId('sale-total').getAttribute('data-minor')).toBe('1200'));
    await waitFor(() => expect(screen.getByTestId('tender-wallet-qr').hasAttribute('disabled')).toBe(true));
    expect(screen.getByTestId('tender-wallet-scan').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('tender-cash').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('wallet-unavailable-hint').textContent).toMatch(/take cash or card/i);
    fireEvent.click(screen.getByTestId('language-toggle'));
    await waitFor(() => expect(screen.getByTestId('wallet-unavailable-hint').textContent).toContain('نقدًا أو بالبطاقة'));
    // The core refuses on its own too (a screen from an older build, a script): nothing journalled.
    const { sale } = await transport.call('sale.current', {});
    await expect(transport.call('payment.showQr', { saleId: sale!.id })).rejects.toMatchObject({ code: 'ACQUIRER_KEY_UNAVAILABLE' });
    expect(core.terminal.db.prepare('SELECT COUNT(*) FROM attempts').pluck().get()).toBe(0);
  });

  it('the installer acquirer panel says the key does not open here, takes the key files again, seals them and says to restart', async () => {
    render(<InstallerApp transport={transport} storage={memoryStorage()} />);
    fireEvent.change(screen.getByTestId('signin-name'), { target: { value: 'Mona' } });
    fireEvent.change(screen.getByTestId('signin-pin'), { target: { value: '2468' } });
    fireEvent.click(screen.getByTestId('signin-submit'));
    await screen.findByTestId('store-panel', {}, { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('tab-acquirer'));
    const notice = await screen.findByTestId('acquirer-key-unavailable', {}, { timeout: 10_000 });
    expect(notice.getAttribute('data-code')).toBe('CONFIG_SEALED_UNREADABLE');
    expect(notice.textContent).toMatch(/does not open on this computer or account: save the keys again here/);

    await waitFor(() => expect((screen.getByTestId('acquirer-client-id') as HTMLInputElement).value).toBe('2188120000000001'));
    fireEvent.change(screen.getByTestId('acquirer-private-key'), { target: { files: [new File([merchant.privateKey], 'merchant.pem')] } });
    fireEvent.change(screen.getByTestId('acquirer-public-key'), { target: { files: [new File([acquirer.publicKey], 'antom.pem')] } });
    await waitFor(() => expect(screen.getByTestId('acquirer-save').hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByTestId('acquirer-save'));
    const saved = await screen.findByTestId('acquirer-saved', {}, { timeout: 10_000 });
    expect(saved.textContent).toMatch(/after it restarts/);
    expect(screen.queryByTestId('acquirer-key-unavailable')).toBeNull();
    expect(JSON.parse(readFileSync(dataPaths(dir).config, 'utf8')).acquirer.merchantPrivateKey).toMatchObject({ by: here.id });
  });
});
