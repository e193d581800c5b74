// End to end, a new shop from the screens alone: a fresh terminal is set up from the manager
// screen (first manager, then a cashier), the cashier signs in at the till with the PIN pad and
// sells, the manager confirms a partial refund and takes two Z reports in one day — the second
// holding only the sale made after the first. Screenshots of the manager screen at the till sizes
// go to test-artifacts/ (looked at by a person, not compared).
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, e2eSuite, serve, tempDataDir } from './support.ts';

const suite = e2eSuite();
const { cleanups } = suite;

async function keyAmount(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await page.getByTestId('keypad-add').click();
}

async function cashSale(cashier: Page, amount: string, given: string): Promise<void> {
  await keyAmount(cashier, amount);
  await cashier.getByTestId('tender-cash').click();
  await cashier.getByTestId('cash-received').fill(given);
  await cashier.getByTestId('cash-confirm').click();
  await cashier.getByTestId('receipt').waitFor({ timeout: 30_000 });
  await cashier.getByTestId('new-sale').click();
  await expect.poll(() => cashier.getByTestId('sale-lines').locator('[data-testid="sale-line"]').count()).toBe(0);
}

const SIZES = [
  [1024, 768],
  [800, 480],
  [800, 1280],
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize()!;
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    // Nothing wider than the screen: a manager on a small till never scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width}×${height} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, `manager-${name}-${width}x${height}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

describe('a new shop set up, run and closed from the screens', { timeout: 300_000 }, () => {
  it('fresh terminal set up from the manager screen, a cashier added, a partial refund confirmed, two Z reports in one day', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1024, height: 768 } });
    cleanups.push(() => context.close());

    const manager = await context.newPage();
    await manager.goto(served.cashierUrl.replace('#/cashier', '#/manager'));
    await manager.getByTestId('setup').waitFor({ timeout: 30_000 });
    await shoot(manager, 'setup');
    await manager.getByTestId('setup-name').fill('Aisha');
    await manager.getByTestId('setup-pin').fill('4826');
    await manager.getByTestId('setup-pin-repeat').fill('4826');
    await manager.getByTestId('setup-create').click();
    await manager.getByTestId('staff-first-run').waitFor({ timeout: 30_000 });
    await manager.getByTestId('staff-name').fill('Omar');
    await manager.getByTestId('staff-pin-new').fill('5172');
    await manager.getByTestId('staff-pin-repeat').fill('5172');
    await manager.getByTestId('staff-add-submit').click();
    await expect.poll(() => manager.getByTestId('staff-message').textContent(), { timeout: 15_000 }).toBe('Omar is added as Cashier.');
    await shoot(manager, 'staff');

    // The product list from the shop's spreadsheet: previewed, then imported.
    await manager.getByTestId('catalogue-file').setInputFiles({
      name: 'products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('ean,name,price\r\n4006381333931,Pen,12.50\r\n9501101530003,"Dates, large",20\r\n'),
    });
    await expect.poll(() => manager.getByTestId('catalogue-preview').getAttribute('data-add'), { timeout: 15_000 }).toBe('2');
    await shoot(manager, 'catalogue-preview');
    await manager.getByTestId('catalogue-import').click();
    await expect.poll(() => manager.getByTestId('catalogue-message').textContent(), { timeout: 15_000 }).toBe('Imported: 2 added, 0 changed, 0 unchanged.');

    // The till now needs a cashier: Omar signs in with the PIN pad and sells.
    const cashier = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await cashier.getByTestId('shift-pin-pad').waitFor({ timeout: 30_000 });
    await cashier.getByTestId('shift-name').fill('Omar');
    for (const d of '5172') await cashier.getByTestId(`shift-pin-key-${d}`).click();
    const pinBox = await cashier.getByTestId('shift-pin').boundingBox();
    expect(pinBox!.height).toBeGreaterThanOrEqual(40);
    await cashier.getByTestId('shift-signin-submit').click();
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();
    await cashier.getByTestId('shift-cashier').waitFor({ timeout: 30_000 });
    await cashSale(cashier, '30.00', '50');

    // A partial refund, confirmed: 10.00 of the 30.00 back from the drawer.
    await manager.reload();
    await manager.getByTestId('manager-name').fill('Aisha');
    await manager.getByTestId('manager-pin').fill('4826');
    await manager.getByTestId('manager-signin-submit').click();
    await manager.getByTestId('takings-gross').waitFor({ timeout: 30_000 });
    await manager.getByTestId('refund-invoice').fill('1');
    await manager.getByTestId('refund-find').click();
    await manager.getByTestId('refund-tender-cash').click();
    expect(await manager.getByTestId('refund-amount').inputValue()).toBe('30.00');
    await manager.getByTestId('refund-amount').fill('10.00');
    await manager.getByTestId('refund-reason').fill('one item returned');
    await manager.getByTestId('refund-submit').click();
    expect(await manager.getByTestId('refund-confirm-ask').textContent()).toMatch(/Give AED\s*10\.00 of invoice 1 back in cash from the drawer\?/);
    await shoot(manager, 'refund-confirm');
    await manager.getByTestId('refund-confirm').click();
    await manager.locator('[data-testid="sale-status"][data-status="partly_refunded"]').waitFor({ timeout: 30_000 });

    // Opening float recorded, then Z 1: 100 float + 30 − 10 = 120 expected.
    await manager.getByTestId('drawer-amount').fill('100');
    await manager.getByTestId('drawer-record').click();
    await expect.poll(() => manager.getByTestId('drawer-done').textContent(), { timeout: 15_000 }).toMatch(/AED\s*120\.00/);
    await manager.getByTestId('close-counted').fill('120');
    await manager.getByTestId('close-z').click();
    await manager.getByTestId('close-confirm').waitFor({ timeout: 30_000 });
    expect(await manager.getByTestId('close-confirm-difference').textContent()).toBe('The drawer is exact.');
    await shoot(manager, 'z-confirm');
    await manager.getByTestId('close-z-confirm').click();
    await expect.poll(() => manager.getByTestId('z-number').textContent(), { timeout: 60_000 }).toBe('1');
    expect(await manager.getByTestId('z-expected').getAttribute('data-minor')).toBe('12000');

    // A sale after the Z goes on the next one, the same day; counted by notes this time.
    await cashSale(cashier, '15.00', '15');
    await manager.getByTestId('count-notes').check();
    await manager.getByTestId('count-1000').fill('1');
    await manager.getByTestId('count-500').fill('1');
    await expect.poll(() => manager.getByTestId('count-sum').getAttribute('data-minor')).toBe('1500');
    await manager.getByTestId('close-z').click();
    await manager.getByTestId('close-confirm').waitFor({ timeout: 30_000 });
    expect(await manager.getByTestId('close-confirm').textContent()).toMatch(/Take Z report 2\? Expected in the drawer AED\s*15\.00, counted AED\s*15\.00/);
    await manager.getByTestId('close-z-confirm').click();
    await expect.poll(() => manager.getByTestId('z-number').textContent(), { timeout: 60_000 }).toBe('2');
    expect(await manager.getByTestId('z-expected').getAttribute('data-minor')).toBe('1500');
    expect(await manager.getByTestId('z-difference').getAttribute('data-minor')).toBe('0');
    expect(await manager.getByTestId('close-slip').textContent()).toMatch(/Z REPORT 2 — terminal [\s\S]*Sales \(paid\)\s+1\b/);
    expect(await manager.getByTestId('z-row').count()).toBe(2);
    await shoot(manager, 'z-done');
    await manager.getByTestId('manager-language').click();
    await shoot(manager, 'z-done-ar');
  });
});
