// Words for the errors the core sends ({ code, message }: app/api/call.ts), chosen by CODE so an
// Arabic screen never shows the core's English sentence. English screens keep the core's own words
// (they are the most specific: names, paths, tries left); Arabic ones get the words below, and the
// English message only for a code nobody gave words to yet.
//
// Acquirer result codes, sale refusals and scan rejections already have en/ar/zh words in
// app/domain/result-words.ts: those are reused, not copied. This file holds the rest: the
// contract's own codes, the journal's, sign-in, storage, serial scanners and the scan outcomes of
// scan.submit.
import { RESULT_CODE_WORDS, SALE_ERROR_WORDS, SCAN_REJECTION_WORDS, type Message } from '../../app/domain/result-words.ts';
import type { ApiErrorDetails } from '../../app/api/call.ts';
import { businessDay } from '../../app/domain/time.ts';
import { fill, type Lang } from './i18n.ts';
import { countText } from './counted.ts';

type Words = Readonly<Record<Lang, string>>;

export const ERROR_WORDS = {
  // the contract and its transports (app/api/call.ts, app/handlers/service.ts, renderer/api/transport.ts)
  INVALID_INPUT: { en: 'That entry is not accepted: check what was typed and try again.', ar: 'هذا الإدخال غير مقبول: تحقق مما كُتب وحاول مرة أخرى.' },
  UNKNOWN_CALL: { en: 'The screen asked the terminal for something it does not know: update the program.', ar: 'طلبت الشاشة من الجهاز شيئًا لا يعرفه: حدّث البرنامج.' },
  UNAUTHORIZED: { en: 'The terminal refused this screen: open it again from the link the terminal printed.', ar: 'رفض الجهاز هذه الشاشة: افتحها من جديد عبر الرابط الذي أظهره الجهاز.' },
  FORBIDDEN: { en: 'The terminal answers only its own page: open the link the terminal printed.', ar: 'لا يجيب الجهاز إلا صفحته الخاصة: افتح الرابط الذي أظهره الجهاز.' },
  FORBIDDEN_SENDER: { en: 'The terminal refused this window.', ar: 'رفض الجهاز هذه النافذة.' },
  NOT_FOUND: { en: 'Not found on this terminal.', ar: 'غير موجود على هذا الجهاز.' },
  NOT_AVAILABLE: { en: 'Not available on this terminal.', ar: 'غير متاح على هذا الجهاز.' },
  INTERNAL: { en: 'Something went wrong inside the terminal. Nothing more was sent; the details are in the log.', ar: 'حدث خطأ داخل الجهاز. لم يُرسل شيء آخر؛ التفاصيل في السجل.' },
  HOST_UNREACHABLE: { en: 'The terminal is not answering: check that it is running.', ar: 'الجهاز لا يستجيب: تأكد أنه يعمل.' },
  HOST_BAD_REPLY: { en: 'The terminal answered with something this screen cannot read.', ar: 'أجاب الجهاز بما لا تستطيع هذه الشاشة قراءته.' },
  NOT_ALLOWED: { en: 'Not allowed: sign in with a PIN that may do this.', ar: 'غير مسموح: سجّل الدخول برقم سري يملك هذه الصلاحية.' },
  // sign-in (app/users/users.ts)
  WRONG_PIN: { en: 'Name or PIN not recognised.', ar: 'الاسم أو الرقم السري غير صحيح.' },
  LOCKED: { en: 'Too many wrong PINs: this person is locked for now. Try later, or ask a manager to unlock.', ar: 'محاولات خاطئة كثيرة: هذا المستخدم مقفل حاليًا. حاول لاحقًا أو اطلب من المدير فتح القفل.' },
  USER_DISABLED: { en: 'This person is disabled: ask a manager.', ar: 'هذا المستخدم معطّل: اسأل المدير.' },
  NO_SUCH_USER: { en: 'Name or PIN not recognised.', ar: 'الاسم أو الرقم السري غير صحيح.' },
  NAME_TAKEN: { en: 'That name is already used.', ar: 'هذا الاسم مستخدم من قبل.' },
  NO_MANAGER: { en: 'No manager exists yet: create one with souq user add.', ar: 'لا يوجد مدير بعد: أنشئ واحدًا بالأمر souq user add.' },
  PIN_FORMAT: { en: 'A PIN is 4 to 8 digits.', ar: 'الرقم السري من 4 إلى 8 أرقام.' },
  INVALID_USER: { en: 'Those user details are not accepted.', ar: 'بيانات المستخدم هذه غير مقبولة.' },
  // payments in the journal (app/journal/errors.ts)
  SALE_ALREADY_PAID: { en: 'This sale is already paid.', ar: 'هذه العملية مدفوعة بالفعل.' },
  ATTEMPT_IN_PROGRESS: { en: 'A payment for this sale is still in progress: wait for its result, or cancel it.', ar: 'ما زالت دفعة لهذه العملية جارية: انتظر نتيجتها أو ألغِها.' },
  ATTEMPT_NOT_FOUND: { en: 'That payment is not on this terminal.', ar: 'هذه الدفعة غير موجودة على هذا الجهاز.' },
  ATTEMPT_IN_FLIGHT: { en: 'The payment is being sent right now: wait a moment and try again.', ar: 'الدفعة قيد الإرسال الآن: انتظر قليلًا ثم حاول مرة أخرى.' },
  ATTEMPT_FINAL: { en: 'That payment is already finished.', ar: 'هذه الدفعة منتهية بالفعل.' },
  STALE_STATE: { en: 'The payment changed meanwhile: look at its new state and try again.', ar: 'تغيّرت الدفعة في أثناء ذلك: راجع حالتها الجديدة وحاول مرة أخرى.' },
  REFUND_NOT_FOUND: { en: 'That refund is not on this terminal.', ar: 'هذا الاسترداد غير موجود على هذا الجهاز.' },
  REFUND_NOT_ALLOWED: { en: 'This payment cannot be refunded.', ar: 'لا يمكن استرداد هذه الدفعة.' },
  REFUND_EXCEEDS_PAID: { en: 'That is more than is left to refund.', ar: 'هذا أكثر من المبلغ المتبقي للاسترداد.' },
  // scan.submit outcomes (app/handlers/handlers.ts); scan rejections SCAN_<rejection> come from result-words
  WALLET_NOT_SUPPORTED: { en: 'This wallet is not accepted here: ask for Alipay / Alipay+, cash or card.', ar: 'لا نقبل هذه المحفظة هنا: اطلب الدفع عبر Alipay / Alipay+ أو نقدًا أو بالبطاقة.' },
  NOT_AWAITING_CODE: { en: 'That was a customer payment code. Press "Alipay — scan customer code" first, then scan it again.', ar: 'كان هذا رمز دفع للعميل. اضغط «Alipay — مسح رمز العميل» أولًا، ثم امسحه مرة أخرى.' },
  AWAITING_CODE: { en: 'Waiting for the customer’s payment code: that was a product barcode. Cancel the payment to add items.', ar: 'بانتظار رمز دفع العميل: كان هذا باركود منتج. ألغِ الدفع لإضافة أصناف.' },
  NO_SALE: { en: 'Start a sale first.', ar: 'ابدأ عملية بيع أولًا.' },
  CATALOGUE_INVALID: { en: 'The catalogue file was not accepted; nothing was imported.', ar: 'لم يُقبل ملف الكتالوج؛ لم يُستورد شيء.' },
  // storage (app/store/db.ts) and settings (app/settings/config.ts, app/handlers/installer.ts)
  DISK_FULL: { en: 'The disk is full: free some space. Nothing was saved.', ar: 'القرص ممتلئ: أفرغ بعض المساحة. لم يُحفظ شيء.' },
  DISK_IO: { en: 'The disk failed to read or write: nothing was saved. Check the disk, then try again.', ar: 'تعذّرت القراءة من القرص أو الكتابة عليه: لم يُحفظ شيء. افحص القرص ثم حاول مرة أخرى.' },
  DB_BUSY: { en: 'Another Souq program kept the terminal’s database busy: nothing was saved. Try again in a moment.', ar: 'أبقى برنامج Souq آخر قاعدة بيانات الجهاز مشغولة: لم يُحفظ شيء. حاول مرة أخرى بعد قليل.' },
  DB_CORRUPT: { en: 'The terminal’s database cannot be read: restore it from a backup and run souq doctor.', ar: 'تتعذر قراءة قاعدة بيانات الجهاز: استعدها من نسخة احتياطية وشغّل souq doctor.' },
  DB_TOO_NEW: { en: 'The database was made by a newer version of the program: update the program.', ar: 'أُنشئت قاعدة البيانات بإصدار أحدث من البرنامج: حدّث البرنامج.' },
  DB_OPEN_FAILED: { en: 'The terminal’s database could not be opened: run souq doctor.', ar: 'تعذّر فتح قاعدة بيانات الجهاز: شغّل souq doctor.' },
  SETTINGS_INVALID: { en: 'Those settings are not valid. Nothing was saved.', ar: 'هذه الإعدادات غير صالحة. لم يُحفظ شيء.' },
  CONFIG_UNREADABLE: { en: 'The settings file cannot be read. Nothing was saved.', ar: 'تتعذر قراءة ملف الإعدادات. لم يُحفظ شيء.' },
  CONFIG_NOT_JSON: { en: 'The settings file is damaged. Nothing was saved.', ar: 'ملف الإعدادات تالف. لم يُحفظ شيء.' },
  CONFIG_INVALID: { en: 'Those settings are not valid. Nothing was saved.', ar: 'هذه الإعدادات غير صالحة. لم يُحفظ شيء.' },
  CONFIG_WRITE_FAILED: { en: 'The settings could not be written (disk full or no permission). Nothing was saved.', ar: 'تعذّرت كتابة الإعدادات (القرص ممتلئ أو لا توجد صلاحية). لم يُحفظ شيء.' },
  // installer calls (app/handlers/installer.ts, terminal-core.ts)
  CODE_NEEDED: { en: 'On a live acquirer the test payment needs a real customer code.', ar: 'مع جهة دفع حقيقية تحتاج الدفعة الاختبارية إلى رمز دفع حقيقي من عميل.' },
  SANDBOX_UNREACHABLE: { en: 'The sandbox acquirer is not answering.', ar: 'جهة الدفع التجريبية لا تستجيب.' },
  // serial scanners (native/serial)
  PORT_BUSY: { en: 'The port is busy: close the other program using it.', ar: 'المنفذ مشغول: أغلق البرنامج الآخر الذي يستخدمه.' },
  PORT_FAILED: { en: 'The port could not be opened.', ar: 'تعذّر فتح المنفذ.' },
  PORT_NOT_FOUND: { en: 'There is no such port: check the path and that the scanner is plugged in.', ar: 'لا يوجد منفذ بهذا المسار: تحقق من المسار ومن توصيل الماسح.' },
  PORT_NOT_SERIAL: { en: 'That path is not a serial port.', ar: 'هذا المسار ليس منفذًا تسلسليًا.' },
  PORT_PERMISSION: { en: 'This computer account may not open the port: add it to the dialout group.', ar: 'لا يملك حساب الحاسوب هذا صلاحية فتح المنفذ: أضفه إلى مجموعة dialout.' },
  PORT_SETTINGS: { en: 'The port refused these settings (baud, parity, bits).', ar: 'رفض المنفذ هذه الإعدادات (السرعة، التكافؤ، البتات).' },
  PORT_TIMEOUT: { en: 'The scanner did not connect in time.', ar: 'لم يتصل الماسح في الوقت المحدد.' },
  SCANNER_DUPLICATE: { en: 'That scanner or port is already configured: one port serves one scanner.', ar: 'هذا الماسح أو المنفذ مُعدّ من قبل: المنفذ الواحد يخدم ماسحًا واحدًا.' },
  SCANNER_SETTINGS: { en: 'Those scanner settings are not valid.', ar: 'إعدادات الماسح هذه غير صالحة.' },
  SCANNER_UNKNOWN: { en: 'No scanner with that name is configured.', ar: 'لا يوجد ماسح مُعدّ بهذا الاسم.' },
  SCAN_TIMEOUT: { en: 'No scan arrived in time: scan the test barcode again.', ar: 'لم يصل أي مسح في الوقت المحدد: امسح باركود الاختبار مرة أخرى.' },
  SCAN_TOO_LONG: { en: 'A scan was far too long and was cut: check the scanner’s suffix setting.', ar: 'كان المسح طويلًا جدًا فقُطع: تحقق من إعداد اللاحقة في الماسح.' },
  SCAN_INCOMPLETE: { en: 'A scan arrived incomplete: scan again.', ar: 'وصل المسح ناقصًا: امسح مرة أخرى.' },
  // shifts (app/handlers/shift.ts)
  SHIFT_REQUIRED: { en: 'No one is signed in at this till: sign in to your shift before starting a sale.', ar: 'لا أحد مسجَّل الدخول على هذا الجهاز: سجّل الدخول إلى نوبتك قبل بدء البيع.' },
  PAYMENT_IN_PROGRESS: { en: 'A payment on the current sale may still move money: finish or cancel it first.', ar: 'دفعة على البيع الحالي ما زالت جارية وقد يتحرك المال: أكملها أو ألغِها أولًا.' },
  // keys sealed in the computer's keystore (app/settings/config.ts)
  CONFIG_SEALED: { en: 'The acquirer key is sealed by another program on this computer: save the keys again here.', ar: 'مفتاح جهة الدفع مختوم ببرنامج آخر على هذا الحاسوب: احفظ المفاتيح هنا من جديد.' },
  CONFIG_SEALED_UNREADABLE: { en: 'The sealed acquirer key does not open on this computer or account: save the keys again here.', ar: 'مفتاح جهة الدفع المختوم لا يُفتح على هذا الحاسوب أو الحساب: احفظ المفاتيح هنا من جديد.' },
  // the terminal opened without its acquirer because that key does not open here (app/acquirer/resolve.ts)
  ACQUIRER_KEY_UNAVAILABLE: { en: 'Wallet payments unavailable: the acquirer key cannot be opened on this computer. Take cash or card; the installer must load the acquirer keys again.', ar: 'الدفع بالمحفظة غير متاح: لا يمكن فتح مفتاح جهة الدفع على هذا الحاسوب. اقبل النقد أو البطاقة؛ يجب على المُركِّب تحميل مفاتيح جهة الدفع من جديد.' },
  // the journal's file was deleted or replaced under the running terminal (app/store/identity.ts)
  JOURNAL_FILE_REPLACED: { en: 'Wallet payments stopped: the payment journal’s file was deleted or replaced. Take cash or card and restart Souq POS now.', ar: 'تم إيقاف الدفع بالمحفظة: حُذف ملف سجل المدفوعات أو استُبدل. اقبل النقد أو البطاقة وأعد تشغيل Souq POS الآن.' },
  CONFIG_SEAL_FAILED: { en: 'This computer’s keystore could not keep the acquirer key. Nothing was saved.', ar: 'تعذّر على مخزن المفاتيح في هذا الحاسوب حفظ مفتاح جهة الدفع. لم يُحفظ شيء.' },
  // a request the terminal could not build for the acquirer (app/acquirer/antom/requests.ts): a fault of ours
  AMOUNT_INVALID: { en: 'The terminal could not send this amount to Alipay: take another way to pay and tell the manager.', ar: 'تعذّر على الجهاز إرسال هذا المبلغ إلى Alipay: استخدم طريقة دفع أخرى وأبلغ المدير.' },
  FIELD_INVALID: { en: 'The terminal could not build the request to Alipay: take another way to pay and tell the manager.', ar: 'تعذّر على الجهاز تجهيز الطلب إلى Alipay: استخدم طريقة دفع أخرى وأبلغ المدير.' },
  CODE_MISSING: { en: 'The payment needs the customer’s scanned code: scan it again.', ar: 'يحتاج الدفع إلى رمز العميل الممسوح: امسحه مرة أخرى.' },
  CODE_UNEXPECTED: { en: 'A QR payment carries no customer code: start it again.', ar: 'الدفع برمز QR لا يحمل رمز عميل: ابدأه من جديد.' },
  REQUEST_ID_INVALID: { en: 'The terminal could not build the request to Alipay: take another way to pay and tell the manager.', ar: 'تعذّر على الجهاز تجهيز الطلب إلى Alipay: استخدم طريقة دفع أخرى وأبلغ المدير.' },
  ENGINE_CLOSED: { en: 'The terminal is shutting down: wait for it to start again.', ar: 'الجهاز يتوقف الآن: انتظر حتى يعمل من جديد.' },
  // the wedge detector's own notice (renderer/scanning/ime.ts)
  WEDGE_IME_COMPOSING: { en: 'An input method is active on this keyboard: switch the keyboard to English (ENG).', ar: 'طريقة إدخال نشطة على لوحة المفاتيح: حوّل لوحة المفاتيح إلى الإنجليزية (ENG) حتى لا تختلط الرموز الممسوحة بالنص.' },
} as const satisfies Record<string, Words>;

