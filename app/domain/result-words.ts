// Words for every outcome a person can see: each acquirer result code of ACQUIRER.md, each attempt
// and refund state, each scan rejection and sale refusal — in English, Arabic and Simplified
// Chinese, saying what happened, what to do, and whom it is for. Pure data: the renderer, the CLI
// and receipts all read it, so a decline reads the same everywhere.
//
// Rule for configuration and acquirer failures: they are never the customer's fault. The words tell
// the cashier to take another tender and call the manager or installer; `fix` says what to check.
import type { AttemptState, RefundState } from './attempt.ts';
import type { ScanRejection, WalletFamily } from './classify.ts';
import type { SaleErrorCode } from './sale.ts';

export const WORD_LANGS = ['en', 'ar', 'zh-CN'] as const;
export type WordLang = (typeof WORD_LANGS)[number];
export type Audience = 'customer' | 'cashier' | 'manager' | 'installer';
/** Picks an icon and a heading style; the words carry the meaning, never the colour alone. */
export type Tone = 'success' | 'progress' | 'declined' | 'problem' | 'info';

export interface Words {
  /** What happened, one short sentence. */
  what: string;
  /** What to do next, addressed to the first audience. */
  todo: string;
  /** For the manager or installer: what to check (configuration and acquirer failures). */
  fix?: string;
}

export interface Message {
  /** Who the words are for, first the one who must act. */
  audience: readonly Audience[];
  tone: Tone;
  words: Readonly<Record<WordLang, Words>>;
}

type W = readonly [what: string, todo: string, fix?: string];
const m = (audience: readonly Audience[], tone: Tone, en: W, ar: W, zh: W): Message => ({
  audience,
  tone,
  words: {
    en: { what: en[0], todo: en[1], ...(en[2] ? { fix: en[2] } : {}) },
    ar: { what: ar[0], todo: ar[1], ...(ar[2] ? { fix: ar[2] } : {}) },
    'zh-CN': { what: zh[0], todo: zh[1], ...(zh[2] ? { fix: zh[2] } : {}) },
  },
});

const CUSTOMER_CASHIER = ['customer', 'cashier'] as const;

// ── shared messages by meaning ───────────────────────────────────────────────────────────────
const refreshCode = (en: string, ar: string, zh: string) =>
  m(CUSTOMER_CASHIER, 'declined', [en, 'Ask the customer to refresh the payment code in the wallet app, then scan the new code.'], [ar, 'اطلب من العميل تحديث رمز الدفع في تطبيق المحفظة، ثم امسح الرمز الجديد.'], [zh, '请在钱包App中刷新付款码，然后重新出示新的付款码。']);

const declined = (en: string, ar: string, zh: string) =>
  m(CUSTOMER_CASHIER, 'declined', [en, 'Ask the customer for another payment code or another way to pay (cash or card).'], [ar, 'اطلب من العميل رمز دفع آخر أو طريقة دفع أخرى (نقداً أو بالبطاقة).'], [zh, '请使用其他付款码，或改用现金或银行卡支付。']);

const risk = (en: string, ar: string, zh: string) =>
  m(['cashier', 'customer'], 'declined', [en, 'Do not try this payment again. Offer another way to pay (cash or card).'], [ar, 'لا تُعِد محاولة هذا الدفع. اعرض طريقة دفع أخرى (نقداً أو بالبطاقة).'], [zh, '请勿重试本次支付，请改用现金或银行卡支付。']);

// The installer's `fix` stays English on the Chinese side: installers read EN or AR, customers never see it.
const config = (en: string, fix: string, ar: string, arFix: string, zh: string) =>
  m(
    ['cashier', 'installer', 'manager'],
    'problem',
    [en, 'This is not the customer’s fault. Take another tender (cash or card) and call the manager or installer.', fix],
    [ar, 'هذا ليس خطأ العميل. استخدم طريقة دفع أخرى (نقداً أو بالبطاقة) واتصل بالمدير أو فني التركيب.', arFix],
    [zh, '这不是顾客的问题。请改用现金或银行卡，并联系店长或安装人员。', fix],
  );

const checking = (en: string, ar: string) =>
  m(['cashier', 'customer'], 'progress', [en, 'Wait: the terminal is checking with Alipay. Do not take another payment for this sale yet.'], [ar, 'انتظر: الجهاز يتحقق مع Alipay. لا تأخذ دفعة أخرى لهذه العملية الآن.'], ['正在与支付宝确认支付结果', '请稍候，请勿重复付款。']);

