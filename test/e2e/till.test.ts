// Issue 9 end to end: a real `souq serve` with its embedded sandbox, driven in headless Chromium as
// a cashier would — split tenders, parked sales across a restart, the discard question, the QR on
// the cashier screen when no customer display is open, an expired QR then a new one, and the
// customer display's Chinese drawn from the app's own font on this machine (no CJK system fonts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { souq } from '../cli/souq.ts';
import { ARTIFACTS, decodeQr, e2eSuite, sandboxPost, scanCustomerCode, serve, type Served, tempDataDir } from './support.ts';

const suite = e2eSuite();
const { cleanups } = suite;

interface Till {
  served: Served;
  dataDir: string;
  context: BrowserContext;
  cashier: Page;
}

async function start(opts: { dataDir?: string; viewport?: { width: number; height: number } } = {}): Promise<Till> {
  let dataDir = opts.dataDir;
  if (!dataDir) {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    dataDir = data.dir;
  }
  const served = await serve(dataDir, suite.rendererDir);
  cleanups.push(() => served.stop());
  const context = await suite.chromium.browser.newContext({ viewport: opts.viewport ?? { width: 1024, height: 768 } });
  cleanups.push(() => context.close());
  const cashier = await context.newPage();
  await cashier.goto(served.cashierUrl);
  await cashier.locator('[data-testid="cashier"][data-ready="yes"]').waitFor();
  return { served, dataDir, context, cashier };
}

async function openDisplay(till: Till, viewport = { width: 1024, height: 768 }): Promise<Page> {
  const display = await till.context.newPage();
  await display.setViewportSize(viewport);
  await display.goto(till.served.customerUrl);
  await display.getByTestId('customer-display').waitFor();
  return display;
}

/** Keys an amount on the on-screen keypad and adds it, then waits for the line, as a cashier watches the screen. */
async function keyAmount(page: Page, text: string): Promise<void> {
  const lines = await page.getByTestId('sale-line').count();
  for (const ch of text) await page.getByTestId(ch === '.' ? 'keypad-key-dot' : `keypad-key-${ch}`).click();
  await expect.poll(() => page.getByTestId('keypad-display').textContent()).toBe(text);
  await page.getByTestId('keypad-add').click();
  await expect.poll(() => page.getByTestId('sale-line').count()).toBe(lines + 1);
}

async function waitState(page: Page, state: string, timeout = 30_000): Promise<void> {
  try {
    await page.locator(`[data-testid="payment-state"][data-state="${state}"]`).waitFor({ timeout });
  } catch (err) {
    const seen = await page.locator('[data-testid="cashier"]').textContent().catch(() => '');
    throw new Error(`payment-state never became "${state}"; the screen showed: ${seen}\n${(err as Error).message}`);
  }
}

/** Anything on the customer display scrolled or cut off: the page itself, or a word or the QR past the screen's edge. */
function offScreen(): string | false {
  if (document.documentElement.scrollHeight > window.innerHeight + 1 || document.documentElement.scrollWidth > window.innerWidth + 1) return 'the page scrolls';
  for (const el of document.querySelectorAll('.customer-side *, .sandbox-mark')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1 || r.top < -1 || r.left < -1) return `${el.className || el.tagName} is cut off`;
  }
  const mark = document.querySelector('.sandbox-mark')?.getBoundingClientRect();
  const first = document.querySelector('.customer-line')?.getBoundingClientRect();
  if (mark && first && first.top < mark.bottom - 1 && first.left < mark.right) return 'the SANDBOX mark covers the first line';
  return false;
}

function shot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: join(ARTIFACTS, `till-${name}.png`) });
}

