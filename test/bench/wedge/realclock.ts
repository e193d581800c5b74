// Keyboard-wedge scans on the real clock: keystroke streams sent to headless Chromium as real key
// events (CDP Input.dispatchKeyEvent, through the browser's input pipeline), each at its due time
// by Node's own timers and stamped by the browser when it receives it, into a page where the
// detector runs on the page's real performance.now/setTimeout. Nothing is virtual: the machine's
// load (a shared 2-core box) delays and bunches keystrokes the way a busy till does, which the
// virtual-clock bench (replay.ts) cannot see.
//
// Scanner model: a pace drawn from 2–80 ms a key, each gap ±25 % plus 0–4 ms of USB polling, and
// 1 gap in 20 stalled by a further 20–60 ms (a scanner's buffer or the USB stack); keys released
// after 10–45 % of the pace; suffix Enter (45 %), Tab (15 %) or none. Layouts: US, Arabic (key is
// the Arabic letter or Arabic-Indic digit, code the Latin key) and IME-ish (keydown key "Process",
// keyCode 229, nothing inserted). People: the human categories of corpus.ts (slow, average and fast
// typists, amounts, digits keyed by hand, Arabic words, Pinyin through an IME).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { humanStream, rng, scanCode, stroke, type Category, type CorpusEvent, type Layout, type Rng, type Stroke } from './corpus.ts';
import { CHROMIUM_ARGS } from './replay.ts';

export interface RealClockStream {
  id: number;
  kind: 'scan' | 'human';
  /** The scanner's layout, or the person's stream category. */
  label: string;
  events: CorpusEvent[];
  /** The code a perfect detector reports (scan streams). */
  code?: string;
  /** What the focused field holds afterwards; null when an input method decides. */
  text: string | null;
  paceMs?: number;
}

export interface RealClockResult {
  id: number;
  scans: string[];
  value: string;
  /** The keystrokes as the page saw them (type, code, event.timeStamp relative to the first). */
  seen: string;
}

const uniform = (r: Rng, lo: number, hi: number): number => lo + (hi - lo) * r();
const round = (x: number): number => Math.round(x * 1000) / 1000;

export interface ScannerStreamOptions {
  code: string;
  layout: Exclude<Layout, 'key-only'>;
  paceMs: number;
  suffix: 'Enter' | 'Tab' | null;
  /** Extra ms added after key i (0-based) — stalls placed by hand. */
  stalls?: Record<number, number>;
  /** How long key i is held, in ms (a key-up delivered late) — overrides the scanner's hold. */
  holds?: Record<number, number>;
  /** Share of gaps given a random 20–60 ms stall. */
  stallRate?: number;
  seed?: number;
}

/** One scanner burst as keystrokes, times from 0. */
export function scannerStream(o: ScannerStreamOptions): CorpusEvent[] {
  const r = rng(o.seed ?? 1);
  const pace = o.paceMs;
  const ime = o.layout === 'ime';
  const hold = Math.min(20, pace * uniform(r, 0.1, 0.45));
  const events: CorpusEvent[] = [];
  let t = 0;
  const press = (s: Stroke, composing: boolean, i = -1): void => {
    const dwell = o.holds?.[i] ?? Math.max(0.3, Math.min(pace * 0.5, hold * uniform(r, 0.8, 1.2) + uniform(r, 0, 1)));
    if (s.shift) events.push({ t: round(t), type: 'keydown', code: 'ShiftLeft', key: 'Shift', keyCode: 16, shift: true });
    const at = s.shift ? t + 0.2 : t;
    events.push({ t: round(at), type: 'keydown', code: s.code, key: ime ? 'Process' : s.key, keyCode: ime ? 229 : s.keyCode, shift: s.shift, composing });
    events.push({ t: round(at + dwell), type: 'keyup', code: s.code, key: s.key, keyCode: s.keyCode, shift: s.shift, composing });
    if (s.shift) events.push({ t: round(at + dwell + 0.1), type: 'keyup', code: 'ShiftLeft', key: 'Shift', keyCode: 16 });
  };
  [...o.code].forEach((ch, i) => {
    press(stroke(ch, o.layout), ime && i > 0, i);
    let gap = pace * (1 + uniform(r, -0.25, 0.25)) + uniform(r, 0, 4);
    if (r() < (o.stallRate ?? 0)) gap += uniform(r, 20, 60);
    gap += o.stalls?.[i] ?? 0;
    t += gap;
  });
  if (o.suffix) press(o.suffix === 'Enter' ? { code: 'Enter', key: 'Enter', keyCode: 13, shift: false } : { code: 'Tab', key: 'Tab', keyCode: 9, shift: false }, false);
  return events;
}

