// The manager screens' language (English or Arabic, chosen on the screen) and how a refusal from
// the core reads: English keeps the core's own sentence (it names the day, the Z, the amounts);
// Arabic gets words chosen by the error's code, with the core's sentence beside them, isolated
// left to right, for the details (the same rule as the cashier, installer and attention screens).
import { createContext, useContext, type ReactNode } from 'react';
import { CallError } from '../api/transport.ts';
import type { Money } from '../../app/domain/money.ts';
import { money, type Lang } from '../i18n/i18n.ts';
import { wordsForError } from '../i18n/errors.ts';
import { managerErrorWords, managerText, type ManagerKey } from '../i18n/manager.ts';

export const LangContext = createContext<Lang>('en');

export type Words = (key: ManagerKey, vars?: Record<string, string | number>) => string;

export function useWords(): { t: Words; lang: Lang } {
  const lang = useContext(LangContext);
  return { t: (key, vars) => managerText(lang, key, vars), lang };
}

/** Something the screen says: words, and the amount or the core's own sentence they are about. */
export interface Said {
  text: string;
  amount?: Money;
  /** The core's sentence, shown isolated beside Arabic words. */
  detail?: string;
  code?: string | null;
}

/** What the screen says for a refused or failed call. */
export function saidOf(err: unknown, lang: Lang): Said {
  if (!(err instanceof CallError)) return { text: managerText(lang, 'noAnswer') };
  if (lang === 'en') return { text: err.message, code: err.code };
  const words = managerErrorWords(err.code, lang) ?? wordsForError(err.code, lang, err.details);
  return words ? { text: words, detail: err.message, code: err.code } : { text: err.message, code: err.code };
}

export function errorCode(err: unknown): string | null {
  return err instanceof CallError ? err.code : null;
}

export function SaidText({ said, lang }: { said: Said; lang: Lang }): ReactNode {
  return (
    <>
      {said.text}
      {said.amount && (
        <>
          {' '}
          <bdi>{money(said.amount, lang)}</bdi>
        </>
      )}
      {said.detail && (
        <>
          {' '}
          <bdi dir="ltr" lang="en" className="manager-detail">
            ({said.detail})
          </bdi>
        </>
      )}
    </>
  );
}
