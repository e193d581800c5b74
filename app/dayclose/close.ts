// X and Z reports. X: the day so far, nothing stored. Z: closes a business day — refused while a
// wallet payment of the day is still unresolved; every wallet payment that went on the wire is
// confirmed with a journalled inquiry to the acquirer, mismatches listed; counted cash against
// expected. The Z row (numbered per terminal, no gap, immutable by trigger) and its event-log row
// are one transaction: a crash leaves no Z report or a complete one.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import type { AcquirerPort, InquiryOutcome } from '../acquirer/port.ts';
import { boundToAttempt } from '../journal/inquiry.ts';
import { insertJournalRow, completeJournalRow, writeTx } from '../journal/tx.ts';
import { businessDay } from '../domain/time.ts';
import { formatMoney, money, type Money } from '../domain/money.ts';
import type { AttemptState } from '../domain/attempt.ts';
import { requireRole, type Actor } from '../users/users.ts';
import { expectedCash, takingsForDay, type Takings, type UnsettledAttempt } from '../reports/takings.ts';
import { takingsText } from '../reports/format.ts';
import { countedEn } from '../domain/plural.ts';

export type DayCloseErrorCode = 'DAY_HAS_PENDING' | 'DAY_ALREADY_CLOSED' | 'DAY_NOT_OVER' | 'ACQUIRER_UNREACHABLE' | 'NO_SUCH_Z' | 'INVALID_INPUT';