// ── acquirer result codes (ACQUIRER.md "Results"), plus the terminal's own no-answer codes ─────
export const RESULT_CODE_WORDS = {
  SUCCESS: m(CUSTOMER_CASHIER, 'success', ['Paid.', 'Hand over the receipt.'], ['تم الدفع.', 'سلّم الإيصال للعميل.'], ['支付成功', '请收好小票。']),

  PAYMENT_IN_PROCESS: checking('The payment is still being processed by the wallet.', 'ما زالت المحفظة تعالج الدفع.'),
  UNKNOWN_EXCEPTION: checking('Alipay did not give a final answer yet.', 'لم تُعطِ Alipay إجابة نهائية بعد.'),
  REQUEST_TRAFFIC_EXCEED_LIMIT: checking('Alipay asked the terminal to slow down; it will ask again shortly.', 'طلبت Alipay من الجهاز الإبطاء؛ سيعيد السؤال بعد قليل.'),
  TIMEOUT: checking('Alipay did not answer in time.', 'لم تُجِب Alipay في الوقت المحدد.'),
  NETWORK: checking('The terminal cannot reach Alipay (network).', 'لا يستطيع الجهاز الوصول إلى Alipay (الشبكة).'),
  MALFORMED: checking('Alipay’s answer could not be read.', 'تعذّرت قراءة إجابة Alipay.'),
  UNVERIFIED: checking('Alipay’s answer was not signed correctly, so it is being confirmed.', 'إجابة Alipay غير موقّعة بشكل صحيح، لذلك يجري تأكيدها.'),
  HTTP: checking('Alipay’s server answered with an error.', 'ردّ خادم Alipay بخطأ.'),

  EXPIRED_CODE: refreshCode('The payment code has expired.', 'انتهت صلاحية رمز الدفع.', '付款码已过期'),
  INVALID_CODE: refreshCode('The payment code is not valid.', 'رمز الدفع غير صالح.', '付款码无效'),
  INVALID_PAYMENT_CODE: refreshCode('The payment code is not valid or was already used.', 'رمز الدفع غير صالح أو سبق استخدامه.', '付款码无效或已被使用'),

  USER_BALANCE_NOT_ENOUGH: declined('Declined: not enough balance in the wallet.', 'مرفوض: الرصيد في المحفظة غير كافٍ.', '支付失败：钱包余额不足'),
  USER_AMOUNT_EXCEED_LIMIT: declined('Declined: the amount is over the customer’s wallet limit.', 'مرفوض: المبلغ يتجاوز حد محفظة العميل.', '支付失败：金额超过您的钱包支付限额'),
  PAYMENT_AMOUNT_EXCEED_LIMIT: declined('Declined: the amount is over the payment limit.', 'مرفوض: المبلغ يتجاوز حد الدفع.', '支付失败：金额超过单笔支付限额'),
  PAYMENT_COUNT_EXCEED_LIMIT: declined('Declined: the wallet has reached its number of payments for now.', 'مرفوض: وصلت المحفظة إلى الحد الأقصى لعدد الدفعات حالياً.', '支付失败：已达到支付次数上限'),
  USER_STATUS_ABNORMAL: declined('Declined: the wallet account is restricted.', 'مرفوض: حساب المحفظة مقيَّد.', '支付失败：钱包账户状态异常'),
  USER_NOT_EXIST: declined('Declined: the wallet account was not found.', 'مرفوض: لم يُعثر على حساب المحفظة.', '支付失败：钱包账户不存在'),
  USER_KYC_NOT_QUALIFIED: declined('Declined: the wallet account is not verified for this payment.', 'مرفوض: حساب المحفظة غير موثَّق لهذا الدفع.', '支付失败：钱包账户未完成实名认证'),
  USER_PAYMENT_VERIFICATION_FAILED: declined('Declined: the customer’s payment verification failed.', 'مرفوض: فشل التحقق من الدفع لدى العميل.', '支付失败：支付验证未通过'),
  VERIFY_TIMES_EXCEED_LIMIT: declined('Declined: too many failed verification tries in the wallet.', 'مرفوض: محاولات تحقق فاشلة كثيرة في المحفظة.', '支付失败：验证次数过多'),

  RISK_REJECT: risk('Declined by the wallet’s security checks.', 'رفضته فحوص الأمان في المحفظة.', '支付失败：未通过安全校验'),
  FRAUD_REJECT: risk('Declined by the wallet’s security checks.', 'رفضته فحوص الأمان في المحفظة.', '支付失败：未通过安全校验'),
  SUSPECTED_RISK: risk('Declined by the wallet’s security checks.', 'رفضته فحوص الأمان في المحفظة.', '支付失败：未通过安全校验'),

  ORDER_IS_CLOSED: m(['cashier', 'customer'], 'declined', ['This payment is closed (expired or cancelled).', 'Start a new payment for the sale.'], ['أُغلقت عملية الدفع هذه (انتهت أو أُلغيت).', 'ابدأ عملية دفع جديدة لهذه العملية.'], ['该订单已关闭', '请重新发起支付。']),
  ORDER_NOT_EXIST: m(['cashier'], 'progress', ['Alipay has no record of this payment yet.', 'Wait: the terminal resends it while the code is still valid, otherwise ends it as failed.'], ['لا يوجد لدى Alipay سجل لهذا الدفع بعد.', 'انتظر: يعيد الجهاز إرساله ما دام الرمز صالحاً، وإلا يُنهيه كفاشل.'], ['支付宝暂无此笔支付记录', '请稍候，系统正在处理。']),
  REPEAT_REQ_INCONSISTENT: m(['manager', 'installer', 'cashier'], 'problem', ['The terminal sent two different requests under one payment id: a software fault.', 'This is not the customer’s fault. Take another tender and call the manager.', 'Report it to Souq POS support with the journal (souq journal --json); the attempt is not retried.'], ['أرسل الجهاز طلبين مختلفين بمعرّف دفع واحد: خلل في البرنامج.', 'هذا ليس خطأ العميل. استخدم طريقة دفع أخرى واتصل بالمدير.', 'أبلغ دعم Souq POS وأرفق السجل (souq journal --json)؛ لن تُعاد المحاولة.'], ['系统错误', '这不是顾客的问题。请改用其他支付方式，并联系店长。', 'Report it to Souq POS support with the journal (souq journal --json).']),

  PARAM_ILLEGAL: config('Alipay refused the request as malformed.', 'Check the merchant, store and terminal ids and the MCC in the configuration (souq config show); run souq doctor.', 'رفضت Alipay الطلب لأنه غير سليم.', 'تحقق من معرّفات التاجر والمتجر والجهاز ورمز MCC في الإعدادات (souq config show)؛ شغّل souq doctor.', '支付请求参数错误'),
  INVALID_SIGNATURE: config('Alipay could not verify the terminal’s signature.', 'The merchant private key or key version does not match what is registered with Antom: re-import the configuration.', 'لم تتمكن Alipay من التحقق من توقيع الجهاز.', 'المفتاح الخاص للتاجر أو إصداره لا يطابق المسجَّل لدى Antom: أعد استيراد الإعدادات.', '签名验证失败'),
  KEY_NOT_FOUND: config('Alipay has no key registered for this terminal.', 'Upload the merchant public key in the Antom portal, or fix the client id in the configuration.', 'لا يوجد لدى Alipay مفتاح مسجَّل لهذا الجهاز.', 'ارفع المفتاح العام للتاجر في بوابة Antom أو صحّح معرّف العميل في الإعدادات.', '未找到密钥'),
  CLIENT_INVALID: config('Alipay does not recognise the terminal’s client id.', 'Check acquirer.clientId and the endpoint (sandbox or production) in the configuration.', 'لا تتعرّف Alipay على معرّف العميل الخاص بالجهاز.', 'تحقق من acquirer.clientId ونقطة الاتصال (تجريبية أو إنتاج) في الإعدادات.', '客户端ID无效'),
  ACCESS_DENIED: config('Alipay denied access to this merchant account.', 'Ask Antom to enable in-store payments for this merchant.', 'رفضت Alipay الوصول إلى حساب التاجر هذا.', 'اطلب من Antom تفعيل الدفع داخل المتجر لهذا التاجر.', '访问被拒绝'),
  INVALID_CONTRACT: config('The merchant’s contract does not cover this payment.', 'Ask Antom to check the merchant’s in-store payment contract.', 'عقد التاجر لا يشمل هذا النوع من الدفع.', 'اطلب من Antom مراجعة عقد الدفع داخل المتجر للتاجر.', '商户合约无效'),
  CURRENCY_NOT_SUPPORT: config('Alipay does not accept this currency for the merchant.', 'Check the currency enabled for the merchant with Antom (AED expected).', 'لا تقبل Alipay هذه العملة لهذا التاجر.', 'تحقق مع Antom من العملة المفعّلة للتاجر (المتوقع AED).', '不支持该币种'),
  MERCHANT_NOT_REGISTERED: config('The merchant or store is not registered with Alipay.', 'Check the merchant and store ids in the configuration against the Antom portal.', 'التاجر أو المتجر غير مسجَّل لدى Alipay.', 'قارن معرّفات التاجر والمتجر في الإعدادات مع بوابة Antom.', '商户未注册'),
  PROCESS_FAIL: config('Alipay could not process the request.', 'Try a test payment from the installer screen; if it repeats, contact Antom support.', 'تعذّر على Alipay معالجة الطلب.', 'جرّب دفعة اختبارية من شاشة فني التركيب؛ وإن تكرر فاتصل بدعم Antom.', '处理失败'),
  SYSTEM_ERROR: config('Alipay reported a system error.', 'Try again later; if it repeats, contact Antom support.', 'أبلغت Alipay عن خطأ في النظام.', 'حاول لاحقاً؛ وإن تكرر فاتصل بدعم Antom.', '系统错误'),

  ORDER_STATUS_INVALID: m(['cashier', 'manager'], 'progress', ['The payment can no longer be cancelled.', 'Nothing to do: the terminal checks the payment and refunds it if it was paid.'], ['لم يعد بالإمكان إلغاء الدفع.', 'لا حاجة لأي إجراء: يتحقق الجهاز من الدفع ويستردّه إن كان قد تمّ.'], ['该支付已无法撤销', '系统将核实，如已扣款将自动退款。']),
  CANCEL_WINDOW_EXCEED: m(['cashier', 'manager'], 'progress', ['Too late to cancel this payment (after 00:15 China time the next day).', 'Nothing to do: the terminal refunds it instead if it was paid.'], ['فات وقت إلغاء هذا الدفع (بعد 00:15 بتوقيت الصين في اليوم التالي).', 'لا حاجة لأي إجراء: يستردّه الجهاز بدلاً من ذلك إن كان قد تمّ.'], ['已超过撤销时限', '如已扣款，系统将自动退款。']),

  REFUND_AMOUNT_EXCEED: m(['manager'], 'declined', ['Refund refused: it is more than what is left to refund on this payment.', 'Check the refunds already made; refund at most the remaining amount.'], ['رُفض الاسترداد: المبلغ أكبر من المتبقي القابل للاسترداد لهذا الدفع.', 'راجع المبالغ المستردّة سابقاً؛ استردّ المبلغ المتبقي كحد أقصى.'], ['退款失败：退款金额超过可退金额', '请核对已退款金额。']),
  REFUND_WINDOW_EXCEED: m(['manager'], 'declined', ['Refund refused: the payment is too old to refund through Alipay.', 'Refund the customer another way (cash from the drawer) if the shop agrees.'], ['رُفض الاسترداد: مضى على الدفع وقت طويل لا يسمح بالاسترداد عبر Alipay.', 'استردّ للعميل بطريقة أخرى (نقداً من الدرج) إن وافق المتجر.'], ['退款失败：已超过可退款期限', '如店铺同意，可用其他方式退款。']),
  ORDER_IS_CANCELED: m(['manager'], 'info', ['Refund not needed: this payment was cancelled, so no money was taken.', 'Nothing to refund. Tell the customer the charge was reversed.'], ['لا حاجة للاسترداد: أُلغي هذا الدفع، فلم يُخصم أي مبلغ.', 'لا شيء لاسترداده. أخبر العميل أن المبلغ أُعيد.'], ['无需退款：该支付已撤销，未扣款', '款项已原路退回。']),
} as const satisfies Record<string, Message>;

