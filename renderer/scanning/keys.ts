// Decoding a keystroke into the character a keyboard-wedge scanner meant to send.
//
// Scanners emulate a US keyboard: they send HID usages (physical keys), and the OS layout turns
// those into `key`. With an Arabic layout KeyA arrives as key "ش", with a Chinese IME keydown
// arrives as key "Process" / keyCode 229. `code` names the physical key and is untouched by both,
// so the scan text is decoded from `code` with the US shift table; `key` is only a fallback for
// events that carry no `code` (virtual keyboards, some remote desktops), where Arabic-Indic digits
// are normalised to ASCII.

/** The fields of a KeyboardEvent the detector reads; a real KeyboardEvent satisfies it. */
export interface KeyLike {
  readonly type: string; // 'keydown' | 'keyup'
  readonly code: string;
  readonly key: string;
  readonly keyCode?: number;
  readonly isComposing?: boolean;
  readonly timeStamp: number;
  readonly shiftKey?: boolean;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
}

const US_SHIFTED_DIGITS = ')!@#$%^&*(';
const US_PUNCTUATION: Record<string, [string, string]> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'OS', 'Hyper', 'Super']);
const MODIFIER_CODES = /^(Shift|Control|Alt|Meta|OS)(Left|Right)$|^(CapsLock|NumLock|ScrollLock|Fn)$/;

/** Arabic-Indic (U+0660…) and Eastern Arabic-Indic / Persian (U+06F0…) digits, and full-width digits
 * an IME in full-width mode produces, to ASCII. Everything else is left as it is. */
export function normaliseDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x0660 && c <= 0x0669) out += String.fromCharCode(48 + c - 0x0660);
    else if (c >= 0x06f0 && c <= 0x06f9) out += String.fromCharCode(48 + c - 0x06f0);
    else if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(48 + c - 0xff10);
    else out += ch;
  }
  return out;
}

/** True for Shift, Control, Alt, Meta, CapsLock…: keys that type nothing on their own. */
export function isModifier(ev: KeyLike): boolean {
  return MODIFIER_KEYS.has(ev.key) || MODIFIER_CODES.test(ev.code);
}

/** True while an input method owns the keystroke (Chrome reports keyCode 229 / key "Process"). */
export function isImeKeystroke(ev: KeyLike): boolean {
  return ev.isComposing === true || ev.keyCode === 229 || ev.key === 'Process';
}

/** Enter or Tab: the suffixes scanners are configured to send after a code. */
export function terminatorOf(ev: KeyLike): 'Enter' | 'Tab' | null {
  if (ev.code === 'Enter' || ev.code === 'NumpadEnter' || ev.key === 'Enter') return 'Enter';
  if (ev.code === 'Tab' || ev.key === 'Tab') return 'Tab';
  return null;
}

/** True when the browser would insert `key` as text: one character, or a multi-character value
 * that is not a named key (the Arabic layout's lam-alef "لا" on KeyB is two code points). */
export function isTextKey(key: string): boolean {
  if (key.length === 0) return false;
  if ([...key].length === 1) return key >= ' ' && key !== '\u007f';
  return !/^[A-Z][A-Za-z0-9]+$/.test(key);
}

/**
 * The character the scanner sent, decoded from the physical key; null when the keystroke is not
 * one a scanner types (named keys, shortcuts with Ctrl/Alt/Meta, unknown physical keys).
 */
export function decodeScanChar(ev: KeyLike): string | null {
  if (ev.ctrlKey || ev.altKey || ev.metaKey) return null;
  const code = ev.code;
  const shift = ev.shiftKey === true;
  // CapsLock is ignored on purpose: a scanner sends Shift for capitals, and with CapsLock on the OS
  // would turn its "A" into "a" — the physical key plus Shift is what the scanner meant.
  if (code.length === 4 && code.startsWith('Key')) {
    const letter = code[3]!;
    if (letter >= 'A' && letter <= 'Z') return shift ? letter : letter.toLowerCase();
  }
  if (code.length === 6 && code.startsWith('Digit')) {
    const d = code.charCodeAt(5) - 48;
    if (d >= 0 && d <= 9) return shift ? US_SHIFTED_DIGITS[d]! : String(d);
  }
  if (code.length === 7 && code.startsWith('Numpad')) {
    const d = code.charCodeAt(6) - 48;
    // NumLock off turns Numpad1 into "End": then it is a navigation key, not a digit.
    if (d >= 0 && d <= 9 && (ev.key === String(d) || !isKnownNamedKey(ev.key) || isImeKeystroke(ev))) return String(d);
    return null;
  }
  const punct = US_PUNCTUATION[code];
  if (punct) return shift ? punct[1] : punct[0];
  if (code === '' || code === 'Unidentified') {
    // No physical key: trust `key` only for what a scan may contain.
    const k = normaliseDigits(ev.key);
    if (k.length === 1 && k >= '!' && k <= '~') return k;
  }
  return null;
}

function isKnownNamedKey(key: string): boolean {
  return key.length > 1 && /^[A-Z][A-Za-z0-9]+$/.test(key) && key !== 'Process' && key !== 'Unidentified';
}
