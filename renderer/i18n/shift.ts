// The cashier's shift words (sign-in panel, status bar), English and Arabic side by side like
// manager.ts. The terminal's refusals arrive in English; the ones a cashier meets at the till are
// said here in Arabic too, with the facts (tries left, locked until) the terminal sent as details.
import type { ApiErrorDetails } from '../../app/api/call.ts';
import { lockEndsAt } from './errors.ts';
import { fill, type Lang } from './i18n.ts';
import { countText } from './counted.ts';

export const shiftMessages = {
  signInTitle: { en: 'Sign in to your shift', ar: 'سجّل الدخول إلى نوبتك' },
  signInNext: { en: 'Finish the sale below (it can still be paid and its receipt printed); the next sale needs someone signed in.', ar: 'أكمل البيع أدناه (يمكن دفعه وطباعة إيصاله)؛ البيع التالي يحتاج إلى تسجيل دخول.' },
  signInHint: { en: 'Sales on this till are recorded under the person signed in.', ar: 'تُسجَّل المبيعات على هذا الجهاز باسم الشخص المسجَّل دخوله.' },
  name: { en: 'Name', ar: 'الاسم' },
  pin: { en: 'PIN', ar: 'الرقم السري' },
  pinClear: { en: 'Clear the PIN', ar: 'مسح الرقم السري' },
  pinBack: { en: 'Delete the last digit', ar: 'حذف آخر رقم' },
  signIn: { en: 'Start shift', ar: 'بدء النوبة' },
  signingIn: { en: 'Checking…', ar: 'جارٍ التحقق…' },
  cashier: { en: 'Cashier: {name}', ar: 'الكاشير: {name}' },
  endShift: { en: 'End shift', ar: 'إنهاء النوبة' },
  noAnswer: { en: 'The terminal did not answer: check that it is running, then try again.', ar: 'لم يستجب الجهاز: تأكد أنه يعمل ثم حاول مرة أخرى.' },
  SHIFT_REQUIRED: { en: '', ar: 'لا أحد مسجَّل الدخول على هذا الجهاز: سجّل الدخول إلى نوبتك باسمك ورقمك السري قبل بدء البيع.' },
  PAYMENT_IN_PROGRESS: { en: '', ar: 'دفعة على البيع الحالي ما زالت جارية وقد يتحرك المال: أكملها أو ألغها، ثم أنهِ النوبة.' },
  WRONG_PIN: { en: '', ar: 'الاسم أو الرقم السري غير صحيح.' },
  LOCKED: { en: '', ar: 'محاولات خاطئة كثيرة: الحساب مقفل مؤقتًا. حاول لاحقًا أو اطلب من المدير فتحه.' },
  LOCKED_UNTIL: { en: '', ar: 'محاولات خاطئة كثيرة: الحساب مقفل حتى {until} بتوقيت دبي. حاول لاحقًا أو اطلب من المدير فتحه.' },
  USER_DISABLED: { en: '', ar: 'هذا الحساب معطَّل: اطلب من المدير.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ShiftKey = keyof typeof shiftMessages;

export function shiftText(lang: Lang, key: ShiftKey, vars?: Record<string, string | number>): string {
  return fill(shiftMessages[key][lang], vars);
}

const CODES = ['SHIFT_REQUIRED', 'PAYMENT_IN_PROGRESS', 'WRONG_PIN', 'LOCKED', 'USER_DISABLED'] as const;

/** A refusal from the terminal in the cashier's language: its own words in English, ours in Arabic. */
export function shiftErrorText(lang: Lang, code: string | null, message: string | null, details: ApiErrorDetails = {}, now: Date = new Date()): string {
  if (message === null) return shiftText(lang, 'noAnswer');
  if (lang === 'en' || !code || !(CODES as readonly string[]).includes(code)) return message;
  if (code === 'WRONG_PIN') {
    const n = details.triesLeft;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? countText(lang, 'wrongPinTriesLeft', n) : shiftText(lang, 'WRONG_PIN');
  }
  if (code === 'LOCKED' && typeof details.lockedUntil === 'string') {
    const until = lockEndsAt(details.lockedUntil, lang, now);
    // Isolated left to right inside the Arabic sentence, like the other screens' times and codes.
    if (until) return shiftText(lang, 'LOCKED_UNTIL', { until: `\u2066${until}\u2069` });
  }
  return shiftText(lang, code as (typeof CODES)[number]);
}