export type KnownResultCode = keyof typeof RESULT_CODE_WORDS;

const FALLBACK_RESULT = m(['cashier', 'manager'], 'problem', ['Alipay answered with a code this terminal does not know.', 'Take another tender if the customer is waiting, and tell the manager.', 'Look the code up in the journal (souq journal) and the Antom documentation.'], ['أجابت Alipay برمز لا يعرفه هذا الجهاز.', 'استخدم طريقة دفع أخرى إن كان العميل ينتظر، وأبلغ المدير.', 'ابحث عن الرمز في السجل (souq journal) وفي وثائق Antom.'], ['支付结果未知', '请联系收银员。', 'Look the code up in the journal (souq journal) and the Antom documentation.']);

/** Words for an acquirer result code (or the terminal's TIMEOUT / NETWORK / HTTP_nnn / MALFORMED / UNVERIFIED). */
export function resultCodeMessage(code: string | null | undefined): Message {
  const c = String(code ?? '').toUpperCase();
  if (c in RESULT_CODE_WORDS) return RESULT_CODE_WORDS[c as KnownResultCode];
  if (/^HTTP_\d+$/.test(c)) return RESULT_CODE_WORDS.HTTP;
  return FALLBACK_RESULT;
}

// ── attempt states (app/domain/attempt.ts) ─────────────────────────────────────────────────────
export const ATTEMPT_STATE_WORDS: Readonly<Record<AttemptState, Message>> = {
  created: m(CUSTOMER_CASHIER, 'progress', ['Payment ready to send.', 'Wait: it goes to Alipay as soon as the network allows, while the code is still valid.'], ['الدفع جاهز للإرسال.', 'انتظر: يُرسل إلى Alipay فور توفر الشبكة ما دام الرمز صالحاً.'], ['正在准备支付', '请稍候。']),
  sent: m(CUSTOMER_CASHIER, 'progress', ['Sending the payment to Alipay…', 'Wait for the answer.'], ['جارٍ إرسال الدفع إلى Alipay…', 'انتظر الإجابة.'], ['正在支付…', '请稍候。']),
  awaiting_customer: m(['customer', 'cashier'], 'progress', ['Waiting for the customer to scan the QR code and pay.', 'Ask the customer to scan the QR with Alipay or another Alipay+ wallet and confirm.'], ['بانتظار أن يمسح العميل رمز QR ويدفع.', 'اطلب من العميل مسح رمز QR بتطبيق Alipay أو محفظة Alipay+ أخرى والتأكيد.'], ['请扫码付款', '请使用支付宝或其他 Alipay+ 钱包扫描二维码并确认支付。']),
  unknown: m(['cashier', 'customer'], 'progress', ['Checking with Alipay: the result is not known yet.', 'Wait. Do not take another payment for this sale; the terminal will confirm or cancel it.'], ['جارٍ التحقق مع Alipay: النتيجة غير معروفة بعد.', 'انتظر. لا تأخذ دفعة أخرى لهذه العملية؛ سيؤكد الجهاز الدفع أو يلغيه.'], ['正在确认支付结果', '请稍候，请勿重复付款。']),
  succeeded: m(CUSTOMER_CASHIER, 'success', ['Paid.', 'Hand over the receipt.'], ['تم الدفع.', 'سلّم الإيصال للعميل.'], ['支付成功', '谢谢惠顾！']),
  failed: m(CUSTOMER_CASHIER, 'declined', ['The payment did not go through. No money was taken.', 'See the reason; ask for a fresh code or another way to pay.'], ['لم يتم الدفع. لم يُخصم أي مبلغ.', 'اطّلع على السبب؛ اطلب رمزاً جديداً أو طريقة دفع أخرى.'], ['支付未成功，未扣款', '请刷新付款码重试或改用其他支付方式。']),
  cancelling: m(['cashier', 'customer'], 'progress', ['Cancelling the payment with Alipay…', 'Wait: if any money was taken it is returned to the customer.'], ['جارٍ إلغاء الدفع مع Alipay…', 'انتظر: إن خُصم أي مبلغ فسيُعاد إلى العميل.'], ['正在撤销支付…', '如已扣款，将原路退回。']),
  cancelled: m(['cashier', 'customer'], 'info', ['Payment cancelled. No money was taken (or it was returned).', 'Take payment again if the customer still wants the goods.'], ['أُلغي الدفع. لم يُخصم أي مبلغ (أو أُعيد).', 'خذ الدفع من جديد إن كان العميل ما زال يريد البضاعة.'], ['支付已撤销，未扣款或已退回', '如需购买，请重新支付。']),
  needs_attention: m(['manager', 'cashier'], 'problem', ['The terminal could not settle this payment on its own.', 'Do not charge the customer again. Call the manager to check it in the Antom portal.', 'Find the payment by its request id in the Antom portal, then settle it in the journal.'], ['لم يتمكن الجهاز من حسم هذا الدفع بنفسه.', 'لا تخصم من العميل مرة أخرى. اتصل بالمدير للتحقق منه في بوابة Antom.', 'ابحث عن الدفع بمعرّف الطلب في بوابة Antom ثم احسمه في السجل.'], ['支付状态待核实', '请勿重复付款，店员将为您核实。']),
  expired: refreshCode('The payment code expired before it could be sent (network down too long). No money was taken.', 'انتهت صلاحية رمز الدفع قبل إرساله (انقطعت الشبكة طويلاً). لم يُخصم أي مبلغ.', '付款码已过期，未扣款'),
};