export function generateRealClockStreams(seed: number, size: { scans: number; human: number }): RealClockStream[] {
  const r = rng(seed);
  const out: RealClockStream[] = [];
  const layouts: Exclude<Layout, 'key-only'>[] = ['us', 'us', 'arabic', 'ime'];
  for (let i = 0; i < size.scans; i++) {
    const layout = layouts[i % layouts.length]!;
    const code = scanCode(r);
    const x = r();
    const suffix = x < 0.45 ? 'Enter' : x < 0.6 ? 'Tab' : null;
    const paceMs = round(uniform(r, 2, 80));
    const events = scannerStream({ code, layout, paceMs, suffix, stallRate: 0.05, seed: Math.floor(r() * 2 ** 31) });
    out.push({ id: out.length, kind: 'scan', label: layout, events, code, text: layout === 'ime' ? null : '', paceMs });
  }
  const humans: Category[] = ['human-text', 'human-fast', 'human-amount', 'human-digits', 'human-arabic', 'human-ime'];
  for (let i = 0; i < size.human; i++) {
    const category = humans[i % humans.length]!;
    const h = humanStream(r, category);
    out.push({ id: out.length, kind: 'human', label: category, events: h.events, text: h.text });
  }
  return out;
}

// ---- the page ----------------------------------------------------------------------------------

interface PageWindow {
  __wedge: import('../../../renderer/scanning/index.ts').WedgeHandle;
  __scans: string[];
  __seen: string[];
}

async function bundleDetector(): Promise<string> {
  const entry = fileURLToPath(new URL('../../../renderer/scanning/index.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'wedge', platform: 'browser', target: 'chrome120', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

// Registers a logger before the detector, so it sees every keystroke first, as delivered (the
// detector's replayed copies are not trusted and are left out).
const PAGE_SETUP = `
window.__scans = [];
window.__seen = [];
const log = (k) => { if (k.isTrusted) window.__seen.push((k.type === 'keydown' ? 'd:' : 'u:') + (k.code || k.key) + '@' + k.timeStamp.toFixed(1)); };
window.addEventListener('keydown', log, { capture: true });
window.addEventListener('keyup', log, { capture: true });
window.__wedge = window.wedge.attachWedge(window, {}, (scan) => window.__scans.push(scan.text));
`;

async function openPage(context: BrowserContext, code: string): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><input id="field" autocomplete="off"></body></html>');
  await page.addScriptTag({ content: code });
  // Plain script text, not a function to page.evaluate: tsx's helpers (__name) do not exist there.
  await page.addScriptTag({ content: PAGE_SETUP });
  const cdp = await context.newCDPSession(page);
  return { page, cdp };
}

/** The CDP key event for a corpus keystroke, as a keyboard (or an IME that took it) would send it. */
interface CdpKeyEvent {
  type: 'keyDown' | 'keyUp' | 'rawKeyDown';
  key: string;
  code: string;
  windowsVirtualKeyCode: number;
  nativeVirtualKeyCode: number;
  modifiers: number;
  text?: string;
  unmodifiedText?: string;
}

function cdpKey(e: CorpusEvent): CdpKeyEvent {
  const modifiers = e.shift ? 8 : 0;
  const base = { key: e.key, code: e.code, windowsVirtualKeyCode: e.keyCode, nativeVirtualKeyCode: e.keyCode, modifiers };
  // CDP carries one code point in `key` (Chromium turns the Arabic layout's lam-alef "لا" on KeyB
  // into ""): send the first, and the whole in `text`, which is what reaches the field.
  if ([...e.key].length > 1 && !/^[A-Z][A-Za-z]+$/.test(e.key)) base.key = [...e.key][0]!;
  if (e.type === 'keyup') return { type: 'keyUp', ...base };
  if (e.key === 'Process' || e.keyCode === 229) return { type: 'rawKeyDown', ...base, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 };
  if (e.key === 'Enter') return { type: 'keyDown', ...base, text: '\r', unmodifiedText: '\r' };
  const printable = [...e.key].length >= 1 && !/^[A-Z][A-Za-z]+$/.test(e.key);
  return printable ? { type: 'keyDown', ...base, text: e.key, unmodifiedText: e.key } : { type: 'rawKeyDown', ...base };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A stream's result is read once the detector has held nothing for QUIET_MS (it may wait for late
 * keystrokes on a busy machine), or SETTLE_LIMIT_MS after its last keystroke at the latest.
 */
const QUIET_MS = 150;
const SETTLE_LIMIT_MS = 5_000;

async function replayOne(page: Page, cdp: CDPSession, s: RealClockStream): Promise<RealClockResult> {
  await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    const field = document.getElementById('field') as HTMLInputElement;
    field.value = '';
    field.focus();
    w.__scans.length = 0;
    w.__seen.length = 0;
  });
  const sends: Promise<unknown>[] = [];
  const t0 = performance.now() + 5;
  const wall0 = Date.now() + 5;
  for (const e of s.events) {
    const wait = t0 + e.t - performance.now();
    if (wait >= 1) await sleep(wait);
    // Stamped with the time the key was sent, as the OS stamps a real keyboard's events when the
    // USB report arrives; delivered whenever this loaded machine gets round to it. Not awaited: a
    // keyboard does not wait for the page to handle one key before sending the next.
    sends.push(cdp.send('Input.dispatchKeyEvent', { ...cdpKey(e), timestamp: (wall0 + e.t) / 1000 }));
  }
  await Promise.all(sends);
  const until = performance.now() + SETTLE_LIMIT_MS;
  let quietSince: number | null = null;
  while (performance.now() < until) {
    await sleep(50);
    const holding = await page.evaluate(() => (window as unknown as PageWindow).__wedge.holding);
    if (holding) quietSince = null;
    else if (quietSince === null) quietSince = performance.now();
    else if (performance.now() - quietSince >= QUIET_MS) break;
  }
  return page.evaluate((id) => {
    const w = window as unknown as PageWindow;
    const seen = w.__seen;
    const first = Number(/@([\d.]+)$/.exec(seen[0] ?? '@0')![1]);
    return {
      id,
      scans: [...w.__scans],
      value: (document.getElementById('field') as HTMLInputElement).value,
      seen: seen.map((x) => x.replace(/@([\d.]+)$/, (_, t: string) => `@${(Number(t) - first).toFixed(1)}`)).join(' '),
    };
  }, s.id);
}