export class DayCloseError extends Error {
  constructor(
    readonly code: DayCloseErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** States in which money may still move: the day's numbers are not final while one exists. */
export const BLOCKING_STATES: readonly AttemptState[] = ['created', 'sent', 'awaiting_customer', 'unknown', 'cancelling'];

export interface Mismatch {
  attemptId: string;
  codeMasked: string | null;
  ours: { state: AttemptState; amount: Money };
  acquirer: { paymentStatus: string | null; amount: Money | null; resultCode: string };
  words: string;
}

export interface Reconciliation {
  /** Wallet payments of the day that went on the wire, each asked about once. */
  checked: number;
  confirmed: number;
  mismatches: Mismatch[];
  /** The acquirer did not answer for these (only when the close was told to go on without them). */
  unconfirmed: string[];
}

export interface XReport {
  kind: 'X';
  terminalId: string;
  businessDay: string;
  at: string;
  takings: Takings;
  expectedCash: Money;
  /** Attempts that would stop a Z close now. */
  blocking: UnsettledAttempt[];
}

export interface ZReport {
  kind: 'Z';
  terminalId: string;
  number: number;
  businessDay: string;
  createdAt: string;
  actor: string;
  actorName: string;
  takings: Takings;
  reconciliation: Reconciliation;
  expectedCash: Money;
  countedCash: Money;
  /** counted − expected: negative when cash is missing from the drawer. */
  difference: Money;
}

function blockingOf(t: Takings): UnsettledAttempt[] {
  return t.unsettled.filter((a) => BLOCKING_STATES.includes(a.state));
}

export function xReport(db: Db, input: { terminalId: string; day?: string; now?: Date }): XReport {
  const now = input.now ?? new Date();
  const day = input.day ?? businessDay(now);
  const takings = takingsForDay(db, day);
  return { kind: 'X', terminalId: input.terminalId, businessDay: day, at: now.toISOString(), takings, expectedCash: expectedCash(takings), blocking: blockingOf(takings) };
}

interface AttemptToCheck {
  id: string;
  state: AttemptState;
  amount_minor: number;
  currency: 'AED' | 'CNY';
  code_masked: string | null;
}

function attemptsToReconcile(db: Db, day: string): AttemptToCheck[] {
  // Everything that reached the acquirer, whatever we concluded: a "failed" payment the acquirer
  // took is the mismatch that matters most.
  return db
    .prepare(
      `SELECT a.id, a.state, a.amount_minor, a.currency, a.code_masked FROM sales s CROSS JOIN attempts a ON a.sale_id = s.id
       WHERE s.business_day = ? AND a.sent_at IS NOT NULL ORDER BY a.created_at`,
    )
    .all(day) as AttemptToCheck[];
}

/** The payment's status in the Z report's words, for an answer that says it was not (or not yet) paid. */
function paymentStatusOf(o: InquiryOutcome): string | null {
  switch (o.kind) {
    case 'fail':
      return 'FAIL';
    case 'cancelled':
      return 'CANCELLED';
    case 'processing':
      return 'PROCESSING';
    default:
      return null;
  }
}

type Verdict = { kind: 'confirmed' } | { kind: 'mismatch'; m: Mismatch } | { kind: 'no_answer'; detail: string };

async function inquire(db: Db, link: AcquirerPort, a: AttemptToCheck, clock: () => Date): Promise<Verdict> {
  const body = link.inquiryBody(a.id);
  const path = link.pathFor('inquiry');
  // Journalled before it is sent, like every request to the acquirer.
  const journalId = writeTx(db, () => insertJournalRow(db, 'attempt', a.id, { operation: 'inquiry', path, body, idempotencyKey: a.id }, clock()));
  const ours = { state: a.state, amount: money(a.amount_minor, a.currency) };
  const answer = await link.inquire(body, { paymentRequestId: a.id, amount: ours.amount });
  completeJournalRow(db, journalId, answer.wire.outcome, answer.wire.resultCode, clock());
  // A success whose paymentId another attempt holds is about that payment, as the engine reads it.
  const o = boundToAttempt(db, a.id, answer.outcome);
  const paidOther = o.kind === 'unknown' ? /^(AED|CNY) (\d{1,15})$/.exec(o.mismatch?.find((f) => f.field === 'paymentAmount')?.got.trim() ?? '') : null;
  if (!paidOther && (o.kind === 'unknown' || o.kind === 'config')) return { kind: 'no_answer', detail: o.kind === 'unknown' && o.noAnswer ? o.message : `${o.code} (try again)` };
  const theirAmount = paidOther ? money(Number(paidOther[2]), paidOther[1] as Money['currency']) : o.kind === 'succeed' ? ours.amount : null;
  const acquirerTook = o.kind === 'succeed' || paidOther !== null;
  const status = acquirerTook ? 'SUCCESS' : paymentStatusOf(o);
  const acquirer = { paymentStatus: status, amount: theirAmount, resultCode: answer.wire.resultCode ?? ('code' in o ? o.code : 'SUCCESS') };
  const mismatch = (words: string): Verdict => ({ kind: 'mismatch', m: { attemptId: a.id, codeMasked: a.code_masked, ours, acquirer, words } });
  if (a.state === 'succeeded') {
    if (!acquirerTook) return mismatch(`The till recorded ${formatMoney(ours.amount)} paid, but the acquirer says ${status ?? acquirer.resultCode}.`);
    if (theirAmount && (theirAmount.minor !== ours.amount.minor || theirAmount.currency !== ours.amount.currency)) {
      return mismatch(`The till recorded ${formatMoney(ours.amount)}, the acquirer ${formatMoney(theirAmount)}.`);
    }
    return { kind: 'confirmed' };
  }
  if (acquirerTook) return mismatch(`The acquirer took ${formatMoney(theirAmount ?? ours.amount)} for a payment the till has as ${a.state}: refund the customer or record the sale.`);
  return { kind: 'confirmed' };
}

/** Asks the acquirer about each of the day's wallet payments that went on the wire, a few at a time. */
export async function reconcileDay(db: Db, link: AcquirerPort | null, day: string, opts: { clock?: () => Date; concurrency?: number } = {}): Promise<{ reconciliation: Reconciliation; noAnswer: { attemptId: string; detail: string }[] }> {
  const clock = opts.clock ?? (() => new Date());
  const todo = attemptsToReconcile(db, day);
  const rec: Reconciliation = { checked: todo.length, confirmed: 0, mismatches: [], unconfirmed: [] };
  const noAnswer: { attemptId: string; detail: string }[] = [];
  if (todo.length === 0) return { reconciliation: rec, noAnswer };
  if (!link) throw new DayCloseError('ACQUIRER_UNREACHABLE', `${todo.length} wallet payments of ${day} must be confirmed with the acquirer, and no acquirer link is open.`);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const a = todo[next++]!;
      const v = await inquire(db, link, a, clock);
      if (v.kind === 'confirmed') rec.confirmed++;
      else if (v.kind === 'mismatch') rec.mismatches.push(v.m);
      else noAnswer.push({ attemptId: a.id, detail: v.detail });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, todo.length) }, worker));
  return { reconciliation: rec, noAnswer };
}

