// End to end: a real `souq serve` (with its embedded sandbox acquirer) driven through headless
// Chromium exactly as a cashier would, and the customer display beside it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeQr, e2eSuite, sandboxPost, scanCustomerCode, serve, type Served, tempDataDir } from './support.ts';

const suite = e2eSuite();
const { cleanups } = suite;

async function start(): Promise<{ served: Served; dataDir: string; cashier: Page }> {
  const data = tempDataDir();
  cleanups.push(data.cleanup);
  const served = await serve(data.dir, suite.rendererDir);
  cleanups.push(() => served.stop());
  const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  cleanups.push(() => context.close());
  const cashier = await context.newPage();
  await cashier.goto(served.cashierUrl);
  await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();
  return { served, dataDir: data.dir, cashier };
}

/** Keys an amount on the on-screen keypad and adds it as a line. */
async function keyAmount(page: Page, text: string): Promise<void> {
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await page.getByTestId('keypad-add').click();
}

const paymentState = (page: Page, state: string) => {
  const locator = page.locator(`[data-testid="payment-state"][data-state="${state}"]`);
  return {
    locator,
    textContent: () => locator.textContent(),
    /** Waits for the state; on timeout says what the cashier saw instead. */
    async waitFor(opts: { timeout: number }) {
      try {
        await locator.waitFor(opts);
      } catch (err) {
        const seen = await page.locator('[data-testid="cashier"]').textContent().catch(() => '');
        throw new Error(`payment-state never became "${state}"; the screen showed: ${seen}\n${(err as Error).message}`);
      }
    },
  };
};

describe('cashier in Chromium against souq serve and the sandbox', { timeout: 180_000 }, () => {
  it('a keyed sale paid with a scanned customer code ends on a tax invoice marked SANDBOX', async () => {
    const { cashier, dataDir } = await start();
    await keyAmount(cashier, '12.50');
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('1250');
    await expect.poll(() => cashier.getByTestId('sale-total').textContent()).toContain('12.50');

    await cashier.getByTestId('tender-wallet-scan').click();
    await scanCustomerCode(cashier, dataDir);

    await paymentState(cashier, 'succeeded').waitFor({ timeout: 30_000 });
    // The full code never reaches the screen: only first4…last4.
    expect(await cashier.getByTestId('payment-state').textContent()).toMatch(/\d{4}…\d{4}/);
    await cashier.getByTestId('show-receipt').click();
    const receipt = cashier.getByTestId('receipt');
    await receipt.waitFor();
    const text = await receipt.textContent();
    expect(text).toContain('Tax Invoice');
    expect(text).toContain('فاتورة ضريبية');
    expect(text).toContain('SANDBOX');
    expect(text).toContain('100000000000003');
    expect(await cashier.getByTestId('receipt-total').textContent()).toContain('12.50');
    expect(await cashier.getByTestId('receipt-vat').textContent()).toContain('0.60');
  });

  it('the customer pays the QR on the customer display and both screens show paid', async () => {
    const { cashier, served, dataDir } = await start();
    const display = await cashier.context().newPage();
    await display.goto(served.customerUrl);
    await display.getByTestId('customer-display').waitFor();

    await keyAmount(cashier, '88');
    await cashier.getByTestId('tender-wallet-qr').click();
    await paymentState(cashier, 'awaiting_customer').waitFor({ timeout: 30_000 });

    const qr = display.getByTestId('customer-qr');
    await qr.waitFor({ timeout: 15_000 });
    await expect.poll(() => display.getByTestId('customer-amount').textContent()).toContain('88.00');
    const value = await decodeQr(await qr.screenshot());
    expect(value).toMatch(/^https?:\/\//);

    await sandboxPost(dataDir, '/sandbox/wallet/pay', { codeValue: value });
    await paymentState(cashier, 'succeeded').waitFor({ timeout: 30_000 });
    await display.locator('[data-testid="customer-state"][data-state="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await display.textContent('body')).toContain('支付成功');
  });

  it('a wallet decline shows the reason and what to do, and a new code can then be scanned', async () => {
    const { cashier, dataDir } = await start();
    await keyAmount(cashier, '9000.01'); // sandbox magic amount: USER_BALANCE_NOT_ENOUGH
    await cashier.getByTestId('tender-wallet-scan').click();
    await scanCustomerCode(cashier, dataDir);
    const failed = paymentState(cashier, 'failed');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('USER_BALANCE_NOT_ENOUGH');
    expect(await failed.textContent()).toMatch(/another code or another way to pay/);
    await cashier.getByTestId('payment-retry').click();
    await cashier.getByTestId('wallet-listening').waitFor();
  });

  it('an unknown outcome shows "checking with Alipay" and then ends paid', async () => {
    const { cashier, dataDir } = await start();
    await keyAmount(cashier, '9000.61'); // sandbox magic amount: U PAYMENT_IN_PROCESS, then inquiry says SUCCESS
    await cashier.getByTestId('tender-wallet-scan').click();
    // The unknown screen may last only until the first inquiry: record every screen as it renders.
    await cashier.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="payment-state"]');
        const entry = el ? `${el.getAttribute('data-state')}|${el.querySelector('.payment-title')?.textContent ?? ''}` : '';
        if (el && w.seen.at(-1) !== entry) w.seen.push(entry);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await scanCustomerCode(cashier, dataDir, { untilFinal: true });
    await paymentState(cashier, 'succeeded').waitFor({ timeout: 60_000 });
    const seen = await cashier.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).toContain('unknown|Checking with Alipay…');
    expect(seen.indexOf('unknown|Checking with Alipay…')).toBeLessThan(seen.findIndex((x) => x.startsWith('succeeded')));

  });
});
