// Real keystrokes (trusted, through Chromium's input pipeline), real clock, default thresholds:
// the browser's own text insertion is what must be stopped for a scan and replayed for typing.
// The scan goes through CDP with scanner timestamps (scanWithCdp), the typing through
// page.keyboard with seconds between keys. CDP delivers each keystroke only after the page handled
// the last, so on a loaded machine they arrive late: the pause timer must allow for that by itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scanWithCdp } from '../../bench/wedge/cdp.ts';
import { CHROMIUM_ARGS } from '../../bench/wedge/replay.ts';

describe('keyboard-wedge scanning with real keystrokes in Chromium', () => {
  it('a scan typed into a focused field is reported and leaves the field as the cashier typed it', async () => {
    const entry = fileURLToPath(new URL('../../../renderer/scanning/index.ts', import.meta.url));
    const bundled = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'wedge', platform: 'browser', target: 'chrome120', logLevel: 'silent' });
    const profile = await mkdtemp(join(tmpdir(), 'souq-wedge-trusted-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await context.newPage();
      await page.setContent('<!doctype html><meta charset="utf-8"><input id="search">');
      await page.addScriptTag({ content: bundled.outputFiles[0]!.text });
      await page.evaluate(() => {
        const w = window as unknown as { wedge: typeof import('../../../renderer/scanning/index.ts'); scans: string[] };
        w.scans = [];
        w.wedge.attachWedge(window, {}, (s) => w.scans.push(s.text));
      });
      await page.focus('#search');
      await page.keyboard.type('te', { delay: 3000 });
      await scanWithCdp(page, '2810123456782345', { paceMs: 10, suffix: 'Enter' });
      await page.keyboard.type('a', { delay: 3000 });
      await page.waitForFunction(() => (document.getElementById('search') as HTMLInputElement).value === 'tea', null, { timeout: 15_000 }).catch(() => {});
      const got = await page.evaluate(() => ({ scans: (window as unknown as { scans: string[] }).scans, value: (document.getElementById('search') as HTMLInputElement).value }));
      expect(got).toEqual({ scans: ['2810123456782345'], value: 'tea' });
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
