// Wiring the detector to a window: capture-phase listeners see every keystroke before the page.
//
// How nothing of a scan reaches a focused field: every keystroke that could start or continue a
// burst (a printable key) is held — preventDefault() + stopImmediatePropagation() in the capture
// phase, so neither the browser's text insertion nor the page's own handlers see it. When the
// burst is settled the scan's keystrokes (and its Enter/Tab suffix) stay swallowed; keystrokes that
// turn out to be a person's typing are replayed in their original order: a copy of each keydown /
// keyup is dispatched to the element it was aimed at (so the page's key handlers run), and unless a
// handler cancels that keydown, its text is inserted into the focused input/textarea with
// setRangeText() followed by `beforeinput`/`input` events (React's onChange fires), or with
// execCommand('insertText') in a contenteditable. A person's typing therefore appears after at most
// maxDwellMs–maxKeyGapMs (≈ 45–120 ms) instead of at once; Enter, Backspace, arrows and shortcuts
// first settle what is held, then go through untouched, so the order of editing is kept.
//
// Keystrokes an input method (IME) owns (keyCode 229) cannot be held: the IME has taken them before
// any page script runs. They still count towards detecting a scan, and such a scan is reported with
// `composing: true` — show the IME warning (ime.ts) so the cashier switches the keyboard to English.
import { WedgeDetector, type WedgeOptions, type WedgeScan, type WedgeStep } from './detector.ts';
import { isTextKey } from './keys.ts';

export interface WedgeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AttachOptions extends Partial<WedgeOptions> {
  /** Keystrokes aimed at an element for which this returns true are left alone (e.g. a PIN field). */
  ignore?: (target: EventTarget | null) => boolean;
  /** Timers and time; defaults to the page's performance.now / setTimeout. */
  clock?: WedgeClock;
  /**
   * Extra real time before a pause is judged (default 0). Verdicts go by the keystrokes'
   * timeStamps, but a pause can only be noticed by a timer: where keystrokes reach the page late
   * and bunched (a remote desktop, a test driver), the timer could fire while the rest of the burst
   * is still on its way. The timer already waits twice the last keystroke's delivery delay; this
   * adds a fixed grace on top. It delays only that timer, never a verdict made by a keystroke.
   */
  timerGraceMs?: number;
}

export interface WedgeHandle {
  readonly options: Readonly<WedgeOptions>;
  /** True while keystrokes are held waiting for a verdict (a scan or typing still to come out). */
  readonly holding: boolean;
  /** Settle whatever is held now (replaying typing, reporting a scan). */
  flush(): void;
  /** Remove the listeners; anything held is settled first. */
  detach(): void;
}

/**
 * Extra real time before a burst that already looks like a scan is ended by a pause. Its
 * keystrokes carry the times the scanner sent them, but on a busy till the last few can reach the
 * page well after the pause timer would fire (the real-clock bench sees 100 ms and more); ended
 * early, one scan comes out as two short ones. Only a scan without suffix waits this much longer.
 */
const SCAN_GRACE_MS = 200;

/** A pause timer this late (ms) means the page itself was starved of CPU. */
const STARVED_MS = 50;

