// Sales, their lines and tenders in SQLite. Every change is one transaction that also keeps the
// totals on the sales row in step and appends to the hash-chained event log; a refusal throws a
// SaleError before anything is written, so bad input changes no stored state.
//
// Transactions: each public function runs inside the journal's `writeTx`, which is BEGIN IMMEDIATE
// when called on its own and a SAVEPOINT when the caller already holds a transaction.
// So the journal can call applyWalletPayment inside the transaction that records a success, and
// the payment, the invoice number and the event commit (or vanish) together with it.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { sql, writeTx } from '../journal/tx.ts';
import { businessDay } from '../domain/time.ts';
import { CURRENCIES, money, type Currency, type Money } from '../domain/money.ts';
import { ATTEMPT_STATES, isFinalAttemptState, type AttemptState } from '../domain/attempt.ts';
import { normaliseScan } from '../domain/classify.ts';
import {
  SaleError,
  assertLineAmount,
  assertDiscount,
  assertQuantity,
  cleanCardDetails,
  discountMinor,
  reductionBasisPoints,
  MAX_SALE_MINOR,
  vatIncludedMinor,
  type CardDetails,
  type LineDiscount,
  lineTotalMinor,
  paymentSummary,
  planCardTender,
  planCashTender,
  saleTotals,
  taxFreeEligible,
  type LineKind,
  type SaleLineView,
  type SaleStatus,
  type SaleView,
  type TenderKind,
  type TenderView,
} from '../domain/sale.ts';

interface SaleRow {
  id: string;
  terminal_id: string;
  status: SaleStatus;
  currency: string;
  total_minor: number;
  vat_minor: number;
  cashier_id: string | null;
  invoice_no: number | null;
  created_at: string;
  completed_at: string | null;
  business_day: string;
  tax_free_tag: string | null;
  parked_at: string | null;
}

interface LineRow {
  id: number;
  sale_id: string;
  kind: LineKind;
  ean: string | null;
  name: string;
  unit_price_minor: number;
  quantity: number;
  total_minor: number;
  created_at: string;
  list_price_minor: number | null;
  discount_kind: 'percent' | 'amount' | null;
  discount_value: number | null;
  approved_by: string | null;
}

interface TenderRow {
  id: number;
  kind: TenderKind;
  amount_minor: number;
  tendered_minor: number | null;
  change_minor: number | null;
  attempt_id: string | null;
  card_approval: string | null;
  card_last4: string | null;
  created_at: string;
}

const KEYED_LINE_NAME = 'Keyed amount';
const MAX_NAME = 120;

/** Attempts that may still move money (or did): while one exists the sale's amount must not change. */
const LIVE_ATTEMPT_STATES = ATTEMPT_STATES.filter((s) => !isFinalAttemptState(s) || s === 'succeeded');
const LIVE_IN = LIVE_ATTEMPT_STATES.map((s) => `'${s}'`).join(', ');

function asCurrency(c: string): Currency {
  if ((CURRENCIES as readonly string[]).includes(c)) return c as Currency;
  throw new SaleError('CURRENCY_MISMATCH', `Unsupported currency in the database: ${c}`);
}

function loadSale(db: Db, saleId: string): SaleRow {
  const row = sql(db, 'SELECT * FROM sales WHERE id = ?').get(String(saleId)) as SaleRow | undefined;
  if (!row) throw new SaleError('SALE_NOT_FOUND', `No sale ${String(saleId)}.`);
  return row;
}

function requireOpen(sale: SaleRow): void {
  if (sale.status !== 'open') {
    throw new SaleError('SALE_NOT_OPEN', sale.status === 'paid' ? `Sale is already paid (invoice ${sale.invoice_no}): start a new sale.` : 'Sale was voided: start a new sale.');
  }
  if (sale.parked_at !== null) throw new SaleError('SALE_PARKED', 'This sale is parked: recall it first.');
}

function liveAttempts(db: Db, saleId: string): { id: string; state: AttemptState }[] {
  return sql(db, `SELECT id, state FROM attempts WHERE sale_id = ? AND state IN (${LIVE_IN})`).all(saleId) as { id: string; state: AttemptState }[];
}

function pendingAttempts(db: Db, saleId: string): { id: string; state: AttemptState }[] {
  return liveAttempts(db, saleId).filter((a) => a.state !== 'succeeded');
}