export interface CloseDayInput {
  terminalId: string;
  actor: Actor;
  countedCash: Money;
  day?: string;
  /** The acquirer of the open terminal, behind its port (Terminal.acquirer). */
  link: AcquirerPort | null;
  now?: Date;
  clock?: () => Date;
  /** Close even though the acquirer did not answer for some payments; they are listed on the Z. */
  allowUnconfirmed?: boolean;
}

const zRowToView = (r: ZRow, actorName: string): ZReport => {
  const totals = JSON.parse(r.totals) as { takings: Takings; reconciliation: Reconciliation };
  return {
    kind: 'Z',
    terminalId: r.terminal_id,
    number: r.number,
    businessDay: r.business_day,
    createdAt: r.created_at,
    actor: r.actor,
    actorName,
    takings: totals.takings,
    reconciliation: totals.reconciliation,
    expectedCash: money(r.expected_cash_minor, 'AED'),
    countedCash: money(r.counted_cash_minor, 'AED'),
    difference: money(r.difference_minor, 'AED'),
  };
};

interface ZRow {
  terminal_id: string;
  number: number;
  business_day: string;
  created_at: string;
  actor: string;
  currency: string;
  totals: string;
  expected_cash_minor: number;
  counted_cash_minor: number;
  difference_minor: number;
}

function pendingError(day: string, blocking: UnsettledAttempt[]): DayCloseError {
  const list = blocking.map((a) => `${a.attemptId} (${a.state}, ${formatMoney(a.amount)}, code ${a.codeMasked ?? '—'})`).join('; ');
  return new DayCloseError(
    'DAY_HAS_PENDING',
    countedEn(
      blocking.length,
      '{day} cannot close: 1 wallet payment is not settled yet — {list}. Wait for the terminal to resolve it (souq sync), then close again.',
      '{day} cannot close: {n} wallet payments are not settled yet — {list}. Wait for the terminal to resolve them (souq sync), then close again.',
      { day, list },
    ),
    { attempts: blocking },
  );
}

function existingZ(db: Db, terminalId: string, day: string): ZRow | undefined {
  return db.prepare('SELECT * FROM z_reports WHERE terminal_id = ? AND business_day = ?').get(terminalId, day) as ZRow | undefined;
}

