// The tax invoice as a thermal printer prints it: the same ReceiptView the screen shows
// (receipt.get), laid out in lines for 58 or 80 mm paper. Pure: the hardware layer (native/printer)
// turns these lines into ESC/POS or Star bytes. Printers have no Arabic shaping and no CJK font, so
// any text outside printable ASCII becomes an `image` line the hardware layer rasterises from the
// app's own fonts; English stays printer text (sharp, fast, cheap on paper).
import type { ReceiptView } from '../api/views.ts';
import type { Money } from '../domain/money.ts';
import { toDecimalString } from '../domain/money.ts';
import { dubaiIso } from '../domain/time.ts';
import { receiptCode } from '../domain/sale.ts';
import { assertNever } from '../domain/never.ts';

export type PaperWidth = 58 | 80;
export type Align = 'left' | 'center' | 'right';

export type PrintLine =
  | { kind: 'text'; text: string; align: Align; bold?: boolean; big?: boolean }
  /** Rasterised by the hardware layer (Arabic shaping, CJK): the text as it must look. */
  | { kind: 'image'; text: string; align: Align; big?: boolean }
  | { kind: 'rule' }
  | { kind: 'code'; value: string; symbology: 'qr' | 'code128' | 'ean13' }
  | { kind: 'feed'; lines: number };

export interface PrintDoc {
  paperWidth: PaperWidth;
  /** Characters a line of printer text holds in font A (12 dots a character). */
  columns: number;
  /** Printable dots across: what a raster line may be at most. */
  dots: number;
  lines: PrintLine[];
  /** Cut the paper at the end (every receipt and test page). */
  cut: boolean;
}

/** Font A on an 8 dots/mm head: 58 mm paper prints 48 mm (384 dots), 80 mm prints 72 mm (576 dots). */
export const PAPER: Record<PaperWidth, { columns: number; dots: number }> = {
  58: { columns: 32, dots: 384 },
  80: { columns: 48, dots: 576 },
};

const PRINTABLE = /^[\x20-\x7E]*$/;

/** Text the printer can print itself (printable ASCII), or else an image line. */
export function textOrImage(text: string, align: Align, opts: { bold?: boolean; big?: boolean } = {}): PrintLine {
  if (PRINTABLE.test(text)) return { kind: 'text', text, align, ...opts };
  return { kind: 'image', text, align, ...(opts.big ? { big: true } : {}) };
}

/** Words cut to the line width; a word longer than a line is cut hard. */
export function wrap(text: string, columns: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > columns) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push(w.slice(0, columns));
      w = w.slice(columns);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= columns) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

/** Left text and right text on one line, the right one kept whole (amounts are never cut). */
export function pair(left: string, right: string, columns: number): string {
  const room = columns - right.length - 1;
  const l = left.length > room ? left.slice(0, Math.max(0, room)) : left;
  return `${l}${' '.repeat(Math.max(1, columns - l.length - right.length))}${right}`;
}

export const amount = (m: Money): string => `${m.currency} ${toDecimalString(m)}`;

/** "2026-01-10 14:05" in Dubai time, as the screen's receipt shows the date and time. */
export function dubaiDateTime(iso: string): string {
  return dubaiIso(new Date(iso)).slice(0, 16).replace('T', ' ');
}

function plain(columns: number, text: string, align: Align = 'left', opts: { bold?: boolean; big?: boolean } = {}): PrintLine[] {
  if (!PRINTABLE.test(text)) return [{ kind: 'image', text, align, ...(opts.big ? { big: true } : {}) }];
  return wrap(text, opts.big ? Math.floor(columns / 2) : columns).map((t) => ({ kind: 'text', text: t, align, ...opts }));
}

function receiptCodeOf(terminalId: string, invoiceNo: number | null): string | null {
  if (invoiceNo === null) return null;
  try {
    return receiptCode(terminalId, invoiceNo);
  } catch {
    return null; // a terminal id no code can carry: the invoice number printed above still finds the sale
  }
}

const TENDER_WORDS = { wallet: 'Alipay+', cash: 'Cash', card: 'Card' } as const;

/**
 * The simplified tax invoice: the same facts and order as the screen's receipt (renderer/receipt),
 * English as text with the title, the total and the thanks also in Arabic and Chinese as images, and
 * the receipt's own code as a QR the manager's refund screen scans (`SQR-<terminal>-<invoice>`).
 */
