// X and Z reports. A Z closes a period — everything since the previous Z, not a calendar day — so
// several a day are normal and a sale made after a Z goes on the next one (migration 005 keeps what
// waits for a Z in z_open and what each Z holds in z_items). X: the open period so far, nothing
// stored. Z: refused while a wallet payment may still move money (said in shop words); every wallet
// payment of the period that went on the wire is confirmed with a journalled inquiry to the
// acquirer, mismatches listed; counted cash against expected (float + cash taken − cash handed
// back + cash in − cash out). The Z row (numbered per terminal, no gap, immutable by trigger) and its event-log row
// are one transaction: a crash leaves no Z report or a complete one.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import type { AcquirerPort, InquiryOutcome } from '../acquirer/port.ts';
import { boundToAttempt } from '../journal/inquiry.ts';
import { insertJournalRow, completeJournalRow, readTx, writeTx } from '../journal/tx.ts';
import { countedEn } from '../domain/plural.ts';
import { businessDay, dubaiIso } from '../domain/time.ts';
import { assertNever } from '../domain/never.ts';
import { formatMoney, money, type Money } from '../domain/money.ts';
import type { AttemptState } from '../domain/attempt.ts';
import { requireRole, type Actor } from '../users/users.ts';
import { expectedCash, takingsForPeriod, type Takings, type UnsettledAttempt } from '../reports/takings.ts';
import { takingsText } from '../reports/format.ts';

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

/** Cash that went into or out of the drawer other than by a sale or a refund, and no-sale opens. */
export interface DrawerSummary {
  float: Money;
  cashIn: Money;
  cashOut: Money;
  noSales: number;
  movements: { id: string; kind: DrawerMovementKind; amount: Money; reason: string | null; actorName: string; createdAt: string }[];
}

export type DrawerMovementKind = 'float' | 'cash_in' | 'cash_out' | 'no_sale';

export interface XReport {
  kind: 'X';
  terminalId: string;
  /** The Dubai day the X was taken on. */
  businessDay: string;
  at: string;
  /** The open period: since the previous Z (UTC ISO) up to now. */
  from: string;
  to: string;
  /** The Z this period will become when it is closed. */
  nextNumber: number;
  takings: Takings;
  drawer: DrawerSummary;
  expectedCash: Money;
  /** Attempts that would stop a Z close now. */
  blocking: UnsettledAttempt[];
  /** Each blocking attempt in shop words, as the refusal says it. */
  blockingWords: string[];
}

export interface ZReport {
  kind: 'Z';
  terminalId: string;
  number: number;
  /** The Dubai day the Z was taken on. */
  businessDay: string;
  /** The period it closes: since the previous Z (UTC ISO) to when it was taken. */
  from: string;
  to: string;
  createdAt: string;
  actor: string;
  actorName: string;
  takings: Takings;
  drawer: DrawerSummary;
  reconciliation: Reconciliation;
  expectedCash: Money;
  countedCash: Money;
  /** How the cash was counted: count per denomination in fils (e.g. {"10000": 3}), or null for one total. */
  denominations: Record<string, number> | null;
  /** counted − expected: negative when cash is missing from the drawer. */
  difference: Money;
}

function blockingOf(t: Takings): UnsettledAttempt[] {
  return t.unsettled.filter((a) => BLOCKING_STATES.includes(a.state));
}

/** HH:MM on the Dubai clock. */
function dubaiHm(iso: string): string {
  return dubaiIso(new Date(iso)).slice(11, 16);
}

/** What stops the close, in the words a shop uses (amount, time, wallet), not ids and commands. */
export function blockingWords(a: UnsettledAttempt): string {
  const wallet = a.pspName && a.pspName.length > 0 ? a.pspName : 'Alipay';
  const what = `a payment of ${formatMoney(a.amount)} at ${dubaiHm(a.createdAt)}${a.invoiceNo ? ` (invoice ${a.invoiceNo})` : ''}`;
  switch (a.state) {
    case 'awaiting_customer':
      return `${what} is waiting for the customer to pay with ${wallet} — let it finish or cancel it at the till`;
    case 'created':
    case 'sent':
    case 'unknown':
      return `${what} is still being checked with ${wallet} — wait or settle it in Attention`;
    case 'cancelling':
      return `${what} is being cancelled with ${wallet} — wait or settle it in Attention`;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'expired':
    case 'needs_attention':
      return `${what} needs a manager — settle it in Attention`;
    default:
      return assertNever(a.state, 'attempt state');
  }
}

interface LastZ {
  number: number;
  period_to: string;
}

