// A deterministic corpus of keystroke streams for judging a keyboard-wedge detector: scanner bursts,
// people typing, and both at once. Same seed, same corpus, byte for byte.
//
// Models (per stream):
// - scanner: a fixed pace drawn from 2–80 ms a key, each gap jittered ±25 % plus 0–4 ms of USB
//   polling, and 1 gap in 200 stalled by a further 5–30 ms; each key released after 10–45 % of
//   the pace (at most 20 ms; the same for every key of a scanner, ±20 %), capitals sent with Shift; suffix Enter (45 %), Tab (15 %) or none.
// - person: gaps log-normal around a typist's median (slow 280–400 ms, average 160–260 ms, fast
//   100–150 ms with a third of the gaps in 40–80 ms runs), keys held log-normal around 55–130 ms,
//   so fast typing rolls over as it does on real keyboards.
// - layouts: US; Arabic (key is the Arabic letter / Arabic-Indic digit, code the Latin key);
//   Chinese IME (keydown key "Process", keyCode 229, isComposing); a source that sends no `code`
//   and Arabic-Indic digits in `key` only.
import { seededRandom } from '../../../app/domain/random.ts';

export interface CorpusEvent {
  t: number;
  type: 'keydown' | 'keyup';
  code: string;
  key: string;
  keyCode: number;
  shift?: boolean;
  composing?: boolean;
}

export type Category =
  | 'scan'
  | 'scan-arabic'
  | 'scan-ime'
  | 'scan-key-only'
  | 'scan-while-typing'
  | 'human-text'
  | 'human-fast'
  | 'human-amount'
  | 'human-digits'
  | 'human-arabic'
  | 'human-ime';

export interface CorpusStream {
  id: number;
  category: Category;
  events: CorpusEvent[];
  /** Codes a perfect detector reports, in order. */
  scans: string[];
  /** What the focused field holds afterwards with a perfect detector; null when an IME decides. */
  text: string | null;
  /** The scanner's pace, for scan streams. */
  paceMs?: number;
}

export interface CorpusSize {
  scans: number; // US-layout scan streams
  arabicScans: number;
  imeScans: number;
  keyOnlyScans: number;
  scansWhileTyping: number;
  human: number; // person-only streams, spread over the human categories
}

export const FULL_CORPUS: CorpusSize = { scans: 2200, arabicScans: 600, imeScans: 400, keyOnlyScans: 100, scansWhileTyping: 1000, human: 2400 };
export const SMALL_CORPUS: CorpusSize = { scans: 200, arabicScans: 60, imeScans: 40, keyOnlyScans: 20, scansWhileTyping: 120, human: 300 };

export type Rng = () => number;

export const rng: (seed: number) => Rng = seededRandom;

const uniform = (r: Rng, lo: number, hi: number): number => lo + (hi - lo) * r();
const int = (r: Rng, lo: number, hi: number): number => Math.floor(uniform(r, lo, hi + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function normal(r: Rng): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}
const logNormal = (r: Rng, median: number, sigma: number): number => median * Math.exp(sigma * normal(r));
const round = (x: number): number => Math.round(x * 1000) / 1000;

// ---- codes a scanner reads --------------------------------------------------------------------

function digits(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(r, 0, 9));
  return s;
}

function gtinCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

function numericCode(r: Rng): string {
  switch (int(r, 0, 5)) {
    case 0: {
      const n = int(r, 16, 24);
      return String(int(r, 25, 30)) + digits(r, n - 2); // Alipay / Alipay+
    }
    case 1:
      return String(int(r, 10, 15)) + digits(r, 16); // WeChat Pay
    case 2:
      return '62' + digits(r, 17); // UnionPay
    case 3: {
      const b = digits(r, 12);
      return b + gtinCheck(b); // EAN-13
    }
    case 4: {
      const b = digits(r, 7);
      return b + gtinCheck(b); // EAN-8
    }
    default:
      return digits(r, int(r, 8, 32));
  }
}

function sku(r: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const n = int(r, 8, 32);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (i > 0 && i < n - 1 && s[s.length - 1] !== '-' && r() < 0.12) s += '-';
    else s += r() < 0.15 ? pick(r, 'abcdefghijklmnopqrstuvwxyz'.split('')) : pick(r, alphabet.split(''));
  }
  return s;
}

export const scanCode = (r: Rng): string => (r() < 0.8 ? numericCode(r) : sku(r));

// ---- keyboards ---------------------------------------------------------------------------------

export type Layout = 'us' | 'arabic' | 'ime' | 'key-only';

