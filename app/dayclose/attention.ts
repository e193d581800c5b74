// Payments the terminal could not settle alone (state `needs_attention`: a cancel refused and the
// refund undoing it failed, a request the acquirer saw with another body, …) and the two ways a
// manager ends them: ask the acquirer once more (its signed answer settles it, as the sync engine
// would have), or settle it by hand after looking it up in the acquirer's portal, with a reason.
// Every change is the journal's own compare-and-set transition (app/journal/attempts.ts), so the
// event log, the takings cells and — on "paid" — the wallet tender on the sale move with it in one
// transaction. The caller tells the screens (engine.announceAttempt): nothing here emits.
import { failWords, type AcquirerPort } from '../acquirer/port.ts';
import { attemptStateMessage } from '../domain/result-words.ts';
import { CURRENCIES, formatMoney, type Currency, type Money } from '../domain/money.ts';
import { assertNever } from '../domain/never.ts';
import { amountOf, getAttemptRow, listAttempts, transitionAttempt, type AttemptPatch, type AttemptRow } from '../journal/attempts.ts';
import { JournalError } from '../journal/errors.ts';
import { completeJournalRow, insertJournalRow, writeTx } from '../journal/tx.ts';
import { boundToAttempt, settleByInquiry } from '../journal/inquiry.ts';
import type { Db } from '../store/db.ts';
import { requireRole, type Actor } from '../users/users.ts';

export type AttentionErrorCode = 'ATTEMPT_NOT_FOUND' | 'NOT_NEEDING_ATTENTION' | 'INVALID_INPUT';

export class AttentionError extends Error {
  constructor(
    readonly code: AttentionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttentionError';
  }
}

/** One payment waiting for a manager, as the list shows it (the customer's code masked). */
export interface AttentionItem {
  attemptId: string;
  saleId: string;
  invoiceNo: number | null;
  saleStatus: string;
  scenario: 'PaymentCode' | 'OrderCode';
  amount: Money;
  /** 2810…2345; null for an order-code (QR) payment. */
  codeMasked: string | null;
  pspName: string | null;
  paymentId: string | null;
  resultCode: string | null;
  /** Why the terminal stopped, in words (the engine's last error, else the acquirer's message). */
  lastError: string;
  createdAt: string;
  updatedAt: string;
}

export interface AttentionChange {
  attemptId: string;
  /** The attempt's state after the call (needs_attention when nothing changed). */
  state: AttemptRow['state'];
  /** true when the attempt left needs_attention. */
  settled: boolean;
  /** What happened, in words for the manager. */
  message: string;
  saleId: string;
}

interface ListRow {
  invoice_no: number | null;
  sale_status: string;
}

function lastErrorWords(r: AttemptRow): string {
  return r.last_error ?? r.result_message ?? attemptStateMessage('needs_attention').words.en.what;
}