function lastZ(db: Db, terminalId: string): LastZ | undefined {
  return db.prepare('SELECT number, period_to FROM z_reports WHERE terminal_id = ? ORDER BY number DESC LIMIT 1').get(terminalId) as LastZ | undefined;
}

/** Where the open period starts: the previous Z, else the first thing waiting for a Z, else now. */
function openPeriodStart(db: Db, terminalId: string, now: Date): string {
  const prev = lastZ(db, terminalId);
  if (prev) return prev.period_to;
  const first = (db.prepare('SELECT MIN(at) AS at FROM z_open').get() as { at: string | null }).at;
  const nowIso = now.toISOString();
  return first && first < nowIso ? first : nowIso;
}

const DRAWER_KIND_SQL = `SELECT d.id, d.kind, d.amount_minor AS amount, d.reason, COALESCE(u.name, d.actor) AS actorName, d.created_at AS createdAt
  FROM drawer_movements d LEFT JOIN users u ON u.id = d.actor`;

function drawerSummary(rows: { id: string; kind: DrawerMovementKind; amount: number; reason: string | null; actorName: string; createdAt: string }[]): DrawerSummary {
  const sum = (k: DrawerMovementKind) => rows.filter((r) => r.kind === k).reduce((n, r) => n + r.amount, 0);
  return {
    float: money(sum('float'), 'AED'),
    cashIn: money(sum('cash_in'), 'AED'),
    cashOut: money(sum('cash_out'), 'AED'),
    noSales: rows.filter((r) => r.kind === 'no_sale').length,
    movements: rows.map((r) => ({ ...r, amount: money(r.amount, 'AED') })),
  };
}

function openDrawer(db: Db, terminalId: string): DrawerSummary {
  return drawerSummary(
    db.prepare(`${DRAWER_KIND_SQL} WHERE d.terminal_id = ? AND d.id IN (SELECT item_id FROM z_open WHERE kind = 'drawer') ORDER BY d.created_at, d.id`).all(terminalId) as never[],
  );
}

/** Float + cash taken − cash handed back + cash in − cash out. */
function expectedInDrawer(takings: Takings, drawer: DrawerSummary): Money {
  return money(expectedCash(takings).minor + drawer.float.minor + drawer.cashIn.minor - drawer.cashOut.minor, 'AED');
}

function openTakings(db: Db, terminalId: string, from: string, now: Date): Takings {
  return takingsForPeriod(db, { kind: 'open', terminalId }, { from: businessDay(new Date(from)), to: businessDay(now) });
}

/** The open period so far (since the previous Z): nothing is stored. */
export function xReport(db: Db, input: { terminalId: string; now?: Date }): XReport {
  const now = input.now ?? new Date();
  // One snapshot: the X's figures and its blocking list agree even while the till sells.
  return readTx(db, () => {
    const from = openPeriodStart(db, input.terminalId, now);
    const takings = openTakings(db, input.terminalId, from, now);
    const drawer = openDrawer(db, input.terminalId);
    const blocking = blockingOf(takings);
    return {
      kind: 'X' as const,
      terminalId: input.terminalId,
      businessDay: businessDay(now),
      at: now.toISOString(),
      from,
      to: now.toISOString(),
      nextNumber: (lastZ(db, input.terminalId)?.number ?? 0) + 1,
      takings,
      drawer,
      expectedCash: expectedInDrawer(takings, drawer),
      blocking,
      blockingWords: blocking.map(blockingWords),
    };
  });
}

/** The opening float, cash put in or taken out, or the drawer opened with no sale. */
export function recordDrawerMovement(
  db: Db,
  actor: Actor,
  input: { terminalId: string; kind: DrawerMovementKind; amount?: Money; reason?: string; now?: Date },
): DrawerSummary {
  requireRole(actor, ['manager', 'cashier'], 'use the cash drawer');
  const now = input.now ?? new Date();
  const amount = input.kind === 'no_sale' ? 0 : (input.amount?.minor ?? 0);
  if (input.kind !== 'no_sale' && (!Number.isSafeInteger(amount) || amount <= 0)) throw new DayCloseError('INVALID_INPUT', 'Give an amount of more than zero.');
  const reason = input.reason?.trim().slice(0, 256) || null;
  if ((input.kind === 'cash_out' || input.kind === 'cash_in') && !reason) throw new DayCloseError('INVALID_INPUT', 'Say why the cash went in or out (e.g. "change from the bank", "paid the cleaner").');
  return writeTx(db, () => {
    const id = `dm-${randomUUID()}`;
    db.prepare('INSERT INTO drawer_movements (id, terminal_id, kind, amount_minor, currency, reason, actor, created_at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      id, input.terminalId, input.kind, amount, 'AED', reason, actor.id, now.toISOString(), businessDay(now),
    );
    appendEvent(db, { type: 'drawer.movement', subject: id, actor: actor.id, at: now, data: { kind: input.kind, amountMinor: amount, currency: 'AED', reason } });
    return openDrawer(db, input.terminalId);
  });
}

