// The payment attempt repository. Every change of an attempt's state is one committed transaction
// that compares-and-sets the state it started from, applies the transition table of
// app/domain/attempt.ts (an illegal move throws), appends to the hash-chained event log and — for a
// send — writes the outbox row with the exact body before anything goes on the wire.
import { createHash } from 'node:crypto';
import type { AttemptView } from '../api/views.ts';
import type { RequestBuilder } from '../acquirer/port.ts';
import { maskCode } from '../domain/classify.ts';
import { blocksNewAttempt, isFinalAttemptState, nextAttemptState, ATTEMPT_STATES, type AttemptEvent, type AttemptState } from '../domain/attempt.ts';
import type { Currency, Money } from '../domain/money.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { JournalError } from './errors.ts';
import { newRequestId } from './ids.ts';
import { salesPort, type SalesPort } from './sales-port.ts';
import { insertJournalRow, writeTx, type JournalEntryInput, sql } from './tx.ts';

export type Scenario = 'PaymentCode' | 'OrderCode';

export interface AttemptRow {
  id: string;
  sale_id: string;
  scenario: Scenario;
  amount_minor: number;
  currency: Currency;
  state: AttemptState;
  code_masked: string | null;
  request_path: string;
  request_body: string;
  valid_until: string | null;
  result_status: string | null;
  result_code: string | null;
  result_message: string | null;
  payment_id: string | null;
  payment_time: string | null;
  psp_name: string | null;
  customer_id: string | null;
  order_code: string | null;
  order_expires_at: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
  try_count: number;
  inquiry_count: number;
  cancel_count: number;
  next_try_at: string | null;
  last_error: string | null;
  /** Signed replies that were about another request (005). */
  mismatch_count: number;
  /** sha256("<id>:<code>") once the code was wiped from the stored bodies (005). */
  code_hash: string | null;
}

export function amountOf(row: { amount_minor: number; currency: Currency }): Money {
  return { minor: row.amount_minor, currency: row.currency };
}

