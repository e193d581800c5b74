// The manager screens on the terminal core: PIN sign-in (a manager only), takings, X/Z, reprint,
// finding a sale, refunds and voids. Everything privileged goes through app/users' requireRole and
// leaves an event with the manager's id (the functions called write it).
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { AcquirerPort } from '../acquirer/port.ts';
import { parseAmount } from '../domain/money.ts';
import { businessDay } from '../domain/time.ts';
import { signIn, requireRole, type Actor } from '../users/users.ts';
import { takingsForDay, takingsForRange } from '../reports/takings.ts';
import { takingsCsv } from '../reports/format.ts';
import { closeDay, dayReportText, getZReport, listZReports, xReport } from '../dayclose/close.ts';
import { findSaleByInvoice, findSalesByAmount, recordDrawerRefund, refundToWallet, tagTaxFree, voidUnpaidSale } from '../dayclose/refunds.ts';
import type { Refunds } from '../terminal/terminal.ts';
import { getRefundRow, toRefundView } from '../journal/refunds.ts';
import { getAttemptRow, type AttemptRow } from '../journal/attempts.ts';
import { listAttention, recheckAttempt, settleAttempt, type AttentionChange } from '../dayclose/attention.ts';
import { parseReceiptCode } from '../domain/sale.ts';
import { ApiError } from '../api/call.ts';
import type { z } from 'zod';
import type { CallDef } from '../api/call.ts';
import { managerApi, type ManagerCallName } from '../api/manager.ts';

const SESSION_MS = 15 * 60_000;

export interface ManagerDeps {
  db: Db;
  terminalId: string;
  refunds: Pick<Refunds, 'create'>;
  /** The terminal's acquirer behind its port (Terminal.acquirer): a manager's recheck and the Z close ask it. */
  link: AcquirerPort | null;
  now?: () => Date;
  /** Tells the screens an attempt changed (the sync engine's announceAttempt): a settled payment updates the cashier's and customer's screens. */
  attempts?: { announceAttempt(row: AttemptRow): void };
}

type ManagerApi = typeof managerApi;
type Out<N extends ManagerCallName> = ManagerApi[N] extends CallDef<z.ZodType, infer O> ? O : never;
/** The same shape as Pick<Handlers, ManagerCallName> once managerApi is spread into the contract. */
export type ManagerHandlers = { [N in ManagerCallName]: (input: z.output<ManagerApi[N]['input']>) => Promise<Out<N>> | Out<N> };