// ── refund states ────────────────────────────────────────────────────────────────────────────
export const REFUND_STATE_WORDS: Readonly<Record<RefundState, Message>> = {
  created: m(['manager'], 'progress', ['Refund recorded, waiting to be sent.', 'Nothing to do: it is sent as soon as Alipay is reachable.'], ['سُجّل الاسترداد وينتظر الإرسال.', 'لا حاجة لأي إجراء: يُرسل فور إمكانية الوصول إلى Alipay.'], ['退款已登记，等待发送', '系统将自动处理。']),
  sent: m(['manager'], 'progress', ['Refund sent to Alipay…', 'Wait for the answer.'], ['أُرسل الاسترداد إلى Alipay…', 'انتظر الإجابة.'], ['退款处理中…', '请稍候。']),
  refunded: m(['manager', 'customer'], 'success', ['Refunded to the customer’s wallet.', 'Give the customer the refund receipt.'], ['تم الاسترداد إلى محفظة العميل.', 'سلّم العميل إيصال الاسترداد.'], ['退款成功，款项将原路退回', '请收好退款凭证。']),
  refund_failed: m(['manager'], 'declined', ['The refund was refused.', 'See the reason; refund another way (cash from the drawer) if the shop agrees.'], ['رُفض الاسترداد.', 'اطّلع على السبب؛ استردّ بطريقة أخرى (نقداً من الدرج) إن وافق المتجر.'], ['退款失败', '请联系店长。']),
  refund_unknown: m(['manager'], 'progress', ['The refund’s result is not known yet.', 'Nothing to do: the terminal asks again with the same refund id until it is settled.'], ['نتيجة الاسترداد غير معروفة بعد.', 'لا حاجة لأي إجراء: يعيد الجهاز السؤال بنفس معرّف الاسترداد حتى يُحسم.'], ['退款结果确认中', '系统将自动确认。']),
};