export interface Stroke {
  code: string;
  key: string;
  keyCode: number;
  shift: boolean;
}

const PUNCT: Record<string, [string, number]> = { '-': ['Minus', 189], ' ': ['Space', 32], '.': ['Period', 190], '/': ['Slash', 191] };

function usStroke(ch: string, numpad = false): Stroke {
  if (ch >= '0' && ch <= '9') {
    const d = ch.charCodeAt(0) - 48;
    return numpad ? { code: `Numpad${d}`, key: ch, keyCode: 96 + d, shift: false } : { code: `Digit${d}`, key: ch, keyCode: 48 + d, shift: false };
  }
  if (ch >= 'a' && ch <= 'z') return { code: `Key${ch.toUpperCase()}`, key: ch, keyCode: ch.toUpperCase().charCodeAt(0), shift: false };
  if (ch >= 'A' && ch <= 'Z') return { code: `Key${ch}`, key: ch, keyCode: ch.charCodeAt(0), shift: true };
  if (ch === '.' && numpad) return { code: 'NumpadDecimal', key: '.', keyCode: 110, shift: false };
  const p = PUNCT[ch];
  if (p) return { code: p[0], key: ch, keyCode: p[1], shift: false };
  throw new Error(`no US key for ${JSON.stringify(ch)}`);
}

// Arabic (101) layout: what `key` reports for each physical key.
const ARABIC: Record<string, string> = {
  KeyQ: 'ض', KeyW: 'ص', KeyE: 'ث', KeyR: 'ق', KeyT: 'ف', KeyY: 'غ', KeyU: 'ع', KeyI: 'ه', KeyO: 'خ', KeyP: 'ح',
  KeyA: 'ش', KeyS: 'س', KeyD: 'ي', KeyF: 'ب', KeyG: 'ل', KeyH: 'ا', KeyJ: 'ت', KeyK: 'ن', KeyL: 'م',
  KeyZ: 'ئ', KeyX: 'ء', KeyC: 'ؤ', KeyV: 'ر', KeyB: 'لا', KeyN: 'ى', KeyM: 'ة',
  BracketLeft: 'ج', BracketRight: 'د', Semicolon: 'ك', Quote: 'ط', Comma: 'و', Period: 'ز', Slash: 'ظ', Backquote: 'ذ',
  Minus: '-', Space: ' ',
};
const ARABIC_SHIFTED: Record<string, string> = { KeyQ: 'َ', KeyW: 'ً', KeyE: 'ُ', KeyR: 'ٌ', KeyA: 'ِ', KeyS: 'ٍ', KeyH: 'أ', KeyN: 'آ', KeyB: 'لآ', KeyY: 'إ' };
const KEYCODES: Record<string, number> = { BracketLeft: 219, BracketRight: 221, Semicolon: 186, Quote: 222, Comma: 188, Period: 190, Slash: 191, Backquote: 192, Minus: 189, Space: 32 };
const keyCodeOf = (code: string): number => (code.startsWith('Key') ? code.charCodeAt(3) : KEYCODES[code] ?? 0);
const ARABIC_CODE_OF = new Map(Object.entries(ARABIC).map(([code, key]) => [key, code]));
const arabicDigit = (d: number): string => String.fromCharCode(0x0660 + d);

export function stroke(ch: string, layout: Layout): Stroke {
  const us = usStroke(ch);
  if (layout === 'arabic') {
    if (ch >= '0' && ch <= '9') return { ...us, key: arabicDigit(Number(ch)) };
    const key = (us.shift ? ARABIC_SHIFTED[us.code] : undefined) ?? ARABIC[us.code] ?? us.key;
    return { ...us, key };
  }
  if (layout === 'key-only') return { code: '', key: arabicDigit(Number(ch)), keyCode: 0, shift: false };
  return us;
}

// ---- a scanner ---------------------------------------------------------------------------------