function tenderCount(db: Db, saleId: string): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM tenders WHERE sale_id = ?').get(saleId) as { n: number }).n;
}

/** Lines may change only on an open sale with no money taken and no wallet payment that might take it. */
function requireLinesEditable(db: Db, sale: SaleRow): void {
  requireOpen(sale);
  if (tenderCount(db, sale.id) > 0) throw new SaleError('SALE_LOCKED', 'Payment has been taken on this sale: its lines can no longer change. Take the rest of the payment; to undo it, a manager refunds what was paid.');
  if (liveAttempts(db, sale.id).length > 0) {
    throw new SaleError('SALE_LOCKED', 'A wallet payment exists for this sale: its lines cannot change until that payment has failed or been cancelled.');
  }
}

function discountOf(l: Pick<LineRow, 'discount_kind' | 'discount_value'>): LineDiscount | null {
  return l.discount_kind && l.discount_value ? { kind: l.discount_kind, value: l.discount_value } : null;
}

/** A line's amount after its discount (a price override is already its unit price). */
function lineNet(l: Pick<LineRow, 'unit_price_minor' | 'quantity' | 'discount_kind' | 'discount_value'>): number {
  const gross = lineTotalMinor({ unitPriceMinor: l.unit_price_minor, quantity: l.quantity });
  return gross - discountMinor(gross, discountOf(l));
}

/** Recomputes and stores the sale's totals from its lines (inside the caller's transaction). */
function syncTotals(db: Db, sale: SaleRow): void {
  const lines = sql(db, 'SELECT unit_price_minor, quantity, discount_kind, discount_value FROM sale_lines WHERE sale_id = ?').all(sale.id) as LineRow[];
  if (!lines.some((l) => l.discount_kind)) {
    const t = saleTotals(lines.map((l) => ({ unitPriceMinor: l.unit_price_minor, quantity: l.quantity })), asCurrency(sale.currency));
    sql(db, 'UPDATE sales SET total_minor = ?, vat_minor = ? WHERE id = ?').run(t.total.minor, t.vat.minor, sale.id);
    return;
  }
  let total = 0;
  for (const l of lines) total += lineNet(l);
  if (total > MAX_SALE_MINOR) throw new SaleError('SALE_TOO_LARGE', 'This sale is larger than one till sale may be: split it into two sales.');
  sql(db, 'UPDATE sales SET total_minor = ?, vat_minor = ? WHERE id = ?').run(total, vatIncludedMinor(total), sale.id);
}

function event(db: Db, sale: SaleRow, type: string, now: Date, data: Record<string, unknown>, actor?: string | null): void {
  appendEvent(db, { type, subject: sale.id, actor: actor ?? sale.cashier_id, at: now, data });
}

// ── public API ───────────────────────────────────────────────────────────────────────────────

export interface CreateSaleInput {
  terminalId: string;
  cashierId?: string | null;
  now: Date;
  currency?: Currency;
}

export function createSale(db: Db, input: CreateSaleInput): string {
  const terminalId = String(input.terminalId ?? '').trim();
  if (!terminalId) throw new SaleError('INVALID_INPUT', 'A sale needs the terminal id.');
  const id = randomUUID();
  const at = input.now.toISOString();
  const currency = input.currency ?? 'AED';
  writeTx(db, () => {
    sql(db, 'INSERT INTO sales (id, terminal_id, status, currency, cashier_id, created_at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id, terminalId, 'open', currency, input.cashierId ?? null, at, businessDay(input.now),
    );
    appendEvent(db, { type: 'sale.created', subject: id, actor: input.cashierId ?? null, at: input.now, data: { terminalId, currency } });
  });
  return id;
}