/** The words of one of result-words' messages as a single line: what happened, then what to do. */
function line(m: Message, lang: Lang): string {
  const w = m.words[lang];
  return `${w.what} ${w.todo}`;
}

/** Words for `code` in `lang`, or null when nobody has given that code words. */
export function wordsForCode(code: string | null | undefined, lang: Lang): string | null {
  if (!code) return null;
  if (code in ERROR_WORDS) return ERROR_WORDS[code as keyof typeof ERROR_WORDS][lang];
  if (code in SALE_ERROR_WORDS) return line(SALE_ERROR_WORDS[code as keyof typeof SALE_ERROR_WORDS], lang);
  const scan = /^SCAN_(.+)$/.exec(code)?.[1];
  if (scan && scan in SCAN_REJECTION_WORDS) return line(SCAN_REJECTION_WORDS[scan as keyof typeof SCAN_REJECTION_WORDS], lang);
  if (code in RESULT_CODE_WORDS) return line(RESULT_CODE_WORDS[code as keyof typeof RESULT_CODE_WORDS], lang);
  return null;
}

// The same refusals with the facts the core sent beside its sentence (app/api/call.ts ApiErrorDetails).
const WORDS_WITH_FACTS = {
  LOCKED: {
    en: 'Too many wrong PINs: this person is locked until {until} (Dubai time). Try later, or ask a manager to unlock.',
    ar: 'محاولات خاطئة كثيرة: هذا المستخدم مقفل حتى {until} بتوقيت دبي. حاول لاحقًا أو اطلب من المدير فتح القفل.',
  },
} as const satisfies Record<string, Words>;