// ── scans (app/domain/classify.ts) ─────────────────────────────────────────────────────────────
export const SCAN_REJECTION_WORDS: Readonly<Record<ScanRejection, Message>> = {
  EMPTY: m(['cashier'], 'info', ['The scan was empty.', 'Scan again.'], ['كانت عملية المسح فارغة.', 'امسح مرة أخرى.'], ['扫描内容为空', '请重新扫描。']),
  NOT_DIGITS: m(['cashier'], 'info', ['Not a payment code or a product barcode (it has letters or symbols).', 'Scan again; if it repeats, ask the installer to check the scanner settings.'], ['ليس رمز دفع ولا باركود منتج (يحتوي على أحرف أو رموز).', 'امسح مرة أخرى؛ وإن تكرر فاطلب من فني التركيب فحص إعدادات الماسح.'], ['无法识别的码', '请重新扫描。']),
  WRONG_LENGTH: m(['cashier'], 'info', ['Not a payment code or a product barcode (wrong number of digits).', 'Scan again, or key the price as an amount.'], ['ليس رمز دفع ولا باركود منتج (عدد الأرقام غير صحيح).', 'امسح مرة أخرى، أو أدخل السعر كمبلغ.'], ['无法识别的码', '请重新扫描。']),
  BAD_CHECK_DIGIT: m(['cashier'], 'info', ['The barcode was misread (its check digit is wrong).', 'Scan it again, or key the price as an amount.'], ['قُرئ الباركود بشكل خاطئ (رقم التحقق غير صحيح).', 'امسحه مرة أخرى، أو أدخل السعر كمبلغ.'], ['条码读取错误', '请重新扫描。']),
  WALLET_PREFIX_WRONG_LENGTH: m(['customer', 'cashier'], 'info', ['This looks like a payment code, but it was read incompletely.', 'Ask the customer to refresh the payment code, then scan again.'], ['يبدو هذا رمز دفع، لكنه قُرئ بشكل ناقص.', 'اطلب من العميل تحديث رمز الدفع، ثم امسح مرة أخرى.'], ['付款码读取不完整', '请刷新付款码后重新出示。']),
};

