// A paid sale's receipt view as receipt.get returns it: Arabic and Chinese product names, cash and
// Alipay+ tenders, a tax-free tag: everything the printed invoice must carry.
import type { ReceiptView } from '../../../app/api/views.ts';

const aed = (minor: number) => ({ minor, currency: 'AED' as const });

export function paidReceipt(): ReceiptView {
  const at = '2026-01-10T10:05:00.000Z';
  return {
    sale: {
      id: 'S-1', terminalId: 'T01', cashierId: null, status: 'paid', currency: 'AED',
      lines: [
        { id: 1, kind: 'product', ean: '4006381333931', name: 'Silk scarf', unitPrice: aed(15000), quantity: 2, total: aed(30000), createdAt: at },
        { id: 2, kind: 'product', ean: '6291041500213', name: 'تمر مجدول', unitPrice: aed(4500), quantity: 1, total: aed(4500), createdAt: at },
        { id: 3, kind: 'product', ean: '6901234567892', name: '丝绸围巾', unitPrice: aed(2050), quantity: 1, total: aed(2050), createdAt: at },
      ],
      total: aed(36550), vat: aed(1740), net: aed(34810), paid: aed(36550), due: aed(0), change: aed(450), overpaid: aed(0),
      tenders: [
        { id: 1, kind: 'wallet', amount: aed(20000), tendered: null, change: null, attemptId: 'T01-P1', wallet: { pspName: 'Alipay', paymentId: '2026011012345', customerId: '2088…1234', paymentTime: at }, card: null, createdAt: at },
        { id: 2, kind: 'cash', amount: aed(16550), tendered: aed(17000), change: aed(450), attemptId: null, wallet: null, card: null, createdAt: at },
      ],
      invoiceNo: 42, createdAt: at, completedAt: at, businessDay: '2026-01-10', taxFreeEligible: true, taxFreeTag: 'TF-889', linesFrozen: true, parkedAt: null,
    },
    attempts: [],
    store: { name: 'Souq Demo Boutique Dubai Mall', address: 'Dubai Mall, Financial Centre Road, Dubai, UAE', trn: '100000000000003' },
    merchantName: 'Souq Demo Boutique',
    terminalId: 'T01',
    sandbox: false,
    issuedAt: at,
  };
}
