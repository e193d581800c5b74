// End to end: the installer screens in headless Chromium against a real `souq serve`: PIN sign-in
// with lockout words, store details validated and saved, acquirer keys loaded from files and shown
// back only masked, a serial scanner configured on a socat pseudo-terminal, watched live and
// confirmed with a test scan played by `souq scanner simulate`.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDb } from '../../app/store/db.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { ARTIFACTS, e2eSuite, REPO, serve, tempDataDir } from './support.ts';
import { ptyDir, startPty, stopAllPtys } from '../native/support/pty.ts';

const run = promisify(execFile);
const suite = e2eSuite({ afterEachTest: stopAllPtys });
const { cleanups } = suite;

describe('installer screens in Chromium', { timeout: 180_000 }, () => {
  it('an installer signs in with a PIN, saves store details (TRN checked), loads acquirer keys that come back only masked, sets kiosk mode and the customer display, sees a test scan classified, and calibrates a wedge scanner with the IME warning', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const db = openDb(dataPaths(data.dir).db);
    const mona = await addUser(db, { name: 'Mona', role: 'manager', pin: '2468' });
    await addUser(db, { name: 'Ivan', role: 'installer', pin: '1357', by: { id: mona.id, name: mona.name, role: 'manager' } });
    db.close();
    const pty = await startPty(ptyDir());
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(served.cashierUrl.replace('#/cashier', '#/installer'));

    // Sign in: a wrong PIN says how many tries are left.
    await page.getByTestId('signin-name').fill('Ivan');
    await page.getByTestId('signin-pin').fill('9999');
    await page.getByTestId('signin-submit').click();
    await expect.poll(() => page.getByTestId('signin-error').textContent()).toMatch(/4 tries left before Ivan is locked/);
    await page.getByTestId('signin-pin').fill('1357');
    await page.getByTestId('signin-submit').click();
    await page.locator('[data-testid="installer"][data-ready="yes"]').waitFor();

    // Store: a 14-digit TRN is refused on the spot and cannot be saved.
    await page.getByTestId('store-storeName').fill('Souq Al Bahar');
    await page.getByTestId('store-trn').fill('10023456789000');
    await expect.poll(() => page.getByTestId('store-trn-error').textContent()).toMatch(/exactly 15 digits/);
    expect(await page.getByTestId('store-save').isDisabled()).toBe(true);
    await page.getByTestId('store-trn').fill('100234567890003');
    await page.getByTestId('store-mcc').fill('5945');
    await page.getByTestId('store-save').click();
    await page.getByTestId('store-saved').waitFor();
    expect(await page.getByTestId('store-current').textContent()).toContain('100234567890003');
    const saved = JSON.parse(readFileSync(dataPaths(data.dir).config, 'utf8')) as { store: { trn: string; storeName: string; storeMCC: string } };
    expect(saved.store).toMatchObject({ trn: '100234567890003', storeName: 'Souq Al Bahar', storeMCC: '5945' });

    // Acquirer: keys from files, sent once, shown back only as descriptions; the file warning is visible.
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const acquirer = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await page.getByTestId('tab-acquirer').click();
    await page.getByTestId('acquirer-client-id').fill('SANDBOX_5YEZ1');
    await page.getByTestId('acquirer-private-key').setInputFiles({ name: 'merchant.pem', mimeType: 'text/plain', buffer: Buffer.from(merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string) });
    await page.getByTestId('acquirer-public-key').setInputFiles({ name: 'antom.pem', mimeType: 'text/plain', buffer: Buffer.from(acquirer.publicKey.export({ type: 'spki', format: 'pem' }) as string) });
    await page.getByTestId('acquirer-save').click();
    await page.getByTestId('acquirer-saved').waitFor();
    await expect.poll(() => page.getByTestId('acquirer-masked').textContent()).toMatch(/RSA private key, 2048-bit, set/);
    expect(await page.getByTestId('secrets-warning').textContent()).toMatch(/kept in a file/);
    expect(statSync(dataPaths(data.dir).config).mode & 0o777).toBe(0o600);
    // Reloading the screen reads the settings again: still no key text anywhere on it.
    await page.reload();
    await page.getByTestId('signin-name').fill('Ivan');
    await page.getByTestId('signin-pin').fill('1357');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('tab-acquirer').click();
    await expect.poll(() => page.getByTestId('acquirer-masked').textContent()).toContain('SANDBOX_5YEZ1');
    expect(await page.content()).not.toContain('PRIVATE KEY');

    // Till: a browser cannot list the displays and the tab says so; kiosk mode and no customer
    // window are saved for the shell's next start.
    await page.getByTestId('tab-till').click();
    await page.getByTestId('till-displays-unknown').waitFor();
    await page.getByTestId('till-kiosk').check();
    await page.getByTestId('till-customer-display').selectOption('none');
    await page.getByTestId('till-save').click();
    await page.getByTestId('till-saved').waitFor();
    expect((JSON.parse(readFileSync(dataPaths(data.dir).config, 'utf8')) as { till: unknown }).till).toEqual({ kiosk: true, silentPrint: false, customerDisplay: 'none' });
    // Each checkbox sits on the line of its words (centred on its label), not stacked above them.
    await page.setViewportSize({ width: 800, height: 480 });
    for (const id of ['till-kiosk', 'till-silent-print']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      const label = (await page.getByTestId(id).locator('xpath=..').boundingBox())!;
      expect(Math.abs(box.y + box.height / 2 - (label.y + label.height / 2)), id).toBeLessThan(4);
    }
    await page.getByTestId('till-kiosk').scrollIntoViewIfNeeded();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'installer-till-800x480.png'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Scanners: configure the pty, watch its bytes, and see a test scan classified.
    await page.getByTestId('tab-scanners').click();
    await page.getByTestId('scanner-path').fill(pty.a);
    await page.getByTestId('scanner-save').click();
    await page.getByTestId('scanner-saved').waitFor();
    await page.locator(`[data-testid="scanner-${pty.a}"][data-state="connected"]`).waitFor({ timeout: 15_000 });
    await page.getByTestId('monitor-toggle').click();
    await expect.poll(() => page.getByTestId('monitor-toggle').textContent()).toContain('Stop raw bytes');
    await page.getByTestId('test-scan').click();
    await expect.poll(() => page.getByTestId('test-scan').textContent()).toContain('Scan the test barcode now');
    await run(process.execPath, [join(REPO, 'bin/souq.js'), 'scanner', 'simulate', pty.b, '--code', '4006381333931'], { timeout: 30_000 });
    const result = page.locator('[data-testid="test-scan-result"][data-kind="product"]');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toContain('the settings work');
    const monitor = page.getByTestId('monitor');
    await expect.poll(() => monitor.textContent()).toMatch(/connected/);
    await expect.poll(() => monitor.textContent()).toMatch(/bytes\s+[0-9a-f]{2}/);
    await expect.poll(() => monitor.textContent()).toMatch(/→ product/);

    // Keyboard wedge: a test scan typed through an input method (keyCode 229, Arabic-Indic keys on
    // Latin physical codes) is still read from the physical keys, thresholds are suggested, and the
    // "switch the keyboard to English" warning is shown.
    await page.getByTestId('tab-wedge').click();
    await page.getByTestId('wedge-calibrate').click();
    await expect.poll(() => page.getByTestId('wedge-calibrate').textContent()).toContain('Scan the test barcode now');
    await page.evaluate((digits: string) => {
      const fire = (type: string, key: string, code: string, keyCode: number) => {
        const e = new KeyboardEvent(type, { key, code, bubbles: true, cancelable: true });
        for (const p of ['keyCode', 'which'] as const) Object.defineProperty(e, p, { value: keyCode });
        document.body.dispatchEvent(e);
      };
      const wait = (ms: number) => {
        const until = performance.now() + ms;
        while (performance.now() < until) {
          // a scanner's pace on the page's own clock
        }
      };
      for (const d of digits) {
        const arabic = String.fromCharCode(0x0660 + Number(d));
        fire('keydown', arabic, `Digit${d}`, 229);
        wait(2);
        fire('keyup', arabic, `Digit${d}`, 229);
        wait(4);
      }
      fire('keydown', 'Enter', 'Enter', 13);
    }, '4006381333931');
    await page.locator('[data-testid="wedge-result"][data-ok="yes"]').waitFor();
    expect(await page.getByTestId('wedge-read').textContent()).toBe('4006381333931');
    expect(await page.getByTestId('wedge-suggested').textContent()).toMatch(/maxKeyGapMs \d+/);
    expect(await page.getByTestId('ime-warning').textContent()).toMatch(/switch the keyboard to English/);

    // Every change above is in the event log, with who made it.
    const check = openDb(dataPaths(data.dir).db, { readonly: true });
    const types = (check.prepare("SELECT type FROM events WHERE type LIKE 'settings.%' ORDER BY seq").pluck().all() as string[]);
    check.close();
    expect(types).toEqual(['settings.store_changed', 'settings.acquirer_changed', 'settings.till_changed', 'settings.scanner_configured']);
  });
});