export function receiptLayout(receipt: ReceiptView, paperWidth: PaperWidth): PrintDoc {
  const { columns, dots } = PAPER[paperWidth];
  const { sale, store } = receipt;
  const lines: PrintLine[] = [];
  const push = (...l: PrintLine[]) => lines.push(...l);
  if (receipt.sandbox) push({ kind: 'text', text: 'SANDBOX - not a real payment', align: 'center', bold: true });
  push({ kind: 'text', text: 'Tax Invoice', align: 'center', bold: true, big: true });
  push({ kind: 'image', text: 'فاتورة ضريبية', align: 'center', big: true });
  push(...plain(columns, store.name, 'center', { bold: true }));
  if (store.address) push(...plain(columns, store.address, 'center'));
  push({ kind: 'text', text: `TRN: ${store.trn}`, align: 'center' });
  push({ kind: 'rule' });
  push({ kind: 'text', text: pair(`Invoice no.: ${sale.invoiceNo ?? '-'}`, `Terminal ${receipt.terminalId}`, columns), align: 'left' });
  push({ kind: 'text', text: dubaiDateTime(receipt.issuedAt), align: 'left' });
  push({ kind: 'rule' });
  for (const l of sale.lines) {
    const name = l.kind === 'product' ? l.name : l.name || 'Amount';
    push(...plain(columns, name, 'left'));
    push({ kind: 'text', text: pair(`  ${l.quantity} x ${toDecimalString(l.unitPrice)}`, amount(l.total), columns), align: 'left' });
    // The same facts as the screen's receipt (renderer/receipt/lineWords.ts): what the customer was
    // charged less than the shelf price, and that a manager approved it.
    if (l.listUnitPrice) push(...plain(columns, `  was ${amount(l.listUnitPrice)}`, 'left'));
    if (l.discount) {
      const what = l.discount.kind === 'percent' ? `${l.discount.value / 100} % (${amount(l.discount.amount)})` : amount(l.discount.amount);
      push(...plain(columns, `  discount ${what}${l.approvedBy ? ', manager approved' : ''}`, 'left'));
    }
  }
  push({ kind: 'rule' });
  push({ kind: 'text', text: pair('Total excl. VAT', amount(sale.net), columns), align: 'left' });
  push({ kind: 'text', text: pair('VAT 5%', amount(sale.vat), columns), align: 'left' });
  push({ kind: 'text', text: pair('Total incl. VAT', amount(sale.total), columns), align: 'left', bold: true });
  push({ kind: 'image', text: `الإجمالي شامل الضريبة  ${toDecimalString(sale.total)} د.إ`, align: 'right' });
  push({ kind: 'rule' });
  for (const tn of sale.tenders) {
    const a = tn.attemptId ? receipt.attempts.find((x) => x.paymentRequestId === tn.attemptId) : undefined;
    const psp = a?.pspName ?? tn.wallet?.pspName ?? null;
    const word = tn.kind === 'wallet' && psp ? `${TENDER_WORDS.wallet} (${psp})` : TENDER_WORDS[tn.kind];
    push(...(PRINTABLE.test(word) ? [{ kind: 'text' as const, text: pair(word, amount(tn.amount), columns), align: 'left' as const }] : [textOrImage(`${word}  ${amount(tn.amount)}`, 'left')]));
    if (tn.tendered) push({ kind: 'text', text: pair('  tendered', amount(tn.tendered), columns), align: 'left' });
    if (tn.change) push({ kind: 'text', text: pair('  change', amount(tn.change), columns), align: 'left' });
    if (tn.card?.last4) push(...plain(columns, `  Card: **** ${tn.card.last4}`));
    if (tn.card?.approvalCode) push(...plain(columns, `  Approval: ${tn.card.approvalCode}`));
    const paymentId = a?.paymentId ?? tn.wallet?.paymentId ?? null;
    const customerId = a?.customerId ?? tn.wallet?.customerId ?? null;
    if (paymentId) push(...plain(columns, `  Payment ID: ${paymentId}`));
    if (customerId) push(...plain(columns, `  Customer: ${customerId}`));
  }
  if (sale.status === 'paid' && sale.taxFreeEligible) {
    push(...plain(columns, sale.taxFreeTag ? `Tax-free eligible - tag no. ${sale.taxFreeTag}` : 'Tax-free eligible'));
  }
  const code = receiptCodeOf(receipt.terminalId, sale.invoiceNo);
  if (code) {
    push({ kind: 'feed', lines: 1 });
    push({ kind: 'code', value: code, symbology: 'qr' });
    push({ kind: 'text', text: code, align: 'center' });
  }
  push({ kind: 'feed', lines: 1 });
  push({ kind: 'text', text: 'Thank you', align: 'center' });
  push({ kind: 'image', text: 'شكراً لزيارتكم', align: 'center' });
  push({ kind: 'image', text: '谢谢惠顾', align: 'center' });
  return { paperWidth, columns, dots, lines, cut: true };
}

/** The installer's test page: the store header, a line of Arabic, a line of Chinese, a barcode. */
export function testPageLayout(input: { storeName: string; address: string; trn: string; terminalId: string; at: Date; device: string }, paperWidth: PaperWidth): PrintDoc {
  const { columns, dots } = PAPER[paperWidth];
  const lines: PrintLine[] = [
    { kind: 'text', text: 'Printer test', align: 'center', bold: true, big: true },
    ...plain(columns, input.storeName, 'center', { bold: true }),
    ...(input.address ? plain(columns, input.address, 'center') : []),
    { kind: 'text', text: `TRN: ${input.trn}`, align: 'center' },
    { kind: 'rule' },
    { kind: 'text', text: pair(`Terminal ${input.terminalId}`, `${paperWidth} mm`, columns), align: 'left' },
    ...plain(columns, `Printer: ${input.device}`),
    { kind: 'text', text: dubaiDateTime(input.at.toISOString()), align: 'left' },
    { kind: 'rule' },
    { kind: 'text', text: 'Arabic:', align: 'left' },
    { kind: 'image', text: 'مرحباً بكم في متجرنا', align: 'right' },
    { kind: 'text', text: 'Chinese:', align: 'left' },
    { kind: 'image', text: '欢迎光临，支付宝付款', align: 'left' },
    { kind: 'text', text: 'Barcode (EAN-13):', align: 'left' },
    { kind: 'code', value: '4006381333931', symbology: 'ean13' },
    { kind: 'feed', lines: 1 },
    { kind: 'text', text: 'If you can read all of this, the printer is set up.', align: 'left' },
  ];
  return { paperWidth, columns, dots, lines, cut: true };
}

/** One line of a layout in words, for logs and the CLI's dry run; never holds a payment code. */
export function describeLine(l: PrintLine): string {
  switch (l.kind) {
    case 'text':
      return l.text;
    case 'image':
      return `[image] ${l.text}`;
    case 'rule':
      return '-'.repeat(8);
    case 'code':
      return `[${l.symbology}] ${l.value}`;
    case 'feed':
      return '';
    default:
      return assertNever(l, 'print line');
  }
}
