// Words, numbers and dates for the screens. Money keeps Western digits in every language (money.ts);
// dates and times are always shown in the shop's zone, Asia/Dubai.
import { formatMoney, type Money } from '../../app/domain/money.ts';
import { ar } from './ar.ts';
import { en, type MessageKey, type Messages } from './en.ts';

export type Lang = 'en' | 'ar';
const catalogues: Record<Lang, Messages> = { en, ar };

export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(catalogues[lang][key], vars);
}

/**
 * A sale line's name as the screen shows it: a product by its catalogue name, a keyed amount by the
 * message file's words (the line stores the core's English name, which the CLI and reports read).
 */
export function lineName(line: { kind: 'product' | 'keyed'; name: string }, lang: Lang): string {
  return line.kind === 'keyed' ? translate(lang, 'keyedItem') : line.name;
}

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

export function money(m: Money, lang: Lang | 'zh' = 'en'): string {
  return formatMoney(m, lang === 'ar' ? 'ar-AE' : lang === 'zh' ? 'zh-CN' : 'en-AE');
}

export function dateTime(iso: string, lang: Lang | 'zh' = 'en'): string {
  const locale = lang === 'ar' ? 'ar-AE-u-nu-latn' : lang === 'zh' ? 'zh-CN' : 'en-AE';
  return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Dubai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * AED fils → indicative CNY fen, with the rate as decimal text ("1.94"): integer arithmetic only,
 * rounded half up to the fen.
 */
export function indicativeCny(aed: Money, rate: string): Money {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(rate);
  if (!m) return { minor: 0, currency: 'CNY' };
  const frac = (m[2] ?? '').padEnd(6, '0');
  const scaled = BigInt(m[1]!) * 1_000_000n + BigInt(frac);
  const fen = (BigInt(aed.minor) * scaled + 500_000n) / 1_000_000n;
  return { minor: Number(fen), currency: 'CNY' };
}
