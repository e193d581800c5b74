// @vitest-environment jsdom
// The installer's Till tab on the real core: kiosk mode, silent printing and the customer display
// are saved into config.json for the next start; in a browser the tab says it cannot list the
// displays, in the Electron app (a displays port) it lists them, in Arabic too.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InstallerApp } from '../../../renderer/installer/InstallerApp.tsx';
import { addUser } from '../../../app/users/users.ts';
import { dataPaths } from '../../../app/settings/paths.ts';
import { openApi, type ApiCore } from '../../../app/handlers/index.ts';
import { ipcTransport, type Transport } from '../../../renderer/api/transport.ts';
import type { DisplayView } from '../../../app/api/installer.ts';
import { latinWords } from './latin.ts';
import { memoryStorage } from '../support.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of closers.splice(0).reverse()) await c();
});

/** A real core on a temp folder, with the displays a shell would report (none: the browser host). */
async function terminal(displays?: DisplayView[]): Promise<{ core: ApiCore; transport: Transport; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-till-panel-'));
  const core = await openApi({ dataDir: dir, startEngine: false, log: () => {}, displays: displays && (() => displays) });
  closers.push(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  const transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
  return { core, transport, dir };
}

async function openTillTab(transport: Transport, storage = memoryStorage()): Promise<void> {
  render(<InstallerApp transport={transport} storage={storage} />);
  fireEvent.change(screen.getByTestId('signin-name'), { target: { value: 'Mona' } });
  fireEvent.change(screen.getByTestId('signin-pin'), { target: { value: '2468' } });
  fireEvent.click(screen.getByTestId('signin-submit'));
  await waitFor(() => screen.getByTestId('store-panel'), { timeout: 10_000 });
  fireEvent.click(screen.getByTestId('tab-till'));
  await waitFor(() => screen.getByTestId('till-save'), { timeout: 10_000 });
}

const checkbox = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const select = () => screen.getByTestId('till-customer-display') as HTMLSelectElement;

describe('installer till tab', () => {
  it('in a browser it says the displays cannot be listed; kiosk, silent print and display 2 are saved for the next start and shown again', async () => {
    const { core, transport, dir } = await terminal();
    await openTillTab(transport);
    expect(screen.getByTestId('till-displays-unknown').textContent).toMatch(/browser cannot list the computer's displays/);
    expect(checkbox('till-kiosk').checked).toBe(false);
    expect(checkbox('till-silent-print').checked).toBe(false);
    expect(select().value).toBe('auto');

    fireEvent.click(checkbox('till-kiosk'));
    fireEvent.click(checkbox('till-silent-print'));
    fireEvent.change(select(), { target: { value: '1' } });
    expect(select().selectedOptions[0]!.textContent).toBe('Display 2');
    fireEvent.click(screen.getByTestId('till-save'));
    await waitFor(() => expect(screen.getByTestId('till-saved').textContent).toBe('Saved. The till uses these settings after it restarts.'), { timeout: 10_000 });
    expect(JSON.parse(readFileSync(dataPaths(dir).config, 'utf8')).till).toEqual({ kiosk: true, silentPrint: true, customerDisplay: 1 });
    expect(core.terminal.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'settings.till_changed'").pluck().get()).toBe(1);

    // Opened again, the tab shows what was saved.
    cleanup();
    await openTillTab(transport);
    expect(checkbox('till-kiosk').checked).toBe(true);
    expect(checkbox('till-silent-print').checked).toBe(true);
    expect(select().value).toBe('1');
  });

  it('in the app it lists the connected displays in Arabic, names a saved display that is unplugged, and saves no customer window', async () => {
    const displays: DisplayView[] = [
      { index: 0, label: 'Built-in Retina Display', width: 1920, height: 1080, primary: true },
      { index: 1, label: 'Pole VFD', width: 800, height: 480, primary: false },
    ];
    const { core, transport, dir } = await terminal(displays);
    // A display chosen earlier that is not plugged in now.
    const session = await core.service.call('installer.signIn', { name: 'Mona', pin: '2468' });
    if (!session.ok) throw new Error(session.error.message);
    await core.service.call('installer.saveTill', { session: (session.value as { session: string }).session, till: { kiosk: false, silentPrint: false, customerDisplay: 3 } });

    await openTillTab(transport);
    fireEvent.click(screen.getByTestId('installer-language-toggle'));
    await waitFor(() => expect(screen.getByTestId('till-save').textContent).toBe('حفظ إعدادات نقطة البيع'));
    expect(screen.queryByTestId('till-displays-unknown')).toBeNull();
    expect([...select().options].map((o) => o.textContent)).toEqual([
      'تلقائي: الشاشة التي كانت عليها آخر مرة، وإلا أول شاشة غير الرئيسية',
      'لا شيء: بلا نافذة للعميل',
      'الشاشة 1 (1920×1080)، الشاشة الرئيسية',
      'الشاشة 2 (800×480)',
      'الشاشة 4 (غير موصولة الآن)',
    ]);
    expect(select().value).toBe('3');
    // The displays' own names are content, kept left to right; every other word is Arabic.
    expect(screen.getByTestId('till-displays').textContent).toContain('Pole VFD');
    expect(latinWords(document.body)).toEqual([]);

    fireEvent.change(select(), { target: { value: 'none' } });
    fireEvent.click(screen.getByTestId('till-save'));
    await waitFor(() => expect(screen.getByTestId('till-saved').textContent).toBe('تم الحفظ. تعمل نقطة البيع بهذه الإعدادات بعد إعادة تشغيلها.'), { timeout: 10_000 });
    expect(JSON.parse(readFileSync(dataPaths(dir).config, 'utf8')).till.customerDisplay).toBe('none');
  });
});
