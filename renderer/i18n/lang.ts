// The language a person chose, kept in the window's localStorage under the key the cashier store
// uses (renderer/state/cashier.ts, 'souq.lang'), so the installer screens open in the cashier's
// language and a toggle on either screen is remembered by both.
import type { Lang } from './i18n.ts';

export const LANG_KEY = 'souq.lang';

export type LangStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The window's localStorage, or null where it is refused (a sandboxed or file:// page). */
export function windowStorage(): LangStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readLang(storage: LangStorage | null): Lang {
  try {
    return storage?.getItem(LANG_KEY) === 'ar' ? 'ar' : 'en';
  } catch {
    return 'en';
  }
}

export function saveLang(storage: LangStorage | null, lang: Lang): void {
  try {
    storage?.setItem(LANG_KEY, lang);
  } catch {
    // A full or refused storage only means the choice is not remembered.
  }
}
