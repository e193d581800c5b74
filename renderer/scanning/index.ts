// Keyboard-wedge scanning for the cashier window.
//
// Usage (cashier window; once, e.g. in a top-level useEffect):
//
//   import { attachWedge, IME_WARNING, imeWarningFor, watchIme } from '../scanning/index.ts';
//
//   const wedge = attachWedge(window, settings.wedge ?? {}, (scan) => {
//     // scan.text: the code, ASCII, decoded from physical keys (Arabic layout / IME safe)
//     // scan.terminator: 'Enter' | 'Tab' | 'pause' | 'interrupted'; scan.perKeyMs: scanner pace
//     if (imeWarningFor(scan)) showBanner(IME_WARNING);     // an input method saw the keystrokes
//     onScanned(scan.text);                                // → classifyScan(text) → payment / line / reason
//   });
//   const stopIme = watchIme(window, ({ warning }) => setImeBanner(warning)); // live "switch to English"
//   return () => { wedge.detach(); stopIme(); };
//
// Nothing of a recognised scan reaches the page: its keystrokes and its Enter/Tab suffix are
// swallowed in the capture phase. A burst is judged as a whole once its suffix or pause arrives, so
// a stall or a late key-up on a busy till does not cut a character off a scan; a scan without
// suffix is reported up to ≈ 200 ms later than its last key when it may still be arriving
// (wedge.holding is true meanwhile). A person's typing is held for ≈45–120 ms and then replayed into
// the focused field (see attach.ts), so fields and key handlers keep working; handlers see the
// replayed copies (isTrusted === false). Options (all optional, see WedgeOptions): minLength 8,
// maxLength 64, maxKeyGapMs 100, endPauseMs 200, maxDurationMs 5000, maxDwellMs 45; calibrate()
// suggests values for a given scanner from a test scan (installer screen), `ignore` exempts
// fields (e.g. a PIN pad). In end-to-end tests type scans with scanWithCdp (test/bench/wedge/cdp.ts).
export { attachWedge, type AttachOptions, type WedgeClock, type WedgeHandle } from './attach.ts';
export { WedgeDetector, DEFAULT_WEDGE_OPTIONS, type WedgeOptions, type WedgeScan, type WedgeStep, type WedgeTerminator } from './detector.ts';
export { calibrate, type Calibration, type CalibrationNote, type TimingSummary } from './calibrate.ts';
export { IME_WARNING, imeWarningFor, watchIme, type ImeState, type ImeWarning } from './ime.ts';
export { decodeScanChar, normaliseDigits, isImeKeystroke, type KeyLike } from './keys.ts';