export function getSale(db: Db, saleId: string): SaleView {
  const s = loadSale(db, saleId);
  const currency = asCurrency(s.currency);
  const lines = (sql(db, 'SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY id').all(s.id) as LineRow[]).map(
    (l): SaleLineView => ({
      id: l.id,
      kind: l.kind,
      ean: l.ean,
      name: l.name,
      unitPrice: money(l.unit_price_minor, currency),
      quantity: l.quantity,
      total: money(l.total_minor, currency),
      createdAt: l.created_at,
      listUnitPrice: l.list_price_minor === null ? null : money(l.list_price_minor, currency),
      discount: lineDiscountView(l, currency),
      approvedBy: l.approved_by,
    }),
  );
  const tenderRows = sql(
    db,
    `SELECT t.*, a.psp_name, a.payment_id, a.customer_id, a.payment_time FROM tenders t
     LEFT JOIN attempts a ON a.id = t.attempt_id WHERE t.sale_id = ? ORDER BY t.id`,
  ).all(s.id) as (TenderRow & { psp_name: string | null; payment_id: string | null; customer_id: string | null; payment_time: string | null })[];
  const tenders = tenderRows.map(
    (t): TenderView => ({
      id: t.id,
      kind: t.kind,
      amount: money(t.amount_minor, currency),
      tendered: t.tendered_minor === null ? null : money(t.tendered_minor, currency),
      change: t.change_minor === null ? null : money(t.change_minor, currency),
      attemptId: t.attempt_id,
      wallet: t.kind === 'wallet' ? { pspName: t.psp_name, paymentId: t.payment_id, customerId: t.customer_id, paymentTime: t.payment_time } : null,
      card: t.kind === 'card' ? { approvalCode: t.card_approval, last4: t.card_last4 } : null,
      createdAt: t.created_at,
    }),
  );
  const total = money(s.total_minor, currency);
  const pay = paymentSummary(
    total,
    tenderRows.map((t) => ({ kind: t.kind, amountMinor: t.amount_minor, changeMinor: t.change_minor })),
  );
  return {
    id: s.id,
    terminalId: s.terminal_id,
    cashierId: s.cashier_id,
    status: s.status,
    currency,
    lines,
    total,
    vat: money(s.vat_minor, currency),
    net: money(s.total_minor - s.vat_minor, currency),
    ...pay,
    tenders,
    invoiceNo: s.invoice_no,
    createdAt: s.created_at,
    completedAt: s.completed_at,
    businessDay: s.business_day,
    taxFreeEligible: taxFreeEligible(total),
    taxFreeTag: s.tax_free_tag,
    linesFrozen: s.status !== 'open' || tenders.length > 0 || liveAttempts(db, s.id).length > 0,
    parkedAt: s.parked_at,
  };
}

function lineDiscountView(l: LineRow, currency: Currency): SaleLineView['discount'] {
  const d = discountOf(l);
  if (!d) return null;
  return { ...d, amount: money(discountMinor(lineTotalMinor({ unitPriceMinor: l.unit_price_minor, quantity: l.quantity }), d), currency) };
}

/** The newest open sale of a terminal: what the cashier screen resumes after a restart or a reload. */
export function findOpenSale(db: Db, terminalId: string): SaleView | null {
  const row = sql(db, "SELECT id FROM sales WHERE terminal_id = ? AND status = 'open' AND parked_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1").get(terminalId) as { id: string } | undefined;
  return row ? getSale(db, row.id) : null;
}

export interface SaleSearch {
  terminalId?: string;
  status?: SaleStatus;
  /** UTC instants bounding created_at (paid sales: completed_at), [from, to). */
  from?: Date;
  to?: Date;
  /** Exact total. */
  total?: Money;
  limit?: number;
}

/** Sales by time and amount, newest first: how a manager finds a receipt the customer lost. */
export function findSales(db: Db, q: SaleSearch = {}): SaleView[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    args.push(...values);
  };
  if (q.terminalId) add('terminal_id = ?', q.terminalId);
  if (q.status) add('status = ?', q.status);
  if (q.from) add('COALESCE(completed_at, created_at) >= ?', q.from.toISOString());
  if (q.to) add('COALESCE(completed_at, created_at) < ?', q.to.toISOString());
  if (q.total) add('total_minor = ? AND currency = ?', q.total.minor, q.total.currency);
  const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 50)), 500);
  const rows = db
    .prepare(`SELECT id FROM sales ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY COALESCE(completed_at, created_at) DESC, rowid DESC LIMIT ${limit}`)
    .all(...args) as { id: string }[];
  return rows.map((r) => getSale(db, r.id));
}

export function findSaleByInvoice(db: Db, terminalId: string, invoiceNo: number): SaleView | null {
  const row = sql(db, 'SELECT id FROM sales WHERE terminal_id = ? AND invoice_no = ?').get(terminalId, invoiceNo) as { id: string } | undefined;
  return row ? getSale(db, row.id) : null;
}

function cleanName(name: string | undefined, fallback: string): string {
  const n = (name ?? '').replace(/[\p{Cc}]/gu, ' ').trim();
  if (n.length > MAX_NAME) throw new SaleError('INVALID_INPUT', `A line name can have at most ${MAX_NAME} characters.`);
  return n || fallback;
}

