// What a cashier is told about a failed attempt: the reason in words and what to do next.
import type { Lang } from '../i18n/i18n.ts';

type Words = { en: string; ar: string };
const REFRESH: Words = { en: 'Ask the customer to refresh the payment code and scan it again.', ar: 'اطلب من العميل تحديث رمز الدفع ثم امسحه مرة أخرى.' };
const BALANCE: Words = { en: 'The wallet refused the payment (balance or limit). Ask for another code or another way to pay.', ar: 'رفضت المحفظة الدفع (الرصيد أو الحد). اطلب رمزًا آخر أو طريقة دفع أخرى.' };
const RISK: Words = { en: 'Declined by the wallet’s risk checks. Do not retry: take another way to pay.', ar: 'رُفض بسبب فحوص المخاطر في المحفظة. لا تعد المحاولة: استخدم طريقة دفع أخرى.' };
const CLOSED: Words = { en: 'The order was closed. Start a new payment.', ar: 'أُغلق الطلب. ابدأ عملية دفع جديدة.' };
const SETUP: Words = { en: 'The acquirer refused the terminal’s request (a setup problem). Take another way to pay and tell the manager.', ar: 'رفضت جهة الدفع طلب الجهاز (مشكلة في الإعداد). استخدم طريقة دفع أخرى وأبلغ المدير.' };
const OTHER: Words = { en: 'The payment did not go through. Ask for another code or another way to pay.', ar: 'لم تتم عملية الدفع. اطلب رمزًا آخر أو طريقة دفع أخرى.' };

const BY_CODE: Record<string, Words> = {
  EXPIRED_CODE: REFRESH,
  INVALID_CODE: REFRESH,
  INVALID_PAYMENT_CODE: REFRESH,
  USER_BALANCE_NOT_ENOUGH: BALANCE,
  USER_AMOUNT_EXCEED_LIMIT: BALANCE,
  PAYMENT_AMOUNT_EXCEED_LIMIT: BALANCE,
  PAYMENT_COUNT_EXCEED_LIMIT: BALANCE,
  USER_STATUS_ABNORMAL: BALANCE,
  USER_NOT_EXIST: BALANCE,
  USER_KYC_NOT_QUALIFIED: BALANCE,
  USER_PAYMENT_VERIFICATION_FAILED: BALANCE,
  VERIFY_TIMES_EXCEED_LIMIT: BALANCE,
  RISK_REJECT: RISK,
  FRAUD_REJECT: RISK,
  SUSPECTED_RISK: RISK,
  ORDER_IS_CLOSED: CLOSED,
  ORDER_NOT_EXIST: CLOSED,
};

export function declineAdvice(resultCode: string | null, lang: Lang): string {
  const w = (resultCode && BY_CODE[resultCode]) || (resultCode && /PARAM|SIGNATURE|KEY_|CLIENT|ACCESS|CONTRACT|CURRENCY|MERCHANT|SYSTEM|PROCESS/.test(resultCode) ? SETUP : OTHER);
  return w[lang];
}
