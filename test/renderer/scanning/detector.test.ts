import { describe, expect, it } from 'vitest';
import { burst, detect, merge, seeded, textOf, typed } from './keystrokes.ts';
import { WedgeDetector } from '../../../renderer/scanning/detector.ts';
import { scannerStream } from '../../bench/wedge/realclock.ts';
import type { Key } from './keystrokes.ts';

/** A scanner burst from the real-clock bench's model, as keystrokes. */
const stalledBurst = (...args: Parameters<typeof scannerStream>): Key[] =>
  scannerStream(...args).map((e) => ({ type: e.type, timeStamp: e.t, code: e.code, key: e.key, keyCode: e.keyCode, shiftKey: e.shift === true, isComposing: e.composing === true }));

const codeOf = (n: number, seed: number): string => {
  const r = seeded(seed);
  return Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
};

describe('scanner bursts', () => {
  it('are recognised exactly at every pace from 2 to 80 ms a key, 8 to 32 characters, with and without suffix', () => {
    let seed = 1;
    for (const paceMs of [2, 5, 10, 20, 35, 50, 65, 80]) {
      for (const n of [8, 13, 19, 32]) {
        for (const suffix of ['Enter', 'Tab', null] as const) {
          const code = codeOf(n, seed++);
          const out = detect(burst(code, { paceMs, suffix, seed }));
          expect(out.scans.map((s) => s.text), `pace ${paceMs} length ${n} suffix ${suffix}`).toEqual([code]);
          expect(out.scans[0]!.terminator).toBe(suffix ?? 'pause');
          expect(out.released).toEqual([]);
        }
      }
    }
  });

  it('keep their letters, capitals and hyphens', () => {
    const out = detect(burst('SKU-4711-ab-XY', { paceMs: 12, suffix: 'Enter' }));
    expect(out.scans.map((s) => s.text)).toEqual(['SKU-4711-ab-XY']);
  });

  it('swallow every keystroke of the scan, the Enter suffix included', () => {
    const keys = burst('2810123456782345', { paceMs: 8, suffix: 'Enter' });
    const out = detect(keys);
    for (const k of keys) expect(out.actions.get(k), `${k.type} ${k.code}`).not.toBe('pass');
    expect(out.actions.get(keys.find((k) => k.code === 'Enter' && k.type === 'keydown')!)).toBe('swallow');
  });

  it('report the scanner pace', () => {
    const [scan] = detect(burst('6212345678901234567', { paceMs: 20, jitter: 0, suffix: 'Enter' })).scans;
    expect(scan!.perKeyMs).toBeGreaterThanOrEqual(20);
    expect(scan!.perKeyMs).toBeLessThanOrEqual(22);
  });
});

