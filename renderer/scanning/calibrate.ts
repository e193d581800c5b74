// Installer calibration: scan a test barcode, measure how this scanner types, suggest thresholds.
import { DEFAULT_WEDGE_OPTIONS, median, type WedgeOptions } from './detector.ts';
import { decodeScanChar, isImeKeystroke, isModifier, terminatorOf, type KeyLike } from './keys.ts';

export interface TimingSummary {
  median: number;
  p95: number;
  max: number;
}

export interface CalibrationNote {
  code: string;
  message: string;
}

export interface Calibration {
  /** True when at least one test scan was measured. */
  ok: boolean;
  /** The code(s) read, one per test scan: compare with the printed test barcode. */
  texts: string[];
  /** Gap between key presses within a scan. */
  perKeyMs: TimingSummary | null;
  /** How long the scanner holds each key; null when it sends no key-ups. */
  dwellMs: TimingSummary | null;
  suffix: 'Enter' | 'Tab' | 'none';
  composing: boolean;
  /** Thresholds to save for this scanner. */
  suggested: WedgeOptions;
  notes: CalibrationNote[];
}

interface Press {
  char: string;
  down: number;
  up: number | null;
  code: string;
  key: string;
}

/**
 * samples: the keystrokes of one or more test scans, as recorded (keydown and keyup, in order).
 * Test scans are told apart by the Enter/Tab suffix or by a pause of more than a second.
 */
export function calibrate(samples: readonly KeyLike[] | readonly (readonly KeyLike[])[]): Calibration {
  const flat: KeyLike[] = (samples as readonly unknown[]).flatMap((s) => (Array.isArray(s) ? (s as KeyLike[]) : [s as KeyLike]));
  const scans: Press[][] = [];
  let cur: Press[] = [];
  const suffixes = new Set<'Enter' | 'Tab'>();
  let composing = false;
  let sawKeyup = false;
  for (const ev of flat) {
    if (isModifier(ev)) continue;
    if (ev.type === 'keyup') {
      const p = [...cur].reverse().find((x) => x.code === ev.code && x.up === null);
      if (p) {
        p.up = ev.timeStamp;
        sawKeyup = true;
      }
      continue;
    }
    if (ev.type !== 'keydown') continue;
    const term = terminatorOf(ev);
    if (term) {
      if (cur.length) {
        scans.push(cur);
        suffixes.add(term);
      }
      cur = [];
      continue;
    }
    const char = decodeScanChar(ev);
    if (char === null) continue;
    if (isImeKeystroke(ev)) composing = true;
    const last = cur[cur.length - 1];
    if (last && ev.timeStamp - last.down > 1000) {
      scans.push(cur);
      cur = [];
    }
    cur.push({ char, down: ev.timeStamp, up: null, code: ev.code, key: ev.key });
  }
  if (cur.length) scans.push(cur);

  const notes: CalibrationNote[] = [];
  const measured = scans.filter((s) => s.length >= 2);
  if (measured.length === 0) {
    notes.push({ code: 'WEDGE_CALIBRATION_EMPTY', message: 'No test scan was received: check the scanner is connected and scan the test barcode again.' });
    return { ok: false, texts: [], perKeyMs: null, dwellMs: null, suffix: 'none', composing, suggested: { ...DEFAULT_WEDGE_OPTIONS }, notes };
  }

  const gaps = measured.flatMap((s) => s.slice(1).map((p, i) => p.down - s[i]!.down));
  const dwells = sawKeyup ? measured.flatMap((s) => s.filter((p) => p.up !== null).map((p) => p.up! - p.down)) : [];
  const perKeyMs = summary(gaps);
  const dwellMs = dwells.length ? summary(dwells) : null;
  const shortest = Math.min(...measured.map((s) => s.length));

  const maxKeyGapMs = Math.ceil(Math.max(DEFAULT_WEDGE_OPTIONS.maxKeyGapMs, perKeyMs.median * 1.5, perKeyMs.p95 * 1.2 + 10));
  const suggested: WedgeOptions = {
    ...DEFAULT_WEDGE_OPTIONS,
    minLength: Math.max(4, Math.min(DEFAULT_WEDGE_OPTIONS.minLength, shortest)),
    maxKeyGapMs,
    endPauseMs: Math.ceil(Math.max(DEFAULT_WEDGE_OPTIONS.endPauseMs, maxKeyGapMs + 50, perKeyMs.max * 1.5)),
    maxDurationMs: Math.ceil(Math.max(DEFAULT_WEDGE_OPTIONS.maxDurationMs, perKeyMs.p95 * 1.3 * DEFAULT_WEDGE_OPTIONS.maxLength)),
    maxDwellMs: dwellMs ? Math.ceil(Math.max(DEFAULT_WEDGE_OPTIONS.maxDwellMs, dwellMs.p95 * 1.5 + 5)) : DEFAULT_WEDGE_OPTIONS.maxDwellMs,
  };

  if (perKeyMs.median > 60) {
    notes.push({
      code: 'WEDGE_SCANNER_SLOW',
      message: `The scanner types ${Math.round(perKeyMs.median)} ms per key, close to fast human typing: set its inter-character delay lower (under 20 ms) if its manual allows.`,
    });
  }
  if (dwellMs && dwellMs.median > 40) {
    notes.push({
      code: 'WEDGE_SCANNER_HOLDS_KEYS',
      message: `The scanner holds each key ${Math.round(dwellMs.median)} ms, as long as a person does: scans and typing are harder to tell apart.`,
    });
  }
  if (!sawKeyup) {
    notes.push({ code: 'WEDGE_NO_KEYUPS', message: 'No key releases were received: scans are told from typing by pace alone.' });
  }
  if (suffixes.size === 0) {
    notes.push({
      code: 'WEDGE_NO_SUFFIX',
      message: 'The scanner sends no Enter or Tab after a code: program it to send Enter so each scan is taken at once instead of after a pause.',
    });
  }
  if (composing) {
    notes.push({ code: 'WEDGE_IME_COMPOSING', message: 'An input method was active during the test scan: switch the keyboard to English (ENG).' });
  }
  const layoutDiffers = measured.some((s) => s.some((p) => p.key.length > 0 && p.key !== p.char && !/^(Process|Unidentified)$/.test(p.key)));
  if (layoutDiffers) {
    notes.push({
      code: 'WEDGE_LAYOUT_NOT_US',
      message: 'The keyboard layout is not English (US): codes are still read correctly from the physical keys, but typed text in other programs may differ.',
    });
  }
  return {
    ok: true,
    texts: measured.map((s) => s.map((p) => p.char).join('')),
    perKeyMs,
    dwellMs,
    suffix: suffixes.has('Enter') ? 'Enter' : suffixes.has('Tab') ? 'Tab' : 'none',
    composing,
    suggested,
    notes,
  };
}

function summary(xs: number[]): TimingSummary {
  const s = [...xs].sort((a, b) => a - b);
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
  return { median: round(median(s)), p95: round(p95), max: round(s[s.length - 1]!) };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
