// What the manager does to give money back or undo a sale: find the sale, refund a wallet payment
// through the journal (queued while the acquirer is unreachable), hand cash back from the drawer
// (or key a refund on the external card terminal), void a sale that was never paid. Each needs a
// manager and leaves an event with who did it.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { businessDay } from '../domain/time.ts';
import { formatMoney, money, type Money } from '../domain/money.ts';
import { requireRole, type Actor } from '../users/users.ts';
import { setTaxFreeTag, voidSale } from '../sales/repository.ts';
import { taxFreeEligible } from '../domain/sale.ts';

export class RefundHelperError extends Error {
  constructor(
    readonly code: 'SALE_NOT_FOUND' | 'SALE_NOT_PAID' | 'REFUND_AMOUNT_EXCEED' | 'INVALID_INPUT',
    message: string,
  ) {
    super(message);
  }
}

export interface FoundTender {
  kind: 'wallet' | 'cash' | 'card';
  amount: Money;
  attemptId: string | null;
  pspName: string | null;
  /** Card tenders: the card's last 4 digits as keyed from the terminal slip, so the manager refunds the right card. */
  cardLast4?: string | null;
  /** Left to refund on this tender: paid − refunds that have not failed (wallet) or were recorded (drawer). */
  refundable: Money;
}

export interface FoundSale {
  saleId: string;
  invoiceNo: number | null;
  status: string;
  total: Money;
  completedAt: string | null;
  /** When the sale was started: the only time an open (never paid) sale has. */
  createdAt: string;
  businessDay: string;
  tenders: FoundTender[];
  /** Given back so far (wallet refunds not refused, drawer and card refunds), over every tender. */
  refunded: Money;
  /** How much of a paid sale has been given back: none, part, or all of it. */
  refundStatus: 'none' | 'partly_refunded' | 'refunded';
  /** A paid total of at least AED 250: the tourist can claim the VAT back with a tax-free tag. */
  taxFreeEligible: boolean;
  taxFreeTag: string | null;
}

interface SaleRow {
  id: string;
  invoice_no: number | null;
  status: string;
  total_minor: number;
  completed_at: string | null;
  created_at: string;
  business_day: string;
  tax_free_tag: string | null;
}

function describe(db: Db, s: SaleRow): FoundSale {
  const tenders = db
    .prepare(
      `SELECT t.kind, t.amount_minor AS amount, t.attempt_id AS attemptId, a.psp_name AS pspName, t.card_last4 AS cardLast4,
              CASE WHEN t.kind = 'wallet'
                THEN t.amount_minor - (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.attempt_id = t.attempt_id AND r.state <> 'refund_failed')
                ELSE t.amount_minor END AS left
       FROM tenders t LEFT JOIN attempts a ON a.id = t.attempt_id WHERE t.sale_id = ? ORDER BY t.id`,
    )
    .all(s.id) as { kind: 'wallet' | 'cash' | 'card'; amount: number; attemptId: string | null; pspName: string | null; cardLast4: string | null; left: number }[];
  // Drawer refunds are per sale and kind, not per tender: spread them over that kind's tenders.
  const drawn = new Map(
    (db.prepare('SELECT kind, SUM(amount_minor) AS s FROM manual_refunds WHERE sale_id = ? GROUP BY kind').all(s.id) as { kind: string; s: number }[]).map((r) => [r.kind, r.s]),
  );
  const described = tenders.map((t) => {
    let left = t.left;
    if (t.kind !== 'wallet') {
      const used = Math.min(left, drawn.get(t.kind) ?? 0);
      drawn.set(t.kind, (drawn.get(t.kind) ?? 0) - used);
      left -= used;
    }
    return { kind: t.kind, amount: money(t.amount), attemptId: t.attemptId, pspName: t.pspName, cardLast4: t.cardLast4, refundable: money(Math.max(0, left)) };
  });
  const paid = described.reduce((n, t) => n + t.amount.minor, 0);
  const refunded = described.reduce((n, t) => n + t.amount.minor - t.refundable.minor, 0);
  return {
    saleId: s.id,
    invoiceNo: s.invoice_no,
    refunded: money(refunded),
    refundStatus: refunded === 0 ? 'none' : refunded >= paid ? 'refunded' : 'partly_refunded',
    status: s.status,
    total: money(s.total_minor),
    completedAt: s.completed_at,
    createdAt: s.created_at,
    businessDay: s.business_day,
    taxFreeEligible: s.status === 'paid' && taxFreeEligible(money(s.total_minor)),
    taxFreeTag: s.tax_free_tag,
    tenders: described,
  };
}

/** By the invoice number printed on the receipt (its barcode/QR carries the same number). */
export function findSaleByInvoice(db: Db, terminalId: string, invoiceNo: number): FoundSale | null {
  const s = db.prepare('SELECT * FROM sales WHERE terminal_id = ? AND invoice_no = ?').get(terminalId, invoiceNo) as SaleRow | undefined;
  return s ? describe(db, s) : null;
}