export function toAttemptView(r: AttemptRow): AttemptView {
  return {
    paymentRequestId: r.id,
    saleId: r.sale_id,
    scenario: r.scenario,
    state: r.state,
    amount: amountOf(r),
    codeMasked: r.code_masked,
    validUntil: r.valid_until,
    resultCode: r.result_code,
    resultMessage: r.result_message,
    paymentId: r.payment_id,
    paymentTime: r.payment_time,
    pspName: r.psp_name,
    customerId: r.customer_id,
    orderCode: r.order_code,
    orderExpiresAt: r.order_expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getAttemptRow(db: Db, id: string): AttemptRow | undefined {
  return sql(db, 'SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow | undefined;
}

export function requireAttempt(db: Db, id: string): AttemptRow {
  const row = getAttemptRow(db, id);
  if (!row) throw new JournalError('ATTEMPT_NOT_FOUND', `No payment attempt ${id}`);
  return row;
}

export function attemptsForSale(db: Db, saleId: string): AttemptRow[] {
  return sql(db, 'SELECT * FROM attempts WHERE sale_id = ? ORDER BY created_at DESC, id DESC').all(saleId) as AttemptRow[];
}

export function listAttempts(db: Db, opts: { limit?: number; states?: readonly AttemptState[] } = {}): AttemptRow[] {
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 10_000));
  const states = opts.states?.filter((s) => (ATTEMPT_STATES as readonly string[]).includes(s));
  if (states && states.length > 0) {
    const marks = states.map(() => '?').join(', ');
    return sql(db, `SELECT * FROM attempts WHERE state IN (${marks}) ORDER BY created_at DESC, id DESC LIMIT ?`).all(...states, limit) as AttemptRow[];
  }
  return sql(db, 'SELECT * FROM attempts ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as AttemptRow[];
}

export interface CreateAttemptInput {
  saleId: string;
  scenario: Scenario;
  /** The scanned code, unchanged (PaymentCode only). */
  code?: string;
  /** Defaults to what the sale still owes; may be less (split tender), never more. */
  amount?: Money;
  now: Date;
  config: TerminalConfig;
  /** The configured acquirer's request builder (the port): the path and exact bytes are stored so a resend needs nothing else. */
  requests: RequestBuilder;
  actor?: string | null;
  sales?: SalesPort;
  /** Sent as paymentNotifyUrl (the chain's HQ receives the acquirer's notifications). */
  paymentNotifyUrl?: string;
}

/** What the caller of the sync engine says about a new attempt; the engine adds the clock, config and ports. */
export type NewAttempt = Omit<CreateAttemptInput, 'now' | 'config' | 'requests' | 'sales'>;

export function orderDescription(storeName: string, invoiceNo: number): string {
  const tail = ` invoice ${invoiceNo}`;
  return `${storeName.slice(0, 256 - tail.length)}${tail}`;
}

/** The attempt that holds an acquirer paymentId, other than `exceptId`: two payments never share one. */
export function paymentIdHolder(db: Db, paymentId: string, exceptId: string): string | undefined {
  const r = sql(db, 'SELECT id FROM attempts WHERE payment_id = ? AND id != ? LIMIT 1').get(paymentId, exceptId) as { id: string } | undefined;
  return r?.id;
}

/**
 * Journals a new attempt in state `created` (the sync engine sends it). Refused while the sale
 * has an attempt whose money might still move, and when the sale owes nothing.
 */
export function createAttempt(db: Db, input: CreateAttemptInput): AttemptRow {
  return writeTx(db, () => journalNewAttempt(db, input, null).row);
}

export interface SentAttempt<S> {
  row: AttemptRow;
  /** The outbox row holding the exact body `sign` signed. */
  journalId: number;
  signed: S;
}

/**
 * Journals a new attempt already `sent`: the attempt row, its outbox row with the exact body, and
 * their events, in ONE transaction whose commit is the only fsync between a scan and its bytes.
 * `sign` runs inside it, before the commit, so after the commit only the trip is left.
 */
export function createAndSendAttempt<S>(db: Db, input: CreateAttemptInput, sign: (row: AttemptRow) => S): SentAttempt<S> {
  return writeTx(db, () => {
    const { row, journalId } = journalNewAttempt(db, input, 'send');
    return { row, journalId: journalId!, signed: sign(row) };
  });
}

function journalNewAttempt(db: Db, input: CreateAttemptInput, event: 'send' | null): ChangeResult {
  const sales = input.sales ?? salesPort;
  const { now, config } = input;
  if (input.scenario === 'PaymentCode' && !input.code) throw new JournalError('INVALID_INPUT', 'A payment-code payment needs the scanned code');
  const sale = sales.saleDue(db, input.saleId);
  if (!sale) throw new JournalError('SALE_NOT_FOUND', `No sale ${input.saleId}`);
  if (sale.status === 'paid') throw new JournalError('SALE_ALREADY_PAID', `Sale ${input.saleId} is already paid`);
  if (sale.status !== 'open') throw new JournalError('SALE_NOT_OPEN', `Sale ${input.saleId} is ${sale.status}: it cannot take a payment`);
  const blocking = sql(db, `SELECT id, state FROM attempts WHERE sale_id = ? AND state IN (${BLOCKING_IN}) LIMIT 1`).get(input.saleId) as { id: string; state: AttemptState } | undefined;
  if (blocking) {
    throw new JournalError(
      'ATTEMPT_IN_PROGRESS',
      `Sale ${input.saleId} already has a payment in progress (${blocking.id}, ${blocking.state}): wait for it to settle or cancel it first`,
    );
  }
  const amount = input.amount ?? sale.due;
  if (amount.currency !== sale.due.currency) throw new JournalError('INVALID_INPUT', `The sale is in ${sale.due.currency}, not ${amount.currency}`);
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) throw new JournalError('NOTHING_DUE', `Sale ${input.saleId} has nothing to pay`);
  if (amount.minor > sale.due.minor) throw new JournalError('INVALID_INPUT', `The payment (${amount.minor}) is more than the sale still owes (${sale.due.minor})`);

  const id = newRequestId(config.terminalId, 'P', now);
  const request = input.requests.payRequest({
    paymentRequestId: id,
    amount,
    scenario: input.scenario,
    code: input.scenario === 'PaymentCode' ? input.code : undefined,
    // What the customer reads in the wallet: the shop and the invoice number on the receipt they get.
    orderDescription: orderDescription(config.store.storeName, sale.nextInvoiceNo),
    referenceOrderId: input.saleId,
    now,
    config,
    paymentNotifyUrl: input.paymentNotifyUrl,
  });
  // The attempt's id is its idempotency key; an adapter keying on anything else would resend as a new payment.
  if (request.idempotencyKey !== id) throw new JournalError('INVALID_INPUT', `The acquirer adapter keyed payment ${id} as ${request.idempotencyKey}`);
  // Never sent (or resent) after this. PaymentCode: the scanned code's window. OrderCode: the
  // paymentExpiryTime written into the body — the order cannot be paid after it anyway, and
  // until then resending the identical body can still bring up the QR the cashier waits for.
  const windowMs = input.scenario === 'PaymentCode' ? config.payment.codeWindowSeconds * 1000 : config.payment.paymentExpiryMinutes * 60_000;
  const validUntil = new Date(now.getTime() + windowMs).toISOString();
  const at = now.toISOString();
  const codeMasked = input.code ? maskCode(input.code) : null;
  // A send is the table's created → sent move, written as the row's first state (one row write,
  // not an insert and an update).
  const state = event ? nextAttemptState('created', event) : 'created';
  sql(db,
    `INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, code_masked, request_path, request_body,
       valid_until, created_at, updated_at, next_try_at, sent_at, try_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.saleId, input.scenario, amount.minor, amount.currency, state, codeMasked, request.path, request.body, validUntil, at, at, event ? null : at, event ? at : null, event ? 1 : 0);
  appendEvent(db, {
    type: 'attempt.created',
    subject: id,
    actor: input.actor ?? null,
    at: now,
    data: { saleId: input.saleId, scenario: input.scenario, amount: amount.minor, currency: amount.currency, codeMasked, validUntil },
  });
  let journalId: number | null = null;
  if (event) {
    journalId = insertJournalRow(db, 'attempt', id, { operation: 'pay', path: request.path, body: request.body, idempotencyKey: id }, now);
    // The engine sends, as it does for an attempt that waited in `created`.
    appendEvent(db, { type: `attempt.${event}`, subject: id, actor: null, at: now, data: { from: 'created', to: state } });
  }
  return { row: requireAttempt(db, id), journalId };
}

const BLOCKING_IN = ATTEMPT_STATES.filter(blocksNewAttempt).map((s) => `'${s}'`).join(', ');

/** Columns a step may set besides the state. */
export interface AttemptPatch {
  result_status?: string | null;
  result_code?: string | null;
  result_message?: string | null;
  payment_id?: string | null;
  payment_time?: string | null;
  psp_name?: string | null;
  customer_id?: string | null;
  order_code?: string | null;
  order_expires_at?: string | null;
  sent_at?: string | null;
  next_try_at?: string | null;
  last_error?: string | null;
}
const PATCHABLE = new Set<string>([
  'result_status', 'result_code', 'result_message', 'payment_id', 'payment_time', 'psp_name', 'customer_id',
  'order_code', 'order_expires_at', 'sent_at', 'next_try_at', 'last_error',
]);
type Counter = 'try_count' | 'inquiry_count' | 'cancel_count' | 'mismatch_count';

export interface AttemptChange {
  id: string;
  /** The state the caller saw; the write happens only if the row is still in it. */
  from: AttemptState;
  now: Date;
  patch?: AttemptPatch;
  increment?: readonly Counter[];
  /** A request to write to the outbox in the same transaction (before it is sent). */
  journal?: JournalEntryInput;
  actor?: string | null;
  /** Extra facts for the event log (never a full payment code). */
  data?: Record<string, unknown>;
  sales?: SalesPort;
}

export interface ChangeResult {
  row: AttemptRow;
  journalId: number | null;
}

function applyUpdate(db: Db, c: AttemptChange, to: AttemptState): void {
  const sets = ['state = ?', 'updated_at = ?'];
  const args: unknown[] = [to, c.now.toISOString()];
  for (const [k, v] of Object.entries(c.patch ?? {})) {
    if (!PATCHABLE.has(k)) throw new JournalError('INVALID_INPUT', `Not a patchable attempt column: ${k}`);
    sets.push(`${k} = ?`);
    args.push(v);
  }
  for (const k of c.increment ?? []) sets.push(`${k} = ${k} + 1`);
  const r = sql(db, `UPDATE attempts SET ${sets.join(', ')} WHERE id = ? AND state = ?`).run(...args, c.id, c.from);
  if (r.changes !== 1) {
    const now = getAttemptRow(db, c.id);
    if (!now) throw new JournalError('ATTEMPT_NOT_FOUND', `No payment attempt ${c.id}`);
    throw new JournalError('STALE_STATE', `Payment attempt ${c.id} is ${now.state}, not ${c.from}: someone else moved it first`);
  }
}

/**
 * Moves an attempt by `event` from `from` (compare-and-set), in one transaction with its event
 * row, its outbox row (if any) and — on success — the wallet tender on the sale.
 */
export function transitionAttempt(db: Db, event: AttemptEvent, c: AttemptChange): ChangeResult {
  const to = nextAttemptState(c.from, event);
  const sales = c.sales ?? salesPort;
  return writeTx(db, () => {
    applyUpdate(db, c, to);
    const row = requireAttempt(db, c.id);
    const journalId = c.journal ? insertJournalRow(db, 'attempt', c.id, c.journal, c.now) : null;
    appendEvent(db, {
      type: `attempt.${event}`,
      subject: c.id,
      actor: c.actor ?? null,
      at: c.now,
      // The wallet's name rides with the success so a reader of the log alone (the HQ) can report
      // takings by wallet as the till does.
      data: {
        from: c.from,
        to,
        ...(row.result_code && event !== 'send' ? { resultCode: row.result_code } : {}),
        ...(to === 'succeeded' && row.psp_name ? { pspName: row.psp_name } : {}),
        ...(c.data ?? {}),
      },
    });
    if (to === 'succeeded') sales.applyWalletPayment(db, row.sale_id, row.id, amountOf(row), c.now);
    if (isFinalAttemptState(to)) return { row: wipePaymentCode(db, row), journalId };
    return { row, journalId };
  });
}

const secureDeleteOn = new WeakSet<Db>();

/** Replaces, anywhere in a parsed body, each string that masks to `masked` (the code) by `masked`; returns the code found. */
function maskIn(node: unknown, masked: string): { node: unknown; code: string | null } {
  if (typeof node === 'string') return node !== masked && maskCode(node) === masked ? { node: masked, code: node } : { node, code: null };
  if (Array.isArray(node)) {
    let code: string | null = null;
    const out = node.map((v) => {
      const r = maskIn(v, masked);
      code ??= r.code;
      return r.node;
    });
    return { node: out, code };
  }
  if (typeof node === 'object' && node !== null) {
    let code: string | null = null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const r = maskIn(v, masked);
      code ??= r.code;
      out[k] = r.node;
    }
    return { node: out, code };
  }
  return { node, code: null };
}

/**
 * A final attempt never sends its pay again, so the customer's code has no more use: the stored
 * bodies (attempt and outbox) keep its masked form and the row a salted hash. The code is found by
 * its mask wherever the acquirer's adapter put it in the (JSON) body, so this holds for any
 * acquirer. secure_delete makes SQLite zero the bytes it frees instead of leaving the old rows
 * readable in free pages.
 */
export function wipePaymentCode(db: Db, row: AttemptRow): AttemptRow {
  if (row.scenario !== 'PaymentCode' || row.code_hash !== null || row.code_masked === null) return row;
  let body: unknown;
  try {
    body = JSON.parse(row.request_body);
  } catch {
    return row;
  }
  const { node, code } = maskIn(body, row.code_masked);
  if (code === null) return row;
  if (!secureDeleteOn.has(db)) {
    db.pragma('secure_delete = ON');
    secureDeleteOn.add(db);
  }
  const wiped = JSON.stringify(node);
  const hash = createHash('sha256').update(`${row.id}:${code}`).digest('hex');
  sql(db, 'UPDATE attempts SET request_body = ?, code_hash = ? WHERE id = ?').run(wiped, hash, row.id);
  sql(db, "UPDATE journal SET body = ? WHERE subject = 'attempt' AND subject_id = ? AND operation = 'pay'").run(wiped, row.id);
  return { ...row, request_body: wiped, code_hash: hash };
}

/** Bookkeeping without a state change (counters, next try, an inquiry's outbox row): still CAS. */
export function touchAttempt(db: Db, c: AttemptChange): ChangeResult {
  return writeTx(db, () => {
    applyUpdate(db, c, c.from);
    const journalId = c.journal ? insertJournalRow(db, 'attempt', c.id, c.journal, c.now) : null;
    return { row: requireAttempt(db, c.id), journalId };
  });
}