function scannerBurst(r: Rng, text: string, layout: Layout, t0: number, suffix: 'Enter' | 'Tab' | null): { events: CorpusEvent[]; pace: number } {
  const pace = uniform(r, 2, 80);
  const events: CorpusEvent[] = [];
  const ime = layout === 'ime';
  let t = t0;
  // A scanner's firmware holds every key for about the same time; USB polling adds a little.
  const hold = Math.min(20, pace * uniform(r, 0.1, 0.45));
  const press = (s: Stroke, composing: boolean): void => {
    const dwell = Math.max(0.3, Math.min(pace * 0.5, hold * uniform(r, 0.8, 1.2) + uniform(r, 0, 1)));
    if (s.shift) events.push({ t: round(t), type: 'keydown', code: 'ShiftLeft', key: 'Shift', keyCode: 16, shift: true });
    const at = s.shift ? t + 0.2 : t;
    events.push({ t: round(at), type: 'keydown', code: s.code, key: ime ? 'Process' : s.key, keyCode: ime ? 229 : s.keyCode, shift: s.shift, composing });
    events.push({ t: round(at + dwell), type: 'keyup', code: s.code, key: s.key, keyCode: s.keyCode, shift: s.shift, composing });
    if (s.shift) events.push({ t: round(at + dwell + 0.1), type: 'keyup', code: 'ShiftLeft', key: 'Shift', keyCode: 16 });
  };
  [...text].forEach((ch, i) => {
    press(stroke(ch, layout), ime && i > 0);
    let gap = pace * (1 + uniform(r, -0.25, 0.25)) + uniform(r, 0, 4);
    if (r() < 0.005) gap += uniform(r, 5, 30);
    t += gap;
  });
  if (suffix) press(suffix === 'Enter' ? { code: 'Enter', key: 'Enter', keyCode: 13, shift: false } : { code: 'Tab', key: 'Tab', keyCode: 9, shift: false }, false);
  return { events, pace: round(pace) };
}

// ---- a person ----------------------------------------------------------------------------------

interface Typist {
  gapMedian: number;
  gapSigma: number;
  dwellMedian: number;
  burstShare: number; // share of gaps that are fast digraphs
}

function typist(r: Rng, kind: 'slow' | 'average' | 'fast'): Typist {
  switch (kind) {
    case 'slow':
      return { gapMedian: uniform(r, 280, 400), gapSigma: 0.35, dwellMedian: uniform(r, 90, 130), burstShare: 0 };
    case 'average':
      return { gapMedian: uniform(r, 160, 260), gapSigma: 0.4, dwellMedian: uniform(r, 75, 120), burstShare: 0.1 };
    case 'fast':
      return { gapMedian: uniform(r, 100, 150), gapSigma: 0.4, dwellMedian: uniform(r, 55, 100), burstShare: 0.35 };
  }
}

function typing(r: Rng, strokes: Stroke[], who: Typist, t0: number, ime: boolean): { events: CorpusEvent[]; end: number } {
  const events: CorpusEvent[] = [];
  let t = t0;
  const released = new Map<string, number>(); // a key cannot go down again before it is up
  strokes.forEach((s, i) => {
    if (i > 0) {
      const gap = r() < who.burstShare ? uniform(r, 40, 80) : logNormal(r, who.gapMedian, who.gapSigma);
      t += Math.min(1500, Math.max(35, gap));
    }
    t = Math.max(t, (released.get(s.code) ?? -Infinity) + 25);
    const dwell = Math.min(400, Math.max(30, logNormal(r, who.dwellMedian, 0.3)));
    released.set(s.code, t + dwell);
    const imeKey = ime && s.code !== 'Enter';
    events.push({ t: round(t), type: 'keydown', code: s.code, key: imeKey ? 'Process' : s.key, keyCode: imeKey ? 229 : s.keyCode, shift: s.shift, composing: imeKey && i > 0 });
    events.push({ t: round(t + dwell), type: 'keyup', code: s.code, key: s.key, keyCode: s.keyCode, shift: s.shift, composing: imeKey && i > 0 });
  });
  return { events, end: t };
}

const WORDS = ['dates', 'saffron', 'oud', 'perfume', 'abaya', 'scarf', 'gold', 'bracelet', 'camel', 'milk', 'chocolate', 'coffee', 'cardamom', 'tea', 'honey',
  'amber', 'incense', 'sandals', 'silk', 'pearl', 'ring', 'gift', 'box', 'large', 'small', 'red', 'blue', 'mint', 'rose', 'water', 'spice', 'lamp', 'brass'];
const ARABIC_WORDS = ['شاي', 'قهوة', 'حليب', 'خبز', 'تمر', 'عسل', 'مسك', 'عطر', 'ذهب', 'سكر', 'زيت', 'بن', 'هيل', 'ورد', 'كبير', 'صغير'];
const PINYIN = ['nihao', 'xiexie', 'zhifubao', 'duoshaoqian', 'pianyi', 'weixin', 'hongbao', 'shangdian'];

function words(r: Rng, list: readonly string[], lo: number, hi: number): string {
  const n = int(r, lo, hi);
  return Array.from({ length: n }, () => pick(r, list)).join(' ');
}

const enter: Stroke = { code: 'Enter', key: 'Enter', keyCode: 13, shift: false };