describe('a till a shop can run all day', { timeout: 240_000 }, () => {
  it('an AED 100 sale is paid 40 in cash and 60 by a scanned Alipay code, and the receipt shows both', async () => {
    const till = await start();
    const { cashier, dataDir } = till;
    const display = await openDisplay(till);
    await keyAmount(cashier, '100');
    await expect.poll(() => cashier.getByTestId('sale-due').textContent()).toContain('100.00');
    // The customer display lists the line as it is rung up.
    await expect.poll(() => display.getByTestId('customer-lines').textContent()).toContain('100.00');

    await cashier.getByTestId('tender-cash').click();
    await cashier.getByTestId('cash-received').fill('40');
    await cashier.getByTestId('cash-confirm').click();
    const question = cashier.getByTestId('part-question');
    await question.waitFor();
    expect(await question.textContent()).toMatch(/Take AED\s?40\.00 now and AED\s?60\.00 by another tender\?/);
    await cashier.getByTestId('confirm-part').click();
    await expect.poll(() => cashier.getByTestId('sale-due').textContent()).toContain('60.00');
    expect(await cashier.getByTestId('sale-tenders').textContent()).toMatch(/Cash.*40\.00/);
    await shot(cashier, 'part-paid-1024x768');

    await cashier.getByTestId('tender-wallet-scan').click();
    await scanCustomerCode(cashier, dataDir);
    await waitState(cashier, 'succeeded');
    expect(await cashier.getByTestId('payment-wallet').textContent()).toBe('Alipay');
    expect(await cashier.getByTestId('payment-state').textContent()).not.toContain('ALIPAY_CN');
    await display.locator('[data-testid="customer-state"][data-state="succeeded"]').waitFor({ timeout: 30_000 });
    const displayText = (await display.textContent('body')) ?? '';
    expect(displayText).toContain('支付成功');
    expect(displayText).toContain('Payment successful');
    expect(displayText).not.toContain('Amount due');
    await shot(display, 'customer-paid-1024x768');

    await cashier.getByTestId('show-receipt').click();
    await cashier.getByTestId('receipt').waitFor();
    const tenders = await cashier.getByTestId('receipt-tender').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-minor'), e.textContent]));
    expect(tenders.map(([k, m]) => [k, m])).toEqual([
      ['cash', '4000'],
      ['wallet', '6000'],
    ]);
    expect(tenders[1]![2]).toContain('Alipay');
    expect(await cashier.getByTestId('receipt-total').textContent()).toContain('100.00');
  });

  it('a parked sale is recalled after the till restarts, and New sale on a full cart asks before discarding', async () => {
    const first = await start();
    await keyAmount(first.cashier, '12.50');
    await first.cashier.getByTestId('park-sale').click();
    await expect.poll(() => first.cashier.getByTestId('sale-line').count()).toBe(0);
    await first.served.stop();
    await first.context.close();

    const till = await start({ dataDir: first.dataDir });
    const { cashier } = till;
    await keyAmount(cashier, '7');
    await cashier.getByTestId('new-sale').click();
    await cashier.getByTestId('discard-confirm').waitFor();
    // The safe answer keeps the cart.
    await cashier.keyboard.press('Escape');
    await expect.poll(() => cashier.getByTestId('discard-confirm').count()).toBe(0);
    expect(await cashier.getByTestId('sale-line').count()).toBe(1);

    await cashier.getByTestId('recall-sale').click();
    const parked = cashier.getByTestId('parked-sale');
    await expect.poll(() => parked.count()).toBe(1);
    expect(await parked.textContent()).toContain('12.50');
    await shot(cashier, 'recall-1024x768');
    await parked.click();
    // The AED 7 cart went into the parked list in its place; the recalled one is on the counter.
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('1250');
    await cashier.getByTestId('recall-sale').click();
    await expect.poll(() => cashier.getByTestId('parked-sale').textContent()).toContain('7.00');
    await cashier.keyboard.press('Escape');

    await cashier.getByTestId('new-sale').click();
    await cashier.getByTestId('confirm-discard').click();
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('0');
    // Focus is not left on New sale: typed digits and Enter add an amount, they do not discard again.
    await cashier.keyboard.type('5');
    await cashier.keyboard.press('Enter');
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('500');
  });

  it('with no customer display open, the cashier screen shows the QR, and the customer pays it', async () => {
    const { cashier, dataDir } = await start();
    await keyAmount(cashier, '88');
    await cashier.getByTestId('tender-wallet-qr').click();
    await waitState(cashier, 'awaiting_customer');
    const qr = cashier.getByTestId('cashier-qr');
    await qr.waitFor({ timeout: 15_000 });
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(240);
    await shot(cashier, 'cashier-qr-1024x768');
    const value = await decodeQr(await qr.screenshot());
    expect(value).toMatch(/^https?:\/\//);
    await sandboxPost(dataDir, '/sandbox/wallet/pay', { codeValue: value });
    await waitState(cashier, 'succeeded');
  });

  it('a QR that runs out is expired on both screens, and a new QR is then paid', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    // The shortest expiry a shop may set (1 minute), so the test waits for it in real time.
    writeFileSync(join(data.dir, 'config.json'), JSON.stringify({ payment: { paymentExpiryMinutes: 1 } }), { mode: 0o600 });
    const till = await start({ dataDir: data.dir });
    const { cashier, dataDir } = till;
    const display = await openDisplay(till);
    await keyAmount(cashier, '23');
    await cashier.getByTestId('tender-wallet-qr').click();
    await waitState(cashier, 'awaiting_customer');
    await display.getByTestId('customer-qr').waitFor({ timeout: 15_000 });
    // The display is open: the QR is there, not on the cashier screen.
    expect(await cashier.getByTestId('cashier-qr').count()).toBe(0);
    // Its last 15 seconds look different on both screens.
    await cashier.locator('.payment-hint[data-urgent="yes"]').waitFor({ timeout: 70_000 });
    await display.locator('.countdown.urgent').waitFor({ timeout: 5_000 });
    await waitState(cashier, 'expired', 60_000);
    await display.locator('[data-testid="customer-state"][data-state="expired"]').waitFor({ timeout: 15_000 });
    expect(await cashier.getByTestId('payment-state').textContent()).toContain('QR expired');
    expect(await cashier.getByTestId('payment-state').textContent()).not.toContain('Cancelled');
    expect(await display.textContent('body')).toContain('二维码已过期');
    await shot(cashier, 'qr-expired-1024x768');

    await cashier.getByTestId('new-qr').click();
    await waitState(cashier, 'awaiting_customer');
    const qr = display.getByTestId('customer-qr');
    await qr.waitFor({ timeout: 15_000 });
    await sandboxPost(dataDir, '/sandbox/wallet/pay', { codeValue: await decodeQr(await qr.screenshot()) });
    await waitState(cashier, 'succeeded');
  });

  it('the customer display’s Chinese is drawn from the app’s own font on a machine with no CJK fonts', async () => {
    const till = await start();
    const display = await openDisplay(till);
    await keyAmount(till.cashier, '42');
    await expect.poll(() => display.getByTestId('customer-lines').textContent()).toContain('42.00');
    await display.evaluate(() => document.fonts.ready);
    // Each Chinese character on screen, drawn on a canvas in the display's own font stack: a
    // character the font lacks falls back to the .notdef box, which is the same for every one.
    const drawn = await display.evaluate(() => {
      const family = getComputedStyle(document.querySelector('.customer [lang="zh-CN"]')!).fontFamily;
      const chars = [...new Set([...document.body.innerText].filter((c) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(c)))];
      const canvas = document.createElement('canvas');
      canvas.width = 48;
      canvas.height = 48;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const bitmap = (ch: string, fontFamily: string) => {
        ctx.clearRect(0, 0, 48, 48);
        ctx.font = `40px ${fontFamily}`;
        ctx.fillText(ch, 2, 40);
        const px = ctx.getImageData(0, 0, 48, 48).data;
        let h = 0;
        for (let i = 3; i < px.length; i += 4) h = (Math.imul(h, 31) + px[i]!) | 0;
        return h;
      };
      // Characters no font here has (rare ideographs, a private-use one): the .notdef box, or nothing.
      const missing = [0, ...['\u9fa5', '\u9f98', '\ue000'].map((c) => bitmap(c, family))];
      return { family, chars, hashes: chars.map((c) => bitmap(c, family)), withoutOurs: chars.map((c) => bitmap(c, 'sans-serif')), missing };
    });
    expect(drawn.family).toContain('Souq Noto Sans SC');
    expect(drawn.chars.length).toBeGreaterThanOrEqual(8);
    // This machine really has no CJK font: without the app's own, every character is a box or blank.
    expect(new Set(drawn.withoutOurs).size).toBeLessThanOrEqual(3);
    const tofu = drawn.chars.filter((_, i) => drawn.missing.includes(drawn.hashes[i]!));
    expect(tofu).toEqual([]);
    expect(new Set(drawn.hashes).size).toBe(drawn.chars.length);
  });

  it('a line discount within the limit goes through; a price cut above it needs a manager’s PIN; the card slip details and both show on the receipt', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    expect((await souq(data.dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826'])).code).toBe(0);
    const { cashier } = await start({ dataDir: data.dir });
    await keyAmount(cashier, '200');
    await cashier.getByTestId('line-adjust').click();
    await cashier.getByTestId('adjust-value').fill('5');
    await cashier.getByTestId('adjust-confirm').click();
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('19000');

    await cashier.getByTestId('line-adjust').click();
    await cashier.getByTestId('adjust-mode-price').click();
    await cashier.getByTestId('adjust-value').fill('120');
    await cashier.getByTestId('adjust-manager').waitFor();
    await cashier.getByTestId('adjust-manager-name').fill('Aisha');
    await cashier.getByTestId('adjust-manager-pin').fill('1111');
    await cashier.getByTestId('adjust-confirm').click();
    await expect.poll(() => cashier.getByTestId('adjust-error').textContent()).toMatch(/PIN|not recognised/i);
    expect(await cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('19000');
    await shot(cashier, 'adjust-manager-1024x768');
    await cashier.getByTestId('adjust-manager-pin').fill('4826');
    await cashier.getByTestId('adjust-confirm').click();
    // 120 less the 5 % discount still on the line.
    await expect.poll(() => cashier.getByTestId('sale-total').getAttribute('data-minor')).toBe('11400');
    expect(await cashier.getByTestId('line-note').textContent()).toMatch(/was AED\s?200\.00.*discount.*5 %.*manager/);

    await cashier.getByTestId('tender-card').click();
    await cashier.getByTestId('card-last4').fill('42a2');
    await cashier.getByTestId('card-confirm').click();
    await cashier.getByTestId('card-error').waitFor();
    await cashier.getByTestId('card-last4').fill('4242');
    await cashier.getByTestId('card-approval').fill('a1b2c3');
    await cashier.getByTestId('card-confirm').click();
    await cashier.getByTestId('receipt').waitFor();
    expect(await cashier.getByTestId('receipt-card-last4').textContent()).toContain('4242');
    expect(await cashier.getByTestId('receipt-card-approval').textContent()).toBe('A1B2C3');
    expect(await cashier.getByTestId('receipt-line-note').textContent()).toMatch(/was AED\s?200\.00/);
    expect(await cashier.getByTestId('receipt-total').textContent()).toContain('114.00');
    await shot(cashier, 'receipt-card-discount-1024x768');
  });

  it('screens hold at 1024×768, 800×480 and 800×1280 (screenshots in test-artifacts/)', async () => {
    const till = await start({ viewport: { width: 1024, height: 768 } });
    const { cashier } = till;
    const display = await openDisplay(till);
    await keyAmount(cashier, '35.50');
    await keyAmount(cashier, '120');
    for (const [w, h] of [
      [1024, 768],
      [800, 480],
      [800, 1280],
      [1920, 1080],
    ] as const) {
      await cashier.setViewportSize({ width: w, height: h });
      await display.setViewportSize({ width: w, height: h });
      await shot(cashier, `cashier-sale-${w}x${h}`);
      await shot(display, `customer-lines-${w}x${h}`);
      // Nothing on the customer display is cut off or scrolls the page.
      const overflow = await display.evaluate(offScreen);
      expect(overflow, `customer display at ${w}×${h}`).toBe(false);
    }
    // The QR on the customer display, at each size: whole, and nothing scrolls.
    await cashier.setViewportSize({ width: 1024, height: 768 });
    await cashier.getByTestId('tender-wallet-qr').click();
    await waitState(cashier, 'awaiting_customer');
    await display.getByTestId('customer-qr').waitFor({ timeout: 15_000 });
    for (const [w, h] of [
      [800, 480],
      [800, 1280],
      [1920, 1080],
    ] as const) {
      await display.setViewportSize({ width: w, height: h });
      await shot(display, `customer-qr-${w}x${h}`);
      const overflow = await display.evaluate(offScreen);
      expect(overflow, `customer display with the QR at ${w}×${h}`).toBe(false);
    }
    await cashier.getByTestId('payment-cancel').click();
    await cashier.getByTestId('cancel-confirm-yes').click();
    await waitState(cashier, 'cancelled');
    await cashier.getByTestId('payment-other').click();
    await cashier.setViewportSize({ width: 800, height: 1280 });
    await cashier.getByTestId('tender-cash').click();
    await cashier.getByTestId('cash-quick-exact').waitFor();
    await shot(cashier, 'cashier-cash-800x1280');
    await cashier.setViewportSize({ width: 800, height: 480 });
    await shot(cashier, 'cashier-cash-800x480');
    await cashier.setViewportSize({ width: 1024, height: 768 });
    await shot(cashier, 'cashier-cash-1024x768');
    await cashier.getByTestId('cash-quick-200').click();
    await expect.poll(() => cashier.getByTestId('cash-change').textContent()).toContain('44.50');
    await cashier.getByTestId('cash-confirm').click();
    await cashier.getByTestId('receipt').waitFor();
    expect(await cashier.getByTestId('receipt-change').textContent()).toContain('44.50');
    await display.locator('[data-testid="customer-state"][data-state="succeeded"]').waitFor({ timeout: 15_000 });
    for (const [w, h] of [
      [800, 480],
      [800, 1280],
    ] as const) {
      await display.setViewportSize({ width: w, height: h });
      await shot(display, `customer-paid-${w}x${h}`);
      expect(await display.evaluate(offScreen), `customer display, paid, at ${w}×${h}`).toBe(false);
    }
  });
});