interface AttemptToCheck {
  id: string;
  state: AttemptState;
  amount_minor: number;
  currency: 'AED' | 'CNY';
  code_masked: string | null;
}

function attemptsToReconcile(db: Db, terminalId: string): AttemptToCheck[] {
  // Everything of the open period that reached the acquirer, whatever we concluded: a "failed"
  // payment the acquirer took is the mismatch that matters most — so the sales still open (not on
  // this Z) are asked about too: a wallet may have taken money for a sale the till still owes on.
  return db
    .prepare(
      `SELECT a.id, a.state, a.amount_minor, a.currency, a.code_masked FROM attempts a
       WHERE a.sent_at IS NOT NULL AND a.sale_id IN (
         SELECT o.item_id FROM z_open o CROSS JOIN sales s ON s.id = o.item_id WHERE o.kind = 'sale' AND s.terminal_id = ?
         UNION ALL SELECT id FROM sales WHERE terminal_id = ? AND status = 'open')
       ORDER BY a.created_at`,
    )
    .all(terminalId, terminalId) as AttemptToCheck[];
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

/** Asks the acquirer about each wallet payment of the open period that went on the wire, a few at a time. */
export async function reconcilePeriod(db: Db, link: AcquirerPort | null, terminalId: string, opts: { clock?: () => Date; concurrency?: number } = {}): Promise<{ reconciliation: Reconciliation; noAnswer: { attemptId: string; detail: string }[] }> {
  const clock = opts.clock ?? (() => new Date());
  const todo = attemptsToReconcile(db, terminalId);
  const rec: Reconciliation = { checked: todo.length, confirmed: 0, mismatches: [], unconfirmed: [] };
  const noAnswer: { attemptId: string; detail: string }[] = [];
  if (todo.length === 0) return { reconciliation: rec, noAnswer };
  if (!link) {
    // No link at all is the same as no answer: the close decides whether to go on without them.
    return { reconciliation: rec, noAnswer: todo.map((a) => ({ attemptId: a.id, detail: 'this terminal has no acquirer link' })) };
  }
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
  /** Count per denomination in fils, when the cash was counted that way (kept on the Z). */
  denominations?: Record<string, number> | null;
  /** The acquirer of the open terminal, behind its port (Terminal.acquirer). */
  link: AcquirerPort | null;
  now?: Date;
  clock?: () => Date;
  /** Close even though the acquirer did not answer for some payments; they are listed on the Z. */
  allowUnconfirmed?: boolean;
}

interface ZTotals {
  takings: Takings;
  reconciliation: Reconciliation;
  drawer?: DrawerSummary;
  denominations?: Record<string, number> | null;
}

const NO_DRAWER: DrawerSummary = { float: money(0, 'AED'), cashIn: money(0, 'AED'), cashOut: money(0, 'AED'), noSales: 0, movements: [] };

const zRowToView = (r: ZRow, actorName: string): ZReport => {
  const totals = JSON.parse(r.totals) as ZTotals;
  return {
    kind: 'Z',
    terminalId: r.terminal_id,
    number: r.number,
    businessDay: r.business_day,
    from: r.period_from,
    to: r.period_to,
    createdAt: r.created_at,
    actor: r.actor,
    actorName,
    takings: totals.takings,
    // Zs taken before drawer movements were recorded (schema 4) had none.
    drawer: totals.drawer ?? NO_DRAWER,
    reconciliation: totals.reconciliation,
    expectedCash: money(r.expected_cash_minor, 'AED'),
    countedCash: money(r.counted_cash_minor, 'AED'),
    denominations: totals.denominations ?? null,
    difference: money(r.difference_minor, 'AED'),
  };
};

interface ZRow {
  terminal_id: string;
  number: number;
  business_day: string;
  period_from: string;
  period_to: string;
  created_at: string;
  actor: string;
  currency: string;
  totals: string;
  expected_cash_minor: number;
  counted_cash_minor: number;
  difference_minor: number;
}

function pendingError(blocking: UnsettledAttempt[]): DayCloseError {
  const words = blocking.map(blockingWords);
  const first = words[0]!;
  return new DayCloseError(
    'DAY_HAS_PENDING',
    blocking.length === 1
      ? `The Z report cannot be taken yet: ${first}.`
      : countedEn(blocking.length, 'The Z report cannot be taken yet: 1 payment is not settled — {list}.', 'The Z report cannot be taken yet: {n} payments are not settled — {list}.', { list: words.join('; ') }),
    { attempts: blocking, words },
  );
}

/** The synchronous part of the close: one transaction that writes the Z, what it holds, and its event. */
export function writeZReport(db: Db, input: Omit<CloseDayInput, 'link' | 'clock' | 'allowUnconfirmed'> & { reconciliation: Reconciliation }): ZReport {
  const now = input.now ?? new Date();
  const t = input.terminalId;
  return writeTx(db, () => {
    // Counted again inside the transaction: a payment could have moved since the checks.
    const from = openPeriodStart(db, t, now);
    const takings = openTakings(db, t, from, now);
    const blocking = blockingOf(takings);
    if (blocking.length > 0) throw pendingError(blocking);
    const drawer = openDrawer(db, t);
    const expected = expectedInDrawer(takings, drawer).minor;
    const number = (lastZ(db, t)?.number ?? 0) + 1;
    const difference = input.countedCash.minor - expected;
    const to = now.toISOString() < from ? from : now.toISOString();
    const totals: ZTotals = { takings, reconciliation: input.reconciliation, drawer, denominations: input.denominations ?? null };
    db.prepare(
      `INSERT INTO z_reports (terminal_id, number, business_day, period_from, period_to, created_at, actor, currency, totals, expected_cash_minor, counted_cash_minor, difference_minor)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'AED', ?, ?, ?, ?)`,
    ).run(t, number, businessDay(now), from, to, now.toISOString(), input.actor.id, JSON.stringify(totals), expected, input.countedCash.minor, difference);
    // Everything waiting goes on this Z, once: z_items' key refuses a second Z for any of it.
    const moved = db
      .prepare(
        `INSERT INTO z_items (terminal_id, z_number, kind, item_id, at)
         SELECT ?, ?, o.kind, o.item_id, o.at FROM z_open o
          WHERE o.kind <> 'sale' AND o.kind <> 'drawer' OR (o.kind = 'sale' AND EXISTS (SELECT 1 FROM sales s WHERE s.id = o.item_id AND s.terminal_id = ?))
             OR (o.kind = 'drawer' AND EXISTS (SELECT 1 FROM drawer_movements d WHERE d.id = o.item_id AND d.terminal_id = ?))`,
      )
      .run(t, number, t, t).changes;
    db.prepare(`DELETE FROM z_open WHERE (kind, item_id) IN (SELECT kind, item_id FROM z_items WHERE terminal_id = ? AND z_number = ?)`).run(t, number);
    appendEvent(db, {
      type: 'day.closed',
      subject: `${t}/Z${number}`,
      actor: input.actor.id,
      at: now,
      data: {
        number,
        from,
        to,
        items: moved,
        grossMinor: takings.sales.gross.minor,
        refundsMinor: takings.refunds.total.minor,
        netMinor: takings.net.minor,
        expectedCashMinor: expected,
        countedCashMinor: input.countedCash.minor,
        differenceMinor: difference,
        mismatches: input.reconciliation.mismatches.length,
        unconfirmed: input.reconciliation.unconfirmed.length,
      },
    });
    return zRowToView(db.prepare('SELECT * FROM z_reports WHERE terminal_id = ? AND number = ?').get(t, number) as ZRow, input.actor.name);
  });
}

/** Takes a Z report: closes everything since the previous Z. Only a manager may. */
export async function closeDay(db: Db, input: CloseDayInput): Promise<ZReport> {
  requireRole(input.actor, 'manager', 'take a Z report');
  const now = input.now ?? new Date();
  if (!Number.isSafeInteger(input.countedCash.minor) || input.countedCash.minor < 0) {
    throw new DayCloseError('INVALID_INPUT', 'The counted cash must be zero or more.');
  }
  const blocking = xReport(db, { terminalId: input.terminalId, now }).blocking;
  if (blocking.length > 0) throw pendingError(blocking);

  const { reconciliation, noAnswer } = await reconcilePeriod(db, input.link, input.terminalId, { clock: input.clock });
  if (noAnswer.length > 0) {
    if (!input.allowUnconfirmed) {
      throw new DayCloseError(
        'ACQUIRER_UNREACHABLE',
        `Alipay did not answer about ${noAnswer.length} of the ${reconciliation.checked} wallet payments since the last Z. Take the Z again when the terminal is online, or take it without confirming them (they are listed on it).`,
        { attempts: noAnswer },
      );
    }
    reconciliation.unconfirmed = noAnswer.map((x) => x.attemptId);
  }
  return writeZReport(db, { terminalId: input.terminalId, actor: input.actor, countedCash: input.countedCash, denominations: input.denominations, now, reconciliation });
}

export function getZReport(db: Db, terminalId: string, number: number): ZReport {
  const r = db.prepare('SELECT * FROM z_reports WHERE terminal_id = ? AND number = ?').get(terminalId, number) as ZRow | undefined;
  if (!r) throw new DayCloseError('NO_SUCH_Z', `There is no Z report ${number} on terminal ${terminalId}.`);
  const who = db.prepare('SELECT name FROM users WHERE id = ?').get(r.actor) as { name: string } | undefined;
  return zRowToView(r, who?.name ?? r.actor);
}

export interface ZListEntry {
  number: number;
  businessDay: string;
  from: string;
  to: string;
  createdAt: string;
  differenceMinor: number;
}

export function listZReports(db: Db, terminalId: string): ZListEntry[] {
  return db
    .prepare(
      'SELECT number, business_day AS businessDay, period_from AS "from", period_to AS "to", created_at AS createdAt, difference_minor AS differenceMinor FROM z_reports WHERE terminal_id = ? ORDER BY number',
    )
    .all(terminalId) as ZListEntry[];
}

/** Dubai local date and time: what a slip prints. */
export function dubaiClock(iso: string): string {
  return dubaiIso(new Date(iso)).slice(0, 16).replace('T', ' ');
}

/** The slip as printed, and reprinted identically from the stored Z. Times on the Dubai clock. */
export function dayReportText(r: XReport | ZReport): string {
  const head =
    r.kind === 'Z'
      ? [`Z REPORT ${r.number} — terminal ${r.terminalId}`, `Period ${dubaiClock(r.from)} to ${dubaiClock(r.to)} (Dubai)`, `Taken by ${r.actorName} at ${dubaiClock(r.createdAt)} (Dubai)`]
      : [`X REPORT (nothing closed) — terminal ${r.terminalId}`, `Since ${dubaiClock(r.from)} to ${dubaiClock(r.at)} (Dubai) — will be Z ${r.nextNumber}`];
  const lines = [...head, '', takingsText(r.takings, 'Takings').trimEnd(), ''];
  const d0 = r.drawer;
  lines.push('Cash drawer');
  lines.push(`  Opening float          ${formatMoney(d0.float)}`);
  lines.push(`  Cash in                ${formatMoney(d0.cashIn)}`);
  lines.push(`  Cash out              -${formatMoney(d0.cashOut)}`);
  lines.push(`  Drawer opened, no sale ${d0.noSales}`);
  for (const mv of d0.movements.filter((x) => x.kind !== 'float' && x.kind !== 'no_sale')) {
    lines.push(`    ${dubaiClock(mv.createdAt).slice(11)} ${mv.kind === 'cash_in' ? 'in ' : 'out'} ${formatMoney(mv.amount)}  ${mv.reason ?? ''}  (${mv.actorName})`.trimEnd());
  }
  lines.push(`Expected cash in drawer  ${formatMoney(r.expectedCash)}`);
  if (r.kind === 'Z') {
    if (r.denominations) {
      for (const [fils, n] of Object.entries(r.denominations).sort((a, b) => Number(b[0]) - Number(a[0]))) {
        if (n > 0) lines.push(`  ${String(n).padStart(4)} × ${formatMoney(money(Number(fils), 'AED'))}`);
      }
    }
    lines.push(`Counted cash             ${formatMoney(r.countedCash)}`);
    const d = r.difference.minor;
    lines.push(`Difference               ${formatMoney(r.difference)}${d < 0 ? '  (cash short)' : d > 0 ? '  (cash over)' : ''}`);
    const rec = r.reconciliation;
    lines.push('', `Acquirer check: ${rec.confirmed} of ${rec.checked} wallet payments confirmed`);
    for (const m of rec.mismatches) lines.push(`  MISMATCH ${m.attemptId} code ${m.codeMasked ?? '—'}: ${m.words}`);
    for (const id of rec.unconfirmed) lines.push(`  not confirmed (acquirer did not answer): ${id}`);
  } else if (r.blocking.length > 0) {
    lines.push('', 'The Z report cannot be taken yet:');
    for (const w of r.blockingWords) lines.push(`  ${w}`);
  }
  return `${lines.join('\n')}\n`;
}
