// Synthetic keystroke sequences for the wedge tests: a scanner at a given pace, a person typing.
import { seededRandom } from '../../../app/domain/random.ts';
import { WedgeDetector, type WedgeOptions, type WedgeScan } from '../../../renderer/scanning/detector.ts';
import type { KeyLike } from '../../../renderer/scanning/keys.ts';

export interface Key extends KeyLike {
  type: 'keydown' | 'keyup';
}

const ARABIC: Record<string, string> = { KeyA: 'ش', KeyB: 'لا', KeyC: 'ؤ', KeyS: 'س', KeyK: 'ن' };
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

export function strokeOf(ch: string, layout: 'us' | 'arabic' | 'ime' | 'key-only' = 'us'): Omit<Key, 'type' | 'timeStamp'> {
  let code: string;
  let keyCode: number;
  let shiftKey = false;
  if (ch >= '0' && ch <= '9') {
    code = `Digit${ch}`;
    keyCode = ch.charCodeAt(0);
  } else if (/[a-z]/i.test(ch)) {
    code = `Key${ch.toUpperCase()}`;
    keyCode = ch.toUpperCase().charCodeAt(0);
    shiftKey = ch !== ch.toLowerCase();
  } else if (ch === '-') {
    code = 'Minus';
    keyCode = 189;
  } else if (ch === ' ') {
    code = 'Space';
    keyCode = 32;
  } else throw new Error(`no key for ${ch}`);
  let key = ch;
  if (layout === 'arabic') key = /\d/.test(ch) ? ARABIC_DIGITS[Number(ch)]! : (ARABIC[code] ?? 'ث');
  if (layout === 'ime') return { code, key: 'Process', keyCode: 229, isComposing: true, shiftKey };
  if (layout === 'key-only') return { code: '', key: ARABIC_DIGITS[Number(ch)]!, keyCode: 0, shiftKey };
  return { code, key, keyCode, shiftKey };
}

export const seeded = seededRandom;

export interface BurstOptions {
  paceMs: number;
  jitter?: number; // ± share of the pace
  seed?: number;
  suffix?: 'Enter' | 'Tab' | null;
  layout?: 'us' | 'arabic' | 'ime' | 'key-only';
  start?: number;
  dwellMs?: number;
}

/** A scanner typing `text`: one steady pace with jitter, each key released quickly. */
export function burst(text: string, o: BurstOptions): Key[] {
  const r = seeded(o.seed ?? 1);
  const jitter = o.jitter ?? 0.25;
  const dwell = o.dwellMs ?? Math.min(15, o.paceMs * 0.3);
  const out: Key[] = [];
  let t = o.start ?? 0;
  const press = (s: Omit<Key, 'type' | 'timeStamp'>, keyupKey = s.key): void => {
    out.push({ type: 'keydown', timeStamp: t, ...s });
    out.push({ type: 'keyup', timeStamp: t + dwell, ...s, key: keyupKey, isComposing: s.isComposing });
  };
  for (const ch of text) {
    press(strokeOf(ch, o.layout), o.layout === 'ime' ? ch : undefined);
    t += o.paceMs * (1 + jitter * (2 * r() - 1)) + 2 * r();
  }
  if (o.suffix) press(o.suffix === 'Enter' ? { code: 'Enter', key: 'Enter', keyCode: 13 } : { code: 'Tab', key: 'Tab', keyCode: 9 });
  return out;
}

/** A person typing `text` with the given gaps between key presses, holding each key `dwellMs`. */
export function typed(text: string, gaps: (i: number) => number, dwellMs: (i: number) => number = () => 100, start = 0, layout: 'us' | 'arabic' = 'us'): Key[] {
  const out: Key[] = [];
  let t = start;
  [...text].forEach((ch, i) => {
    if (i > 0) t += gaps(i);
    const s = ch === '\n' ? { code: 'Enter', key: 'Enter', keyCode: 13 } : strokeOf(ch, layout);
    out.push({ type: 'keydown', timeStamp: t, ...s });
    out.push({ type: 'keyup', timeStamp: t + dwellMs(i), ...s });
  });
  return out.sort((a, b) => a.timeStamp - b.timeStamp);
}

export function merge(...seqs: Key[][]): Key[] {
  return seqs.flat().map((e, i) => ({ e, i })).sort((a, b) => a.e.timeStamp - b.e.timeStamp || a.i - b.i).map((x) => x.e);
}

export interface Outcome {
  scans: WedgeScan[];
  /** Keystrokes handed back as typing, in the order they would be replayed. */
  released: Key[];
  /** What happened to each keystroke when it arrived. */
  actions: Map<Key, 'pass' | 'hold' | 'swallow'>;
}

/** Feeds the keystrokes to a detector, calling tick() at its deadlines as attachWedge's timer would. */
export function detect(keys: Key[], options: Partial<WedgeOptions> = {}): Outcome {
  const d = new WedgeDetector<Key>(options);
  const out: Outcome = { scans: [], released: [], actions: new Map() };
  let now = keys[0]?.timeStamp ?? 0;
  const until = (t: number): void => {
    for (let at = d.deadline(now); at !== null && at <= t; at = d.deadline(now)) {
      now = at;
      const s = d.tick(now);
      out.scans.push(...s.scans);
      out.released.push(...s.release);
    }
  };
  for (const k of keys) {
    until(k.timeStamp);
    now = k.timeStamp;
    const s = d.feed(k, k);
    out.released.push(...s.release);
    out.scans.push(...s.scans);
    out.actions.set(k, s.action);
  }
  until(now + 10_000);
  return out;
}

/** The text a person's released keystrokes type. */
export function textOf(released: Key[]): string {
  return released.filter((k) => k.type === 'keydown' && k.key.length >= 1 && k.key !== 'Enter').map((k) => k.key).join('');
}