export function addKeyedLine(db: Db, saleId: string, amount: Money, name?: string, now: Date = new Date()): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireLinesEditable(db, sale);
    assertLineAmount(amount, asCurrency(sale.currency));
    const label = cleanName(name, KEYED_LINE_NAME);
    const r = sql(db, 'INSERT INTO sale_lines (sale_id, kind, ean, name, unit_price_minor, quantity, total_minor, created_at) VALUES (?, ?, NULL, ?, ?, 1, ?, ?)').run(
      sale.id, 'keyed', label, amount.minor, amount.minor, now.toISOString(),
    );
    syncTotals(db, sale);
    event(db, sale, 'sale.line_added', now, { lineId: Number(r.lastInsertRowid), kind: 'keyed', amountMinor: amount.minor });
  });
  return getSale(db, saleId);
}

interface CatalogueRow {
  ean: string;
  name: string;
  price_minor: number;
  currency: string;
}

/** The catalogue item for a scanned code; UPC-A is also found under its 13-digit EAN form and back. */
export function findCatalogueItem(db: Db, code: string): CatalogueRow | undefined {
  const c = normaliseScan(code);
  const candidates = [c];
  if (/^\d{12}$/.test(c)) candidates.push(`0${c}`);
  if (/^0\d{12}$/.test(c)) candidates.push(c.slice(1));
  const stmt = sql(db, 'SELECT ean, name, price_minor, currency FROM catalogue WHERE ean = ?');
  for (const k of candidates) {
    const row = stmt.get(k) as CatalogueRow | undefined;
    if (row) return row;
  }
  return undefined;
}

/** For classifyScan's SKU lookup: `classifyScan(text, { isCatalogueSku: (c) => catalogueHas(db, c) })`. */
export function catalogueHas(db: Db, code: string): boolean {
  return findCatalogueItem(db, code) !== undefined;
}

/**
 * Adds a catalogue product. Scanning an item that is already on the sale at the same price adds
 * to that line's quantity instead of a new line (what a cashier expects from a second beep).
 */
export function addProductLine(db: Db, saleId: string, ean: string, quantity = 1, now: Date = new Date()): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireLinesEditable(db, sale);
    assertQuantity(quantity);
    const item = findCatalogueItem(db, ean);
    if (!item) throw new SaleError('UNKNOWN_PRODUCT', `Barcode ${normaliseScan(ean)} is not in the catalogue: key the price as an amount, or ask the manager to add the product.`);
    if (item.currency !== sale.currency) throw new SaleError('CURRENCY_MISMATCH', `${item.name} is priced in ${item.currency}, this sale is in ${sale.currency}.`);
    const same = sql(db, "SELECT * FROM sale_lines WHERE sale_id = ? AND kind = 'product' AND ean = ? AND unit_price_minor = ? AND list_price_minor IS NULL AND discount_kind IS NULL ORDER BY id LIMIT 1").get(
      sale.id, item.ean, item.price_minor,
    ) as LineRow | undefined;
    if (same) {
      const q = same.quantity + quantity;
      assertQuantity(q);
      sql(db, 'UPDATE sale_lines SET quantity = ?, total_minor = ? WHERE id = ?').run(q, lineTotalMinor({ unitPriceMinor: same.unit_price_minor, quantity: q }), same.id);
      syncTotals(db, sale);
      event(db, sale, 'sale.line_quantity', now, { lineId: same.id, ean: item.ean, quantity: q });
    } else {
      const total = lineTotalMinor({ unitPriceMinor: item.price_minor, quantity });
      const r = sql(db, 'INSERT INTO sale_lines (sale_id, kind, ean, name, unit_price_minor, quantity, total_minor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        sale.id, 'product', item.ean, item.name, item.price_minor, quantity, total, now.toISOString(),
      );
      syncTotals(db, sale);
      event(db, sale, 'sale.line_added', now, { lineId: Number(r.lastInsertRowid), kind: 'product', ean: item.ean, unitPriceMinor: item.price_minor, quantity });
    }
  });
  return getSale(db, saleId);
}

function loadLine(db: Db, sale: SaleRow, lineId: number): LineRow {
  const line = sql(db, 'SELECT * FROM sale_lines WHERE id = ? AND sale_id = ?').get(Number(lineId), sale.id) as LineRow | undefined;
  if (!line) throw new SaleError('LINE_NOT_FOUND', `Line ${lineId} is not on this sale.`);
  return line;
}