describe('scanner bursts on a busy machine', () => {
  it('a stall right after the first key, with its key-up caught in it, still gives the whole code (not 23 of 24 digits)', () => {
    let seed = 1;
    for (const paceMs of [2, 4, 8, 15, 30]) {
      for (const stall of [20, 40, 60]) {
        for (const suffix of ['Enter', 'Tab', null] as const) {
          const code = codeOf(24, seed);
          const out = detect(stalledBurst({ code, layout: 'us', paceMs, suffix, seed: seed++, stalls: { 0: stall }, holds: { 0: Math.min(20, paceMs + stall - 1) } }));
          expect(out.scans.map((x) => x.text), `pace ${paceMs} stall ${stall} suffix ${suffix}`).toEqual([code]);
          expect(out.released).toEqual([]);
        }
      }
    }
  });

  it('a 20–60 ms stall anywhere inside a burst does not end it', () => {
    let seed = 100;
    for (const paceMs of [2, 5, 10, 25, 50, 80]) {
      for (let at = 0; at < 17; at += 4) {
        const code = codeOf(18, seed);
        const stall = 20 + ((seed * 7) % 41);
        const out = detect(stalledBurst({ code, layout: seed % 2 ? 'arabic' : 'us', paceMs, suffix: seed % 3 ? 'Enter' : null, seed: seed++, stalls: { [at]: stall } }));
        expect(out.scans.map((x) => x.text), `pace ${paceMs} stall ${stall} ms after key ${at}`).toEqual([code]);
      }
    }
  });

  it('a slow scanner that holds each key 20–25 ms and stalls now and then gives the whole code (as the real-clock bench recorded it)', () => {
    // Keystrokes as a page on a busy machine saw them: "d:" key-down, "u:" key-up, @ event.timeStamp.
    const recorded = [
      'd:Digit6@0.0 u:Digit6@22.1 d:Digit2@89.4 u:Digit2@107.2 d:Digit0@202.8 u:Digit0@223.2 d:Digit6@299.9 u:Digit6@324.3 d:Digit6@366.2 u:Digit6@388.5 d:Digit9@441.3 u:Digit9@463.7 d:Digit8@525.4 u:Digit8@543.2 d:Digit4@614.0 u:Digit4@636.7 d:Digit3@696.1 u:Digit3@718.8 d:Digit1@776.8 u:Digit1@798.1 d:Digit7@853.8 u:Digit7@874.1 d:Digit2@927.1 u:Digit2@948.0 d:Digit0@1002.3 u:Digit0@1022.9 d:Digit6@1060.9 u:Digit6@1083.8 d:Digit4@1135.8 u:Digit4@1155.8 d:Digit4@1206.3 u:Digit4@1226.0 d:Digit1@1299.2 u:Digit1@1316.4 d:Digit0@1390.6 u:Digit0@1413.8 d:Digit9@1471.4 u:Digit9@1495.8 d:Enter@1563.0 u:Enter@1581.2',
      'd:Digit2@0.0 u:Digit2@21.4 d:Digit8@62.7 u:Digit8@86.5 d:Digit4@132.7 u:Digit4@151.6 d:Digit9@234.4 u:Digit9@257.9 d:Digit2@302.8 u:Digit2@326.6 d:Digit1@399.8 u:Digit1@421.3 d:Digit7@499.1 u:Digit7@520.6 d:Digit2@565.3 u:Digit2@585.1 d:Digit5@630.8 u:Digit5@648.2 d:Digit1@712.1 u:Digit1@733.2 d:Digit3@787.5 u:Digit3@810.6 d:Digit9@869.2 u:Digit9@893.9 d:Digit4@947.5 u:Digit4@966.2 d:Digit8@1039.0 u:Digit8@1057.9 d:Digit5@1115.3 u:Digit5@1139.2 d:Digit2@1207.7 u:Digit2@1230.9 d:Digit4@1270.8 u:Digit4@1295.2 d:Digit7@1346.2 u:Digit7@1366.6 d:Digit2@1417.1 u:Digit2@1440.7 d:Digit6@1517.2 u:Digit6@1539.0',
    ];
    const expected = ['6206698431720644109', '28492172513948524726'];
    recorded.forEach((line, i) => {
      const keys: Key[] = [...line.matchAll(/([du]):(\w+)@([\d.]+)/g)].map(([, t, code, at]) => {
        const digit = code!.replace('Digit', '');
        return code === 'Enter' ? { type: t === 'd' ? 'keydown' : 'keyup', timeStamp: Number(at), code: 'Enter', key: 'Enter', keyCode: 13 } : { type: t === 'd' ? 'keydown' : 'keyup', timeStamp: Number(at), code: code!, key: digit, keyCode: 48 + Number(digit) };
      });
      expect(detect(keys).scans.map((x) => x.text)).toEqual([expected[i]]);
    });
  });

  it('a key whose key-up arrived in one bunch with the next key, after a stall, is still the scanner\'s', () => {
    for (const [i, paceMs] of [4, 12, 40].entries()) {
      const code = codeOf(19, 300 + i);
      const keys = stalledBurst({ code, layout: 'us', paceMs, suffix: 'Enter', seed: 300 + i, stalls: { 6: 70 } });
      // Key 6's key-up waited in the stall and came just before key 7's key-down.
      const downs = keys.filter((k) => k.type === 'keydown');
      const up6 = keys.find((k) => k.type === 'keyup' && k.timeStamp > downs[6]!.timeStamp)!;
      const late = keys.map((k) => (k === up6 ? { ...k, timeStamp: downs[7]!.timeStamp - 0.5 } : k));
      const out = detect(late.sort((a, b) => a.timeStamp - b.timeStamp));
      expect(out.scans.map((x) => x.text), `pace ${paceMs}`).toEqual([code]);
    }
  });
});

