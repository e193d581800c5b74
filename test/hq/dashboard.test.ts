// The chain owner's page in headless Chromium: sign in with the admin token (a wrong one is refused
// in words), see the chain's takings equal to HQ's report, the till that is behind and the one whose
// log was altered flagged in the fleet; in English and Arabic (right to left) at 1024×768 and
// 800×480. Screenshots go to test-artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type PgCluster } from './pg.ts';
import { cashSale, drawerRefund, makeTill, openTill, runHq, todayDubai, type RunningHq } from './support.ts';
import { enrolTill } from '../../app/chain/enrol.ts';
import { loadLink } from '../../app/chain/link.ts';
import { pushAll } from '../../app/chain/push.ts';
import { createAttempt, transitionAttempt } from '../../app/journal/attempts.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { money, formatMoney } from '../../app/domain/money.ts';
import { chainDay, chainTakings } from '../../hq/service.ts';
import { migrateHq, openPool } from '../../hq/db.ts';
import { startHqServer, type HqServer } from '../../hq/server.ts';
import { antomRequests } from '../journal/antom-requests.ts';

const REPO = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(REPO, 'test-artifacts');
let root: string;
let cluster: PgCluster;
let browser: Browser;
let hq: RunningHq;
let served: HqServer;

async function buildDashboard(): Promise<string> {
  const outDir = join(root, 'dist-hq');
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(REPO, 'vite.hq.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

function walletSale(dir: string, terminalId: string, minor: number, psp: string): void {
  const db = openTill(dir);
  try {
    const now = new Date();
    const saleId = createSale(db, { terminalId, now });
    addKeyedLine(db, saleId, money(minor), 'Bag', now);
    const a = createAttempt(db, { saleId, scenario: 'PaymentCode', code: '281234567890123456', now, config: TerminalConfig.parse({ terminalId }), requests: antomRequests('/ams/api/v1/payments/pay') });
    transitionAttempt(db, 'send', { id: a.id, from: 'created', now });
    transitionAttempt(db, 'succeed', { id: a.id, from: 'sent', now, patch: { result_status: 'S', result_code: 'SUCCESS', psp_name: psp } });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-hq-dash-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  cluster = await startCluster();
  const url = cluster.createDatabase('dash');
  hq = await runHq(url);
  const dashboardDir = await buildDashboard();
  const pool = openPool(url, 4);
  await migrateHq(pool);
  served = await startHqServer({ pool, dashboardDir });
  const tills = [
    { store: 'DXB-MALL', id: 'T01' },
    { store: 'DXB-MALL', id: 'T02' },
    { store: 'MOE', id: 'T01' },
    { store: 'AIRPORT', id: 'T01' },
  ];
  for (const [i, t] of tills.entries()) {
    const dir = makeTill(root, `${t.store}-${t.id}`, t.id);
    await enrolTill(dir, { hqUrl: hq.url, adminToken: hq.token, storeId: t.store });
    const db = openTill(dir);
    for (let k = 0; k < 6 + i * 3; k++) cashSale(db, t.id, 2_500 + k * 725 + i * 1_000, { card: k % 3 === 0 });
    const refunded = cashSale(db, t.id, 8_000);
    drawerRefund(db, refunded, 3_000);
    db.close();
    walletSale(dir, t.id, 45_000 + i * 5_000, i % 2 ? 'Alipay+' : 'Alipay');
    walletSale(dir, t.id, 12_000, 'WeChat Pay');
    const db2 = openTill(dir);
    await pushAll(db2, loadLink(dir));
    // The airport till sells on but HQ has not heard from it since.
    if (t.store === 'AIRPORT') for (let k = 0; k < 3; k++) cashSale(db2, t.id, 1_000);
    db2.close();
  }
  await hq.pool.query("UPDATE hq_terminals SET tampered_at = now(), tampered_seq = 12, tampered_reason = 'event 12 was altered' WHERE store_id = 'MOE'");
  await hq.pool.query("UPDATE hq_terminals SET terminal_head_seq = cursor_seq + 12, last_contact_at = now() - interval '3 hours' WHERE store_id = 'AIRPORT'");
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await hq?.close();
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('HQ dashboard', { timeout: 180_000 }, () => {
  it('refuses a wrong admin token in words, then shows the chain’s takings equal to HQ’s report and flags the till behind and the tampered one, in EN and AR at 1024×768 and 800×480', async () => {
    const day = await chainDay(hq.pool, todayDubai());
    for (const [w, h] of [
      [1024, 768],
      [800, 480],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.goto(served.url);
      await page.getByTestId('hq-token').fill('not-the-token');
      await page.getByTestId('hq-signin').click();
      await expect.poll(() => page.getByTestId('hq-signin-error').textContent()).toMatch(/not this HQ/);
      await page.getByTestId('hq-token').fill(hq.token);
      await page.getByTestId('hq-signin').click();
      await page.getByTestId('hq-total-net').waitFor();
      expect(await page.getByTestId('hq-total-net').getAttribute('data-minor')).toBe(String(day.total.net));
      expect(await page.getByTestId('hq-total-net').textContent()).toContain(formatMoney(money(day.total.net, 'AED')).slice(-8));
      expect(await page.getByTestId('hq-total-sales').textContent()).toContain(String(day.total.sales));
      expect(await page.getByTestId('hq-fleet-MOE-T01').getAttribute('data-state')).toBe('tampered');
      expect(await page.getByTestId('hq-fleet-AIRPORT-T01').getAttribute('data-state')).toBe('behind');
      expect(await page.getByTestId('hq-fleet-DXB-MALL-T02').getAttribute('data-state')).toBe('ok');
      const hours = (await page.getByTestId('hq-hour-chart').getAttribute('data-amounts'))!.split(',').map(Number);
      expect(hours.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(await page.getByTestId('hq-tender-chart').getAttribute('data-amounts')).toMatch(/wallet:WeChat Pay=48000/);
      // Nothing sticks out sideways: the page fits the screen it is on.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await page.screenshot({ path: join(ARTIFACTS, `hq-dashboard-en-${w}x${h}.png`), fullPage: true });
      if (w === 1024) {
        // A range and one store: the page follows both.
        const weekAgo = new Date(Date.now() + 4 * 3600_000 - 7 * 86_400_000).toISOString().slice(0, 10);
        const range = await chainTakings(hq.pool, weekAgo, todayDubai(), 'DXB-MALL');
        await page.getByTestId('hq-range').click();
        await page.getByTestId('hq-from').fill(weekAgo);
        await page.getByTestId('hq-store-filter').selectOption('DXB-MALL');
        await expect.poll(() => page.getByTestId('hq-total-net').getAttribute('data-minor')).toBe(String(range.total.net));
        expect(await page.getByTestId('hq-store-MOE').count()).toBe(0);
        await page.getByTestId('hq-store-filter').selectOption('');
        await page.getByTestId('hq-today').click();
        await expect.poll(() => page.getByTestId('hq-total-net').getAttribute('data-minor')).toBe(String(day.total.net));
      }

      await page.getByTestId('hq-lang').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.getByText('الصافي').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await page.screenshot({ path: join(ARTIFACTS, `hq-dashboard-ar-${w}x${h}.png`), fullPage: true });
      await page.close();
    }
  });
});
