// End to end: the store manager's evening on a real `souq serve` (with its embedded sandbox
// acquirer) in headless Chromium. The manager is created by the real CLI on the same data folder,
// the day's sales are taken on the cashier screen, and the manager then signs in with a PIN,
// reads the takings and the hourly chart, refunds part of a wallet sale found by the receipt's own
// code, and closes the day with the counted cash.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    await cashier.getByTestId('cash-received').fill('20');
    await cashier.getByTestId('cash-confirm').click();
    await waitShown(cashier, '[data-testid="receipt"]', 'cashier');

    // The manager screens, in the same browser, reached from the cashier screen's Manager link.
    const manager = await context.newPage();
    await manager.goto(served.cashierUrl);
    await manager.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();
    await manager.getByTestId('open-manager').click();
    await manager.getByTestId('manager-signin').waitFor({ timeout: 30_000 });
    expect(await manager.getByTestId('manager-back').getAttribute('href')).toBe('#/cashier');
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
    // A partial refund: tender, amount (all that is left is filled in), Refund…, the question naming the wallet, yes.
    await manager.getByTestId('refund-tender-wallet').click();
    expect(await manager.getByTestId('refund-amount').inputValue()).toBe('40.00');
    await manager.getByTestId('refund-amount').fill('15.00');
    await manager.getByTestId('refund-submit').click();
    expect(await manager.getByTestId('refund-confirm-ask').textContent()).toMatch(/Refund AED\s*15\.00 of invoice \d+ to the customer’s Alipay wallet\?/);
    await manager.getByTestId('refund-confirm').click();
    await waitShown(manager, '[data-testid="sale-status"][data-status="partly_refunded"]', 'manager', 30_000);
    await waitShown(manager, '[data-testid="refund-state"][data-state="refunded"]', 'manager', 60_000);
    expect(await manager.getByTestId('refund-state').textContent()).toMatch(/15\.00: refunded to the wallet/);
    // What is left to refund, and the day's figures, follow.
    await expect.poll(() => manager.getByTestId('refund-tender-wallet').textContent(), { timeout: 15_000 }).toMatch(/left AED\s*25\.00/);
    await expect.poll(() => manager.getByTestId('takings-refunds').getAttribute('data-minor'), { timeout: 15_000 }).toBe('1500');
    expect(await manager.getByTestId('takings-net').getAttribute('data-minor')).toBe('6250');

    // Z close with 12.00 counted against 12.50 expected: asked first, naming the 0.50 short.
    await manager.getByTestId('close-counted').fill('12.00');
    await manager.getByTestId('close-z').click();
    await waitShown(manager, '[data-testid="close-confirm"]', 'manager', 30_000);
    expect(await manager.getByTestId('close-confirm-difference').textContent()).toMatch(/short by AED\s*0\.50/);
    await manager.getByTestId('close-z-confirm').click();
    await waitShown(manager, '[data-testid="z-number"]', 'manager', 60_000);
    expect(await manager.getByTestId('z-number').textContent()).toBe('1');
    expect(await manager.getByTestId('z-expected').getAttribute('data-minor')).toBe('1250');
    expect(await manager.getByTestId('z-counted').getAttribute('data-minor')).toBe('1200');
    expect(await manager.getByTestId('z-difference').getAttribute('data-minor')).toBe('-50');
    expect(await manager.getByTestId('close-slip').textContent()).toMatch(/Z REPORT 1 — terminal [\s\S]*Taken by Aisha at \d{4}-\d\d-\d\d \d\d:\d\d \(Dubai\)/);
    // A second Z the same day is normal: it holds only what came after the first (nothing here).
    await manager.getByTestId('close-counted').fill('0');
    await manager.getByTestId('close-z').click();
    await waitShown(manager, '[data-testid="close-confirm"]', 'manager', 30_000);
    await manager.getByTestId('close-z-confirm').click();
    await expect.poll(() => manager.getByTestId('z-number').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await manager.getByTestId('z-expected').getAttribute('data-minor')).toBe('0');
  });

  it('the manager reads another day and a range, downloads the day as CSV, refunds a card sale found by amount and time, voids an unpaid sale after confirming, and reprints the Z from the list', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    await run(process.execPath, [join(REPO, 'bin/souq.js'), '--data-dir', data.dir, 'user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826']);
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    cleanups.push(() => context.close());
    const cashier = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();

    // A card sale of 55.00, then a sale of 8.00 the customer walks away from (never paid).
    await keyAmount(cashier, '55.00');
    await cashier.getByTestId('tender-card').click();
    await cashier.getByTestId('card-confirm').click();
    await waitShown(cashier, '[data-testid="receipt"]', 'cashier');
    await cashier.getByTestId('new-sale').click();
    await expect.poll(() => cashier.getByTestId('sale-lines').locator('[data-testid="sale-line"]').count()).toBe(0);
    await keyAmount(cashier, '8.00');
    await expect.poll(() => cashier.getByTestId('sale-lines').locator('[data-testid="sale-line"]').count()).toBe(1);

    const managerUrl = new URL(served.cashierUrl);
    managerUrl.hash = '#/manager';
    const manager = await context.newPage();
    await manager.goto(managerUrl.toString());
    await manager.getByTestId('manager-name').fill('Aisha');
    await manager.getByTestId('manager-pin').fill('4826');
    await manager.getByTestId('manager-signin-submit').click();
    await waitShown(manager, '[data-testid="takings-gross"]', 'manager');
    await expect.poll(() => manager.getByTestId('takings-gross').getAttribute('data-minor'), { timeout: 30_000 }).toBe('5500');

    // Yesterday had no sales; the range from yesterday to today has today's.
    const today = await manager.getByTestId('takings-date').inputValue();
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await manager.getByTestId('takings-date').fill(yesterday);
    await expect.poll(() => manager.getByTestId('manager-takings').getAttribute('data-from'), { timeout: 30_000 }).toBe(yesterday);
    expect(await manager.getByTestId('takings-gross').getAttribute('data-minor')).toBe('0');
    expect(await manager.getByTestId('takings-count').getAttribute('data-count')).toBe('0');
    await manager.getByTestId('takings-from').fill(yesterday);
    await manager.getByTestId('takings-to').fill(today);
    await manager.getByTestId('takings-range').click();
    await expect.poll(() => manager.getByTestId('manager-takings').getAttribute('data-to'), { timeout: 30_000 }).toBe(today);
    expect(await manager.getByTestId('takings-gross').getAttribute('data-minor')).toBe('5500');
    await manager.getByTestId('takings-date').fill(today);
    await expect.poll(() => manager.getByTestId('manager-takings').getAttribute('data-from'), { timeout: 30_000 }).toBe(today);
    expect(await manager.getByTestId('manager-takings').getAttribute('data-to')).toBe(today);

    // Download CSV: Chromium saves the file the page made.
    const [download] = await Promise.all([manager.waitForEvent('download', { timeout: 30_000 }), manager.getByTestId('takings-csv').click()]);
    expect(download.suggestedFilename()).toBe(`takings-${today}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('section,item,count,amount_aed,amount_fils');
    expect(csv).toContain('total,gross sales,1,55.00,5500');

    // The card sale, found by its amount around now; refunded in full (amount left blank) on the card terminal.
    await manager.getByTestId('refund-find-amount').fill('55.00');
    await manager.getByTestId('refund-find-within').fill('30');
    await manager.getByTestId('refund-find-by-amount').click();
    await waitShown(manager, '[data-testid="refund-results"] [data-testid="refund-result"]', 'manager');
    expect(await manager.getByTestId('refund-result').count()).toBe(1);
    await manager.getByTestId('refund-result').click();
    await waitShown(manager, '[data-testid="refund-tender-card"]', 'manager');
    await manager.getByTestId('refund-tender-card').click();
    await manager.getByTestId('refund-submit').click();
    await manager.getByTestId('refund-confirm').click();
    await expect.poll(() => manager.getByTestId('refund-message').textContent(), { timeout: 30_000 }).toMatch(/card terminal .*AED\s*55\.00/);
    await expect.poll(() => manager.getByTestId('takings-refunds').getAttribute('data-minor'), { timeout: 30_000 }).toBe('5500');
    expect(await manager.getByTestId('refund-tender-card').isDisabled()).toBe(true);

    // The unpaid sale has no invoice number: found by amount, voided only once confirmed.
    await manager.getByTestId('refund-find-amount').fill('8.00');
    await manager.getByTestId('refund-find-by-amount').click();
    await waitShown(manager, '[data-testid="sale-status"][data-status="open"]', 'manager');
    await manager.getByTestId('sale-void').click();
    expect(await manager.getByTestId('sale-status').getAttribute('data-status')).toBe('open');
    await manager.getByTestId('sale-void-reason').fill('customer left');
    await manager.getByTestId('sale-void-confirm').click();
    await waitShown(manager, '[data-testid="sale-status"][data-status="voided"]', 'manager');

    // Z close, then the Z report list: an X report replaces the slip, the reprint brings back the same Z.
    await manager.getByTestId('close-counted').fill('0');
    await manager.getByTestId('close-z').click();
    await manager.getByTestId('close-z-confirm').click();
    await waitShown(manager, '[data-testid="z-number"]', 'manager', 60_000);
    expect(await manager.getByTestId('z-mismatches').getAttribute('data-count')).toBe('0');
    const slip = (await manager.getByTestId('close-slip').textContent())!;
    expect(slip).toMatch(/^Z REPORT 1 /);
    await waitShown(manager, '[data-testid="z-list"] [data-testid="z-row"][data-number="1"]', 'manager');
    await manager.getByTestId('close-x').click();
    await expect.poll(() => manager.getByTestId('close-slip').textContent(), { timeout: 30_000 }).toMatch(/^X REPORT/);
    await manager.getByTestId('z-row').getByTestId('z-reprint').click();
    await expect.poll(() => manager.getByTestId('close-slip').textContent(), { timeout: 30_000 }).toBe(slip);
    expect(await manager.getByTestId('slip-print').isVisible()).toBe(true);
  });

  it('in Arabic the manager screens read right to left without overflow, printing gives the takings alone as a PDF, and a slip prints alone', async () => {
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

    // "Print this slip" puts the X/Z slip alone on paper. The dialog is the browser's own; here it
    // returns at once, as after Cancel, and the page's print state stays for us to look at.
    await manager.emulateMedia({ media: 'screen' });
    await manager.getByTestId('close-x').click();
    await waitShown(manager, '[data-testid="close-slip"]', 'manager');
    await manager.evaluate(() => {
      window.print = () => {};
    });
    await manager.getByTestId('slip-print').click();
    await manager.emulateMedia({ media: 'print' });
    expect(await manager.getByTestId('close-slip').isVisible()).toBe(true);
    for (const id of ['manager-takings', 'manager-refunds', 'close-x', 'slip-print', 'manager-language']) expect(await manager.getByTestId(id).isVisible(), id).toBe(false);
    // The slip on paper is the Arabic one, right to left, not the core's English text.
    expect(await manager.getByTestId('close-slip').getAttribute('data-kind')).toBe('X');
    expect(await manager.getByTestId('close-slip').getAttribute('dir')).toBe('rtl');
    expect(await manager.getByTestId('close-slip').textContent()).toContain('تقرير X (لم يُغلق شيء)');
  });
});
