// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachWedge, type WedgeClock, type WedgeHandle } from '../../../renderer/scanning/attach.ts';
import { IME_WARNING, watchIme, type ImeState } from '../../../renderer/scanning/ime.ts';
import type { WedgeScan } from '../../../renderer/scanning/detector.ts';
import { burst, merge, seeded, typed, type Key } from './keystrokes.ts';

/** Timers that run only when the test moves time on. */
class TestClock implements WedgeClock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): number => {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown): void => void this.timers.delete(h as number);
  /** The page gets no CPU for `ms`: time passes, no timer runs. */
  starve(ms: number): void {
    this.t += ms;
  }
  advanceTo(t: number): void {
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= t).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = Math.max(this.t, t);
  }
}

let clock: TestClock;
let input: HTMLInputElement;
let scans: WedgeScan[];
let handle: WedgeHandle;

function play(keys: Key[]): void {
  for (const k of keys) {
    clock.advanceTo(k.timeStamp);
    const ev = new KeyboardEvent(k.type, { key: k.key, code: k.code, shiftKey: k.shiftKey, isComposing: k.isComposing, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'keyCode', { value: k.keyCode });
    Object.defineProperty(ev, 'timeStamp', { value: k.timeStamp });
    (document.activeElement ?? document.body).dispatchEvent(ev);
  }
  clock.advanceTo(clock.t + 5000);
}

beforeEach(() => {
  document.body.innerHTML = '<input id="search" type="text"><input id="qty" type="number">';
  input = document.getElementById('search') as HTMLInputElement;
  input.focus();
  clock = new TestClock();
  scans = [];
  handle = attachWedge(window, { clock }, (s) => scans.push(s));
});

afterEach(() => handle.detach());

describe('attachWedge on a page', () => {
  it('a scan while a text field has focus reports the code and leaves the field empty', () => {
    const seen: string[] = [];
    input.addEventListener('keydown', (e) => seen.push(e.key));
    play(burst('2810123456782345', { paceMs: 6, suffix: 'Enter' }));
    expect(scans.map((s) => s.text)).toEqual(['2810123456782345']);
    expect(input.value).toBe('');
    expect(seen).toEqual([]);
  });

  it("a person's typing reaches the focused field in order, with input events a framework listens to", () => {
    let inputs = 0;
    input.addEventListener('input', () => inputs++);
    const r = seeded(3);
    play(typed('saffron tea', () => 90 + 250 * r(), () => 70 + 50 * r()));
    expect(scans).toEqual([]);
    expect(input.value).toBe('saffron tea');
    expect(inputs).toBe('saffron tea'.length);
  });

  it('typing goes in at the caret, not at the end', () => {
    input.value = 'tea';
    input.setSelectionRange(0, 0);
    play(typed('mint ', () => 200));
    expect(input.value).toBe('mint tea');
  });

  it("the page's own key handlers see a person's keystrokes, and the Enter after an amount comes after its digits", () => {
    const seen: string[] = [];
    window.addEventListener('keydown', (e) => seen.push(e.key));
    play(typed('250\n', () => 200));
    expect(seen).toEqual(['2', '5', '0', 'Enter']);
    expect(input.value).toBe('250');
  });

  it('a handler that cancels a keydown keeps its text out of the field, as the browser would', () => {
    input.addEventListener('keydown', (e) => {
      if (e.key === 'x') e.preventDefault();
    });
    play(typed('axb', () => 200));
    expect(input.value).toBe('ab');
  });

  it('a scan arriving while the cashier types in a search field: exact code, no digit in the field', () => {
    const r = seeded(11);
    const person = typed('gold ring', () => 160 + 150 * r(), () => 70 + 50 * r());
    const scan = burst('6212345678901234567', { paceMs: 12, suffix: 'Enter', start: 500 });
    play(merge(person, scan));
    expect(scans.map((s) => s.text)).toEqual(['6212345678901234567']);
    expect(input.value).toBe('gold ring');
  });

  it('the last keys of a scan without suffix that reach a busy page 150 ms late still join it', () => {
    const keys = burst('6291041500213', { paceMs: 15, suffix: null, seed: 4 });
    const cut = keys.findIndex((k) => k.type === 'keydown' && k.code === 'Digit2' && k.timeStamp > 100);
    // Stamped when the scanner sent them, delivered in one bunch 150 ms after their time.
    const lateAt = keys[cut]!.timeStamp + 150;
    for (const [i, k] of keys.entries()) {
      clock.advanceTo(i < cut ? k.timeStamp : lateAt);
      const ev = new KeyboardEvent(k.type, { key: k.key, code: k.code, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'keyCode', { value: k.keyCode });
      Object.defineProperty(ev, 'timeStamp', { value: k.timeStamp });
      (document.activeElement ?? document.body).dispatchEvent(ev);
    }
    clock.advanceTo(clock.t + 5000);
    expect(scans.map((x) => x.text)).toEqual(['6291041500213']);
    expect(input.value).toBe('');
  });

  it("a scan whose first key-up and next keys reach the page 150 ms late keeps its first character", () => {
    const keys = burst('S-GHOGQTTXT', { paceMs: 78, suffix: 'Enter', seed: 6 });
    const send = (k: Key): void => {
      const ev = new KeyboardEvent(k.type, { key: k.key, code: k.code, shiftKey: k.shiftKey, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'keyCode', { value: k.keyCode });
      Object.defineProperty(ev, 'timeStamp', { value: k.timeStamp });
      (document.activeElement ?? document.body).dispatchEvent(ev);
    };
    clock.advanceTo(keys[0]!.timeStamp);
    send(keys[0]!);
    clock.advanceTo(keys[0]!.timeStamp + 150);
    for (const k of keys.slice(1)) {
      clock.advanceTo(Math.max(clock.t, k.timeStamp));
      send(k);
    }
    clock.advanceTo(clock.t + 5000);
    expect(scans.map((x) => x.text)).toEqual(['S-GHOGQTTXT']);
    expect(input.value).toBe('');
  });

  it('a page starved of CPU mid-scan waits for the rest of the scan before ending it', () => {
    const keys = burst('6291041500213', { paceMs: 15, suffix: null, seed: 5 });
    const cut = keys.findIndex((k) => k.type === 'keydown' && k.code === 'Digit2' && k.timeStamp > 100);
    const send = (k: Key): void => {
      const ev = new KeyboardEvent(k.type, { key: k.key, code: k.code, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'keyCode', { value: k.keyCode });
      Object.defineProperty(ev, 'timeStamp', { value: k.timeStamp });
      (document.activeElement ?? document.body).dispatchEvent(ev);
    };
    for (const k of keys.slice(0, cut)) {
      clock.advanceTo(k.timeStamp);
      send(k);
    }
    // Half a second without CPU; then the pause timer runs first, the rest of the scan 60 ms later.
    clock.starve(500);
    clock.advanceTo(clock.t + 1);
    clock.advanceTo(clock.t + 60);
    for (const k of keys.slice(cut)) send(k);
    clock.advanceTo(clock.t + 5000);
    expect(scans.map((x) => x.text)).toEqual(['6291041500213']);
    expect(input.value).toBe('');
  });

  it('a number field gets typed digits too', () => {
    const qty = document.getElementById('qty') as HTMLInputElement;
    qty.focus();
    play(typed('12', () => 200));
    expect(qty.value).toBe('12');
  });

  it('fields the page exempts are left alone', () => {
    handle.detach();
    handle = attachWedge(window, { clock, ignore: (t) => (t as Element | null)?.id === 'search' }, (s) => scans.push(s));
    play(burst('2810123456782345', { paceMs: 6, suffix: 'Enter' }));
    expect(scans).toEqual([]);
  });

  it('a failing scan handler does not leave keystrokes held', () => {
    handle.detach();
    handle = attachWedge(window, { clock }, () => {
      throw new Error('boom');
    });
    const original = console.error;
    console.error = () => {};
    try {
      play(burst('2810123456782345', { paceMs: 6, suffix: 'Enter' }));
      play(typed('ok', () => 200, () => 100, clock.t + 1000));
    } finally {
      console.error = original;
    }
    expect(input.value).toBe('ok');
  });
});

describe('the IME warning', () => {
  it('asks to switch to English while an input method composes, and clears when it ends', () => {
    const states: ImeState[] = [];
    const stop = watchIme(window, (s) => states.push(s));
    const ev = new KeyboardEvent('keydown', { key: 'Process', code: 'KeyN', bubbles: true });
    Object.defineProperty(ev, 'keyCode', { value: 229 });
    input.dispatchEvent(ev);
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '你' }));
    stop();
    expect(states).toEqual([
      { composing: true, warning: IME_WARNING },
      { composing: false, warning: null },
    ]);
    expect(IME_WARNING.message).toMatch(/switch the keyboard to English/);
  });
});
