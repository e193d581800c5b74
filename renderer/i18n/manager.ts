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
  backToCashier: { en: 'Back to the cashier screen', ar: 'العودة إلى شاشة الكاشير' },
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
  typeInvoice: { en: 'Type or scan the invoice number or the receipt code first.', ar: 'اكتب أو امسح رقم الفاتورة أو رمز الإيصال أولًا.' },
  noSale: { en: 'No sale with invoice number or receipt code {text}.', ar: 'لا يوجد بيع برقم الفاتورة أو رمز الإيصال {text}.' },
  amount: { en: 'Amount', ar: 'المبلغ' },
  refundTender: { en: 'Refund {what}, left', ar: 'استرداد {what}، المتبقي' },
  wallet: { en: 'wallet', ar: 'المحفظة' },
  cash: { en: 'cash', ar: 'نقدًا' },
  card: { en: 'card', ar: 'بطاقة' },
  walletQueued: { en: 'Refund to {wallet} queued:', ar: 'تمت جدولة الاسترداد إلى {wallet}:' },
  giveCash: { en: 'Give back from the drawer:', ar: 'أعد من الدرج:' },
  giveCard: { en: 'Key this refund on the card terminal (it is recorded here):', ar: 'أدخل هذا الاسترداد على جهاز البطاقات (تم تسجيله هنا):' },
  refundState: { en: 'Refund', ar: 'استرداد' },
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

  // Choosing the period, CSV
  day: { en: 'Business day', ar: 'يوم العمل' },
  from: { en: 'From', ar: 'من' },
  to: { en: 'To', ar: 'إلى' },
  showRange: { en: 'Show the range', ar: 'عرض الفترة' },
  downloadCsv: { en: 'Download CSV', ar: 'تنزيل CSV' },
  csvSaved: { en: 'Saved {file}.', ar: 'تم حفظ {file}.' },
  averageTicket: { en: 'Average ticket', ar: 'متوسط الفاتورة' },
  voidedOpen: { en: 'Voided / not paid', ar: 'ملغاة / غير مدفوعة' },
  vatRefunded: { en: 'VAT refunded', ar: 'الضريبة المستردة' },
  vatNet: { en: 'VAT, net', ar: 'صافي الضريبة' },
  byCashier: { en: 'By cashier', ar: 'حسب الكاشير' },
  cashier: { en: 'Cashier', ar: 'الكاشير' },
  nobodySignedIn: { en: 'No cashier signed in', ar: 'لم يسجّل أي كاشير الدخول' },
  count: { en: 'Sales', ar: 'المبيعات' },
  noCashier: { en: 'No sales in this period.', ar: 'لا مبيعات في هذه الفترة.' },
  invoiceNo: { en: 'Invoice {no}', ar: 'الفاتورة {no}' },
  noInvoice: { en: 'No invoice (not paid)', ar: 'بلا فاتورة (غير مدفوعة)' },

  // Finding a sale
  orFindBy: { en: 'Or by amount and time', ar: 'أو بالمبلغ والوقت' },
  around: { en: 'Around (Dubai time)', ar: 'حوالي (بتوقيت دبي)' },
  withinMinutes: { en: 'Within (minutes)', ar: 'خلال (دقائق)' },
  findByAmount: { en: 'Find by amount', ar: 'بحث بالمبلغ' },
  badTime: { en: 'Give the time as a date and time, e.g. 2026-01-31 14:30.', ar: 'أدخل الوقت كتاريخ وساعة، مثل 2026-01-31 14:30.' },
  noMatch: { en: 'No sale of {amount} within {minutes} minutes of {time}.', ar: 'لا يوجد بيع بمبلغ {amount} خلال {minutes} دقيقة من {time}.' },
  status: { en: 'Status: {status}', ar: 'الحالة: {status}' },
  status_open: { en: 'open, never paid', ar: 'مفتوحة، لم تُدفع' },
  status_paid: { en: 'paid', ar: 'مدفوعة' },
  status_voided: { en: 'voided', ar: 'ملغاة' },
  paid: { en: 'Paid', ar: 'المدفوع' },
  refundedSoFar: { en: 'Refunded so far', ar: 'المسترد حتى الآن' },
  left: { en: 'Left to refund', ar: 'المتبقي للاسترداد' },
  reason: { en: 'Reason (optional)', ar: 'السبب (اختياري)' },
  refundExceeds: {
    en: 'Refused: that is more than is left to refund on this payment. The most you can refund now is',
    ar: 'مرفوض: المبلغ أكبر من المتبقي القابل للاسترداد لهذا الدفع. أقصى ما يمكن استرداده الآن هو',
  },
  amountHint: { en: 'Leave the amount blank to refund all that is left.', ar: 'اترك المبلغ فارغًا لاسترداد كل المتبقي.' },
  acquirerOffline: {
    en: 'The acquirer cannot be reached now: the refund waits in the queue and is sent by itself when the link returns.',
    ar: 'لا يمكن الوصول إلى مزود الدفع الآن: ينتظر الاسترداد في قائمة الانتظار ويُرسل تلقائيًا عند عودة الاتصال.',
  },

  // Void
  voidSale: { en: 'Void sale', ar: 'إلغاء البيع' },
  voidAsk: { en: 'Void this unpaid sale? It cannot be undone. Total:', ar: 'إلغاء هذا البيع غير المدفوع؟ لا يمكن التراجع عن ذلك. الإجمالي:' },
  voidConfirm: { en: 'Yes, void it', ar: 'نعم، ألغِه' },
  keepSale: { en: 'No, keep it', ar: 'لا، أبقِه' },
  voided: { en: 'The sale is voided.', ar: 'تم إلغاء البيع.' },

  // Receipt: tax-free and reprint
  taxFreeEligible: { en: 'Tax-free eligible (AED 250.00 or more)', ar: 'مؤهلة لاسترداد ضريبة السياح (250.00 درهم أو أكثر)' },
  taxFreeTag: { en: 'Tax-free tag no.', ar: 'رقم بطاقة الاسترداد الضريبي' },
  taxFreeSave: { en: 'Save tag', ar: 'حفظ الرقم' },
  taxFreeSaved: { en: 'Tax-free tag saved: it prints on the receipt.', ar: 'تم حفظ رقم البطاقة: يُطبع على الإيصال.' },
  reprintReceipt: { en: 'Reprint receipt', ar: 'إعادة طباعة الإيصال' },
  printReceipt: { en: 'Print receipt', ar: 'طباعة الإيصال' },

  // Day close
  closeFor: { en: 'Day:', ar: 'اليوم:' },
  pendingList: { en: 'Not settled yet (close again once these are final):', ar: 'لم تُحسم بعد (أغلق مجددًا بعد حسمها):' },
  closeUnconfirmed: { en: 'Close without confirming them', ar: 'إغلاق دون تأكيدها' },
  acquirerCheck: { en: 'Acquirer check: {confirmed} of {checked} wallet payments confirmed', ar: 'تحقق مزود الدفع: تأكيد {confirmed} من {checked} من مدفوعات المحفظة' },
  mismatches: { en: 'Mismatches between the till and the acquirer', ar: 'فروقات بين الصندوق ومزود الدفع' },
  noMismatch: { en: 'No mismatches: the till and the acquirer agree.', ar: 'لا فروقات: الصندوق ومزود الدفع متطابقان.' },
  payment: { en: 'Payment', ar: 'الدفعة' },
  tillSays: { en: 'Till', ar: 'الصندوق' },
  acquirerSays: { en: 'Acquirer', ar: 'مزود الدفع' },
  whatDiffers: { en: 'What differs', ar: 'الاختلاف' },
  unconfirmed: { en: 'Not confirmed (the acquirer did not answer):', ar: 'غير مؤكدة (لم يرد مزود الدفع):' },
  zList: { en: 'Z reports', ar: 'تقارير Z' },
  noZ: { en: 'No Z report yet.', ar: 'لا توجد تقارير Z بعد.' },
  closedAt: { en: 'Closed', ar: 'أُغلق' },
  reprint: { en: 'Reprint', ar: 'إعادة الطباعة' },
  printSlip: { en: 'Print this slip', ar: 'طباعة هذا الإيصال' },

  // The X / Z slip in the screen's language (renderer/manager/Slip.tsx); {placeholders} take
  // isolated values (amounts, codes, times), so each sentence keeps its own word order.
  slipX: { en: 'X report (day not closed)', ar: 'تقرير X (اليوم لم يُغلق)' },
  slipZ: { en: 'Z report {n}', ar: 'تقرير Z رقم {n}' },
  slipTerminal: { en: 'Terminal {id}', ar: 'الجهاز {id}' },
  slipClosed: { en: 'Closed {time} by {name}', ar: 'أُغلق في {time} بواسطة {name}' },
  slipAt: { en: 'Printed {time}', ar: 'وقت التقرير {time}' },
  slipDay: { en: 'Business day {day} (Asia/Dubai)', ar: 'يوم العمل {day} (بتوقيت دبي)' },
  slipDays: { en: 'Business days {from} to {to} (Asia/Dubai)', ar: 'أيام العمل من {from} إلى {to} (بتوقيت دبي)' },
  slipTakings: { en: 'Takings', ar: 'المبيعات' },
  slipSalesPaid: { en: 'Sales (paid)', ar: 'المبيعات (المدفوعة)' },
  slipRefundsMade: { en: 'Refunds made', ar: 'عمليات الاسترداد' },
  slipVoided: { en: 'Voided sales', ar: 'المبيعات الملغاة' },
  slipOpen: { en: 'Open sales', ar: 'المبيعات المفتوحة' },
  slipByTender: { en: 'By tender (sales / refunds / net)', ar: 'حسب طريقة الدفع (المبيعات / المستردات / الصافي)' },
  slipTenderCash: { en: 'Cash', ar: 'نقدًا' },
  slipTenderCard: { en: 'Card (external terminal)', ar: 'بطاقة (جهاز خارجي)' },
  slipTenderWallet: { en: 'Wallet (name not given)', ar: 'محفظة (الاسم غير مذكور)' },
  slipByHour: { en: 'By hour (Dubai)', ar: 'حسب الساعة (دبي)' },
  slipNone: { en: 'none', ar: 'لا شيء' },
  slipWallet: { en: 'Wallet payments', ar: 'مدفوعات المحفظة' },
  slipSettled: { en: 'Settled', ar: 'مسوّاة' },
  slipPending: { en: 'Unknown / pending', ar: 'غير معروفة / معلقة' },
  slipAttention: { en: 'Needs attention', ar: 'تحتاج متابعة' },
  slipNotPaid: { en: 'Not paid (failed, cancelled, expired)', ar: 'غير مدفوعة (فاشلة، ملغاة، منتهية)' },
  slipUnsettled: { en: 'Not settled yet — each needs to resolve before the day can close:', ar: 'لم تُحسم بعد — يجب حسم كل منها قبل إغلاق اليوم:' },
  slipSale: { en: 'sale {id}', ar: 'البيع {id}' },
  slipPendingRefunds: { en: 'Refunds on their way to the acquirer:', ar: 'مستردات في طريقها إلى مزود الدفع:' },
  slipRefundOf: { en: 'payment {id}', ar: 'الدفعة {id}' },
  slipExpected: { en: 'Expected cash in drawer', ar: 'النقد المتوقع في الدرج' },
  slipShort: { en: '(cash short)', ar: '(نقص في النقد)' },
  slipOver: { en: '(cash over)', ar: '(زيادة في النقد)' },
  slipMismatch: { en: 'Mismatch {id}, code {code}:', ar: 'فرق في الدفعة {id}، الرمز {code}:' },
  slipNotTaken: { en: 'The till recorded {amount} paid, but the acquirer says {status}.', ar: 'سجّل الصندوق {amount} مدفوعًا، لكن مزود الدفع يقول {status}.' },
  slipOtherAmount: { en: 'The till recorded {ours}, the acquirer {theirs}.', ar: 'سجّل الصندوق {ours}، ومزود الدفع {theirs}.' },
  slipTaken: {
    en: 'The acquirer took {amount} for a payment the till has as not paid ({state}): refund the customer or record the sale.',
    ar: 'أخذ مزود الدفع {amount} لدفعة لم يسجّلها الصندوق مدفوعة ({state}): أعد المال للعميل أو سجّل البيع.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type ManagerKey = keyof typeof managerMessages;

/**
 * Refusals of the manager's calls, by code (app/dayclose, app/reports, app/handlers/manager.ts).
 * Only Arabic screens use them: English ones show the core's own, more specific sentence.
 */
const MANAGER_ERRORS = {
  DAY_HAS_PENDING: {
    en: 'The day cannot close: some wallet payments are not settled yet (listed below). Wait for the terminal to settle them, then close again.',
    ar: 'لا يمكن إغلاق اليوم: بعض مدفوعات المحفظة لم تُحسم بعد (مذكورة أدناه). انتظر حتى يحسمها الجهاز ثم أغلق مجددًا.',
  },
  DAY_ALREADY_CLOSED: { en: 'This day is already closed: reprint its Z report from the list.', ar: 'هذا اليوم مُغلق بالفعل: أعد طباعة تقرير Z الخاص به من القائمة.' },
  DAY_NOT_OVER: { en: 'This day has not begun yet.', ar: 'هذا اليوم لم يبدأ بعد.' },
  ACQUIRER_UNREACHABLE: {
    en: 'The acquirer did not answer to confirm some of the day’s wallet payments. Close again when it is reachable, or close without confirming them.',
    ar: 'لم يرد مزود الدفع لتأكيد بعض مدفوعات المحفظة لهذا اليوم. أغلق مجددًا عند عودة الاتصال، أو أغلق دون تأكيدها.',
  },
  NO_SUCH_Z: { en: 'There is no Z report with that number on this terminal.', ar: 'لا يوجد تقرير Z بهذا الرقم على هذا الجهاز.' },
  INVALID_PERIOD: { en: 'That period is not valid: choose real dates, the first before the last.', ar: 'هذه الفترة غير صالحة: اختر تواريخ صحيحة، والبداية قبل النهاية.' },
  NOT_ALLOWED: { en: 'The manager sign-in has ended or does not allow this: sign in again with your PIN.', ar: 'انتهت جلسة المدير أو لا تسمح بهذا: سجّل الدخول من جديد برقمك السري.' },
  REFUND_AMOUNT_EXCEED: { en: 'That is more than is left to refund on this sale.', ar: 'هذا أكثر من المبلغ المتبقي للاسترداد في هذا البيع.' },
  SALE_NOT_PAID: { en: 'This sale is not paid: only a paid sale can be refunded (void an unpaid one).', ar: 'هذا البيع غير مدفوع: لا يُسترد إلا البيع المدفوع (ألغِ البيع غير المدفوع).' },
} as const satisfies Record<string, Record<Lang, string>>;

export function managerErrorWords(code: string | null | undefined, lang: Lang): string | null {
  return code && code in MANAGER_ERRORS ? MANAGER_ERRORS[code as keyof typeof MANAGER_ERRORS][lang] : null;
}

export function managerText(lang: Lang, key: ManagerKey, vars?: Record<string, string | number>): string {
  return fill(managerMessages[key][lang], vars);
}
