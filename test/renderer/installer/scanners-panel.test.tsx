// @vitest-environment jsdom
// The installer's Scanners tab on the real core with real serial hardware (socat pseudo-terminals):
// with two scanners configured, the installer chooses either one to test, and can remove one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InstallerApp } from '../../../renderer/installer/InstallerApp.tsx';
import { ipcTransport, type Transport } from '../../../renderer/api/transport.ts';
import { openApi, type ApiCore } from '../../../app/handlers/index.ts';
import { createScannerControl } from '../../../native/serial/control.ts';
import { addUser } from '../../../app/users/users.ts';
import { openWriter, ptyDir, startPty, stopAllPtys } from '../../native/support/pty.ts';
import { memoryStorage, typeInto } from '../support.ts';

let dir: string;
let core: ApiCore;
let transport: Transport;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souq-installer-scanners-'));
  core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, scanners: createScannerControl() });
  transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
});
afterEach(async () => {
  cleanup();
  await core.close();
  await stopAllPtys();
  rmSync(dir, { recursive: true, force: true });
});

const connected = (id: string) => waitFor(() => expect(screen.getByTestId(`scanner-${id}`).getAttribute('data-state')).toBe('connected'), { timeout: 15_000 });

async function saveScanner(path: string, suffix: string): Promise<void> {
  typeInto('scanner-path', path);
  fireEvent.change(screen.getByTestId('scanner-suffix'), { target: { value: suffix } });
  fireEvent.click(screen.getByTestId('scanner-save'));
  await connected(path);
}

/** The installer screen, signed in (Mona's PIN), on its Scanners tab. */
async function openScannersTab(): Promise<void> {
  render(<InstallerApp transport={transport} storage={memoryStorage()} />);
  typeInto('signin-name', 'Mona');
  typeInto('signin-pin', '2468');
  fireEvent.click(screen.getByTestId('signin-submit'));
  await waitFor(() => screen.getByTestId('store-panel'), { timeout: 10_000 });
  fireEvent.click(screen.getByTestId('tab-scanners'));
  await waitFor(() => screen.getByTestId('scanner-path'), { timeout: 10_000 });
}

describe('installer Scanners tab with two serial scanners', () => {
  it('tests the scanner the installer chose, not only the first one, and removes a scanner', async () => {
    const first = await startPty(ptyDir(), 'first');
    const second = await startPty(ptyDir(), 'second');
    await openScannersTab();

    await saveScanner(first.a, 'cr');
    await saveScanner(second.a, 'lf');

    // Choose the second scanner: its settings come back into the form, and the test scan listens to it.
    fireEvent.click(screen.getByTestId(`scanner-choose-${second.a}`));
    expect(screen.getByTestId(`scanner-${second.a}`).getAttribute('data-chosen')).toBe('yes');
    expect((screen.getByTestId('scanner-suffix') as HTMLSelectElement).value).toBe('lf');
    expect(screen.getByTestId('scanner-chosen').textContent).toContain(second.a);
    fireEvent.click(screen.getByTestId('test-scan'));
    const w = await openWriter(second.b);
    // Written until the test scan (which waits for the next scan from its scanner) has it.
    await waitFor(
      async () => {
        if (!screen.queryByTestId('test-scan-result')) await w.write('4006381333931\n');
        expect(screen.getByTestId('test-scan-result').getAttribute('data-kind')).toBe('product');
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(screen.getByTestId('test-scan-result').textContent).toContain('4006381333931');
    await w.close();

    // Remove the second scanner: it leaves the list (and the saved settings), the first stays.
    fireEvent.click(screen.getByTestId(`scanner-remove-${second.a}`));
    await waitFor(() => expect(screen.queryByTestId(`scanner-${second.a}`)).toBeNull(), { timeout: 10_000 });
    expect(screen.getByTestId('scanner-saved').textContent).toMatch(/removed/);
    expect(screen.getByTestId(`scanner-${first.a}`)).toBeTruthy();
    expect(screen.getByTestId('scanner-chosen').textContent).toContain(first.a);
  });

  it('a test scan after stray bytes shows the clean product and says the stray bytes were dropped', async () => {
    const pty = await startPty(ptyDir(), 'stray');
    await openScannersTab();
    await saveScanner(pty.a, 'cr');

    fireEvent.click(screen.getByTestId('test-scan'));
    const w = await openWriter(pty.b);
    await w.write('garb');
    await new Promise((r) => setTimeout(r, 2_000));
    await w.write('96385074\r');
    await waitFor(() => expect(screen.getByTestId('test-scan-result').getAttribute('data-kind')).toBe('product'), { timeout: 15_000 });
    expect(screen.getByTestId('test-scan-result').textContent).toContain('96385074');
    expect(screen.getByTestId('test-scan-dropped').textContent).toMatch(/4 stray bytes .* dropped/);
    await w.close();
  });
});
