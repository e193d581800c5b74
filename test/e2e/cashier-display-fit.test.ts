// End to end: the customer display is read from across the counter and never scrolled, so the
// amount, the order QR and its countdown must all be on screen at the sizes such displays come in.
import { describe, expect, it } from 'vitest';
import { decodeQr, e2eSuite, serve, tempDataDir } from './support.ts';

const suite = e2eSuite();
const { cleanups } = suite;

// A 7" panel, a 10" tablet, a laptop, a full-HD monitor, and two screens turned upright.
const SCREENS = [
  [800, 480],
  [1024, 600],
  [1280, 800],
  [1920, 1080],
  [768, 1024],
  [600, 1024],
] as const;

describe('customer display sizes', { timeout: 180_000 }, () => {
  it('the amount, a scannable order QR and its countdown fit on every common display size without scrolling', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    const cashier = await context.newPage();
    const customer = await context.newPage();
    await cashier.goto(served.cashierUrl);
    await customer.goto(served.customerUrl);
    await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor({ timeout: 30_000 });
    // The widest amount a till rings up in practice.
    for (const ch of '99999.99') await cashier.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
    await cashier.getByTestId('keypad-add').click();
    await cashier.locator('[data-testid="sale-total"][data-minor="9999999"]').waitFor({ timeout: 30_000 });
    await cashier.getByTestId('tender-wallet-qr').click();
    const qr = customer.getByTestId('customer-qr');
    await qr.waitFor({ timeout: 30_000 });
    const orderCode = await decodeQr(await qr.screenshot());
    expect(orderCode).toMatch(/^https?:\/\//);

    for (const [width, height] of SCREENS) {
      await customer.setViewportSize({ width, height });
      const size = `${width}×${height}`;
      await expect
        .poll(
          () =>
            customer.evaluate(() => {
              const doc = document.documentElement;
              const inView = (sel: string) => {
                const r = document.querySelector(sel)!.getBoundingClientRect();
                return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
              };
              return {
                scrolls: doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth,
                amount: inView('[data-testid="customer-amount"]'),
                qr: inView('[data-testid="customer-qr"]'),
                countdown: inView('.countdown'),
              };
            }),
          { timeout: 30_000, message: size },
        )
        .toEqual({ scrolls: false, amount: true, qr: true, countdown: true });
      // Still large enough for a phone at arm's length, and still the same code.
      const box = (await qr.boundingBox())!;
      expect(box.width, size).toBeGreaterThanOrEqual(250);
      expect(await decodeQr(await qr.screenshot()), size).toBe(orderCode);
    }
    await cashier.getByTestId('payment-cancel').click();
    await cashier.getByTestId('cancel-confirm-yes').click();
    await cashier.locator('[data-testid="payment-state"][data-state="cancelled"]').waitFor({ timeout: 60_000 });
  });
});
