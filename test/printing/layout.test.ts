// The printed tax invoice's layout (pure): what goes on paper as printer text and what must become
// an image, and what a receipt without an invoice number or in sandbox mode says.
import { describe, expect, it } from 'vitest';
import { describeLine, pair, receiptLayout, wrap } from '../../app/printing/layout.ts';
import { paidReceipt } from '../native/printer/fixtures.ts';

describe('the printed tax invoice', () => {
  it('no line of printer text holds Arabic or Chinese: those lines are images', () => {
    for (const width of [58, 80] as const) {
      const doc = receiptLayout(paidReceipt(), width);
      for (const l of doc.lines) if (l.kind === 'text') expect(l.text).toMatch(/^[\x20-\x7E]*$/);
      const images = doc.lines.filter((l) => l.kind === 'image').map((l) => (l as { text: string }).text);
      expect(images).toEqual(expect.arrayContaining(['فاتورة ضريبية', 'تمر مجدول', '丝绸围巾', '谢谢惠顾']));
    }
  });

  it('every text line fits the paper: 32 characters on 58 mm, 48 on 80 mm (24 at double width)', () => {
    for (const [width, cols] of [[58, 32], [80, 48]] as const) {
      for (const l of receiptLayout(paidReceipt(), width).lines) if (l.kind === 'text') expect(l.text.length).toBeLessThanOrEqual(l.big ? cols / 2 : cols);
    }
  });

  it('an unpaid sale has no receipt code to scan; a sandbox receipt says no real money moved', () => {
    const r = paidReceipt();
    const open = { ...r, sandbox: true, sale: { ...r.sale, invoiceNo: null, status: 'open' as const } };
    const lines = receiptLayout(open, 80).lines.map(describeLine);
    expect(lines.some((l) => l.startsWith('[qr]'))).toBe(false);
    expect(lines[0]).toBe('SANDBOX - not a real payment');
    expect(lines.find((l) => l.startsWith('Invoice no.'))).toMatch(/^Invoice no\.: - +Terminal T01$/);
  });

  it('amounts are never cut, however long the name beside them', () => {
    expect(pair('A very long product name that goes on and on', 'AED 1234.50', 32)).toMatch(/ AED 1234\.50$/);
    expect(pair('A very long product name that goes on and on', 'AED 1234.50', 32)).toHaveLength(32);
    expect(wrap('Dubai Mall, Financial Centre Road, Dubai, UAE', 32)).toEqual(['Dubai Mall, Financial Centre', 'Road, Dubai, UAE']);
  });

  it('a split sale prints every tender with the card slip details, and a discounted line says what it was', () => {
    const r = paidReceipt();
    const [first, ...rest] = r.sale.lines;
    const discounted = { ...first!, listUnitPrice: { minor: 16000, currency: 'AED' as const }, discount: { kind: 'percent' as const, value: 500, amount: { minor: 1500, currency: 'AED' as const } }, approvedBy: 'U-1' };
    const card = { id: 3, kind: 'card' as const, amount: { minor: 100, currency: 'AED' as const }, tendered: null, change: null, attemptId: null, wallet: null, card: { approvalCode: 'A1B2C3', last4: '4242' }, createdAt: r.sale.createdAt };
    const sale = { ...r.sale, lines: [discounted, ...rest], tenders: [...r.sale.tenders, card] };
    const lines = receiptLayout({ ...r, sale }, 80).lines.map((l) => describeLine(l).trim());
    expect(lines).toEqual(expect.arrayContaining(['Card: **** 4242', 'Approval: A1B2C3', 'was AED 160.00', 'discount 5 % (AED 15.00), manager approved']));
    // The card tender's lines follow its own amount, not another tender's.
    expect(lines.indexOf('Card: **** 4242')).toBeGreaterThan(lines.findIndex((l) => /^Card terminal/.test(l) || /^Card\b.*AED 1\.00$/.test(l)));
  });
});