const pageClock: WedgeClock = {
  now: () => globalThis.performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Our own replayed copies: the listener lets them through. */
const replayed = new WeakSet<Event>();

export function attachWedge(target: Window | HTMLElement, options: AttachOptions, onScan: (scan: WedgeScan) => void): WedgeHandle {
  const { ignore, clock = pageClock, timerGraceMs = 0, ...thresholds } = options;
  const detector = new WedgeDetector<KeyboardEvent>(thresholds);
  let timer: unknown = null;
  // Event timeStamps and the clock may use different origins (jsdom uses the epoch): keep both
  // for the last event and convert.
  let lastStamp = 0;
  let lastClock = 0;
  // How late the last keystroke reached us (browsers stamp events on the clock performance.now()
  // reads). A busy machine or a remote desktop delivers keystrokes late and bunched; the pause
  // timer then waits that much longer so the rest of a burst still on its way is not cut off.
  let lag = 0;
  // The worst delivery delay seen in the burst held now: a burst that has been arriving late may
  // go on arriving late to its end, whatever its last keystroke managed.
  let burstLag = 0;
  const stampNow = (): number => lastStamp + (clock.now() - lastClock);

  const apply = (s: WedgeStep<KeyboardEvent>): void => {
    for (const ev of s.release) replay(ev);
    for (const scan of s.scans) {
      try {
        onScan(scan);
      } catch (err) {
        // A failing handler must not leave keystrokes held or break the next scan.
        console.error('wedge onScan handler failed', err);
      }
    }
  };

  const schedule = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const now = stampNow();
    const at = detector.deadline(now);
    if (at === null) return;
    const grace = timerGraceMs + Math.min(2 * Math.max(lag, burstLag), 5_000) + (detector.scanUnderWay(now) ? SCAN_GRACE_MS : 0);
    const delay = at - now + grace;
    const due = clock.now() + delay;
    let waitedForStall = false;
    const fire = (): void => {
      // A timer that fires well after its time means this page was starved of CPU: keystrokes
      // sent meanwhile may still be on their way. Give them as long again, once, before ending.
      const starved = clock.now() - due;
      if (!waitedForStall && starved > STARVED_MS) {
        waitedForStall = true;
        timer = clock.setTimeout(fire, Math.min(starved, 1_000));
        return;
      }
      timer = null;
      apply(detector.tick(stampNow()));
      schedule();
    };
    timer = clock.setTimeout(fire, delay);
  };

  const onKey = (e: Event): void => {
    const ev = e as KeyboardEvent;
    if (replayed.has(ev)) return;
    if (ignore?.(ev.target)) return;
    lastStamp = ev.timeStamp;
    lastClock = clock.now();
    const late = lastClock - lastStamp;
    lag = late > 0 && late < 10_000 ? late : 0;
    burstLag = detector.holding ? Math.max(burstLag, lag) : lag;
    const s = detector.feed(ev, ev);
    if (s.action !== 'pass') {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
    apply(s);
    schedule();
  };

  target.addEventListener('keydown', onKey, { capture: true });
  target.addEventListener('keyup', onKey, { capture: true });

  const flush = (): void => {
    apply(detector.flush(stampNow()));
    schedule();
  };
  const onBlur = (): void => flush();
  const win = 'document' in target ? target : target.ownerDocument.defaultView;
  win?.addEventListener('blur', onBlur);

  return {
    options: detector.options,
    get holding() {
      return detector.holding;
    },
    flush,
    detach() {
      flush();
      if (timer !== null) clock.clearTimeout(timer);
      target.removeEventListener('keydown', onKey, { capture: true });
      target.removeEventListener('keyup', onKey, { capture: true });
      win?.removeEventListener('blur', onBlur);
    },
  };
}

/** Re-dispatches a held keystroke and performs the text insertion the browser would have done. */
function replay(original: KeyboardEvent): void {
  const doc = (original.target as Node | null)?.ownerDocument ?? (globalThis.document as Document | undefined);
  if (!doc) return;
  const aimed = original.target as Element | null;
  const el: Element | null = aimed && aimed.isConnected && aimed.nodeType === 1 ? aimed : doc.activeElement;
  if (!el) return;
  const view = doc.defaultView ?? globalThis;
  const KE = (view as unknown as { KeyboardEvent: typeof KeyboardEvent }).KeyboardEvent;
  const copy = new KE(original.type, {
    key: original.key,
    code: original.code,
    location: original.location,
    repeat: original.repeat,
    isComposing: original.isComposing,
    shiftKey: original.shiftKey,
    ctrlKey: original.ctrlKey,
    altKey: original.altKey,
    metaKey: original.metaKey,
    bubbles: true,
    cancelable: true,
    composed: true,
  });
  // keyCode/which cannot be set through the constructor in every engine.
  for (const p of ['keyCode', 'which', 'charCode'] as const) Object.defineProperty(copy, p, { value: original[p] });
  replayed.add(copy);
  const proceed = el.dispatchEvent(copy);
  if (original.type === 'keydown' && proceed && isTextKey(original.key)) insertText(el, original.key);
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'password', 'email', 'number', '']);

function insertText(el: Element, text: string): void {
  const view = el.ownerDocument.defaultView ?? globalThis;
  const IE = (view as unknown as { InputEvent: typeof InputEvent }).InputEvent;
  const tag = el.tagName;
  const field = el as HTMLInputElement | HTMLTextAreaElement;
  const isField = tag === 'TEXTAREA' || (tag === 'INPUT' && TEXT_INPUT_TYPES.has((el as HTMLInputElement).type));
  if (isField) {
    if (field.disabled || field.readOnly) return;
    if (field.maxLength >= 0 && field.value.length >= field.maxLength) return;
    const before = new IE('beforeinput', { bubbles: true, cancelable: true, inputType: 'insertText', data: text });
    if (!el.dispatchEvent(before)) return;
    let start: number | null = null;
    try {
      start = field.selectionStart;
    } catch {
      start = null;
    }
    if (start !== null && typeof field.setRangeText === 'function') {
      field.setRangeText(text, start, field.selectionEnd ?? start, 'end');
    } else {
      // type=number/email have no selection API: append through the prototype's setter so
      // frameworks tracking `value` (React) notice the change.
      const proto = Object.getPrototypeOf(field) as object;
      const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
      if (setter) setter.call(field, field.value + text);
      else field.value += text;
    }
    el.dispatchEvent(new IE('input', { bubbles: true, inputType: 'insertText', data: text }));
    return;
  }
  if ((el as HTMLElement).isContentEditable) {
    el.ownerDocument.execCommand('insertText', false, text);
  }
}
