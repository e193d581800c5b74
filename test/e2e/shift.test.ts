// End to end: a cashier's shift on a real `souq serve` (with its embedded sandbox acquirer) in
// headless Chromium. The manager and the cashier are made by the real CLI on the same data folder;
// once the shop has a cashier the cashier screen asks for a sign-in before a sale, the cash sale
// rung after it is the cashier's, and the takings by cashier (souq report day --json) say so.
import { describe, expect, it } from 'vitest';
import { e2eSuite, serve, tempDataDir } from './support.ts';
import { lastJson, souq } from '../cli/souq.ts';
import type { Page } from 'playwright-core';

const suite = e2eSuite();
const { cleanups } = suite;

async function keyAmount(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await page.getByTestId('keypad-add').click();
}

describe('cashier shift in Chromium against souq serve', { timeout: 300_000 }, () => {
  it('a cashier made with souq user add signs in on the cashier screen, rings a cash sale, and the takings show it under their name', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const manager = await souq(data.dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826']);
    expect(manager.code, manager.stderr).toBe(0);
    // The new cashier's PIN, then the approving manager's, on stdin.
    const cashier = await souq(data.dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--by', 'Aisha'], { input: '5172\n4826\n' });
    expect(cashier.code, cashier.stderr).toBe(0);

    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(served.cashierUrl);
    await page.locator('[data-testid="cashier"][data-ready="yes"]').waitFor({ timeout: 30_000 });

    // No sale until someone signs in.
    await page.getByTestId('shift-signin').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sale-total').count()).toBe(0);
    await page.getByTestId('shift-name').fill('Omar');
    // Typed key by key, as fast as a wedge scanner: the detector must let the PIN through untouched.
    await page.getByTestId('shift-pin').pressSequentially('0000');
    await page.getByTestId('shift-signin-submit').click();
    await expect.poll(() => page.getByTestId('shift-error').textContent(), { timeout: 30_000 }).toMatch(/4 tries left before Omar is locked/);
    await page.getByTestId('shift-pin').pressSequentially('5172');
    await page.getByTestId('shift-signin-submit').click();
    await page.getByTestId('shift-cashier').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('shift-cashier').textContent()).toBe('Cashier: Omar');
    await page.getByTestId('sale-total').waitFor({ timeout: 30_000 });

    await keyAmount(page, '12.50');
    await expect.poll(() => page.getByTestId('sale-total').getAttribute('data-minor'), { timeout: 30_000 }).toBe('1250');
    await page.getByTestId('tender-cash').click();
    await page.getByTestId('cash-received').fill('20');
    await page.getByTestId('cash-confirm').click();
    await page.getByTestId('receipt').waitFor({ timeout: 30_000 });

    const report = await souq(data.dir, ['report', 'day', '--json']);
    expect(report.code, report.stderr).toBe(0);
    const takings = lastJson(report) as { byCashier: { name: string; count: number; gross: { minor: number } }[] };
    expect(takings.byCashier).toEqual([expect.objectContaining({ name: 'Omar', count: 1, gross: expect.objectContaining({ minor: 1250 }) })]);

    // Ending the shift brings the sign-in back; the receipt stays for the customer until the next
    // person signs in, and a manager may work the till too, starting on a fresh sale.
    await page.getByTestId('shift-end').click();
    await page.getByTestId('shift-signin').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('shift-cashier').count()).toBe(0);
    expect(await page.getByTestId('receipt').count()).toBe(1);
    await page.getByTestId('shift-name').fill('Aisha');
    await page.getByTestId('shift-pin').pressSequentially('4826');
    await page.getByTestId('shift-signin-submit').click();
    await expect.poll(() => page.getByTestId('shift-cashier').textContent(), { timeout: 30_000 }).toBe('Cashier: Aisha');
    await expect.poll(() => page.getByTestId('sale-total').getAttribute('data-minor'), { timeout: 30_000 }).toBe('0');
  });
});