export function createManagerHandlers(deps: ManagerDeps): ManagerHandlers {
  const { db, terminalId } = deps;
  const now = deps.now ?? (() => new Date());
  const open = new Map<string, { actor: Actor; expires: number }>();

  const actorOf = (session: string): Actor => {
    const s = open.get(session);
    if (!s || s.expires <= now().getTime()) {
      open.delete(session);
      throw new ApiError('NOT_ALLOWED', 'The manager sign-in has ended (15 minutes without use): sign in again with your PIN.');
    }
    s.expires = now().getTime() + SESSION_MS;
    return s.actor;
  };
  const announced = (c: AttentionChange): AttentionChange => {
    const row = c.settled ? getAttemptRow(db, c.attemptId) : undefined;
    if (row) deps.attempts?.announceAttempt(row);
    return c;
  };

  return {
    'manager.signIn': async ({ name, pin }) => {
      const actor = requireRole(await signIn(db, { name, pin, now: now() }), 'manager', 'open the manager screens');
      const session = randomBytes(24).toString('base64url');
      const expires = now().getTime() + SESSION_MS;
      open.set(session, { actor, expires });
      return { session, actor: { name: actor.name, role: 'manager' as const }, expiresAt: new Date(expires).toISOString() };
    },
    'manager.signOut': ({ session }) => {
      open.delete(session);
      return { ok: true as const };
    },
    'report.day': ({ session, date }) => {
      actorOf(session);
      return takingsForDay(db, date ?? businessDay(now()));
    },
    'report.range': ({ session, from, to }) => {
      actorOf(session);
      return takingsForRange(db, from, to);
    },
    'report.csv': ({ session, from, to }) => {
      actorOf(session);
      return { filename: from === to ? `takings-${from}.csv` : `takings-${from}-to-${to}.csv`, csv: takingsCsv(takingsForRange(db, from, to)) };
    },
    'manager.xReport': ({ session, date }) => {
      actorOf(session);
      const x = xReport(db, { terminalId, day: date, now: now() });
      return { ...x, text: dayReportText(x) };
    },
    'manager.closeDay': async ({ session, countedCash, date, allowUnconfirmed }) => {
      const actor = actorOf(session);
      const z = await closeDay(db, { terminalId, actor, countedCash: parseAmount(countedCash), day: date, link: deps.link, now: now(), allowUnconfirmed });
      return { ...z, text: dayReportText(z) };
    },
    'manager.zReports': ({ session }) => {
      actorOf(session);
      return listZReports(db, terminalId);
    },
    'manager.zReport': ({ session, number }) => {
      actorOf(session);
      const z = getZReport(db, terminalId, number);
      return { ...z, text: dayReportText(z) };
    },
    'manager.findSales': ({ session, invoiceNo: typed, receiptCode, amount, around, withinMinutes }) => {
      actorOf(session);
      let invoiceNo = typed;
      if (receiptCode !== undefined) {
        const code = parseReceiptCode(receiptCode);
        if (!code) throw new ApiError('INVALID_INPUT', 'That is not a receipt code: scan the code printed under the receipt, or type the invoice number.');
        if (code.terminalId !== terminalId) {
          throw new ApiError('INVALID_INPUT', `That receipt is from terminal ${code.terminalId}, not this one (${terminalId}): refund it on the terminal that sold it.`);
        }
        invoiceNo = code.invoiceNo;
      }
      if (invoiceNo !== undefined) {
        const s = findSaleByInvoice(db, terminalId, invoiceNo);
        return s ? [s] : [];
      }
      if (amount === undefined) throw new ApiError('INVALID_INPUT', 'Give an invoice number, or an amount (and roughly when).');
      return findSalesByAmount(db, { amount: parseAmount(amount), around: around ? new Date(around) : now(), withinMinutes });
    },
    'manager.refundWallet': ({ session, attemptId, amount, reason }) => {
      const actor = actorOf(session);
      return refundToWallet(deps.refunds, actor, { attemptId, amount: amount === undefined ? undefined : parseAmount(amount), reason });
    },
    'manager.refund': ({ session, refundRequestId }) => {
      actorOf(session);
      const row = getRefundRow(db, refundRequestId);
      if (!row) throw new ApiError('NOT_FOUND', `No refund ${refundRequestId} on this terminal.`);
      return toRefundView(row);
    },
    'manager.refundDrawer': ({ session, saleId, kind, amount, reason }) => {
      const actor = actorOf(session);
      return recordDrawerRefund(db, actor, { saleId, kind, amount: parseAmount(amount), reason, now: now() }).sale;
    },
    'manager.setTaxFreeTag': ({ session, saleId, tag }) => tagTaxFree(db, actorOf(session), { saleId, tag, now: now() }),
    'manager.voidSale': ({ session, saleId, reason }) => {
      const actor = actorOf(session);
      const s = voidUnpaidSale(db, actor, { saleId, reason, now: now() });
      return { saleId: s.id, status: s.status };
    },
    'manager.attention': ({ session }) => {
      actorOf(session);
      return listAttention(db);
    },
    'manager.recheckAttempt': async ({ session, attemptId }) => {
      const actor = requireRole(actorOf(session), 'manager', 'check a payment with the acquirer');
      if (!deps.link) throw new ApiError('NOT_AVAILABLE', 'This terminal has no acquirer link: settle the payment by hand.');
      return announced(await recheckAttempt(db, deps.link, { attemptId, actor: actor.id, now }));
    },
    'manager.settleAttempt': ({ session, attemptId, outcome, reason, paymentId }) => {
      const actor = actorOf(session);
      return announced(settleAttempt(db, actor, { attemptId, outcome, reason, paymentId, now: now() }));
    },
  };
}