export function removeLine(db: Db, saleId: string, lineId: number, now: Date = new Date()): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireLinesEditable(db, sale);
    const line = loadLine(db, sale, lineId);
    sql(db, 'DELETE FROM sale_lines WHERE id = ?').run(line.id);
    syncTotals(db, sale);
    event(db, sale, 'sale.line_removed', now, { lineId: line.id, kind: line.kind, ean: line.ean, totalMinor: line.total_minor });
  });
  return getSale(db, saleId);
}

export function setQuantity(db: Db, saleId: string, lineId: number, quantity: number, now: Date = new Date()): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireLinesEditable(db, sale);
    const line = loadLine(db, sale, lineId);
    const total = lineNet({ ...line, quantity });
    sql(db, 'UPDATE sale_lines SET quantity = ?, total_minor = ? WHERE id = ?').run(quantity, total, line.id);
    syncTotals(db, sale);
    event(db, sale, 'sale.line_quantity', now, { lineId: line.id, quantity });
  });
  return getSale(db, saleId);
}

function dueMinor(db: Db, sale: SaleRow): number {
  const paid = (sql(db, 'SELECT COALESCE(SUM(amount_minor), 0) AS p FROM tenders WHERE sale_id = ?').get(sale.id) as { p: number }).p;
  return sale.total_minor - paid;
}

/** Cash and card are refused while a wallet payment might still take the same money. */
function requireNoPendingWallet(db: Db, sale: SaleRow): void {
  const pending = pendingAttempts(db, sale.id);
  if (pending.length > 0) {
    throw new SaleError('WALLET_PAYMENT_PENDING', `A wallet payment for this sale is still ${pending[0]!.state.replace('_', ' ')}: wait for its result or cancel it before taking another tender.`);
  }
}

/**
 * Marks the sale paid when its tenders cover the total: completed_at, the takings day, and the
 * next invoice number of its terminal, all in the caller's transaction. The number is taken from
 * the committed maximum inside a write transaction, so two sales never get the same number and a
 * rolled-back payment gives its number back (no gap); a trigger (003) refuses anything else.
 */
function completeIfPaid(db: Db, sale: SaleRow, now: Date): void {
  if (sale.status !== 'open' || sale.total_minor <= 0 || dueMinor(db, sale) > 0) return;
  const next = (sql(db, 'SELECT COALESCE(MAX(invoice_no), 0) + 1 AS n FROM sales WHERE terminal_id = ?').get(sale.terminal_id) as { n: number }).n;
  sql(db, "UPDATE sales SET status = 'paid', completed_at = ?, business_day = ?, invoice_no = ? WHERE id = ? AND status = 'open'").run(
    now.toISOString(), businessDay(now), next, sale.id,
  );
  event(db, sale, 'sale.paid', now, { invoiceNo: next, totalMinor: sale.total_minor, vatMinor: sale.vat_minor });
}

function insertTender(
  db: Db,
  sale: SaleRow,
  t: { kind: TenderKind; amountMinor: number; tenderedMinor?: number | null; changeMinor?: number | null; attemptId?: string | null; card?: CardDetails },
  now: Date,
): number {
  const r = sql(db, 'INSERT INTO tenders (sale_id, kind, amount_minor, tendered_minor, change_minor, attempt_id, card_approval, card_last4, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    sale.id, t.kind, t.amountMinor, t.tenderedMinor ?? null, t.changeMinor ?? null, t.attemptId ?? null, t.card?.approvalCode ?? null, t.card?.last4 ?? null, now.toISOString(),
  );
  event(db, sale, 'sale.tender', now, {
    tenderId: Number(r.lastInsertRowid),
    kind: t.kind,
    amountMinor: t.amountMinor,
    ...(t.tenderedMinor != null ? { tenderedMinor: t.tenderedMinor, changeMinor: t.changeMinor ?? 0 } : {}),
    ...(t.attemptId ? { attemptId: t.attemptId } : {}),
    ...(t.card?.approvalCode ? { approvalCode: t.card.approvalCode } : {}),
    ...(t.card?.last4 ? { cardLast4: t.card.last4 } : {}),
  });
  return Number(r.lastInsertRowid);
}

export interface CashTenderOptions {
  /** Take less than the due amount towards a split payment (no change given). */
  partial?: boolean;
}

