// Warning the cashier when an input method (e.g. Chinese Pinyin) is active. Codes are still decoded
// correctly from the physical keys, but the IME swallows the keystrokes into a composition before
// any page script can hold them, so its candidate window pops up and composed text may land in the
// focused field. The fix is on the cashier's side: switch the keyboard to English.
import { isImeKeystroke } from './keys.ts';
import type { WedgeScan } from './detector.ts';

export const IME_WARNING = Object.freeze({
  code: 'WEDGE_IME_COMPOSING',
  message: 'An input method is active on this keyboard: switch the keyboard to English (ENG) so scanned codes are not mixed into typed text.',
});

export type ImeWarning = typeof IME_WARNING;

export interface ImeState {
  composing: boolean;
  warning: ImeWarning | null;
}

/** The warning to show after a scan, or null when no input method saw it. */
export function imeWarningFor(scan: Pick<WedgeScan, 'composing'>): ImeWarning | null {
  return scan.composing ? IME_WARNING : null;
}

/**
 * Calls onChange when an input method starts or stops composing on `target` (capture phase, so a
 * field's own handlers cannot hide it). Returns a function that stops watching.
 */
export function watchIme(target: Window | HTMLElement, onChange: (state: ImeState) => void): () => void {
  let composing = false;
  const set = (next: boolean): void => {
    if (next === composing) return;
    composing = next;
    onChange({ composing, warning: composing ? IME_WARNING : null });
  };
  const onStart = (): void => set(true);
  const onEnd = (): void => set(false);
  const onKeydown = (e: Event): void => {
    const ev = e as KeyboardEvent;
    // Chrome sends keyCode 229 before compositionstart; a plain key after compositionend means the
    // IME was switched off.
    if (isImeKeystroke(ev)) set(true);
    else if (ev.key.length === 1) set(false);
  };
  target.addEventListener('compositionstart', onStart, { capture: true });
  target.addEventListener('compositionupdate', onStart, { capture: true });
  target.addEventListener('compositionend', onEnd, { capture: true });
  target.addEventListener('keydown', onKeydown, { capture: true });
  return () => {
    target.removeEventListener('compositionstart', onStart, { capture: true });
    target.removeEventListener('compositionupdate', onStart, { capture: true });
    target.removeEventListener('compositionend', onEnd, { capture: true });
    target.removeEventListener('keydown', onKeydown, { capture: true });
  };
}
