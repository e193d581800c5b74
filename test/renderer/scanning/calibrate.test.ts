import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../renderer/scanning/calibrate.ts';
import { DEFAULT_WEDGE_OPTIONS } from '../../../renderer/scanning/detector.ts';
import { decodeScanChar, normaliseDigits } from '../../../renderer/scanning/keys.ts';
import { burst, detect } from './keystrokes.ts';

describe('calibrating a scanner with a test scan', () => {
  it('measures a 20 ms scanner, reads the test code and keeps the defaults, which already fit it', () => {
    const c = calibrate(burst('4006381333931', { paceMs: 20, jitter: 0.1, suffix: 'Enter' }));
    expect(c.ok).toBe(true);
    expect(c.texts).toEqual(['4006381333931']);
    expect(c.perKeyMs!.median).toBeGreaterThanOrEqual(19);
    expect(c.perKeyMs!.median).toBeLessThanOrEqual(24);
    expect(c.suffix).toBe('Enter');
    expect(c.suggested).toEqual(DEFAULT_WEDGE_OPTIONS);
    expect(c.notes).toEqual([]);
  });

  it('suggests thresholds that make a slow scanner work and says it is slow', () => {
    const test = burst('4006381333931', { paceMs: 140, jitter: 0.1, suffix: null, seed: 4 });
    const c = calibrate(test);
    expect(c.notes.map((n) => n.code)).toEqual(['WEDGE_SCANNER_SLOW', 'WEDGE_NO_SUFFIX']);
    expect(detect(test).scans).toEqual([]);
    const scan = burst('9501101530003', { paceMs: 140, jitter: 0.1, suffix: null, seed: 5 });
    expect(detect(scan, c.suggested).scans.map((s) => s.text)).toEqual(['9501101530003']);
  });

  it('takes several test scans and warns about an input method and a non-English layout', () => {
    const a = burst('12345678', { paceMs: 10, suffix: 'Enter', layout: 'ime' });
    const b = burst('87654321', { paceMs: 10, suffix: 'Enter', layout: 'arabic', start: 5000 });
    const c = calibrate([a, b]);
    expect(c.texts).toEqual(['12345678', '87654321']);
    expect(c.composing).toBe(true);
    expect(c.notes.map((n) => n.code)).toEqual(expect.arrayContaining(['WEDGE_IME_COMPOSING', 'WEDGE_LAYOUT_NOT_US']));
  });

  it('says so when nothing was scanned', () => {
    const c = calibrate([]);
    expect(c.ok).toBe(false);
    expect(c.notes[0]!.code).toBe('WEDGE_CALIBRATION_EMPTY');
  });
});

describe('decoding keys', () => {
  it('reads the physical key, not the layout, and leaves out keys no scanner sends', () => {
    const k = (code: string, key: string, more: object = {}) => decodeScanChar({ type: 'keydown', code, key, timeStamp: 0, ...more });
    expect(k('KeyA', 'ش')).toBe('a');
    expect(k('KeyA', 'ش', { shiftKey: true })).toBe('A');
    expect(k('Digit7', '٧')).toBe('7');
    expect(k('Numpad4', '4')).toBe('4');
    expect(k('Numpad1', 'End')).toBeNull();
    expect(k('KeyC', 'c', { ctrlKey: true })).toBeNull();
    expect(k('ArrowLeft', 'ArrowLeft')).toBeNull();
    expect(k('', '٣')).toBe('3');
  });

  it('normalises Arabic-Indic, Persian and full-width digits', () => {
    expect(normaliseDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ０１２')).toBe('0123456789 0123456789 012');
  });
});
