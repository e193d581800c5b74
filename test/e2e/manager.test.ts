// End to end: the store manager's evening on a real `souq serve` (with its embedded sandbox
// acquirer) in headless Chromium. The manager is created by the real CLI on the same data folder,
// the day's sales are taken on the cashier screen, and the manager then signs in with a PIN,
// reads the takings and the hourly chart, refunds part of a wallet sale found by the receipt's own
// code, and closes the day with the counted cash.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { ARTIFACTS, decodeQr, e2eSuite, REPO, scanCustomerCode, serve, tempDataDir } from './support.ts';

const run = promisify(execFile);
const suite = e2eSuite();
const { cleanups } = suite;

async function keyAmount(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await page.getByTestId('keypad-add').click();
}

/** Waits for a locator; on timeout says what the screen (`root`) showed instead. */
async function waitShown(page: Page, selector: string, root: string, timeout = 30_000): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ timeout });
  } catch (err) {
    const seen = await page.locator(`[data-testid="${root}"]`).textContent().catch(() => '');
    throw new Error(`${selector} never showed; the screen showed: ${seen}\n${(err as Error).message}`);
  }
}

/** A wallet sale of `amount` paid with a scanned sandbox code; returns its receipt's code as decoded from the printed QR. */
async function walletSale(cashier: Page, dataDir: string, amount: string): Promise<{ invoice: string; receiptCode: string }> {
  await keyAmount(cashier, amount);
  await cashier.getByTestId('tender-wallet-scan').click();
  await scanCustomerCode(cashier, dataDir);
  await waitShown(cashier, '[data-testid="payment-state"][data-state="succeeded"]', 'cashier', 60_000);
  await cashier.getByTestId('show-receipt').click();
  await cashier.getByTestId('receipt-code-qr').waitFor();
  const invoice = (await cashier.getByTestId('receipt-invoice').textContent())!.trim();
  const printed = (await cashier.getByTestId('receipt-code').textContent())!.trim();
  const receiptCode = await decodeQr(await cashier.getByTestId('receipt-code-qr').screenshot());
  // The QR carries exactly the code printed under it.
  expect(receiptCode).toBe(printed);
  await cashier.getByTestId('new-sale').click();
  await expect.poll(() => cashier.getByTestId('sale-lines').locator('[data-testid="sale-line"]').count()).toBe(0);
  return { invoice, receiptCode };
}

