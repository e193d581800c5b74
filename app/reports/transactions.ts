// The transaction list: every sale of a period (paid, refunded in part or whole, or voided) with its
// time, invoice number, cashier, lines, each tender with its wallet and acquirer ids, and what was
// given back. Read by `souq report transactions` (JSON / CSV) and the manager's Transactions list.
// Business days are Asia/Dubai; a sale counts on the day it was paid (voided ones on the day begun).
import type { Db } from '../store/db.ts';
import { readTx } from '../journal/tx.ts';
import { dubaiIso } from '../domain/time.ts';
import { toDecimalString, money } from '../domain/money.ts';
import { csvCell } from './format.ts';
import { ReportError } from './takings.ts';

export type TransactionStatus = 'paid' | 'partly_refunded' | 'refunded' | 'voided';

export interface TransactionTender {
  type: 'wallet' | 'cash' | 'card';
  /** Fils applied to the sale. */
  amount: number;
  /** Fils given back on this tender: wallet refunds the acquirer confirmed, drawer or card refunds recorded. */
  refunded: number;
  /** Wallet: the wallet as the acquirer named it (ALIPAY_CN, …). */
  wallet?: string | null;
  /** Wallet: our paymentRequestId and the acquirer's paymentId. */
  paymentRequestId?: string;
  paymentId?: string | null;
  /** Cash: what the customer handed over and the change. */
  tendered?: number | null;
  change?: number | null;
}

export interface Transaction {
  saleId: string;
  invoiceNumber: number | null;
  /** When it was paid (voided: when voided), ISO with the Dubai offset. */
  time: string;
  businessDay: string;
  cashier: string | null;
  /** Fils, VAT inclusive. */
  total: number;
  vat: number;
  lines: { name: string; quantity: number; total: number }[];
  tenders: TransactionTender[];
  /** Fils given back over all tenders. */
  refunded: number;
  status: TransactionStatus;
}