/** Cash handed over. Unless `partial`, it must cover what is due; the change is stored with it. */
export function recordCashTender(db: Db, saleId: string, tendered: Money, now: Date, opts: CashTenderOptions = {}): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireOpen(sale);
    requireNoPendingWallet(db, sale);
    const plan = planCashTender(dueMinor(db, sale), tendered, asCurrency(sale.currency), opts);
    insertTender(db, sale, { kind: 'cash', ...plan }, now);
    completeIfPaid(db, sale, now);
  });
  return getSale(db, saleId);
}

/**
 * Paid on the external card terminal: the due amount, or less towards a split payment. The slip's
 * approval code and card ending are optional; when given they must be well formed.
 */
export function recordCardTender(db: Db, saleId: string, amount: Money | undefined, now: Date, details: { approvalCode?: string | null; last4?: string | null } = {}): SaleView {
  const card = cleanCardDetails(details);
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireOpen(sale);
    requireNoPendingWallet(db, sale);
    const plan = planCardTender(dueMinor(db, sale), amount, asCurrency(sale.currency));
    insertTender(db, sale, { kind: 'card', amountMinor: plan.amountMinor, card }, now);
    completeIfPaid(db, sale, now);
  });
  return getSale(db, saleId);
}

/**
 * The journal's view of a sale (app/journal/sales-port.ts): its status, what it still owes and the
 * invoice number it gets when paid; undefined if unknown. One compiled statement: a scan waits on
 * it inside its send transaction.
 */
export function saleDue(db: Db, saleId: string): { status: SaleStatus; due: Money; nextInvoiceNo: number } | undefined {
  const r = sql(
    db,
    `SELECT s.status, s.currency, s.total_minor - (SELECT COALESCE(SUM(t.amount_minor), 0) FROM tenders t WHERE t.sale_id = s.id) AS due,
            (SELECT COALESCE(MAX(o.invoice_no), 0) + 1 FROM sales o WHERE o.terminal_id = s.terminal_id) AS next
       FROM sales s WHERE s.id = ?`,
  ).get(String(saleId)) as { status: SaleStatus; currency: string; due: number; next: number } | undefined;
  if (!r) return undefined;
  return { status: r.status, due: money(Math.max(0, r.due), asCurrency(r.currency)), nextInvoiceNo: r.next };
}

/**
 * What a new wallet attempt for this sale should charge. Refuses (with words for the cashier) when
 * the sale is not open, nothing is due, or another wallet attempt might still take money.
 */
export function dueForWallet(db: Db, saleId: string): Money {
  const sale = loadSale(db, saleId);
  requireOpen(sale);
  requireNoPendingWallet(db, sale);
  const due = dueMinor(db, sale);
  if (due <= 0) throw new SaleError('NOTHING_DUE', sale.total_minor <= 0 ? 'The sale is empty: add a line first.' : 'Nothing is due on this sale.');
  return money(due, asCurrency(sale.currency));
}

/**
 * Records a wallet payment the acquirer confirmed. Called by the journal INSIDE the transaction that
 * marks the attempt succeeded; it nests as a savepoint. Money has already moved, so it never refuses
 * for business reasons: replaying the same attempt is a no-op, and money beyond the total (the sale
 * was paid or voided meanwhile) is recorded as it is and flagged `sale.overpaid` for the manager to
 * refund. It throws only for a bug: an unknown sale or a different currency.
 */
export function applyWalletPayment(db: Db, saleId: string, attemptId: string, amount: Money, now: Date): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    if (amount.currency !== sale.currency) throw new SaleError('CURRENCY_MISMATCH', `Wallet payment in ${amount.currency} for a sale in ${sale.currency}.`);
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) throw new SaleError('INVALID_AMOUNT', `Wallet payment of ${amount.minor} minor units.`);
    const already = sql(db, 'SELECT id FROM tenders WHERE attempt_id = ?').get(attemptId);
    if (already) return;
    const dueBefore = sale.status === 'open' ? dueMinor(db, sale) : 0;
    insertTender(db, sale, { kind: 'wallet', amountMinor: amount.minor, attemptId }, now);
    if (amount.minor > dueBefore) {
      event(db, sale, 'sale.overpaid', now, { attemptId, amountMinor: amount.minor, excessMinor: amount.minor - dueBefore, status: sale.status }, null);
    }
    completeIfPaid(db, sale, now);
  });
  return getSale(db, saleId);
}

