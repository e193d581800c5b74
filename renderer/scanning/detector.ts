// The keyboard-wedge detector as a pure state machine: keystrokes in, verdicts out, no DOM and no
// timers (attach.ts wires it to a window). Every keystroke that could belong to a scan is held;
// when the burst ends (Enter/Tab, a pause, or a key no scanner sends) the held keystrokes are
// settled: the ones that form a scan are swallowed and reported, the rest are handed back in their
// original order to be replayed as the person's typing.
//
// How a scanner differs from a person (all thresholds in WedgeOptions):
// - rhythm: a scanner types every key of a code at one steady pace (2–80 ms a key); a person's
//   gaps are 80–400 ms with only short fast runs;
// - dwell: a scanner releases each key at once (a few ms); a person holds a key 60–150 ms, which
//   is also why fast human typing rolls over (next key down before the last is up);
// - a person typing while a scan arrives leaves a key held across scanner keystrokes, or pressed
//   off the scanner's beat: such keys are taken out of the scan and replayed as typing.
//
// On a busy till the keystrokes of one scan do not arrive at the scanner's steady beat: the OS or
// the browser stalls for tens of ms, then delivers what waited in one bunch, and a key-up stuck in
// the stall makes its key look held. Judged keystroke by keystroke, such a key looks like a
// person's and is released as typing ("23 digits … Scan again" for a 24-digit code). So the burst
// is first judged as a whole, once its suffix or pause has arrived (wholeScan): a run that
// nothing in it marks as a person's (no key held across another, no key held like a person holds
// one, scanner pace overall) is one scan, stalls and bunches included. Only a burst that fails that
// is taken apart key by key.
import { decodeScanChar, isImeKeystroke, isModifier, isTextKey, terminatorOf, type KeyLike } from './keys.ts';