/**
 * Replays the streams in real headless Chromium on the real clock. Scan streams (in `scanLanes`
 * pages) and human streams (in one more) run side by side, which also keeps the machine busy the
 * way a till is.
 */
export async function replayRealClock(streams: RealClockStream[], scanLanes = 1): Promise<RealClockResult[]> {
  const code = await bundleDetector();
  const profile = await mkdtemp(join(tmpdir(), 'souq-wedge-realclock-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const scans = streams.filter((s) => s.kind === 'scan');
    const lanes = [...Array.from({ length: scanLanes }, (_, i) => scans.filter((_, j) => j % scanLanes === i)), streams.filter((s) => s.kind === 'human')].filter((l) => l.length > 0);
    const results = await Promise.all(
      lanes.map(async (lane) => {
        const { page, cdp } = await openPage(context, code);
        const out: RealClockResult[] = [];
        for (const s of lane) out.push(await replayOne(page, cdp, s));
        await page.close();
        return out;
      }),
    );
    return results.flat().sort((a, b) => a.id - b.id);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Where a reported code first differs from the one sent (-1: same), to say which key went astray without printing codes. */
export function firstDifference(expected: string, got: string): number {
  for (let i = 0; i < Math.max(expected.length, got.length); i++) if (expected[i] !== got[i]) return i;
  return -1;
}

export interface RealClockScore {
  scans: number;
  recognised: number;
  /** recognised / scans, 0–1. */
  recall: number;
  humanStreams: number;
  /** Human-speed streams in which a scan was reported or the person's typing did not all arrive, in order. */
  falseStarts: number;
  /** Reports in scan streams that are not the code sent. */
  wrongScans: number;
  misses: Array<{ id: number; label: string; paceMs?: number; expected: string; got: string[]; value: string; seen: string }>;
}

export function scoreRealClock(streams: RealClockStream[], results: RealClockResult[]): RealClockScore {
  const byId = new Map(results.map((r) => [r.id, r]));
  const s: RealClockScore = { scans: 0, recognised: 0, recall: 1, humanStreams: 0, falseStarts: 0, wrongScans: 0, misses: [] };
  for (const stream of streams) {
    const r = byId.get(stream.id);
    if (!r) throw new Error(`no result for stream ${stream.id}`);
    if (stream.kind === 'scan') {
      s.scans++;
      const ok = r.scans.includes(stream.code!);
      if (ok) s.recognised++;
      else s.misses.push({ id: stream.id, label: stream.label, ...(stream.paceMs === undefined ? {} : { paceMs: stream.paceMs }), expected: stream.code!, got: r.scans, value: r.value, seen: r.seen });
      s.wrongScans += r.scans.filter((x) => x !== stream.code).length;
    } else {
      s.humanStreams++;
      if (r.scans.length > 0 || (stream.text !== null && r.value !== stream.text)) {
        s.falseStarts++;
        s.misses.push({ id: stream.id, label: stream.label, expected: stream.text ?? '(IME)', got: r.scans, value: r.value, seen: r.seen });
      }
    }
  }
  s.recall = s.scans ? s.recognised / s.scans : 1;
  return s;
}