export interface VoidInput {
  now: Date;
  actor?: string | null;
  reason?: string;
}

/** Voids an open sale on which no money was taken and no wallet payment is in flight. */
export function voidSale(db: Db, saleId: string, input: VoidInput): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    if (sale.status === 'voided') throw new SaleError('VOID_REFUSED', 'This sale is already voided.');
    if (sale.status === 'paid') throw new SaleError('VOID_REFUSED', `This sale is paid (invoice ${sale.invoice_no}): refund it instead of voiding it.`);
    if (tenderCount(db, sale.id) > 0) throw new SaleError('VOID_REFUSED', 'Part of this sale is paid: refund that payment before voiding the sale.');
    const live = liveAttempts(db, sale.id);
    if (live.length > 0) throw new SaleError('VOID_REFUSED', `A wallet payment for this sale is ${live[0]!.state.replace('_', ' ')}: wait for its result or cancel it first.`);
    sql(db, "UPDATE sales SET status = 'voided', completed_at = ? WHERE id = ?").run(input.now.toISOString(), sale.id);
    event(db, sale, 'sale.voided', input.now, { reason: input.reason ?? null, totalMinor: sale.total_minor }, input.actor ?? sale.cashier_id);
  });
  return getSale(db, saleId);
}

// ── discounts and price overrides ─────────────────────────────────────────────────────────────

export interface LineAdjustment {
  /** A new unit price (a price override); undefined keeps the price. */
  price?: Money;
  /** A discount off the line; null removes it, undefined keeps it. */
  discount?: LineDiscount | null;
}

export interface AdjustOptions {
  /** The installer's limit, in hundredths of a percent below the rung-up value, above which a manager approves. */
  limitBasisPoints: number;
  /** The manager who approved (signed in with name and PIN for this), if any. */
  approver?: { id: string; name: string } | null;
  actor?: string | null;
}

/**
 * Overrides a line's price and/or discounts it. Above the installer's limit (measured against the
 * price the line was rung up at) it needs a manager: refused with MANAGER_APPROVAL_NEEDED, and
 * nothing changes, until one approves.
 */
export function adjustLine(db: Db, saleId: string, lineId: number, adj: LineAdjustment, opts: AdjustOptions, now: Date = new Date()): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireLinesEditable(db, sale);
    const line = loadLine(db, sale, lineId);
    const currency = asCurrency(sale.currency);
    if (adj.price !== undefined) {
      if (adj.price.currency !== currency) throw new SaleError('CURRENCY_MISMATCH', `A price must be in ${currency}.`);
      if (!Number.isSafeInteger(adj.price.minor) || adj.price.minor < 0 || adj.price.minor > 100_000_000) throw new SaleError('INVALID_DISCOUNT', 'That price is not allowed.');
    }
    if (adj.discount) assertDiscount(adj.discount);
    const listUnit = line.list_price_minor ?? line.unit_price_minor;
    const unit = adj.price?.minor ?? line.unit_price_minor;
    const discount = adj.discount === undefined ? discountOf(line) : adj.discount;
    const next = { unit_price_minor: unit, quantity: line.quantity, discount_kind: discount?.kind ?? null, discount_value: discount?.value ?? null };
    const net = lineNet(next);
    const listTotal = lineTotalMinor({ unitPriceMinor: listUnit, quantity: line.quantity });
    const reduction = reductionBasisPoints(listTotal, net);
    const needsManager = reduction > opts.limitBasisPoints;
    if (needsManager && !opts.approver) {
      throw Object.assign(
        new SaleError('MANAGER_APPROVAL_NEEDED', `That takes ${(reduction / 100).toFixed(2)} % off the line, above the ${(opts.limitBasisPoints / 100).toFixed(2)} % the installer allows: a manager approves it with their PIN.`),
        { details: { reductionBasisPoints: reduction, limitBasisPoints: opts.limitBasisPoints } },
      );
    }
    sql(db, 'UPDATE sale_lines SET unit_price_minor = ?, list_price_minor = ?, discount_kind = ?, discount_value = ?, approved_by = ?, total_minor = ? WHERE id = ?').run(
      unit, unit === listUnit ? null : listUnit, next.discount_kind, next.discount_value, needsManager ? opts.approver!.id : null, net, line.id,
    );
    syncTotals(db, sale);
    event(
      db,
      sale,
      'sale.line_adjusted',
      now,
      { lineId: line.id, listUnitMinor: listUnit, unitMinor: unit, discount, totalMinor: net, reductionBasisPoints: reduction, approvedBy: needsManager ? opts.approver!.id : null },
      opts.actor,
    );
  });
  return getSale(db, saleId);
}

