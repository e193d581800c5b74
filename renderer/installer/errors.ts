// Errors from the core arrive as CallError (a stable code and words). English shows the core's
// words; Arabic the words for the code, with the facts the core sent (renderer/i18n/errors.ts).
import { CallError } from '../api/transport.ts';
import { errorWords } from '../i18n/errors.ts';
import type { Lang } from '../i18n/i18n.ts';
import { installerText } from '../i18n/installer.ts';

export function errorText(err: unknown, lang: Lang = 'en'): string {
  if (err instanceof CallError) return errorWords(lang, err.code, err.message, err.details);
  return installerText(lang, 'noAnswer');
}

export function isExpired(err: unknown): boolean {
  return err instanceof CallError && err.code === 'NOT_ALLOWED';
}