export interface TransactionFilter {
  from: string;
  to: string;
  cashier?: string;
  tender?: 'wallet' | 'cash' | 'card';
  status?: TransactionStatus;
  /** Fils: the sale's total at least / at most. */
  minTotal?: number;
  maxTotal?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function listTransactions(db: Db, f: TransactionFilter): Transaction[] {
  for (const [what, d] of [['The first day', f.from], ['The last day', f.to]] as const) {
    if (!DAY.test(d) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) throw new ReportError(`${what} must be a date like 2026-01-31, got "${d}".`);
  }
  if (f.from > f.to) throw new ReportError(`The period starts (${f.from}) after it ends (${f.to}).`);
  // One snapshot: a sale's tenders and refunds are read as of the same moment as the sale.
  return readTx(db, () => {
    const sales = db
      .prepare(
        `SELECT s.id, s.invoice_no, s.status, s.total_minor, s.vat_minor, s.completed_at, s.created_at, s.business_day, u.name AS cashier
           FROM sales s LEFT JOIN users u ON u.id = s.cashier_id
          WHERE s.business_day BETWEEN ? AND ? AND s.status IN ('paid', 'voided')
          ORDER BY COALESCE(s.completed_at, s.created_at), s.invoice_no`,
      )
      .all(f.from, f.to) as { id: string; invoice_no: number | null; status: 'paid' | 'voided'; total_minor: number; vat_minor: number; completed_at: string | null; created_at: string; business_day: string; cashier: string | null }[];
    const tendersOf = db.prepare(
      `SELECT t.kind, t.amount_minor, t.tendered_minor, t.change_minor, t.attempt_id, a.psp_name, a.payment_id,
              (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.attempt_id = t.attempt_id AND r.state = 'refunded' AND r.purpose = 'refund') AS wallet_refunded
         FROM tenders t LEFT JOIN attempts a ON a.id = t.attempt_id WHERE t.sale_id = ? ORDER BY t.id`,
    );
    const drawerOf = db.prepare('SELECT kind, SUM(amount_minor) AS s FROM manual_refunds WHERE sale_id = ? GROUP BY kind');
    const linesOf = db.prepare('SELECT name, quantity, total_minor FROM sale_lines WHERE sale_id = ? ORDER BY id');
    const out: Transaction[] = [];
    for (const s of sales) {
      const drawn = new Map((drawerOf.all(s.id) as { kind: string; s: number }[]).map((r) => [r.kind, r.s]));
      const tenders = (tendersOf.all(s.id) as { kind: 'wallet' | 'cash' | 'card'; amount_minor: number; tendered_minor: number | null; change_minor: number | null; attempt_id: string | null; psp_name: string | null; payment_id: string | null; wallet_refunded: number }[]).map(
        (t): TransactionTender => {
          if (t.kind === 'wallet') {
            return { type: 'wallet', amount: t.amount_minor, refunded: t.wallet_refunded, wallet: t.psp_name, paymentRequestId: t.attempt_id ?? undefined, paymentId: t.payment_id };
          }
          // Drawer and card refunds are kept per sale and kind: spread over that kind's tenders.
          const used = Math.min(t.amount_minor, drawn.get(t.kind) ?? 0);
          drawn.set(t.kind, (drawn.get(t.kind) ?? 0) - used);
          return t.kind === 'cash'
            ? { type: 'cash', amount: t.amount_minor, refunded: used, tendered: t.tendered_minor, change: t.change_minor }
            : { type: 'card', amount: t.amount_minor, refunded: used };
        },
      );
      const refunded = tenders.reduce((n, t) => n + t.refunded, 0);
      const status: TransactionStatus = s.status === 'voided' ? 'voided' : refunded === 0 ? 'paid' : refunded >= s.total_minor ? 'refunded' : 'partly_refunded';
      const tx: Transaction = {
        saleId: s.id,
        invoiceNumber: s.invoice_no,
        time: dubaiIso(new Date(s.completed_at ?? s.created_at)),
        businessDay: s.business_day,
        cashier: s.cashier,
        total: s.total_minor,
        vat: s.vat_minor,
        lines: (linesOf.all(s.id) as { name: string; quantity: number; total_minor: number }[]).map((l) => ({ name: l.name, quantity: l.quantity, total: l.total_minor })),
        tenders,
        refunded,
        status,
      };
      if (f.cashier !== undefined && (tx.cashier ?? '').toLowerCase() !== f.cashier.toLowerCase()) continue;
      if (f.tender && !tx.tenders.some((t) => t.type === f.tender)) continue;
      if (f.status && tx.status !== f.status) continue;
      if (f.minTotal !== undefined && tx.total < f.minTotal) continue;
      if (f.maxTotal !== undefined && tx.total > f.maxTotal) continue;
      out.push(tx);
    }
    return out;
  });
}

const aed = (fils: number) => toDecimalString(money(fils, 'AED'));

/** One row a sale, amounts as AED decimals and as fils; each tender as "type wallet amount ids". */
export function transactionsCsv(txs: Transaction[]): string {
  const rows: (string | number)[][] = [
    ['invoice_number', 'time_dubai', 'cashier', 'total_aed', 'total_fils', 'tenders', 'wallet_ids', 'refunded_aed', 'refunded_fils', 'status', 'lines'],
  ];
  for (const t of txs) {
    rows.push([
      t.invoiceNumber ?? '',
      t.time.slice(0, 16).replace('T', ' '),
      t.cashier ?? '',
      aed(t.total),
      t.total,
      t.tenders.map((x) => `${x.type === 'wallet' ? (x.wallet ?? 'wallet') : x.type} ${aed(x.amount)}`).join('; '),
      t.tenders.filter((x) => x.type === 'wallet').map((x) => `${x.paymentRequestId ?? ''}${x.paymentId ? `/${x.paymentId}` : ''}`).join('; '),
      aed(t.refunded),
      t.refunded,
      t.status,
      t.lines.map((l) => `${l.quantity} × ${l.name}`).join('; '),
    ]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