// ── sales that wait ──────────────────────────────────────────────────────────────────────────

/**
 * Puts an open sale aside with its lines to serve the next customer. Only a sale with lines and no
 * money taken or on its way: a part-paid sale stays on the counter until it is paid.
 */
export function parkSale(db: Db, saleId: string, now: Date): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    requireOpen(sale);
    const lines = (sql(db, 'SELECT COUNT(*) AS n FROM sale_lines WHERE sale_id = ?').get(sale.id) as { n: number }).n;
    if (lines === 0) throw new SaleError('NOTHING_TO_PARK', 'This sale has no lines: there is nothing to park.');
    if (tenderCount(db, sale.id) > 0) throw new SaleError('SALE_LOCKED', 'Part of this sale is paid: take the rest of the payment before serving someone else.');
    if (liveAttempts(db, sale.id).length > 0) throw new SaleError('SALE_LOCKED', 'A wallet payment for this sale is under way: wait for it or cancel it before parking the sale.');
    sql(db, 'UPDATE sales SET parked_at = ? WHERE id = ?').run(now.toISOString(), sale.id);
    event(db, sale, 'sale.parked', now, { lines, totalMinor: sale.total_minor });
  });
  return getSale(db, saleId);
}

/** Takes a parked sale back to be rung up and paid. */
export function recallSale(db: Db, saleId: string, now: Date): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    if (sale.status !== 'open') requireOpen(sale);
    if (sale.parked_at === null) return;
    sql(db, 'UPDATE sales SET parked_at = NULL WHERE id = ?').run(sale.id);
    event(db, sale, 'sale.recalled', now, { parkedAt: sale.parked_at });
  });
  return getSale(db, saleId);
}

/** The parked sales of a terminal, oldest first (the customer who waited longest on top). */
export function listParkedSales(db: Db, terminalId: string): SaleView[] {
  const rows = sql(db, "SELECT id FROM sales WHERE terminal_id = ? AND status = 'open' AND parked_at IS NOT NULL ORDER BY parked_at, rowid").all(terminalId) as { id: string }[];
  return rows.map((r) => getSale(db, r.id));
}

/** True when the sale is open with nothing on it: no line, no tender, no attempt. Such a sale can be reused. */
export function isBlankSale(db: Db, saleId: string): boolean {
  const sale = sql(db, 'SELECT * FROM sales WHERE id = ?').get(String(saleId)) as SaleRow | undefined;
  if (!sale || sale.status !== 'open' || sale.parked_at !== null) return false;
  const lines = (sql(db, 'SELECT COUNT(*) AS n FROM sale_lines WHERE sale_id = ?').get(sale.id) as { n: number }).n;
  const attempts = (sql(db, 'SELECT COUNT(*) AS n FROM attempts WHERE sale_id = ?').get(sale.id) as { n: number }).n;
  return lines === 0 && attempts === 0 && tenderCount(db, sale.id) === 0;
}

/** The tourist tax-free tag number, on a paid sale of at least AED 250. */
export function setTaxFreeTag(db: Db, saleId: string, tag: string, at: Date, actor?: string | null): SaleView {
  writeTx(db, () => {
    const sale = loadSale(db, saleId);
    const clean = String(tag ?? '').trim();
    if (sale.status !== 'paid') throw new SaleError('SALE_NOT_PAID', 'A tax-free tag goes on a paid sale: take the payment first.');
    if (!taxFreeEligible(money(sale.total_minor, asCurrency(sale.currency)))) throw new SaleError('NOT_TAX_FREE_ELIGIBLE', 'Tax-free needs a total of at least AED 250.00.');
    if (!/^[\p{L}\p{N}-]{1,40}$/u.test(clean)) throw new SaleError('INVALID_INPUT', 'A tax-free tag number has 1–40 letters, digits or dashes.');
    sql(db, 'UPDATE sales SET tax_free_tag = ? WHERE id = ?').run(clean, sale.id);
    event(db, sale, 'sale.tax_free_tag', at, { tag: clean }, actor ?? null);
  });
  return getSale(db, saleId);
}
