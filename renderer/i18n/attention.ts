// The manager's "payments needing attention" panel (renderer/manager/Attention.tsx), English and
// Arabic side by side: every key has both (the type says so). Amounts keep Western digits in both
// languages (money() in i18n.ts); what the terminal answers comes in its own words.
import { fill, type Lang } from './i18n.ts';

export const attentionMessages = {
  title: { en: 'Payments needing attention', ar: 'مدفوعات تحتاج إلى متابعة' },
  intro: {
    en: 'The terminal could not settle these wallet payments on its own. Check again with Alipay, or look each one up in the Antom portal by its request id and mark it.',
    ar: 'لم يتمكن الجهاز من حسم مدفوعات المحفظة هذه بنفسه. تحقق مجددًا مع Alipay، أو ابحث عن كل منها في بوابة Antom بمعرّف الطلب ثم حدّد حالتها.',
  },
  empty: { en: 'No payment needs attention.', ar: 'لا توجد مدفوعات تحتاج إلى متابعة.' },
  loading: { en: 'Loading…', ar: 'جارٍ التحميل…' },
  when: { en: 'Started {time}', ar: 'بدأ {time}' },
  code: { en: 'Customer code {code}', ar: 'رمز العميل {code}' },
  qr: { en: 'QR payment (no customer code)', ar: 'دفع عبر رمز QR (بدون رمز العميل)' },
  invoice: { en: 'Invoice {no}', ar: 'الفاتورة {no}' },
  openSale: { en: 'Sale not finished', ar: 'عملية بيع غير مكتملة' },
  requestId: { en: 'Request id {id}', ar: 'معرّف الطلب {id}' },
  lastError: { en: 'What happened: {words}', ar: 'ما حدث: {words}' },
  recheck: { en: 'Check with Alipay again', ar: 'تحقق مع Alipay مرة أخرى' },
  checking: { en: 'Asking Alipay…', ar: 'جارٍ سؤال Alipay…' },
  reason: { en: 'Reason (what the Antom portal shows)', ar: 'السبب (ما تعرضه بوابة Antom)' },
  paymentId: { en: 'Antom payment id (optional)', ar: 'معرّف الدفع في Antom (اختياري)' },
  paid: { en: 'Mark as paid', ar: 'تحديد كمدفوع' },
  notPaid: { en: 'Mark as not paid', ar: 'تحديد كغير مدفوع' },
  needReason: { en: 'Write the reason first (at least 3 characters).', ar: 'اكتب السبب أولًا (3 أحرف على الأقل).' },
  confirmPaid: {
    en: 'Mark {amount} as paid? The sale gets this wallet payment. Do this only if the Antom portal shows the payment succeeded.',
    ar: 'تحديد {amount} كمدفوع؟ ستُسجَّل دفعة المحفظة هذه على عملية البيع. افعل ذلك فقط إذا أظهرت بوابة Antom نجاح الدفع.',
  },
  confirmNotPaid: {
    en: 'Mark {amount} as not paid? The sale will still owe it. Do this only if the Antom portal shows no money was taken.',
    ar: 'تحديد {amount} كغير مدفوع؟ سيبقى المبلغ مستحقًا على عملية البيع. افعل ذلك فقط إذا أظهرت بوابة Antom أنه لم يُخصم أي مبلغ.',
  },
  yes: { en: 'Yes, mark it', ar: 'نعم، حدّدها' },
  no: { en: 'No, go back', ar: 'لا، رجوع' },
  // After a call, in Arabic (English screens keep the terminal's own, more specific sentence).
  settledPaid: { en: 'Marked paid: the sale has this wallet payment.', ar: 'حُددت الدفعة كمدفوعة: سُجّلت دفعة المحفظة على عملية البيع.' },
  settledNotPaid: { en: 'Marked not paid: no money was taken; the sale still owes it.', ar: 'حُددت الدفعة كغير مدفوعة: لم يُخصم أي مبلغ وما زال المبلغ مستحقًا على عملية البيع.' },
  settledCancelled: { en: 'Cancelled: no money was taken (or it was returned).', ar: 'أُلغيت الدفعة: لم يُخصم أي مبلغ (أو أُعيد).' },
  unchanged: {
    en: 'Alipay gave no definite answer: nothing was changed. Check again later, or settle it by hand.',
    ar: 'لم يعطِ Alipay إجابة نهائية: لم يتغير شيء. تحقق لاحقًا أو احسمها يدويًا.',
  },
  notNeeding: { en: 'This payment was already settled: nothing was changed.', ar: 'حُسمت هذه الدفعة من قبل: لم يتغير شيء.' },
  noAnswer: { en: 'The terminal did not answer: check that it is running, then try again.', ar: 'لم يستجب الجهاز: تأكد أنه يعمل ثم حاول مرة أخرى.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type AttentionKey = keyof typeof attentionMessages;

export function attentionText(lang: Lang, key: AttentionKey, vars?: Record<string, string | number>): string {
  return fill(attentionMessages[key][lang], vars);
}
