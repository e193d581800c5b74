// The wedge tab's test barcode survives the page's print (a laser scanner cannot read a screen): in
// real Chromium with the app's own print styles, the printed page is read by zbarimg.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { chromium, type Browser } from 'playwright-core';
import { TestBarcode, TEST_BARCODE } from '../../../renderer/installer/testBarcode.tsx';

const REPO = join(import.meta.dirname, '../../..');
let browser: Browser;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'souq-barcode-print-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('installer test barcode on paper', () => {
  it('is what the wedge tab prints, readable by a scanner', { timeout: 60_000 }, async () => {
    const css = ['renderer/styles.css', 'renderer/installer/installer.css'].map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
    const html = `<!doctype html><html><head><style>${css}</style></head><body><div class="installer"><section class="panel"><h2>Keyboard-wedge scanner</h2>${renderToStaticMarkup(
      <TestBarcode caption="The test barcode" />,
    )}<button class="btn primary">Calibrate</button></section></div></body></html>`;
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.setContent(html);
    await page.emulateMedia({ media: 'print' });
    const png = join(dir, 'printed.png');
    writeFileSync(png, await page.screenshot());
    const read = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    expect(read).toBe(TEST_BARCODE);
  });
});
