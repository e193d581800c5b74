// Manager screens, English and Arabic side by side: every key has both (the type says so).
// Amounts keep Western digits in both languages (money() in i18n.ts); errors from the terminal
// come in its own words.
import { fill, type Lang } from './i18n.ts';

export const managerMessages = {
  manager: { en: 'Manager', ar: 'المدير' },
  name: { en: 'Name', ar: 'الاسم' },
  pin: { en: 'PIN', ar: 'الرقم السري' },
  signIn: { en: 'Sign in', ar: 'تسجيل الدخول' },
  signOut: { en: 'Sign out', ar: 'تسجيل الخروج' },
  signedIn: { en: 'Signed in: {name}', ar: 'المستخدم: {name}' },
  language: { en: 'العربية', ar: 'English' },
  noAnswer: { en: 'The terminal did not answer: check that it is running, then try again.', ar: 'لم يستجب الجهاز: تأكد أنه يعمل ثم حاول مرة أخرى.' },
  takings: { en: 'Takings {day}', ar: 'المبيعات {day}' },
  gross: { en: 'Gross', ar: 'إجمالي المبيعات' },
  refunds: { en: 'Refunds', ar: 'المبالغ المستردة' },
  net: { en: 'Net', ar: 'الصافي' },
  sales: { en: 'Sales', ar: 'عدد المبيعات' },
  average: { en: '{n} (average {avg})', ar: '{n} (المتوسط {avg})' },
  vat: { en: 'VAT collected', ar: 'ضريبة القيمة المضافة المحصلة' },
  tender: { en: 'Tender', ar: 'طريقة الدفع' },
  walletStatus: {
    en: 'Wallet: {settled} settled, {pending} unknown or pending, {attention} need attention',
    ar: 'المحفظة: {settled} مسوّاة، {pending} غير معروفة أو معلقة، {attention} تحتاج متابعة',
  },
  code: { en: 'code', ar: 'الرمز' },
  byHour: { en: 'Takings by hour (Dubai)', ar: 'المبيعات حسب الساعة (دبي)' },
  print: { en: 'Print / save as PDF', ar: 'طباعة / حفظ PDF' },
  refund: { en: 'Refund', ar: 'استرداد' },
  findLabel: { en: 'Invoice number or receipt code', ar: 'رقم الفاتورة أو رمز الإيصال' },
  find: { en: 'Find', ar: 'بحث' },
  noSale: { en: 'No sale with invoice number {text}.', ar: 'لا يوجد بيع برقم الفاتورة {text}.' },
  invoice: { en: 'Invoice {no} — {total}', ar: 'الفاتورة {no} — {total}' },
  amount: { en: 'Amount', ar: 'المبلغ' },
  refundTender: { en: 'Refund {what} (left {left})', ar: 'استرداد {what} (المتبقي {left})' },
  wallet: { en: 'wallet', ar: 'المحفظة' },
  cash: { en: 'cash', ar: 'نقدًا' },
  card: { en: 'card', ar: 'بطاقة' },
  walletQueued: { en: 'Refund of {amount} to {wallet} queued.', ar: 'تمت جدولة استرداد {amount} إلى {wallet}.' },
  giveCash: { en: 'Give {amount} back from the drawer.', ar: 'أعد {amount} من الدرج.' },
  giveCard: { en: 'Give {amount} back on the card terminal.', ar: 'أعد {amount} عبر جهاز البطاقات.' },
  refundState: { en: 'Refund {amount}: {state}', ar: 'استرداد {amount}: {state}' },
  refund_created: { en: 'queued, waiting to be sent', ar: 'في الانتظار للإرسال' },
  refund_sent: { en: 'sent, waiting for the answer', ar: 'أُرسل، بانتظار الرد' },
  refund_unknown: { en: 'no answer yet, asking again', ar: 'لا رد بعد، جارٍ السؤال مجددًا' },
  refund_refunded: { en: 'refunded to the wallet', ar: 'أُعيد إلى المحفظة' },
  refund_failed: { en: 'refused by the acquirer: give the money back another way', ar: 'رفضه مزود الدفع: أعد المال بطريقة أخرى' },
  closeDay: { en: 'Close the day', ar: 'إغلاق اليوم' },
  xReport: { en: 'X report', ar: 'تقرير X' },
  countedCash: { en: 'Counted cash', ar: 'النقد المعدود' },
  zClose: { en: 'Close the day (Z report)', ar: 'إغلاق اليوم (تقرير Z)' },
  zReport: { en: 'Z report', ar: 'تقرير Z' },
  expectedCash: { en: 'Expected cash', ar: 'النقد المتوقع' },
  difference: { en: 'Difference', ar: 'الفرق' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ManagerKey = keyof typeof managerMessages;

export function managerText(lang: Lang, key: ManagerKey, vars?: Record<string, string | number>): string {
  return fill(managerMessages[key][lang], vars);
}
