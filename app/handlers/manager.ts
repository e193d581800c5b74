// The manager screens on the terminal core: PIN sign-in (a manager only), takings, X/Z, reprint,
// finding a sale, refunds and voids. Everything privileged goes through app/users' requireRole and
// leaves an event with the manager's id (the functions called write it).
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import type { AcquirerPort } from '../acquirer/port.ts';
import { parseAmount } from '../domain/money.ts';
import { businessDay } from '../domain/time.ts';
import { addUser, listUsers, setDisabled, setPin, signIn, requireRole, unlockUser, type Actor } from '../users/users.ts';
import { takingsForDay, takingsForRange } from '../reports/takings.ts';
import { takingsCsv } from '../reports/format.ts';
import { listTransactions, transactionsCsv } from '../reports/transactions.ts';
import { insightsFor } from '../reports/insights.ts';
import { findProduct, importPreviewed, previewCatalogue, saveProduct } from './catalogue-import.ts';
import { closeDay, dayReportText, getZReport, listZReports, recordDrawerMovement, xReport } from '../dayclose/close.ts';
import { findSaleByInvoice, findSalesByAmount, recordDrawerRefund, refundToWallet, tagTaxFree, voidUnpaidSale } from '../dayclose/refunds.ts';
import type { Refunds } from '../terminal/terminal.ts';
import { getRefundRow, toRefundView } from '../journal/refunds.ts';
import { getAttemptRow, type AttemptRow } from '../journal/attempts.ts';
import { listAttention, recheckAttempt, settleAttempt, type AttentionChange } from '../dayclose/attention.ts';
import { parseReceiptCode } from '../domain/sale.ts';
import { ApiError } from '../api/call.ts';
import type { z } from 'zod';
import type { CallDef } from '../api/call.ts';
import { AED_DENOMINATIONS, managerApi, type ManagerCallName } from '../api/manager.ts';
import { money } from '../domain/money.ts';

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

  const openSession = (actor: Actor) => {
    const session = randomBytes(24).toString('base64url');
    const expires = now().getTime() + SESSION_MS;
    open.set(session, { actor, expires });
    return { session, actor: { name: actor.name, role: 'manager' as const }, expiresAt: new Date(expires).toISOString(), terminalId };
  };
  const noOneYet = () => db.prepare('SELECT 1 FROM users LIMIT 1').get() === undefined;
  const samePin = (pin: string, repeat: string) => {
    if (pin !== repeat) throw new ApiError('INVALID_INPUT', 'The two PINs are not the same: type the PIN again in both fields.');
  };

  return {
    'manager.setupNeeded': () => ({ needed: noOneYet() }),
    'manager.setup': async ({ name, pin, pinRepeat }) => {
      samePin(pin, pinRepeat);
      // Only on a terminal nobody has set up: afterwards people are added by a manager.
      if (!noOneYet()) throw new ApiError('NOT_ALLOWED', 'This terminal is already set up: sign in as a manager to add people.');
      const m = await addUser(db, { name, role: 'manager', pin, now: now() });
      return openSession({ id: m.id, name: m.name, role: 'manager' });
    },
    'manager.staff': ({ session }) => {
      actorOf(session);
      return listUsers(db);
    },
    'manager.addStaff': async ({ session, name, role, pin, pinRepeat }) => {
      const actor = actorOf(session);
      samePin(pin, pinRepeat);
      return addUser(db, { name, role, pin, by: actor, now: now() });
    },
    'manager.setStaffPin': async ({ session, user, pin, pinRepeat }) => {
      const actor = actorOf(session);
      samePin(pin, pinRepeat);
      return setPin(db, actor, user, pin, now());
    },
    'manager.setStaffDisabled': ({ session, user, disabled }) => setDisabled(db, actorOf(session), user, disabled, now()),
    'manager.unlockStaff': ({ session, user }) => unlockUser(db, actorOf(session), user, now()),
    'manager.cataloguePreview': ({ session, csv }) => {
      actorOf(session);
      return previewCatalogue(db, csv);
    },
    'manager.catalogueImport': ({ session, csv }) => importPreviewed(db, csv, requireRole(actorOf(session), 'manager', 'import the catalogue').id, now()),
    'manager.product': ({ session, ean }) => {
      actorOf(session);
      return findProduct(db, ean);
    },
    'manager.saveProduct': ({ session, ean, name, nameAr, nameZh, price }) =>
      saveProduct(db, { ean, name, nameAr, nameZh, price }, requireRole(actorOf(session), 'manager', 'change the catalogue').id, now()),
    'manager.signIn': async ({ name, pin }) => openSession(requireRole(await signIn(db, { name, pin, now: now() }), 'manager', 'open the manager screens')),
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
    'report.insights': ({ session, from, to }) => {
      actorOf(session);
      return insightsFor(db, from, to);
    },
    'report.csv': ({ session, from, to }) => {
      actorOf(session);
      return { filename: from === to ? `takings-${from}.csv` : `takings-${from}-to-${to}.csv`, csv: takingsCsv(takingsForRange(db, from, to)) };
    },
    'report.transactions': ({ session, minAmount, maxAmount, ...f }) => {
      actorOf(session);
      return listTransactions(db, { ...f, minTotal: minAmount ? parseAmount(minAmount).minor : undefined, maxTotal: maxAmount ? parseAmount(maxAmount).minor : undefined });
    },
    'report.transactionsCsv': ({ session, minAmount, maxAmount, ...f }) => {
      actorOf(session);
      const txs = listTransactions(db, { ...f, minTotal: minAmount ? parseAmount(minAmount).minor : undefined, maxTotal: maxAmount ? parseAmount(maxAmount).minor : undefined });
      return { filename: f.from === f.to ? `transactions-${f.from}.csv` : `transactions-${f.from}-to-${f.to}.csv`, csv: transactionsCsv(txs) };
    },
    'manager.xReport': ({ session }) => {
      actorOf(session);
      const x = xReport(db, { terminalId, now: now() });
      return { ...x, text: dayReportText(x) };
    },
    'manager.closeDay': async ({ session, countedCash, denominations, allowUnconfirmed }) => {
      const actor = actorOf(session);
      const counts = denominations ? Object.fromEntries(AED_DENOMINATIONS.map((d) => [String(d), denominations[String(d)] ?? 0])) : null;
      const counted = counts ? money(Object.entries(counts).reduce((sum, [fils, n]) => sum + Number(fils) * n, 0)) : parseAmount(countedCash ?? '');
      const z = await closeDay(db, { terminalId, actor, countedCash: counted, denominations: counts, link: deps.link, now: now(), allowUnconfirmed });
      return { ...z, text: dayReportText(z) };
    },
    'manager.drawer': ({ session, kind, amount, reason }) => {
      const actor = actorOf(session);
      return recordDrawerMovement(db, actor, { terminalId, kind, amount: amount === undefined ? undefined : parseAmount(amount), reason, now: now() });
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
