// Replays corpus streams in real headless Chromium against our detector and onscan.js, and scores
// the verdicts. Shared by the `wedge` bench group and the regression test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { CorpusStream } from './corpus.ts';
import type { Mode, PageResult } from './page.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function replayInChromium(streams: CorpusStream[], modes: readonly Mode[]): Promise<Record<Mode, PageResult[]>> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const code = bundled.outputFiles[0]!.text;
  const profile = await mkdtemp(join(tmpdir(), 'souq-wedge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const out = {} as Record<Mode, PageResult[]>;
  try {
    for (const mode of modes) {
      const page = await context.newPage();
      await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addScriptTag({ content: code });
      const results: PageResult[] = [];
      for (let i = 0; i < streams.length; i += 400) {
        const chunk = streams.slice(i, i + 400);
        results.push(...(await page.evaluate(([m, s]) => (window as unknown as { __wedgeRun: (m: Mode, s: CorpusStream[]) => PageResult[] }).__wedgeRun(m, s), [mode, chunk] as const)));
      }
      out[mode] = results;
      await page.close();
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
  return out;
}

export interface WedgeScore {
  /** Codes in the corpus and how many were reported exactly. */
  scans: number;
  recognised: number;
  /** recognised / scans, 0–1. */
  recall: number;
  /** Scans reported in streams where only a person typed. */
  falsePositives: number;
  /** Reports in streams with a scan that match no code sent (e.g. a person's key mixed in). */
  wrongScans: number;
  /** Streams whose field did not end up holding exactly the person's typing (null text skipped). */
  leaks: number;
  misses: Array<{ id: number; category: string; expected: string; got: string[] }>;
}

export function score(streams: CorpusStream[], results: PageResult[]): WedgeScore {
  const byId = new Map(results.map((r) => [r.id, r]));
  const s: WedgeScore = { scans: 0, recognised: 0, recall: 0, falsePositives: 0, wrongScans: 0, leaks: 0, misses: [] };
  for (const stream of streams) {
    const r = byId.get(stream.id);
    if (!r) throw new Error(`no result for stream ${stream.id}`);
    const left = [...r.scans];
    for (const code of stream.scans) {
      s.scans++;
      const i = left.indexOf(code);
      if (i >= 0) {
        s.recognised++;
        left.splice(i, 1);
      } else s.misses.push({ id: stream.id, category: stream.category, expected: code, got: r.scans });
    }
    if (stream.scans.length === 0) s.falsePositives += left.length;
    else s.wrongScans += left.length;
    if (stream.text !== null && r.text !== stream.text) s.leaks++;
  }
  s.recall = s.scans ? s.recognised / s.scans : 1;
  return s;
}