describe('a person typing', () => {
  it('is never taken as a scan, even a long number at 80–400 ms between keys, and comes back in order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = seeded(seed);
      const text = codeOf(8 + (seed % 12), seed + 1000);
      const keys = typed(text, () => 80 + 320 * r(), () => 60 + 80 * r());
      const out = detect(keys);
      expect(out.scans, `seed ${seed}`).toEqual([]);
      expect(textOf(out.released)).toBe(text);
    }
  });

  it("is not a scan when a fast typist rolls over keys in a 40–70 ms burst", () => {
    const r = seeded(9);
    const out = detect(typed('chocolate cardamom', () => 40 + 30 * r(), () => 80 + 30 * r()));
    expect(out.scans).toEqual([]);
    expect(textOf(out.released)).toBe('chocolate cardamom');
  });

  it('typing an amount then Enter hands the digits back before Enter goes through', () => {
    const keys = typed('1500\n', () => 180);
    const out = detect(keys);
    expect(out.scans).toEqual([]);
    expect(out.actions.get(keys.find((k) => k.code === 'Enter' && k.type === 'keydown')!)).toBe('pass');
    expect(textOf(out.released)).toBe('1500');
  });

  it('pressing a key while a scan arrives: the scan is exact and the key comes back as typing', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const paceMs = [4, 15, 30, 55, 75][seed % 5]!;
      const code = codeOf(18, seed);
      const scan = burst(code, { paceMs, suffix: seed % 2 ? 'Enter' : null, start: 400, seed });
      const r = seeded(seed + 7);
      const person = typed('tea box', () => 150 + 150 * r(), () => 70 + 60 * r(), 400 - 300 * r());
      const out = detect(merge(person, scan));
      expect(out.scans.map((s) => s.text), `seed ${seed} pace ${paceMs}`).toEqual([code]);
      expect(textOf(out.released)).toBe('tea box');
    }
  });
});

describe('two keyboards on one window', () => {
  it('a scanner that sends no key-ups is still recognised after a person typed on a keyboard that does', () => {
    // A keyboard that reports key-ups (the person), then a source that does not (a remote desktop,
    // some wedge adapters): the missing key-ups must not make every scanner key look held down.
    // The person's key-ups arrive while their keys are still held, so the detector learns key-ups exist.
    const person = typed('12345678\n', () => 150, () => 60);
    const scanner = burst('4006381333931', { paceMs: 6, suffix: 'Enter', start: 3_000 }).filter((k) => k.type === 'keydown');
    const out = detect([...person, ...scanner]);
    expect(textOf(out.released)).toBe('12345678');
    expect(out.scans.map((s) => s.text)).toEqual(['4006381333931']);
  });
});

describe('keyboard layouts and input methods', () => {
  it('an Arabic layout (key Arabic, code Latin) still yields the ASCII code', () => {
    const out = detect(burst('28ABC0123456789', { paceMs: 10, suffix: 'Enter', layout: 'arabic' }));
    expect(out.scans.map((s) => s.text)).toEqual(['28ABC0123456789']);
  });

  it('Arabic-Indic digits sent in key only (no code) are normalised to ASCII', () => {
    const out = detect(burst('281234567890123456', { paceMs: 10, suffix: 'Enter', layout: 'key-only' }));
    expect(out.scans.map((s) => s.text)).toEqual(['281234567890123456']);
  });

  it('a scan through an active Chinese IME (keyCode 229) is recognised, flagged composing, and its keys are let through', () => {
    const keys = burst('2712345678901234', { paceMs: 10, suffix: 'Enter', layout: 'ime' });
    const out = detect(keys);
    expect(out.scans.map((s) => [s.text, s.composing])).toEqual([['2712345678901234', true]]);
    for (const k of keys.filter((k) => k.keyCode === 229)) expect(out.actions.get(k)).toBe('pass');
    expect(out.released).toEqual([]);
  });

  it('an Arabic word typed by a person comes back as the Arabic text', () => {
    const out = detect(typed('asks', () => 200, () => 90, 0, 'arabic'));
    expect(out.scans).toEqual([]);
    expect(textOf(out.released)).toBe('شسنس');
  });
});

describe('thresholds', () => {
  it('a code shorter than minLength is handed back as typing', () => {
    const out = detect(burst('1234567', { paceMs: 5, suffix: 'Enter' }));
    expect(out.scans).toEqual([]);
    expect(textOf(out.released)).toBe('1234567');
  });

  it('are configurable: a slow scanner is accepted once maxKeyGapMs allows it', () => {
    const keys = burst('4006381333931', { paceMs: 150, jitter: 0.05, suffix: 'Enter' });
    expect(detect(keys).scans).toEqual([]);
    expect(detect(keys, { maxKeyGapMs: 200, endPauseMs: 400, maxDurationMs: 4000 }).scans.map((s) => s.text)).toEqual(['4006381333931']);
  });

  it('refuses a threshold that is not a positive number, saying which', () => {
    expect(() => new WedgeDetector({ maxKeyGapMs: -1 })).toThrow(/maxKeyGapMs/);
    expect(() => new WedgeDetector({ endPauseMs: 10, maxKeyGapMs: 100 })).toThrow(/endPauseMs/);
  });
});
