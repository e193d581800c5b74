// Counted words ("3 payments waiting", "2 tries left") by the language's own plural rules, from
// Intl.PluralRules (full ICU in Node 20 and in Chromium). Arabic has six forms — zero, one, two,
// few (3–10), many (11–99) and other (100, 101, …) — and its counted noun changes with each, so a
// "{n} item(s)" pattern cannot say it. The types make every Arabic message give all six.
export type ArabicForms = Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>;
export type EnglishForms = Record<'one' | 'other', string>;

/** One counted message in both languages; `{n}` stands for the count, other `{name}`s for vars. */
export interface Counted {
  en: EnglishForms;
  ar: ArabicForms;
}

export type PluralLang = keyof Counted;

const rules: Record<PluralLang, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  ar: new Intl.PluralRules('ar'),
};

/** The CLDR plural category of `n` in `lang`, e.g. ar: 0 → zero, 3 → few, 11 → many, 100 → other. */
export function pluralForm(lang: PluralLang, n: number): keyof ArabicForms {
  return rules[lang].select(n) as keyof ArabicForms;
}

type Forms = Partial<ArabicForms> & { other: string };

function pick(forms: Forms, lang: PluralLang, n: number, vars: Record<string, string | number>): string {
  const text = forms[pluralForm(lang, n)] ?? forms.other;
  const all: Record<string, string | number> = { ...vars, n };
  return text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in all ? String(all[k]) : whole));
}

/**
 * The message for count `n`, its `{n}` and `{name}` placeholders filled. Digits stay Western in
 * both languages, like the money and times on the same screens.
 */
export function counted(message: Counted, lang: PluralLang, n: number, vars: Record<string, string | number> = {}): string {
  return pick(message[lang], lang, n, vars);
}

/** English only (the CLI and the core's own sentences): countedEn(2, '{n} payment', '{n} payments'). */
export function countedEn(n: number, one: string, other: string, vars: Record<string, string | number> = {}): string {
  return pick({ one, other }, 'en', n, vars);
}