/** Left to right inside Arabic, the way the other screens isolate times and codes. */
const ltr = (text: string) => `\u2066${text}\u2069`;

/**
 * When a lock ends, in the shop's zone (Asia/Dubai) with Western digits: the time alone when it is
 * today in Dubai, with the date when not. Null for anything that is not an instant.
 */
export function lockEndsAt(iso: string, lang: Lang, now: Date = new Date()): string | null {
  const at = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(at.getTime())) return null;
  const sameDay = businessDay(at) === businessDay(now);
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-AE-u-nu-latn' : 'en-AE', {
    timeZone: 'Asia/Dubai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(sameDay ? {} : { day: 'numeric', month: 'long' }),
  }).format(at);
}

/** Words for `code` in `lang` with the facts of `details` said in them; null when the code has no words. */
export function wordsForError(code: string | null | undefined, lang: Lang, details: ApiErrorDetails = {}, now: Date = new Date()): string | null {
  if (code === 'WRONG_PIN') {
    const n = details.triesLeft;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return countText(lang, 'wrongPinTriesLeft', n);
  }
  if (code === 'LOCKED' && typeof details.lockedUntil === 'string') {
    const until = lockEndsAt(details.lockedUntil, lang, now);
    if (until) return fill(WORDS_WITH_FACTS.LOCKED[lang], { until: ltr(until) });
  }
  return wordsForCode(code, lang);
}

/**
 * What the screen says for an error from the core. English keeps the core's sentence; Arabic gets
 * the words for its code, with the facts from `details` (tries left, locked until) in them, and the
 * English sentence only for a code without words.
 */
export function errorWords(lang: Lang, code: string | null | undefined, message: string, details?: ApiErrorDetails, now: Date = new Date()): string {
  if (lang === 'en' && message) return message;
  return wordsForError(code, lang, details, now) ?? (message || wordsForCode('INTERNAL', lang)!);
}
