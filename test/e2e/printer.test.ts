// End to end: the installer's Printer tab in headless Chromium against a real `souq serve`, with a
// virtual network printer on a loopback port: the installer types HOST:PORT, prints the test page
// (Arabic and Chinese arrive as raster images), tests the drawer, saves, and sees the printer ready.
// Screenshots at the two till screen sizes (1024×768, 800×480), English and Arabic, and a portrait
// tablet (800×1280), in test-artifacts/. Receipts print by themselves until the installer turns it off.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../app/store/db.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { ARTIFACTS, e2eSuite, serve, tempDataDir } from './support.ts';
import { startTcpPrinter } from '../native/support/virtual-printer.ts';

const suite = e2eSuite();
const { cleanups } = suite;

describe('the Printer tab in Chromium', { timeout: 180_000 }, () => {
  it('an installer sets up a network printer, prints a test page with Arabic and Chinese, tests the drawer and sees it ready, at 1024×768 and 800×480', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const db = openDb(dataPaths(data.dir).db);
    await addUser(db, { name: 'Mona', role: 'manager', pin: '2468' });
    db.close();
    const printer = await startTcpPrinter();
    cleanups.push(() => printer.close());
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    mkdirSync(ARTIFACTS, { recursive: true });

    const context = await suite.chromium.browser.newContext({ viewport: { width: 1024, height: 768 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(served.cashierUrl.replace('#/cashier', '#/installer'));
    await page.getByTestId('signin-name').fill('Mona');
    await page.getByTestId('signin-pin').fill('2468');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('tab-printer').click();
    await page.getByTestId('printer-device').fill(printer.device);
    await page.getByTestId('printer-test').click();
    await expect.poll(() => page.getByTestId('printer-message').textContent(), { timeout: 20_000 }).toMatch(/Test page printed/);
    expect(printer.commands().filter((c) => c.type === 'raster').map((c) => (c as { widthDots: number }).widthDots)).toEqual([576, 576]);
    await page.getByTestId('printer-drawer-test').click();
    await expect.poll(() => page.getByTestId('printer-message').textContent(), { timeout: 20_000 }).toMatch(/drawer was kicked/);
    await page.getByTestId('printer-save').click();
    await expect.poll(() => page.getByTestId('printer-message').textContent(), { timeout: 20_000 }).toMatch(/Saved/);
    await expect.poll(() => page.getByTestId('printer-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    // Receipts print by themselves unless the installer says otherwise; the box sits beside its words.
    expect(await page.getByTestId('printer-auto-print').isChecked()).toBe(true);
    const box = (await page.getByTestId('printer-auto-print').boundingBox())!;
    const words = (await page.getByText('Print the receipt by itself').boundingBox())!;
    expect(Math.abs(box.y + box.height / 2 - (words.y + words.height / 2))).toBeLessThan(12);
    await page.screenshot({ path: join(ARTIFACTS, 'installer-printer-1024x768.png'), fullPage: false });
    await page.setViewportSize({ width: 800, height: 480 });
    await page.screenshot({ path: join(ARTIFACTS, 'installer-printer-800x480.png'), fullPage: false });
    // Nothing of the tab may stick out sideways on the small till screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.getByTestId('installer-language-toggle').click();
    await expect.poll(() => page.getByTestId('printer-status').textContent()).toBe('جاهزة');
    await page.screenshot({ path: join(ARTIFACTS, 'installer-printer-ar-800x480.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    // Turned off and saved: config.json says so, and a portrait tablet shows the whole tab.
    await page.getByTestId('installer-language-toggle').click();
    await page.getByTestId('printer-auto-print').uncheck();
    await page.getByTestId('printer-save').click();
    await expect.poll(() => (JSON.parse(readFileSync(dataPaths(data.dir).config, 'utf8')) as { printer: { autoPrint: boolean } }).printer.autoPrint, { timeout: 20_000 }).toBe(false);
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.screenshot({ path: join(ARTIFACTS, 'installer-printer-800x1280.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.getByTestId('installer-language-toggle').click();
    await expect.poll(() => page.getByTestId('printer-status').textContent()).toBe('جاهزة');
    await page.screenshot({ path: join(ARTIFACTS, 'installer-printer-ar-800x1280.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  });
});