export interface WedgeOptions {
  /** Shortest code accepted as a scan (EAN-8 is 8; wallet codes are 16–32). */
  minLength: number;
  /** Longest code; a longer burst is not a scan and is handed back as typing. */
  maxLength: number;
  /** Slowest scanner pace: the median gap between the keys of one scan may not exceed it. */
  maxKeyGapMs: number;
  /** Silence that ends a scan sent without suffix, and the longest single gap inside one. */
  endPauseMs: number;
  /** Longest whole burst, first key to last. */
  maxDurationMs: number;
  /** Longest a scanner holds a key down; a key held longer was pressed by a person. */
  maxDwellMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: Readonly<WedgeOptions> = Object.freeze({
  minLength: 8,
  maxLength: 64,
  maxKeyGapMs: 100,
  endPauseMs: 200,
  maxDurationMs: 5000,
  maxDwellMs: 45,
});

export type WedgeTerminator = 'Enter' | 'Tab' | 'pause' | 'interrupted';

export interface WedgeScan {
  /** The code, decoded from the physical keys (ASCII; Arabic-Indic digits normalised). */
  text: string;
  terminator: WedgeTerminator;
  /** timeStamp of the first and last key of the scan. */
  startedAt: number;
  endedAt: number;
  /** Median gap between keys: the scanner's pace. */
  perKeyMs: number;
  /** True when an input method saw these keystrokes: the focused field may hold composed text. */
  composing: boolean;
}

/** What to do with the keystroke just fed, after replaying `release` (in order) and reporting `scans`. */
export interface WedgeStep<T> {
  action: 'pass' | 'hold' | 'swallow';
  scans: WedgeScan[];
  /** Held keystrokes that turned out to be typing, oldest first: replay them into the page. */
  release: T[];
}

interface HeldKey {
  code: string;
  char: string;
  down: number;
  up: number | null;
  /** An IME owns it: it was let through (cannot be held) and is never replayed. */
  ime: boolean;
  /**
   * Its key-up came in one bunch with the next key-down (within BUNCHED_MS): both waited in a
   * stall, so how long it looked held says nothing about who pressed it.
   */
  stalled?: boolean;
}

interface HeldEvent<T> {
  ref: T;
  key: HeldKey | null; // null for a held key-up whose key-down is already settled (none today)
}

const EMPTY: never[] = [];

/** Longest stall (ms) inside a scan that does not end it: a scanner's 20–60 ms plus a busy machine's. */
const STALL_ALLOWANCE_MS = 100;

/**
 * A key-up and the next key-down this close together (ms) were delivered in one bunch after a
 * stall: the key looked held only because its key-up waited in the stall with the next key.
 */
const BUNCHED_MS = 2;

export class WedgeDetector<T = KeyLike> {
  readonly options: WedgeOptions;
  private keys: HeldKey[] = [];
  private events: HeldEvent<T>[] = [];
  /** Key-ups still to come for keys that went into a scan: swallowed too. */
  private lateUps = new Map<string, number>();

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
    const o = this.options;
    for (const [k, v] of Object.entries(o)) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`Wedge option ${k} must be a positive number, got ${String(v)}`);
    }
    if (o.minLength > o.maxLength) throw new RangeError('Wedge option minLength must not exceed maxLength');
    if (o.endPauseMs < o.maxKeyGapMs) throw new RangeError('Wedge option endPauseMs must be at least maxKeyGapMs');
  }

  /** True while keystrokes are held waiting for a verdict. */
  get holding(): boolean {
    return this.keys.length > 0;
  }

  feed(ev: KeyLike, ref: T): WedgeStep<T> {
    const t = ev.timeStamp;
    if (ev.type === 'keyup') return this.keyUp(ev, ref);
    if (ev.type !== 'keydown' || isModifier(ev)) return step('pass');

    const terminator = terminatorOf(ev);
    if (terminator) {
      if (this.keys.length === 0) return step('pass');
      const out = this.settle(terminator, t);
      if (out.lastIsScan) {
        this.lateUps.set(ev.code, (this.lateUps.get(ev.code) ?? 0) + 1);
        return { action: 'swallow', scans: out.scans, release: out.release };
      }
      return { action: 'pass', scans: out.scans, release: out.release };
    }

    const ime = isImeKeystroke(ev);
    const char = decodeScanChar(ev);
    if (char === null || (!ime && !isTextKey(ev.key))) {
      // A key no scanner sends (Backspace, arrows, a shortcut): a person is at the keyboard.
      if (this.keys.length === 0) return step('pass');
      const out = this.settle('interrupted', t);
      return { action: 'pass', scans: out.scans, release: out.release };
    }

    let scans: WedgeScan[] = EMPTY;
    let release: T[] = EMPTY;
    const prev = this.keys[this.keys.length - 1];
    if (prev && prev.up !== null && t >= prev.up && t - prev.up <= BUNCHED_MS) prev.stalled = true;
    if (this.keys.length > 0 && !this.open(t)) {
      const out = this.settle('pause', t);
      scans = out.scans;
      release = out.release;
    }
    const key: HeldKey = { code: ev.code, char, down: t, up: null, ime };
    this.keys.push(key);
    if (!ime) this.events.push({ ref, key });
    if (this.keys.length > this.options.maxLength * 2) {
      // An endless stream is not a scan: hand it back rather than hold it for ever.
      const out = this.settle('interrupted', t);
      return { action: ime ? 'pass' : 'hold', scans: [...scans, ...out.scans], release: [...release, ...out.release] };
    }
    // An IME has already taken the keystroke by the time we see it: holding it would not stop the
    // composition, and replaying it would type it twice. It is watched, never held.
    return { action: ime ? 'pass' : 'hold', scans, release };
  }

  /**
   * When tick() should next be called (same time base as the events), given the current time;
   * null if nothing is held. Always later than `now`.
   */
  deadline(now: number): number | null {
    if (this.keys.length === 0) return null;
    const scanLike = this.scanLikeKeys(now);
    const last = scanLike.length ? this.lastActive(scanLike) : now;
    let at = Math.max(now + 1, last + this.limit(scanLike) + 1);
    if (this.dwellKnown(this.keys)) {
      // A key still down turns into a person's key once held longer than maxDwellMs: look again then.
      for (const k of this.keys) {
        const turns = k.down + this.options.maxDwellMs + 1;
        if (k.up === null && turns > now) at = Math.min(at, turns);
      }
    }
    return at;
  }

  /**
   * True while what is held already looks like a scan under way: several keys at a scanner's
   * pace. Then the end of the burst is worth waiting for a little longer in real time (see
   * attach.ts): its remaining keystrokes may still be stuck on a busy machine.
   */
  scanUnderWay(now: number): boolean {
    const scanLike = this.scanLikeKeys(now);
    return scanLike.length >= 4 && median(gapsOf(scanLike.slice(-9))) <= this.options.maxKeyGapMs;
  }

  /** Call at deadline(): settles the burst when it has ended. */
  tick(now: number): WedgeStep<T> {
    if (this.keys.length === 0 || this.open(now)) return step('pass');
    const out = this.settle('pause', now);
    return { action: 'pass', scans: out.scans, release: out.release };
  }

  /** Settle whatever is held now (e.g. before the window loses focus). */
  flush(now: number): WedgeStep<T> {
    if (this.keys.length === 0) return step('pass');
    const out = this.settle('pause', now);
    return { action: 'pass', scans: out.scans, release: out.release };
  }

  private keyUp(ev: KeyLike, ref: T): WedgeStep<T> {
    if (isModifier(ev)) return step('pass');
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const k = this.keys[i]!;
      if (k.code === ev.code && k.up === null) {
        for (const other of this.keys) if (other.code === ev.code && other.up === null) other.up = ev.timeStamp;
        if (k.ime) return step('pass');
        this.events.push({ ref, key: k });
        return step('hold');
      }
    }
    const late = this.lateUps.get(ev.code);
    if (late !== undefined) {
      if (late <= 1) this.lateUps.delete(ev.code);
      else this.lateUps.set(ev.code, late - 1);
      return step('swallow');
    }
    return step('pass');
  }

  /**
   * Whether key-ups can be used to judge how long keys are held. Decided per burst, from the
   * burst's own keys: a scanner behind a remote desktop or some wedge adapters sends no key-ups at
   * all, and a keyboard on the same window that does must not make that scanner's keys look held.
   */
  private dwellKnown(keys: readonly HeldKey[]): boolean {
    return keys.some((k) => k.up !== null);
  }

  private dwellTooLong(k: HeldKey, now: number): boolean {
    if (k.stalled || !this.dwellKnown(this.keys)) return false;
    return (k.up ?? now) - k.down > this.options.maxDwellMs;
  }

  /** Keys that may still belong to a scan: not held like a person holds a key. */
  private scanLikeKeys(now: number): HeldKey[] {
    return this.keys.filter((k) => !this.dwellTooLong(k, now));
  }

  /**
   * When the burst was last seen going on: its last scan-like key, or a later key still held down.
   * Inside a scan, a key still down is a stall in progress (its key-up and the next key are stuck
   * together), not a reason to end the burst before the rest arrives; whether it was a person's
   * is judged with the whole burst. A burst of nothing but long-held keys still ends at once.
   */
  private lastActive(scanLike: HeldKey[]): number {
    const last = scanLike[scanLike.length - 1]!.down;
    const tail = this.keys[this.keys.length - 1]!;
    return tail.up === null && tail.down > last ? tail.down : last;
  }

  /** How long after the last scan-like key the burst stays open. */
  private limit(scanLike: HeldKey[]): number {
    const o = this.options;
    if (scanLike.length === 0) return 0;
    // Too few keys to know a pace: wait the whole pause. The first key-up or the second key can
    // come late (a stall at the very start of a burst), and a person's key held this long shows
    // itself by its key-up (dwellTooLong) long before.
    if (scanLike.length < 3) return o.endPauseMs;
    const g = median(gapsOf(scanLike.slice(-9)));
    if (g > o.maxKeyGapMs) return o.maxKeyGapMs;
    // A stall inside a scan (20–60 ms, more on a loaded machine) must not end it: the burst is
    // judged as a whole only once it has really ended.
    return Math.min(o.endPauseMs, Math.max(3 * g, g + STALL_ALLOWANCE_MS));
  }

  private open(now: number): boolean {
    if (now - this.keys[0]!.down > this.options.maxDurationMs + this.options.endPauseMs) return false;
    const scanLike = this.scanLikeKeys(now);
    if (scanLike.length === 0) return false;
    return now - this.lastActive(scanLike) <= this.limit(scanLike);
  }

  private settle(terminator: WedgeTerminator, _now: number): { scans: WedgeScan[]; release: T[]; lastIsScan: boolean } {
    const keys = this.keys;
    const events = this.events;
    this.keys = [];
    this.events = [];
    const o = this.options;

    const whole = this.wholeScan(keys);
    if (whole) {
      for (const k of keys) {
        if (k.up === null) this.lateUps.set(k.code, (this.lateUps.get(k.code) ?? 0) + 1);
      }
      const release = events.filter((e) => e.key === null).map((e) => e.ref);
      return { scans: [{ ...whole, terminator }], release, lastIsScan: true };
    }

    // 1. Keys a person pressed: held too long, still held when the burst ended, or held across a
    //    complete press of another key (a scanner never overlaps its own keys).
    const foreign = new Set<HeldKey>();
    const dwellKnown = this.dwellKnown(keys);
    if (dwellKnown) {
      for (const k of keys) {
        if (k.up === null || k.up - k.down > o.maxDwellMs) foreign.add(k);
        else if (keys.some((j) => j !== k && j.down > k.down && j.up !== null && j.up < k.up!)) foreign.add(k);
      }
    }
    const core = keys.filter((k) => !foreign.has(k));

    // 2. Cut the rest where the rhythm breaks, then judge each run on its own.
    const segments = this.segment(core).map((seg) => this.onBeat(seg, dwellKnown));

    const scans: WedgeScan[] = [];
    const inScan = new Set<HeldKey>();
    segments.forEach((seg, i) => {
      if (!this.isScan(seg, dwellKnown)) return;
      // A scan typed over by a person has more scanner keys than the person's keys in its span:
      // when the keys taken out outnumber the ones left, the "scan" is a person's light keystrokes.
      const from = seg[0]!.down;
      const to = seg[seg.length - 1]!.down;
      let taken = 0;
      for (const k of keys) if (k.down >= from && k.down <= to && !seg.includes(k)) taken++;
      if (taken >= seg.length) return;
      const last = i === segments.length - 1;
      for (const k of seg) inScan.add(k);
      const gaps = gapsOf(seg);
      scans.push({
        text: seg.map((k) => k.char).join(''),
        terminator: last ? terminator : 'pause',
        startedAt: seg[0]!.down,
        endedAt: seg[seg.length - 1]!.down,
        perKeyMs: median(gaps),
        composing: seg.some((k) => k.ime),
      });
    });
    const lastSeg = segments[segments.length - 1];
    // Enter/Tab right after a scan is the scanner's suffix (a person's keys are out of the runs).
    const lastIsScan = lastSeg !== undefined && inScan.has(lastSeg[0]!);

    for (const k of keys) {
      if (inScan.has(k) && k.up === null) this.lateUps.set(k.code, (this.lateUps.get(k.code) ?? 0) + 1);
    }
    const release = events.filter((e) => e.key === null || !inScan.has(e.key)).map((e) => e.ref);
    return { scans, release, lastIsScan };
  }

  /**
   * The whole burst as one scan, when nothing in it marks a person's key: the right length, the
   * scanner's pace overall (a stall and the bunch after it average out), no pause inside, and —
   * where key-ups are known — no key held across another (a person's rollover), every key
   * released as a scanner releases it unless its key-up was caught in a stall, and no key held
   * clearly longer than the rest while off the beat (a person's key between a slow scanner's).
   * Null when any of that fails: the burst is then taken apart key by key.
   */
  private wholeScan(keys: readonly HeldKey[]): Omit<WedgeScan, 'terminator'> | null {
    const o = this.options;
    const n = keys.length;
    if (n < o.minLength || n > o.maxLength) return null;
    const span = keys[n - 1]!.down - keys[0]!.down;
    if (span > o.maxDurationMs) return null;
    const gaps = gapsOf(keys);
    if (gaps.some((g) => g < 0 || g > o.endPauseMs)) return null;
    const pace = span / (n - 1);
    if (pace > o.maxKeyGapMs) return null;

    if (this.dwellKnown(keys)) {
      const dwells: number[] = [];
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        if (k.up === null) return null; // still held, or its key-up lost: let the careful path decide
        const next = keys[i + 1];
        if (next && k.up > next.down) return null; // held across the next key: a person rolls over
        dwells.push(k.up - k.down);
      }
      const medDwell = median(dwells);
      // A scanner holds its keys up to about 25 ms; a person's keys are held 55 ms and more.
      if (medDwell > (2 / 3) * o.maxDwellMs) return null;
      // A busy machine now and then delivers a key-up tens of ms late: a few such keys inside the
      // burst are the scanner's, as long as they keep its beat. At the edges a person's key just
      // before or after a scan looks the same; there a key held like a person's ends the verdict,
      // unless the burst itself shows it was delivered unsteadily (keys bunched far under the
      // scanner's pace, which no scanner sends): then a late first or last key-up is the delivery's.
      const unsteady = gaps.some((g) => g < 0.35 * pace - 0.5);
      let heldLong = 0;
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        const d = dwells[i]!;
        if (k.stalled || d <= 1.3 * medDwell + 2) continue;
        const left = i > 0 ? gaps[i - 1]! : null;
        const right = i + 1 < n ? gaps[i]! : null;
        if (left === null || right === null) {
          if (d > (unsteady ? 2 : 1) * o.maxDwellMs) return null;
          const gap = (left ?? right)!;
          const offBeat = gap < 0.75 * pace - 1 || gap > 1.5 * pace + 10;
          if (!unsteady && offBeat && d >= (2 / 3) * o.maxDwellMs) return null;
          continue;
        }
        // A person's key between a slow scanner's keys splits one beat into two short gaps.
        if (left < 0.75 * pace - 1 && right < 0.75 * pace - 1) return null;
        if (d > o.maxDwellMs && ++heldLong > (unsteady ? Math.max(2, Math.floor(n / 4)) : Math.max(1, Math.floor(n / 8)))) return null;
      }
    } else {
      // No key-ups to go by (some wedge adapters, remote desktops): the rhythm alone. Stalls are
      // allowed now and then; a run whose gaps swing widely all through is not one scanner.
      const wide = gaps.filter((g) => g > 2 * pace + 10).length;
      if (wide > Math.max(1, Math.floor(n / 8))) return null;
    }
    return {
      text: keys.map((k) => k.char).join(''),
      startedAt: keys[0]!.down,
      endedAt: keys[n - 1]!.down,
      perKeyMs: median(gaps),
      composing: keys.some((k) => k.ime),
    };
  }

  /**
   * Runs of keys at one pace. Cut wherever a gap exceeds maxKeyGapMs, then bridge a cut when both
   * sides keep the same pace and the gap is only a stall (a scanner's USB hiccup), not a pause.
   */
  private segment(core: HeldKey[]): HeldKey[][] {
    const o = this.options;
    const pieces: HeldKey[][] = [];
    for (const k of core) {
      const cur = pieces[pieces.length - 1];
      if (cur && k.down - cur[cur.length - 1]!.down <= o.maxKeyGapMs) cur.push(k);
      else pieces.push([k]);
    }
    // The pace of the burst: the gaps inside pieces (a scan, if there is one, dominates them).
    const inner = pieces.flatMap((p) => gapsOf(p));
    if (inner.length < 2) return pieces;
    const g = median(inner);
    const out: HeldKey[][] = [];
    for (const piece of pieces) {
      const prev = out[out.length - 1];
      if (prev) {
        const gap = piece[0]!.down - prev[prev.length - 1]!.down;
        // A stall adds tens of ms to one gap; a pause between a person's keys is longer.
        if (g <= o.maxKeyGapMs && gap <= Math.min(o.endPauseMs, 1.5 * g + 35)) {
          prev.push(...piece);
          continue;
        }
      }
      out.push(piece);
    }
    return out;
  }

  /**
   * Takes out keys pressed off the scanner's beat: a person's key that fell between two scanner
   * keys splits one gap into two short ones; one just before or after a scan is off the pace and
   * held longer than the scanner holds its keys.
   */
  private onBeat(seg: HeldKey[], dwellKnown: boolean): HeldKey[] {
    if (seg.length < 4) return seg;
    let keys = seg;
    const dwellOf = (k: HeldKey): number | null => (dwellKnown && k.up !== null ? k.up - k.down : null);
    for (let round = 0; round < seg.length; round++) {
      const g = median(gapsOf(keys));
      const dwells = keys.map(dwellOf).filter((d): d is number => d !== null);
      const medDwell = dwells.length ? median(dwells) : null;
      const longer = (k: HeldKey, factor: number, plus: number): boolean => {
        const d = dwellOf(k);
        return medDwell !== null && d !== null && d > factor * medDwell + plus;
      };
      // A scanner holds every key for about the same time: a key held twice as long is a person's.
      let drop = keys.findIndex((k) => longer(k, 2, 5));
      if (drop < 0 && medDwell !== null) {
        // Off the beat (a gap well under the pace next to it, or an edge key far off the pace) and
        // held longer than the scanner holds its keys: the longest-held such key goes first.
        let worst = 0;
        keys.forEach((k, i) => {
          const left = i > 0 ? k.down - keys[i - 1]!.down : null;
          const right = i + 1 < keys.length ? keys[i + 1]!.down - k.down : null;
          const short = (x: number | null): boolean => x !== null && x < 0.75 * g - 1;
          const edgeGap = left === null ? right : right === null ? left : null;
          // At an edge the pace says little (a person's key may land on the beat): dwell decides.
          const offBeat = short(left) || short(right) || edgeGap !== null;
          const d = dwellOf(k);
          if (offBeat && d !== null && longer(k, 1.3, 2) && d > worst) {
            worst = d;
            drop = i;
          }
        });
      }
      if (drop < 0 && medDwell === null && g >= 8) {
        // No key-ups to go by: a gap far under the pace; drop the key whose removal fits the pace best.
        for (let i = 1; i < keys.length && drop < 0; i++) {
          if (keys[i]!.down - keys[i - 1]!.down >= 0.6 * g - 1) continue;
          const prev = keys[i - 2];
          const next = keys[i + 1];
          const fitA = prev ? Math.abs(keys[i]!.down - prev.down - g) : Number.POSITIVE_INFINITY;
          const fitB = next ? Math.abs(next.down - keys[i - 1]!.down - g) : Number.POSITIVE_INFINITY;
          drop = fitA <= fitB ? i - 1 : i;
        }
      }
      if (drop < 0) return keys;
      keys = keys.filter((_, j) => j !== drop);
      if (keys.length < 4) return keys;
    }
    return keys;
  }

  private isScan(seg: HeldKey[], dwellKnown: boolean): boolean {
    const o = this.options;
    if (seg.length < o.minLength || seg.length > o.maxLength) return false;
    if (seg[seg.length - 1]!.down - seg[0]!.down > o.maxDurationMs) return false;
    const gaps = gapsOf(seg);
    if (median(gaps) > o.maxKeyGapMs) return false;
    if (gaps.some((g) => g > o.endPauseMs)) return false;
    const g = median(gaps);
    if (g >= 25) {
      // A scanner keeps its pace within a jitter of about ±25 % (a few stalls allowed); a person's
      // gaps at this pace vary two- to threefold.
      const sorted = [...gaps].sort((a, b) => a - b);
      const high = sorted[Math.min(sorted.length - 2, Math.floor(0.85 * (sorted.length - 1)))]!;
      if (high > 2.2 * sorted[0]!) return false;
    }
    if (dwellKnown) {
      for (let i = 0; i + 1 < seg.length; i++) if (seg[i]!.up! > seg[i + 1]!.down) return false;
    }
    return true;
  }
}

function step<T>(action: WedgeStep<T>['action']): WedgeStep<T> {
  return { action, scans: EMPTY, release: EMPTY };
}

function gapsOf(keys: readonly HeldKey[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < keys.length; i++) out.push(keys[i]!.down - keys[i - 1]!.down);
  return out;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