const unsupported = (en: string, ar: string, zh: string) =>
  m(['customer', 'cashier'], 'declined', [en, 'Ask the customer to pay with Alipay / Alipay+, cash or card.'], [ar, 'اطلب من العميل الدفع عبر Alipay / Alipay+ أو نقداً أو بالبطاقة.'], [zh, '请使用支付宝 / Alipay+、现金或银行卡支付。']);

/** A wallet code the acquirer cannot take (classifyScan `supported: false`). */
export const UNSUPPORTED_WALLET_WORDS: Readonly<Record<Exclude<WalletFamily, 'alipay'> | 'wechat_hk', Message>> = {
  wechat: unsupported('WeChat Pay is not accepted here.', 'لا نقبل WeChat Pay هنا.', '本店暂不支持微信支付'),
  wechat_hk: unsupported('WeChat Pay HK is not accepted here.', 'لا نقبل WeChat Pay HK هنا.', '本店暂不支持微信支付（香港）'),
  unionpay: unsupported('UnionPay QR is not accepted here (a UnionPay card works on the card terminal).', 'لا نقبل UnionPay QR هنا (تعمل بطاقة UnionPay على جهاز البطاقات).', '本店暂不支持银联二维码，可使用银联卡刷卡支付'),
};

// ── sale refusals (app/domain/sale.ts) ─────────────────────────────────────────────────────────
export const SALE_ERROR_WORDS: Readonly<Record<SaleErrorCode, Message>> = {
  SALE_NOT_FOUND: m(['cashier'], 'problem', ['That sale no longer exists.', 'Start a new sale.'], ['هذه العملية لم تعد موجودة.', 'ابدأ عملية بيع جديدة.'], ['找不到该笔交易', '请开始新交易。']),
  SALE_NOT_OPEN: m(['cashier'], 'info', ['This sale is already finished (paid or voided).', 'Start a new sale.'], ['هذه العملية منتهية (مدفوعة أو ملغاة).', 'ابدأ عملية بيع جديدة.'], ['该交易已结束', '请开始新交易。']),
  SALE_LOCKED: m(['cashier'], 'info', ['The lines cannot change: a payment was taken or is in progress.', 'Finish the payment, or cancel it first.'], ['لا يمكن تعديل البنود: تم أخذ دفعة أو هناك دفعة جارية.', 'أكمل الدفع أو ألغِه أولاً.'], ['支付进行中，商品不可修改', '请先完成或撤销支付。']),
  LINE_NOT_FOUND: m(['cashier'], 'info', ['That line is not on this sale.', 'Refresh the sale and try again.'], ['هذا البند غير موجود في العملية.', 'حدّث العملية وحاول مرة أخرى.'], ['找不到该商品行', '请重试。']),
  INVALID_QUANTITY: m(['cashier'], 'info', ['That quantity is not allowed.', 'Enter a whole number from 1 to 9999.'], ['هذه الكمية غير مسموحة.', 'أدخل عدداً صحيحاً من 1 إلى 9999.'], ['数量无效', '请输入 1–9999 的整数。']),
  INVALID_AMOUNT: m(['cashier'], 'info', ['That amount is not allowed.', 'Enter an amount above zero with at most two decimals.'], ['هذا المبلغ غير مسموح.', 'أدخل مبلغاً أكبر من صفر بخانتين عشريتين كحد أقصى.'], ['金额无效', '请输入大于零、最多两位小数的金额。']),
  CURRENCY_MISMATCH: m(['cashier', 'manager'], 'problem', ['The amount is in a different currency from the sale.', 'Enter the amount in AED; call the manager if a product shows another currency.'], ['المبلغ بعملة مختلفة عن عملة العملية.', 'أدخل المبلغ بالدرهم؛ واتصل بالمدير إن ظهر منتج بعملة أخرى.'], ['币种不一致', '请以迪拉姆 (AED) 输入金额。']),
  SALE_TOO_LARGE: m(['cashier'], 'info', ['This sale is larger than one sale may be.', 'Split it into two sales.'], ['هذه العملية أكبر من الحد المسموح لعملية واحدة.', 'قسّمها إلى عمليتين.'], ['交易金额过大', '请拆分为两笔交易。']),
  UNKNOWN_PRODUCT: m(['cashier', 'manager'], 'info', ['This barcode is not in the catalogue.', 'Key the price as an amount, or ask the manager to add the product.'], ['هذا الباركود غير موجود في الكتالوج.', 'أدخل السعر كمبلغ، أو اطلب من المدير إضافة المنتج.'], ['商品不在目录中', '请手动输入价格。']),
  NOTHING_DUE: m(['cashier'], 'info', ['Nothing is due on this sale.', 'Add a line first, or start a new sale.'], ['لا يوجد مبلغ مستحق في هذه العملية.', 'أضف بنداً أولاً، أو ابدأ عملية جديدة.'], ['无应付金额', '请先添加商品。']),
  CASH_TOO_LITTLE: m(['cashier'], 'info', ['The cash tendered is less than the amount due.', 'Take more cash, or record it as a part payment and take the rest another way.'], ['المبلغ النقدي المقدَّم أقل من المستحق.', 'خذ نقداً إضافياً، أو سجّله كدفعة جزئية وخذ الباقي بطريقة أخرى.'], ['现金不足', '请补足金额或使用其他方式支付余款。']),
  TENDER_TOO_LARGE: m(['cashier'], 'info', ['That is more than the amount due.', 'Enter at most the amount due (only cash gives change).'], ['هذا أكثر من المبلغ المستحق.', 'أدخل المبلغ المستحق كحد أقصى (النقد وحده يُعاد منه الباقي).'], ['金额超过应付金额', '请输入不超过应付金额的数额。']),
  WALLET_PAYMENT_PENDING: m(['cashier'], 'progress', ['A wallet payment for this sale is still in progress.', 'Wait for its result, or cancel it, before taking another tender.'], ['ما زالت هناك دفعة عبر المحفظة جارية لهذه العملية.', 'انتظر نتيجتها أو ألغِها قبل أخذ دفعة أخرى.'], ['钱包支付处理中', '请稍候，请勿重复付款。']),
  VOID_REFUSED: m(['cashier', 'manager'], 'info', ['This sale cannot be voided (money was taken or a payment is in progress).', 'Refund the payment instead, or wait for the payment’s result.'], ['لا يمكن إلغاء هذه العملية (تم أخذ مبلغ أو هناك دفعة جارية).', 'استردّ الدفعة بدلاً من ذلك، أو انتظر نتيجة الدفع.'], ['该交易无法作废', '请改为退款。']),
  SALE_NOT_PAID: m(['cashier'], 'info', ['This sale is not paid yet.', 'Take the payment first.'], ['هذه العملية لم تُدفع بعد.', 'خذ الدفع أولاً.'], ['该交易尚未付款', '请先完成付款。']),
  NOT_TAX_FREE_ELIGIBLE: m(['cashier', 'customer'], 'info', ['Tax-free needs a receipt of at least AED 250.00.', 'Tell the customer this receipt is below the tax-free minimum.'], ['يتطلب الإعفاء الضريبي إيصالاً بقيمة 250.00 درهم على الأقل.', 'أخبر العميل أن هذا الإيصال أقل من الحد الأدنى للإعفاء الضريبي.'], ['退税需单张小票满 250.00 迪拉姆', '本小票金额未达到退税门槛。']),
  INVALID_INPUT: m(['cashier'], 'info', ['That entry is not accepted.', 'Check what was typed and try again.'], ['هذا الإدخال غير مقبول.', 'تحقق مما كُتب وحاول مرة أخرى.'], ['输入无效', '请检查后重试。']),
  SALE_PARKED: m(['cashier'], 'info', ['This sale is parked.', 'Recall it from the parked sales first.'], ['هذه العملية معلّقة.', 'استرجعها من العمليات المعلّقة أولاً.'], ['该交易已挂起', '请先取回该交易。']),
  NOTHING_TO_PARK: m(['cashier'], 'info', ['This sale has no lines to park.', 'Add a line, or just serve the next customer.'], ['لا توجد بنود في هذه العملية لتعليقها.', 'أضف بنداً، أو اخدم العميل التالي مباشرة.'], ['没有可挂起的商品', '请先添加商品。']),
  INVALID_CARD_DETAILS: m(['cashier'], 'info', ['The card slip details are not right.', 'Check the approval code (letters and digits) and the last 4 digits of the card, or leave them empty.'], ['بيانات إيصال البطاقة غير صحيحة.', 'تحقق من رمز الموافقة (أحرف وأرقام) وآخر 4 أرقام من البطاقة، أو اتركها فارغة.'], ['刷卡凭条信息有误', '请核对授权码和卡号后四位。']),
  INVALID_DISCOUNT: m(['cashier'], 'info', ['That discount or price is not allowed.', 'Enter a discount above zero (at most 100 %), or a price of at least AED 0.00.'], ['هذا الخصم أو السعر غير مسموح.', 'أدخل خصماً أكبر من صفر (100 % كحد أقصى)، أو سعراً لا يقل عن 0.00 درهم.'], ['折扣或价格无效', '请重新输入。']),
  MANAGER_APPROVAL_NEEDED: m(['cashier', 'manager'], 'info', ['This reduction is above the limit the installer set.', 'Ask a manager to enter their name and PIN to approve it.'], ['هذا التخفيض أعلى من الحد الذي حدده فني التركيب.', 'اطلب من المدير إدخال اسمه ورمزه السري للموافقة.'], ['折扣超过限额', '需要店长授权。']),
};