/** The needs_attention attempts, oldest first (the one waiting longest is the first to look at). */
export function listAttention(db: Db): AttentionItem[] {
  const rows = listAttempts(db, { states: ['needs_attention'], limit: 10_000 }).reverse();
  const sale = db.prepare('SELECT invoice_no, status AS sale_status FROM sales WHERE id = ?');
  return rows.map((r) => {
    const s = sale.get(r.sale_id) as ListRow | undefined;
    return {
      attemptId: r.id,
      saleId: r.sale_id,
      invoiceNo: s?.invoice_no ?? null,
      saleStatus: s?.sale_status ?? 'unknown',
      scenario: r.scenario,
      amount: amountOf(r),
      codeMasked: r.code_masked,
      pspName: r.psp_name,
      paymentId: r.payment_id,
      resultCode: r.result_code,
      lastError: lastErrorWords(r),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

function requireNeedsAttention(db: Db, attemptId: string): AttemptRow {
  const row = getAttemptRow(db, attemptId);
  if (!row) throw new AttentionError('ATTEMPT_NOT_FOUND', `No payment ${attemptId} on this terminal.`);
  if (row.state !== 'needs_attention') {
    throw new AttentionError(
      'NOT_NEEDING_ATTENTION',
      `Payment ${attemptId} is ${row.state.replace('_', ' ')}, not waiting for a manager: nothing was changed.`,
    );
  }
  return row;
}

const change = (row: AttemptRow, settled: boolean, message: string): AttentionChange => ({ attemptId: row.id, state: row.state, settled, message, saleId: row.sale_id });

function saleNote(db: Db, row: AttemptRow): string {
  const s = db.prepare('SELECT status FROM sales WHERE id = ?').get(row.sale_id) as { status: string } | undefined;
  return s?.status === 'paid' ? ' The sale is paid.' : ' The sale still owes the rest: take it another way.';
}

/** The amount a reply about this request says was paid, when the adapter found it differs ("<currency> <minor units>"). */
function paidAmount(got: string): { minor: number; currency: string } | null {
  const m = /^([A-Z]{3}) (\d{1,15})$/.exec(got.trim());
  return m ? { minor: Number(m[2]), currency: m[1]! } : null;
}

function saidText(a: { minor: number; currency: string }): string {
  return (CURRENCIES as readonly string[]).includes(a.currency) ? formatMoney({ minor: a.minor, currency: a.currency as Currency }) : `${a.minor} minor units of ${a.currency}`;
}

export interface RecheckInput {
  attemptId: string;
  /** Who asked (the event log records it); null from a script. */
  actor?: string | null;
  now?: () => Date;
  signal?: AbortSignal;
}

/**
 * Asks the acquirer once, now, what became of a needs_attention payment. A definite, signed answer
 * settles it exactly as the sync engine would (SUCCESS → succeeded with the wallet tender on the
 * sale; FAIL, or no record once the code's window has closed → failed; CANCELLED → cancelled).
 * Anything else (no answer, still processing, a configuration error, a paid amount that is not the
 * attempt's) is said in words and changes nothing but the journal's record of the inquiry.
 */
export async function recheckAttempt(db: Db, acquirer: AcquirerPort, input: RecheckInput): Promise<AttentionChange> {
  const clock = input.now ?? (() => new Date());
  const body = acquirer.inquiryBody(input.attemptId);
  // Like every acquirer request: in the journal (committed) before it goes on the wire.
  const { row, journalId } = writeTx(db, () => {
    const r = requireNeedsAttention(db, input.attemptId);
    const id = insertJournalRow(db, 'attempt', r.id, { operation: 'inquiry', path: acquirer.pathFor('inquiry'), body, idempotencyKey: r.id }, clock());
    return { row: r, journalId: id };
  });
  const { outcome, wire } = await acquirer.inquire(body, { paymentRequestId: row.id, amount: amountOf(row) }, { signal: input.signal });
  const at = clock();
  completeJournalRow(db, journalId, wire.outcome, wire.resultCode, at);

  const o = boundToAttempt(db, row.id, outcome);
  const move = (event: 'succeed' | 'fail' | 'cancel_confirmed', patch: AttemptPatch, data: Record<string, unknown> = {}): AttemptRow => {
    try {
      return transitionAttempt(db, event, { id: row.id, from: 'needs_attention', now: at, actor: input.actor ?? null, patch: { next_try_at: null, ...patch }, data: { by: 'recheck', ...data } }).row;
    } catch (err) {
      // A manager settled it by hand while the acquirer was being asked: theirs stands.
      if (err instanceof JournalError && err.code === 'STALE_STATE') {
        const now = getAttemptRow(db, row.id);
        throw new AttentionError('NOT_NEEDING_ATTENTION', `Payment ${row.id} was settled meanwhile (it is ${now?.state.replace('_', ' ') ?? 'gone'}): nothing more was changed.`);
      }
      throw err;
    }
  };
  const unchanged = (why: string) => change(row, false, `${why} Nothing was changed: check again later, or settle it by hand after looking it up in the Antom portal.`);

  const amountDiffers = o.kind === 'unknown' ? o.mismatch?.find((f) => f.field === 'paymentAmount') : undefined;
  if (amountDiffers) {
    const said = paidAmount(amountDiffers.got);
    if (said && (said.minor !== row.amount_minor || said.currency !== row.currency)) {
      return unchanged(`Alipay says this payment request was paid, but ${saidText(said)}, not ${formatMoney(amountOf(row))}: a person must look at it.`);
    }
  }
  // ORDER_NOT_EXIST: while the customer's code could still be presented, a late pay could still
  // arrive; after its window nothing can be charged any more.
  const young = row.valid_until !== null && at.getTime() <= Date.parse(row.valid_until);
  const answer = settleByInquiry(o, row, { codeWindowClosed: !young });
  if ('settlement' in answer) {
    const { event, patch } = answer.settlement;
    const moved = move(event, { ...patch, last_error: null });
    switch (event) {
      case 'succeed':
        return change(moved, true, `Alipay confirmed the payment of ${formatMoney(amountOf(row))}: marked paid.${saleNote(db, moved)}`);
      case 'fail':
        return o.kind === 'resend_if_young'
          ? change(moved, true, 'Alipay has no record of this payment: nothing was charged. Marked not paid.')
          : change(moved, true, `Alipay says the payment did not go through (${moved.result_code ?? 'F'}): marked not paid. No money was taken.`);
      case 'cancel_confirmed':
        return change(moved, true, 'Alipay says the payment was cancelled: no money was taken (or it was returned). Marked cancelled.');
      default:
        return assertNever(event, 'settlement');
    }
  }
  const open = answer.open;
  switch (open.kind) {
    case 'resend_if_young':
      return unchanged(`Alipay has no record of this payment yet, and its code is valid until ${row.valid_until}.`);
    case 'processing':
      return unchanged(`Alipay says the payment is still in progress (${open.code}).`);
    case 'config':
      return unchanged(`Alipay refused the question (${open.code}): ${failWords({ code: open.code, class: 'config' })}`);
    case 'unknown':
      if (open.mismatch) return unchanged(`Alipay's answer was not about this payment alone: ${open.message}.`);
      return unchanged(open.noAnswer ? `Alipay did not answer (${open.message}).` : `Alipay could not say yet (${open.code}).`);
    default:
      return assertNever(open, 'inquiry outcome');
  }
}

export interface SettleInput {
  attemptId: string;
  outcome: 'succeeded' | 'failed';
  /** Why (what the portal showed): at least 3 characters, kept in the event log. */
  reason: string;
  /** The acquirer's payment id as the portal shows it (paid only). */
  paymentId?: string;
  now?: Date;
}

const PAYMENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * A manager settles a needs_attention payment by hand, after checking it in the acquirer's portal.
 * Paid: succeeded, and the wallet tender goes on the sale (the sale is paid if that covers it).
 * Not paid: failed. One compare-and-set transaction with an event naming who, why and what.
 */
export function settleAttempt(db: Db, actor: Actor, input: SettleInput): AttentionChange {
  const by = requireRole(actor, 'manager', 'settle a payment by hand');
  const reason = String(input.reason ?? '').trim();
  if (reason.length < 3) throw new AttentionError('INVALID_INPUT', 'Give a reason (at least 3 characters), e.g. what the Antom portal shows: nothing was changed.');
  if (reason.length > 256) throw new AttentionError('INVALID_INPUT', 'The reason is too long (256 characters at most): nothing was changed.');
  if (input.outcome !== 'succeeded' && input.outcome !== 'failed') throw new AttentionError('INVALID_INPUT', 'Settle a payment as paid or not paid.');
  const paymentId = input.paymentId?.trim() || undefined;
  if (paymentId !== undefined) {
    if (input.outcome !== 'succeeded') throw new AttentionError('INVALID_INPUT', 'A payment id goes only with a payment marked paid: nothing was changed.');
    if (!PAYMENT_ID.test(paymentId)) throw new AttentionError('INVALID_INPUT', 'That is not a payment id as the Antom portal shows it (letters and digits, at most 64): nothing was changed.');
  }
  const now = input.now ?? new Date();
  return writeTx(db, () => {
    const row = requireNeedsAttention(db, input.attemptId);
    const paid = input.outcome === 'succeeded';
    const moved = transitionAttempt(db, paid ? 'succeed' : 'fail', {
      id: row.id,
      from: 'needs_attention',
      now,
      actor: by.id,
      patch: {
        next_try_at: null,
        last_error: null,
        result_message: `${paid ? 'Marked paid' : 'Marked not paid'} by ${by.name}: ${reason}`,
        ...(paymentId ? { payment_id: paymentId } : {}),
      },
      data: { by: 'manager', manager: by.name, outcome: input.outcome, reason, ...(paymentId ? { paymentId } : {}) },
    }).row;
    const message = paid
      ? `Marked paid: ${formatMoney(amountOf(row))} is booked on the sale as a wallet payment.${saleNote(db, moved)}`
      : `Marked not paid: ${formatMoney(amountOf(row))} was not taken.${saleNote(db, moved)}`;
    return change(moved, true, message);
  });
}