describe('manager in Chromium against souq serve and the sandbox', { timeout: 300_000 }, () => {
  it('a manager signs in with a PIN, reads the day, refunds part of a wallet sale found by its receipt code, and closes the day', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    await run(process.execPath, [join(REPO, 'bin/souq.js'), '--data-dir', data.dir, 'user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826']);
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    const cashier = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();

    // The day: two wallet sales and one cash sale.
    const first = await walletSale(cashier, data.dir, '40.00');
    expect(first.receiptCode).toMatch(new RegExp(`^SQR-.+-${first.invoice}$`));
    await walletSale(cashier, data.dir, '25.00');
    await keyAmount(cashier, '12.50');
    await cashier.getByTestId('tender-cash').click();
    await cashier.getByTestId('cash-tendered').fill('20');
    await cashier.getByTestId('cash-confirm').click();
    await waitShown(cashier, '[data-testid="receipt"]', 'cashier');

    // The manager screens, in the same browser.
    const managerUrl = new URL(served.cashierUrl);
    managerUrl.hash = '#/manager';
    const manager = await context.newPage();
    await manager.goto(managerUrl.toString());
    await manager.getByTestId('manager-name').fill('Aisha');
    await manager.getByTestId('manager-pin').fill('1111');
    await manager.getByTestId('manager-signin-submit').click();
    await expect.poll(() => manager.getByTestId('manager-error').textContent(), { timeout: 15_000 }).toMatch(/PIN not recognised\. 4 tries left before Aisha is locked/);
    await manager.getByTestId('manager-pin').fill('4826');
    await manager.getByTestId('manager-signin-submit').click();
    await waitShown(manager, '[data-testid="takings-gross"]', 'manager');

    // Takings equal what was paid: 40.00 + 25.00 by wallet, 12.50 cash.
    expect(await manager.getByTestId('takings-gross').getAttribute('data-minor')).toBe('7750');
    expect(await manager.getByTestId('takings-gross').textContent()).toContain('77.50');
    expect(await manager.getByTestId('takings-net').getAttribute('data-minor')).toBe('7750');
    expect(await manager.getByTestId('takings-tender-wallet').getAttribute('data-sales-minor')).toBe('6500');
    expect(await manager.getByTestId('takings-tender-cash').getAttribute('data-sales-minor')).toBe('1250');
    expect(await manager.getByTestId('takings-status').textContent()).toMatch(/2 settled, 0 unknown or pending, 0 need attention/);
    // The hourly chart: its data add up to the day, and chart.js really drew bars on the canvas.
    const chart = manager.getByTestId('manager-hour-chart');
    const perHour = (await chart.getAttribute('data-gross-minor'))!.split(',').map(Number);
    expect(perHour.reduce((a, b) => a + b, 0)).toBe(7750);
    const inked = await chart.evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      // The bar colour #2f6f4f, not just axis lines or labels.
      for (let i = 0; i < data.length; i += 4) if (data[i] === 0x2f && data[i + 1] === 0x6f && data[i + 2] === 0x4f && data[i + 3]! > 200) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(50);

    // A wrong-looking code is refused in words; the receipt's own code finds the first sale.
    await manager.getByTestId('refund-invoice').fill('SQR-elsewhere-1');
    await manager.getByTestId('refund-find').click();
    await expect.poll(() => manager.getByTestId('refund-message').textContent()).toMatch(/That receipt is from terminal elsewhere/);
    await manager.getByTestId('refund-invoice').fill(first.receiptCode);
    await manager.getByTestId('refund-find').click();
    await waitShown(manager, '[data-testid="refund-sale"]', 'manager');
    expect(await manager.getByTestId('refund-sale').textContent()).toContain(`Invoice ${first.invoice} `);
    expect(await manager.getByTestId('refund-sale').textContent()).toContain('40.00');
    await manager.getByTestId('refund-amount').fill('15.00');
    await manager.getByTestId('refund-tender-wallet').click();
    await waitShown(manager, '[data-testid="refund-state"][data-state="refunded"]', 'manager', 60_000);
    expect(await manager.getByTestId('refund-state').textContent()).toMatch(/15\.00: refunded to the wallet/);
    // What is left to refund, and the day's figures, follow.
    await expect.poll(() => manager.getByTestId('refund-tender-wallet').textContent(), { timeout: 15_000 }).toMatch(/left AED\s*25\.00/);
    await expect.poll(() => manager.getByTestId('takings-refunds').getAttribute('data-minor'), { timeout: 15_000 }).toBe('1500');
    expect(await manager.getByTestId('takings-net').getAttribute('data-minor')).toBe('6250');

    // Z close with 12.00 counted against 12.50 expected: 0.50 short.
    await manager.getByTestId('close-counted').fill('12.00');
    await manager.getByTestId('close-z').click();
    await waitShown(manager, '[data-testid="z-number"]', 'manager', 60_000);
    expect(await manager.getByTestId('z-number').textContent()).toBe('1');
    expect(await manager.getByTestId('z-expected').getAttribute('data-minor')).toBe('1250');
    expect(await manager.getByTestId('z-counted').getAttribute('data-minor')).toBe('1200');
    expect(await manager.getByTestId('z-difference').getAttribute('data-minor')).toBe('-50');
    expect(await manager.getByTestId('close-slip').textContent()).toMatch(/Z REPORT 1 .* by Aisha/);
    // The day is closed: a second Z is refused in words.
    await manager.getByTestId('close-z').click();
    await expect.poll(() => manager.getByTestId('close-error').textContent(), { timeout: 15_000 }).toMatch(/is already closed: Z report 1/);
  });

  it('in Arabic the manager screens read right to left without overflow, and printing gives the takings alone as a PDF', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    await run(process.execPath, [join(REPO, 'bin/souq.js'), '--data-dir', data.dir, 'user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826']);
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1024, height: 768 } });
    cleanups.push(() => context.close());
    const managerUrl = new URL(served.cashierUrl);
    managerUrl.hash = '#/manager';
    const manager = await context.newPage();
    await manager.goto(managerUrl.toString());
    await manager.getByTestId('manager-language').click();
    expect(await manager.getByTestId('manager').getAttribute('dir')).toBe('rtl');
    expect(await manager.getByTestId('manager-signin-submit').textContent()).toBe('تسجيل الدخول');
    await manager.getByTestId('manager-name').fill('Aisha');
    await manager.getByTestId('manager-pin').fill('4826');
    await manager.getByTestId('manager-signin-submit').click();
    await waitShown(manager, '[data-testid="takings-gross"]', 'manager');
    expect(await manager.getByTestId('manager-takings').textContent()).toContain('إجمالي المبيعات');
    expect(await manager.getByTestId('takings-print').textContent()).toBe('طباعة / حفظ PDF');
    // Amounts keep Western digits in Arabic.
    expect(await manager.getByTestId('takings-gross').textContent()).toMatch(/0\.00/);
    const overflow = await manager.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The heading sits at the right edge, as Arabic reads.
    const h2 = (await manager.getByTestId('manager-takings').locator('h2').boundingBox())!;
    const width = manager.viewportSize()!.width;
    expect(h2.x + h2.width).toBeGreaterThan(width / 2);
    mkdirSync(ARTIFACTS, { recursive: true });
    await manager.screenshot({ path: join(ARTIFACTS, 'manager-ar.png'), fullPage: true });

    // Print: the takings and chart only; the buttons and the refund and close forms stay off paper.
    await manager.emulateMedia({ media: 'print' });
    expect(await manager.getByTestId('manager-takings').isVisible()).toBe(true);
    expect(await manager.getByTestId('manager-hour-chart').isVisible()).toBe(true);
    for (const id of ['takings-print', 'manager-refunds', 'manager-close', 'manager-language']) expect(await manager.getByTestId(id).isVisible(), id).toBe(false);
    const pdf = await manager.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(ARTIFACTS, 'manager-takings.pdf'), pdf);
  });
});