/** The pure, synchronous part of the close: one transaction that writes the Z and its event. */
export function writeZReport(db: Db, input: Omit<CloseDayInput, 'link' | 'clock' | 'allowUnconfirmed'> & { day: string; reconciliation: Reconciliation }): ZReport {
  const now = input.now ?? new Date();
  return writeTx(db, () => {
    const already = existingZ(db, input.terminalId, input.day);
    if (already) throw new DayCloseError('DAY_ALREADY_CLOSED', `${input.day} is already closed: Z report ${already.number}. Reprint it with souq report z-show --number ${already.number}.`);
    // Counted again inside the transaction: a payment could have moved since the checks.
    const takings = takingsForDay(db, input.day);
    const blocking = blockingOf(takings);
    if (blocking.length > 0) throw pendingError(input.day, blocking);
    const expected = expectedCash(takings).minor;
    const number = (db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM z_reports WHERE terminal_id = ?').get(input.terminalId) as { n: number }).n;
    const difference = input.countedCash.minor - expected;
    db.prepare(
      `INSERT INTO z_reports (terminal_id, number, business_day, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor)
       VALUES (?, ?, ?, ?, ?, 'AED', ?, ?, ?, ?)`,
    ).run(input.terminalId, number, input.day, now.toISOString(), input.actor.id, JSON.stringify({ takings, reconciliation: input.reconciliation }), expected, input.countedCash.minor, difference);
    appendEvent(db, {
      type: 'day.closed',
      subject: `${input.terminalId}/Z${number}`,
      actor: input.actor.id,
      at: now,
      data: {
        businessDay: input.day,
        number,
        grossMinor: takings.sales.gross.minor,
        netMinor: takings.net.minor,
        expectedCashMinor: expected,
        countedCashMinor: input.countedCash.minor,
        differenceMinor: difference,
        mismatches: input.reconciliation.mismatches.length,
        unconfirmed: input.reconciliation.unconfirmed.length,
      },
    });
    return zRowToView(db.prepare('SELECT * FROM z_reports WHERE terminal_id = ? AND number = ?').get(input.terminalId, number) as ZRow, input.actor.name);
  });
}

/** Closes a business day (default: today's, Asia/Dubai). Only a manager may. */
export async function closeDay(db: Db, input: CloseDayInput): Promise<ZReport> {
  requireRole(input.actor, 'manager', 'close the day');
  const now = input.now ?? new Date();
  const day = input.day ?? businessDay(now);
  if (!Number.isSafeInteger(input.countedCash.minor) || input.countedCash.minor < 0) {
    throw new DayCloseError('INVALID_INPUT', 'The counted cash must be zero or more.');
  }
  if (day > businessDay(now)) throw new DayCloseError('DAY_NOT_OVER', `${day} has not begun yet (today is ${businessDay(now)} in Dubai).`);
  const already = existingZ(db, input.terminalId, day);
  if (already) throw new DayCloseError('DAY_ALREADY_CLOSED', `${day} is already closed: Z report ${already.number}. Reprint it with souq report z-show --number ${already.number}.`);
  const blocking = blockingOf(takingsForDay(db, day));
  if (blocking.length > 0) throw pendingError(day, blocking);

  const { reconciliation, noAnswer } = await reconcileDay(db, input.link, day, { clock: input.clock });
  if (noAnswer.length > 0) {
    if (!input.allowUnconfirmed) {
      throw new DayCloseError(
        'ACQUIRER_UNREACHABLE',
        `The acquirer did not answer for ${noAnswer.length} of ${reconciliation.checked} wallet payments of ${day} (${noAnswer[0]!.detail}). Close again when it is reachable, or close without confirming them.`,
        { attempts: noAnswer },
      );
    }
    reconciliation.unconfirmed = noAnswer.map((x) => x.attemptId);
  }
  return writeZReport(db, { terminalId: input.terminalId, actor: input.actor, countedCash: input.countedCash, day, now, reconciliation });
}

export function getZReport(db: Db, terminalId: string, number: number): ZReport {
  const r = db.prepare('SELECT * FROM z_reports WHERE terminal_id = ? AND number = ?').get(terminalId, number) as ZRow | undefined;
  if (!r) throw new DayCloseError('NO_SUCH_Z', `There is no Z report ${number} on terminal ${terminalId}.`);
  const who = db.prepare('SELECT name FROM users WHERE id = ?').get(r.actor) as { name: string } | undefined;
  return zRowToView(r, who?.name ?? r.actor);
}

export function listZReports(db: Db, terminalId: string): { number: number; businessDay: string; createdAt: string; differenceMinor: number }[] {
  return db
    .prepare('SELECT number, business_day AS businessDay, created_at AS createdAt, difference_minor AS differenceMinor FROM z_reports WHERE terminal_id = ? ORDER BY number')
    .all(terminalId) as { number: number; businessDay: string; createdAt: string; differenceMinor: number }[];
}

/** The slip as printed, and reprinted identically from the stored Z. */
export function dayReportText(r: XReport | ZReport): string {
  const head =
    r.kind === 'Z'
      ? `Z REPORT ${r.number} — terminal ${r.terminalId} — closed ${r.createdAt} by ${r.actorName}`
      : `X REPORT (day not closed) — terminal ${r.terminalId} — ${r.at}`;
  const lines = [head, '', takingsText(r.takings, 'Takings').trimEnd(), ''];
  lines.push(`Expected cash in drawer  ${formatMoney(r.expectedCash)}`);
  if (r.kind === 'Z') {
    lines.push(`Counted cash             ${formatMoney(r.countedCash)}`);
    const d = r.difference.minor;
    lines.push(`Difference               ${formatMoney(r.difference)}${d < 0 ? '  (cash short)' : d > 0 ? '  (cash over)' : ''}`);
    const rec = r.reconciliation;
    lines.push('', `Acquirer check: ${rec.confirmed} of ${rec.checked} wallet payments confirmed`);
    for (const m of rec.mismatches) lines.push(`  MISMATCH ${m.attemptId} code ${m.codeMasked ?? '—'}: ${m.words}`);
    for (const id of rec.unconfirmed) lines.push(`  not confirmed (acquirer did not answer): ${id}`);
  } else if (r.blocking.length > 0) {
    lines.push('', countedEn(r.blocking.length, 'The day cannot close yet: 1 wallet payment unresolved (listed above).', 'The day cannot close yet: {n} wallet payments unresolved (listed above).'));
  }
  return `${lines.join('\n')}\n`;
}
