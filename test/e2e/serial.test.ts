// End to end: a serial scanner (one end of a real socat pseudo-terminal pair) configured on a real
// `souq serve` through the installer's calls; `souq scanner simulate` plays the scanner on the other
// end, and the cashier screen in headless Chromium takes the payment from that scan alone.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { openDb } from '../../app/store/db.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { e2eSuite, mintCode, REPO, serve, type Served, tempDataDir } from './support.ts';
import { openWriter, ptyDir, startPty, stopAllPtys } from '../native/support/pty.ts';

const run = promisify(execFile);
const suite = e2eSuite({ afterEachTest: stopAllPtys });
const { cleanups } = suite;

async function callApi(served: Served, name: string, input: unknown): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }> {
  const res = await fetch(`${served.base}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${served.token}` },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
}

async function keyAmount(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await page.getByTestId('keypad-add').click();
}

describe('a serial scanner on the cashier screen', { timeout: 180_000 }, () => {
  it('a customer code scanned on a serial scanner pays the sale on the cashier screen', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const db = openDb(dataPaths(data.dir).db);
    await addUser(db, { name: 'Mona', role: 'manager', pin: '2468' });
    db.close();
    const pty = await startPty(ptyDir());

    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const signedIn = await callApi(served, 'installer.signIn', { name: 'Mona', pin: '2468' });
    expect(signedIn.ok).toBe(true);
    const configured = await callApi(served, 'scanner.configure', { id: 'counter', path: pty.a, baudRate: 9600, suffix: 'cr' });
    expect(configured.error).toBeUndefined();
    await expect.poll(async () => ((await callApi(served, 'scanner.list', {})).value?.scanners as { state: string }[])[0]?.state, { timeout: 10_000 }).toBe('connected');

    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    const cashier = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();

    await keyAmount(cashier, '7.25');
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('725');
    await cashier.getByTestId('tender-wallet-scan').click();
    await cashier.getByTestId('wallet-listening').waitFor();

    const code = await mintCode(data.dir);
    await run(process.execPath, [join(REPO, 'bin/souq.js'), 'scanner', 'simulate', pty.b, '--code', code, '--chunk', '3'], { timeout: 30_000 });

    const succeeded = cashier.locator('[data-testid="payment-state"][data-state="succeeded"]');
    try {
      await succeeded.waitFor({ timeout: 45_000 });
    } catch (err) {
      const seen = await cashier.locator('[data-testid="cashier"]').textContent().catch(() => '');
      throw new Error(`the serial scan did not pay the sale; the screen showed: ${seen}\n${(err as Error).message}`);
    }
    // The full code never reaches the screen: only first4…last4.
    expect(await cashier.content()).not.toContain(code);
  });
  it('stray bytes without a suffix, then a product scanned two seconds later: the product is added to the sale', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const db = openDb(dataPaths(data.dir).db);
    await addUser(db, { name: 'Mona', role: 'manager', pin: '2468' });
    db.close();
    const pty = await startPty(ptyDir());

    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    expect((await callApi(served, 'installer.signIn', { name: 'Mona', pin: '2468' })).ok).toBe(true);
    expect((await callApi(served, 'catalogue.import', { csv: 'ean,name,price\n96385074,Saffron 1 g,7.25\n' })).ok).toBe(true);
    // Left at the installer's defaults: suffix CR and no silence window typed in.
    const configured = await callApi(served, 'scanner.configure', { id: 'counter', path: pty.a });
    expect(configured.error).toBeUndefined();
    await expect.poll(async () => ((await callApi(served, 'scanner.list', {})).value?.scanners as { state: string }[])[0]?.state, { timeout: 10_000 }).toBe('connected');

    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    const cashier = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();

    const scanner = await openWriter(pty.b);
    await scanner.write('garb');
    await new Promise((r) => setTimeout(r, 2_000));
    await scanner.write('96385074\r');
    await cashier.getByTestId('sale-line').first().waitFor({ timeout: 20_000 });
    expect(await cashier.getByTestId('sale-line').count()).toBe(1);
    expect(await cashier.getByTestId('sale-line').first().textContent()).toContain('Saffron');
    expect(await cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('725');
    expect(await cashier.getByTestId('notice').count()).toBe(0);
  });
});