/**
 * Sales of exactly this amount within `withinMinutes` of `around`, nearest first: paid ones (by
 * when they were paid) to refund, and open ones (by when they were started) so a sale that was
 * never paid can be found and voided — it has no invoice number to look it up by.
 */
export function findSalesByAmount(db: Db, input: { amount: Money; around: Date; withinMinutes?: number }): FoundSale[] {
  const w = (input.withinMinutes ?? 60) * 60_000;
  const from = new Date(input.around.getTime() - w);
  const to = new Date(input.around.getTime() + w);
  const days = [...new Set([businessDay(from), businessDay(to)])];
  const rows = db
    .prepare(
      `SELECT * FROM sales WHERE business_day IN (${days.map(() => '?').join(',')}) AND status IN ('paid', 'open') AND total_minor = ?
       AND COALESCE(completed_at, created_at) >= ? AND COALESCE(completed_at, created_at) <= ? LIMIT 50`,
    )
    .all(...days, input.amount.minor, from.toISOString(), to.toISOString()) as SaleRow[];
  const t = input.around.getTime();
  return rows
    .sort((a, b) => Math.abs(Date.parse(a.completed_at ?? a.created_at) - t) - Math.abs(Date.parse(b.completed_at ?? b.created_at) - t))
    .map((s) => describe(db, s));
}

/**
 * A refund to the customer's wallet, through the terminal's journal (Terminal.refunds): queued
 * while the acquirer is unreachable, sent by the sync engine, status visible until done.
 */
export function refundToWallet<R>(
  refunds: { create(input: { attemptId: string; amount?: Money; reason?: string; actor?: string | null }): R },
  actor: Actor,
  input: { attemptId: string; amount?: Money; reason?: string },
): R {
  requireRole(actor, 'manager', 'refund a sale');
  return refunds.create({ attemptId: input.attemptId, amount: input.amount, reason: input.reason, actor: actor.id });
}

/** Cash handed back from the drawer, or a refund keyed on the external card terminal. */
export function recordDrawerRefund(
  db: Db,
  actor: Actor,
  input: { saleId: string; kind: 'cash' | 'card'; amount: Money; reason?: string; now?: Date },
): { id: string; sale: FoundSale } {
  requireRole(actor, 'manager', 'refund a sale');
  const now = input.now ?? new Date();
  if (!Number.isSafeInteger(input.amount.minor) || input.amount.minor <= 0) throw new RefundHelperError('INVALID_INPUT', 'A refund must be more than zero.');
  return writeTx(db, () => {
    const s = db.prepare('SELECT * FROM sales WHERE id = ?').get(input.saleId) as SaleRow | undefined;
    if (!s) throw new RefundHelperError('SALE_NOT_FOUND', `No sale ${input.saleId}.`);
    if (s.status !== 'paid') throw new RefundHelperError('SALE_NOT_PAID', `This sale is ${s.status}: only a paid sale can be refunded${s.status === 'open' ? ' (void it instead)' : ''}.`);
    const sale = describe(db, s);
    const left = sale.tenders.filter((t) => t.kind === input.kind).reduce((sum, t) => sum + t.refundable.minor, 0);
    if (input.amount.minor > left) {
      const what = input.kind === 'cash' ? 'paid in cash' : 'paid by card';
      throw new RefundHelperError(
        'REFUND_AMOUNT_EXCEED',
        left === 0
          ? `Nothing ${what} is left to refund on this sale.`
          : `Only ${formatMoney(money(left))} ${what} is left to refund on this sale, not ${formatMoney(input.amount)}.`,
      );
    }
    const id = `mr-${randomUUID()}`;
    db.prepare(
      'INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, reason, actor, created_at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(id, s.id, input.kind, input.amount.minor, 'AED', input.reason?.trim().slice(0, 256) || null, actor.id, now.toISOString(), businessDay(now));
    appendEvent(db, { type: 'refund.drawer', subject: id, actor: actor.id, at: now, data: { saleId: s.id, kind: input.kind, amount: input.amount.minor, currency: 'AED', reason: input.reason ?? null } });
    return { id, sale: describe(db, s) };
  });
}

/** Voids an open sale on which no money was taken (H3's voidSale refuses anything else, in words). */
export function voidUnpaidSale(db: Db, actor: Actor, input: { saleId: string; reason?: string; now?: Date }): ReturnType<typeof voidSale> {
  requireRole(actor, 'manager', 'void a sale');
  return voidSale(db, input.saleId, { now: input.now ?? new Date(), actor: actor.id, reason: input.reason });
}

/** The tax-free tag number the tourist's form carries, written on the sale (and its reprinted receipt). */
export function tagTaxFree(db: Db, actor: Actor, input: { saleId: string; tag: string; now?: Date }): FoundSale {
  requireRole(actor, 'manager', 'add a tax-free tag');
  setTaxFreeTag(db, input.saleId, input.tag, input.now ?? new Date(), actor.id);
  return describe(db, db.prepare('SELECT * FROM sales WHERE id = ?').get(input.saleId) as SaleRow);
}