export function humanStream(r: Rng, category: Category): { events: CorpusEvent[]; text: string | null } {
  const kinds = ['slow', 'average', 'fast'] as const;
  switch (category) {
    case 'human-text': {
      const text = words(r, WORDS, 1, 4);
      const strokes = [...text].map((c) => usStroke(c));
      if (r() < 0.3) strokes.push(enter);
      return { events: typing(r, strokes, typist(r, pick(r, kinds)), 0, false).events, text };
    }
    case 'human-fast': {
      const text = words(r, WORDS, 4, 9);
      return { events: typing(r, [...text].map((c) => usStroke(c)), typist(r, 'fast'), 0, false).events, text };
    }
    case 'human-amount': {
      const numpad = r() < 0.5;
      const text = String(int(r, 1, 99999)) + (r() < 0.3 ? '.' + digits(r, 2) : '');
      const strokes = [...text].map((c) => usStroke(c, numpad));
      strokes.push(enter);
      return { events: typing(r, strokes, typist(r, pick(r, kinds)), 0, false).events, text };
    }
    case 'human-digits': {
      // A phone or reference number keyed by hand: as long as a code, typed as fast as people go.
      const numpad = r() < 0.5;
      const text = digits(r, int(r, 8, 16));
      const strokes = [...text].map((c) => usStroke(c, numpad));
      if (r() < 0.5) strokes.push(enter);
      return { events: typing(r, strokes, typist(r, pick(r, kinds)), 0, false).events, text };
    }
    case 'human-arabic': {
      const text = words(r, ARABIC_WORDS, 1, 4);
      const strokes: Stroke[] = [];
      let typed = '';
      for (const ch of text) {
        const code = ARABIC_CODE_OF.get(ch);
        if (!code) continue;
        strokes.push({ code, key: ch, keyCode: keyCodeOf(code), shift: false });
        typed += ch;
      }
      return { events: typing(r, strokes, typist(r, pick(r, kinds)), 0, false).events, text: typed };
    }
    case 'human-ime': {
      const text = words(r, PINYIN, 1, 3).replace(/ /g, '');
      return { events: typing(r, [...text].map((c) => usStroke(c)), typist(r, pick(r, kinds)), 0, true).events, text: null };
    }
    default:
      throw new Error(`not a human category: ${category}`);
  }
}

function suffixOf(r: Rng): 'Enter' | 'Tab' | null {
  const x = r();
  return x < 0.45 ? 'Enter' : x < 0.6 ? 'Tab' : null;
}

function byTime(events: CorpusEvent[]): CorpusEvent[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i).map((x) => x.e);
}

export function generateCorpus(seed: number, size: CorpusSize): CorpusStream[] {
  const r = rng(seed);
  const out: CorpusStream[] = [];
  const add = (category: Category, events: CorpusEvent[], scans: string[], text: string | null, paceMs?: number): void => {
    out.push({ id: out.length, category, events, scans, text, ...(paceMs === undefined ? {} : { paceMs }) });
  };
  const scanStreams = (n: number, category: Category, layout: Layout, code: () => string): void => {
    for (let i = 0; i < n; i++) {
      const text = code();
      const b = scannerBurst(r, text, layout, 0, suffixOf(r));
      add(category, b.events, [text], layout === 'ime' ? null : '', b.pace);
    }
  };
  scanStreams(size.scans, 'scan', 'us', () => scanCode(r));
  scanStreams(size.arabicScans, 'scan-arabic', 'arabic', () => scanCode(r));
  scanStreams(size.imeScans, 'scan-ime', 'ime', () => scanCode(r));
  scanStreams(size.keyOnlyScans, 'scan-key-only', 'key-only', () => numericCode(r));

  for (let i = 0; i < size.scansWhileTyping; i++) {
    // The cashier is typing a search when the customer's code is scanned.
    const text = words(r, WORDS, 2, 5);
    const human = typing(r, [...text].map((c) => usStroke(c)), typist(r, pick(r, ['slow', 'average', 'fast'] as const)), 0, false);
    const code = numericCode(r);
    const start = uniform(r, 0, human.end);
    const b = scannerBurst(r, code, 'us', start, suffixOf(r));
    add('scan-while-typing', byTime([...human.events, ...b.events]), [code], text, b.pace);
  }

  const humans: Category[] = ['human-text', 'human-fast', 'human-amount', 'human-digits', 'human-arabic', 'human-ime'];
  for (let i = 0; i < size.human; i++) {
    const category = humans[i % humans.length]!;
    const h = humanStream(r, category);
    add(category, h.events, [], h.text);
  }
  return out;
}
