// The manager screens' language (English or Arabic, chosen on the screen) and how an error reads.
import { createContext, useContext } from 'react';
import { CallError } from '../api/transport.ts';
import type { Lang } from '../i18n/i18n.ts';
import { managerText, type ManagerKey } from '../i18n/manager.ts';

export const LangContext = createContext<Lang>('en');

export type Words = (key: ManagerKey, vars?: Record<string, string | number>) => string;

export function useWords(): { t: Words; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: (key, vars) => managerText(lang, key, vars), lang };
}

/** The core's own words for a refused call (they say what to do); never a stack trace. */
export function errorText(err: unknown, t: Words): string {
  if (err instanceof CallError) return err.message;
  return t('noAnswer');
}

export function errorCode(err: unknown): string | null {
  return err instanceof CallError ? err.code : null;
}