/** The words in one language, with the audience and tone. */
export function wordsIn(message: Message, lang: WordLang): Words & { audience: readonly Audience[]; tone: Tone } {
  return { ...message.words[lang], audience: message.audience, tone: message.tone };
}

/** An order QR that ran out unpaid (state `expired`, result ORDER_CODE_EXPIRED or the acquirer's ORDER_IS_CLOSED). */
export const QR_EXPIRED_WORDS: Message = m(
  CUSTOMER_CASHIER,
  'declined',
  ['The QR code expired before the customer paid. No money was taken.', 'Show a new QR, or take another payment.'],
  ['انتهت صلاحية رمز QR قبل أن يدفع العميل. لم يُخصم أي مبلغ.', 'اعرض رمز QR جديداً، أو استلم دفعة أخرى.'],
  ['二维码已过期，未扣款', '请稍候，店员将为您生成新的二维码。'],
);

export const attemptStateMessage = (state: AttemptState, resultCode?: string | null): Message =>
  state === 'expired' && (resultCode === 'ORDER_CODE_EXPIRED' || resultCode === 'ORDER_IS_CLOSED') ? QR_EXPIRED_WORDS : ATTEMPT_STATE_WORDS[state];
export const refundStateMessage = (state: RefundState): Message => REFUND_STATE_WORDS[state];
