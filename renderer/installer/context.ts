import { createContext, useContext } from 'react';
import type { Lang } from '../i18n/i18n.ts';
import { installerText, type InstallerKey } from '../i18n/installer.ts';

export const InstallerLangContext = createContext<Lang>('en');

export function useLang(): Lang {
  return useContext(InstallerLangContext);
}

export function useInstallerT(): (key: InstallerKey, vars?: Record<string, string | number>) => string {
  const lang = useLang();
  return (key, vars) => installerText(lang, key, vars);
}
