// Runs inside headless Chromium (bundled by esbuild): replays corpus streams as KeyboardEvents into
// a focused <input>, against our detector or onscan.js, on a virtual clock. Time is driven, not
// waited for: each event gets the corpus timestamp as its timeStamp, Date.now/performance.now
// report the same virtual time, and setTimeout callbacks run when the clock passes them — so the
// verdicts do not depend on how busy the machine is.
import onScan from 'onscan.js';
import { attachWedge } from '../../../renderer/scanning/index.ts';
import type { CorpusEvent, CorpusStream } from './corpus.ts';

export type Mode = 'wedge' | 'onscan';
export interface PageResult {
  id: number;
  scans: string[];
  text: string;
}

// ---- virtual clock -----------------------------------------------------------------------------
let now = 1_000;
let nextTimer = 1;
const timers = new Map<number, { at: number; fn: (...a: unknown[]) => void; args: unknown[] }>();
const epoch = Date.UTC(2026, 0, 1);
const w = window as unknown as Record<string, unknown>;
w.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]): number => {
  const id = nextTimer++;
  timers.set(id, { at: now + Math.max(0, Number(ms) || 0), fn, args });
  return id;
};
w.clearTimeout = (id: number): void => void timers.delete(id);
Date.now = () => epoch + now;
Object.defineProperty(performance, 'now', { value: () => now, configurable: true });

function advanceTo(t: number): void {
  for (let fired = 0; ; fired++) {
    // A timer that keeps re-arming itself at the same instant would hang the page: fail instead.
    if (fired > 10_000) throw new Error(`virtual clock: timers keep firing at ${now} ms`);
    let best: number | null = null;
    for (const [id, tm] of timers) {
      if (tm.at <= t && (best === null || tm.at < timers.get(best)!.at || (tm.at === timers.get(best)!.at && id < best))) best = id;
    }
    if (best === null) break;
    const tm = timers.get(best)!;
    timers.delete(best);
    now = Math.max(now, tm.at);
    tm.fn(...tm.args);
  }
  now = Math.max(now, t);
}

// ---- detectors ---------------------------------------------------------------------------------
const found: string[] = [];
let mode: Mode | null = null;
const field = document.createElement('input');
field.type = 'text';
document.body.append(field);

function setUp(m: Mode): void {
  if (mode === m) return;
  if (mode !== null) throw new Error('one detector per page');
  mode = m;
  if (m === 'wedge') {
    attachWedge(window, {}, (scan) => found.push(scan.text));
  } else {
    // Thresholds matched to ours so the comparison is about the method: a scan at most 100 ms a
    // key on average, ended by Enter/Tab or 200 ms of silence, at least 8 characters.
    onScan.attachTo(document, {
      onScan: (code) => found.push(String(code)),
      minLength: 8,
      avgTimeByChar: 100,
      timeBeforeScanTest: 200,
      suffixKeyCodes: [9, 13],
      preventDefault: true,
      stopPropagation: true,
      captureEvents: true,
      reactToKeydown: true,
    });
  }
}

function dispatch(e: CorpusEvent, at: number): void {
  const ev = new KeyboardEvent(e.type, {
    key: e.key,
    code: e.code,
    shiftKey: e.shift === true,
    isComposing: e.composing === true,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  Object.defineProperty(ev, 'keyCode', { value: e.keyCode });
  Object.defineProperty(ev, 'which', { value: e.keyCode });
  Object.defineProperty(ev, 'timeStamp', { value: at });
  (document.activeElement ?? document.body).dispatchEvent(ev);
}

function run(m: Mode, streams: CorpusStream[]): PageResult[] {
  setUp(m);
  const out: PageResult[] = [];
  for (const s of streams) {
    field.value = '';
    field.focus();
    found.length = 0;
    const base = now + 5_000;
    advanceTo(base);
    let last = base;
    for (const e of s.events) {
      last = base + e.t;
      advanceTo(last);
      dispatch(e, last);
    }
    advanceTo(last + 3_000);
    out.push({ id: s.id, scans: [...found], text: field.value });
  }
  return out;
}

(window as unknown as { __wedgeRun: typeof run }).__wedgeRun = run;
