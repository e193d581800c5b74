// Every message on the screens that says a count, with the plural forms of each language
// (app/domain/plural.ts: Intl.PluralRules; Arabic needs all six — zero, one, two, few 3–10,
// many 11–99, other 100+ — because its counted noun changes form with the number).
import { counted, type Counted } from '../../app/domain/plural.ts';
import type { Lang } from './i18n.ts';

const WRONG = 'الاسم أو الرقم السري غير صحيح.';

export const countedMessages = {
  // cashier status bar: payments and refunds the journal still has to send
  queueWaiting: {
    en: { one: '{n} waiting in the journal', other: '{n} waiting in the journal' },
    ar: {
      zero: 'لا شيء بانتظار الإرسال في السجل',
      one: 'عملية واحدة بانتظار الإرسال في السجل',
      two: 'عمليتان بانتظار الإرسال في السجل',
      few: '{n} عمليات بانتظار الإرسال في السجل',
      many: '{n} عملية بانتظار الإرسال في السجل',
      other: '{n} عملية بانتظار الإرسال في السجل',
    },
  },
  // sign-in refusals (cashier shift, manager, installer) with the tries the terminal says are left
  wrongPinTriesLeft: {
    en: { one: 'Name or PIN not recognised. 1 try left before the lock.', other: 'Name or PIN not recognised. {n} tries left before the lock.' },
    ar: {
      zero: `${WRONG} لم تبقَ أي محاولة قبل القفل.`,
      one: `${WRONG} بقيت محاولة واحدة قبل القفل.`,
      two: `${WRONG} بقيت محاولتان قبل القفل.`,
      few: `${WRONG} بقيت {n} محاولات قبل القفل.`,
      many: `${WRONG} بقيت {n} محاولة قبل القفل.`,
      other: `${WRONG} بقيت {n} محاولة قبل القفل.`,
    },
  },
  // manager: finding a sale to refund
  matchingSales: {
    en: { one: '1 matching sale: choose it.', other: '{n} matching sales: choose one.' },
    ar: {
      zero: 'لا توجد عمليات بيع مطابقة.',
      one: 'عملية بيع واحدة مطابقة: اخترها.',
      two: 'عمليتا بيع مطابقتان: اختر واحدة.',
      few: '{n} عمليات بيع مطابقة: اختر واحدة.',
      many: '{n} عملية بيع مطابقة: اختر واحدة.',
      other: '{n} عملية بيع مطابقة: اختر واحدة.',
    },
  },
  // manager: the X report's slip when wallet payments of the day are still unsettled
  dayCannotClose: {
    en: { one: 'The day cannot close yet: 1 wallet payment unresolved (listed above).', other: 'The day cannot close yet: {n} wallet payments unresolved (listed above).' },
    ar: {
      zero: 'يمكن إغلاق اليوم: لا توجد مدفوعات محفظة معلّقة.',
      one: 'لا يمكن إغلاق اليوم بعد: دفعة محفظة واحدة لم تُحسم (مذكورة أعلاه).',
      two: 'لا يمكن إغلاق اليوم بعد: دفعتا محفظة لم تُحسما (مذكورتان أعلاه).',
      few: 'لا يمكن إغلاق اليوم بعد: {n} دفعات محفظة لم تُحسم (مذكورة أعلاه).',
      many: 'لا يمكن إغلاق اليوم بعد: {n} دفعة محفظة لم تُحسم (مذكورة أعلاه).',
      other: 'لا يمكن إغلاق اليوم بعد: {n} دفعة محفظة لم تُحسم (مذكورة أعلاه).',
    },
  },
  // installer: serial scanner monitor and test scan
  bytes: {
    en: { one: '1 byte', other: '{n} bytes' },
    ar: { zero: 'لا بايتات', one: 'بايت واحد', two: 'بايتان', few: '{n} بايتات', many: '{n} بايتًا', other: '{n} بايت' },
  },
  unreadableBytes: {
    en: { one: '(1 unreadable byte: check baud/parity)', other: '({n} unreadable bytes: check baud/parity)' },
    ar: {
      zero: '(لا بايتات غير مقروءة)',
      one: '(بايت واحد غير مقروء: تحقق من السرعة والتكافؤ)',
      two: '(بايتان غير مقروءين: تحقق من السرعة والتكافؤ)',
      few: '({n} بايتات غير مقروءة: تحقق من السرعة والتكافؤ)',
      many: '({n} بايتًا غير مقروء: تحقق من السرعة والتكافؤ)',
      other: '({n} بايت غير مقروء: تحقق من السرعة والتكافؤ)',
    },
  },
  testUnreadable: {
    en: { one: ' — 1 unreadable byte: check the baud rate and parity.', other: ' — {n} unreadable bytes: check the baud rate and parity.' },
    ar: {
      zero: ' — لا بايتات غير مقروءة.',
      one: ' — بايت واحد غير مقروء: تحقق من السرعة والتكافؤ.',
      two: ' — بايتان غير مقروءين: تحقق من السرعة والتكافؤ.',
      few: ' — {n} بايتات غير مقروءة: تحقق من السرعة والتكافؤ.',
      many: ' — {n} بايتًا غير مقروء: تحقق من السرعة والتكافؤ.',
      other: ' — {n} بايت غير مقروء: تحقق من السرعة والتكافؤ.',
    },
  },
  testDropped: {
    en: {
      one: ' Before it, 1 stray byte without an end-of-scan was dropped after the silence window (it did not join this scan).',
      other: ' Before it, {n} stray bytes without an end-of-scan were dropped after the silence window (they did not join this scan).',
    },
    ar: {
      zero: ' لم يُسقط قبله أي بايت شارد.',
      one: ' قبله، أُسقط بايت شارد واحد بلا نهاية مسح بعد مهلة الصمت (ولم يُضمّ إلى هذا المسح).',
      two: ' قبله، أُسقط بايتان شاردان بلا نهاية مسح بعد مهلة الصمت (ولم يُضمّا إلى هذا المسح).',
      few: ' قبله، أُسقطت {n} بايتات شاردة بلا نهاية مسح بعد مهلة الصمت (ولم تُضمّ إلى هذا المسح).',
      many: ' قبله، أُسقط {n} بايتًا شاردًا بلا نهاية مسح بعد مهلة الصمت (ولم تُضمّ إلى هذا المسح).',
      other: ' قبله، أُسقط {n} بايت شارد بلا نهاية مسح بعد مهلة الصمت (ولم تُضمّ إلى هذا المسح).',
    },
  },
  slipCannotClose: {
    en: { one: 'The Z report cannot be taken yet: 1 wallet payment is not settled:', other: 'The Z report cannot be taken yet: {n} wallet payments are not settled:' },
    ar: {
      zero: 'لا يمكن إصدار تقرير Z بعد:',
      one: 'لا يمكن إصدار تقرير Z بعد: دفعة محفظة واحدة لم تُحسم:',
      two: 'لا يمكن إصدار تقرير Z بعد: دفعتا محفظة لم تُحسما:',
      few: 'لا يمكن إصدار تقرير Z بعد: {n} دفعات محفظة لم تُحسم:',
      many: 'لا يمكن إصدار تقرير Z بعد: {n} دفعة محفظة لم تُحسم:',
      other: 'لا يمكن إصدار تقرير Z بعد: {n} دفعة محفظة لم تُحسم:',
    },
  },
  // installer: the computer's clock against the acquirer's (whole seconds)
  clockOk: {
    en: { one: 'The clock agrees with the acquirer ({n} s apart).', other: 'The clock agrees with the acquirer ({n} s apart).' },
    ar: {
      zero: 'ساعة الجهاز تتفق مع جهة الدفع (لا فرق).',
      one: 'ساعة الجهاز تتفق مع جهة الدفع (الفرق ثانية واحدة).',
      two: 'ساعة الجهاز تتفق مع جهة الدفع (الفرق ثانيتان).',
      few: 'ساعة الجهاز تتفق مع جهة الدفع (الفرق {n} ثوانٍ).',
      many: 'ساعة الجهاز تتفق مع جهة الدفع (الفرق {n} ثانية).',
      other: 'ساعة الجهاز تتفق مع جهة الدفع (الفرق {n} ثانية).',
    },
  },
  clockAhead: {
    en: { one: 'The clock is {n} s ahead of the acquirer: set the computer’s time automatically.', other: 'The clock is {n} s ahead of the acquirer: set the computer’s time automatically.' },
    ar: aheadOrBehind('متقدمة', 'على'),
  },
  clockBehind: {
    en: { one: 'The clock is {n} s behind the acquirer: set the computer’s time automatically.', other: 'The clock is {n} s behind the acquirer: set the computer’s time automatically.' },
    ar: aheadOrBehind('متأخرة', 'عن'),
  },
} as const satisfies Record<string, Counted>;

function aheadOrBehind(word: string, than: string): Counted['ar'] {
  const say = (by: string) => `ساعة الجهاز ${word} بمقدار ${by} ${than} جهة الدفع: اضبط وقت الحاسوب تلقائيًا (التوقيع وموعد الإلغاء يعتمدان عليه).`;
  return { zero: say('أقل من ثانية'), one: say('ثانية واحدة'), two: say('ثانيتين'), few: say('{n} ثوانٍ'), many: say('{n} ثانية'), other: say('{n} ثانية') };
}

export type CountedKey = keyof typeof countedMessages;

/** The screen's words for a count, e.g. countText('ar', 'queueWaiting', 3) → "3 عمليات بانتظار الإرسال في السجل". */
export function countText(lang: Lang, key: CountedKey, n: number, vars?: Record<string, string | number>): string {
  return counted(countedMessages[key], lang, n, vars);
}
