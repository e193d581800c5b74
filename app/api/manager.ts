// The manager screens' calls: sign in with a manager PIN, takings for a day or a range (and CSV),
// X report, Z close, reprint, find a sale, refund (to the wallet through the journal, or from the
// drawer), void an unpaid sale. Every call after sign-in carries the session it returned.
import { z } from 'zod';
import { call } from './call.ts';
import type { Takings } from '../reports/takings.ts';
import type { DrawerSummary, XReport, ZListEntry, ZReport } from '../dayclose/close.ts';
import type { FoundSale } from '../dayclose/refunds.ts';
import type { RefundView } from '../journal/refunds.ts';
import type { AttentionChange, AttentionItem } from '../dayclose/attention.ts';
import type { UserView } from '../users/users.ts';
import type { Transaction } from '../reports/transactions.ts';
import type { Insights } from '../reports/insights.ts';
export type InsightsView = Insights;
import type { CataloguePreview, ProductRecord } from '../handlers/catalogue-import.ts';
export type { CataloguePreview, ProductRecord } from '../handlers/catalogue-import.ts';

export const ManagerSession = z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/, 'not a manager session');
const withSession = <T extends z.ZodRawShape>(shape: T) => z.object({ session: ManagerSession, ...shape }).strict();
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31');
/** What the manager types, e.g. "12.50" or "١٢٫٥٠": parsed to fils by the handler (parseAmount). */
const AmountText = z.string().trim().min(1, 'give an amount').max(20);

export interface ManagerSessionView {
  session: string;
  actor: { name: string; role: 'manager' };
  expiresAt: string;
  /** The terminal the manager is on: every report's header names it. */
  terminalId: string;
}

export type TakingsView = Takings;
/** A report with the slip text exactly as printed (and reprinted). */
export type XReportView = XReport & { text: string };
export type ZReportView = ZReport & { text: string };
export type FoundSaleView = FoundSale;
export type ManagerRefundView = RefundView;
export type AttentionItemView = AttentionItem;
export type AttentionChangeView = AttentionChange;

/** AED notes and coins a drawer is counted in, as fils: 1000 … 5 dirhams, then 1 dirham, 50 and 25 fils. */
export const AED_DENOMINATIONS = [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 100, 50, 25] as const;
const Denominations = z
  .record(z.string().regex(/^\d+$/), z.number().int().min(0).max(100_000))
  .refine((d) => Object.keys(d).every((k) => (AED_DENOMINATIONS as readonly number[]).includes(Number(k))), 'only AED notes and coins (1000 to 5 dirhams, 1 dirham, 50 and 25 fils)');
export type DrawerView = DrawerSummary;
export type ZListEntryView = ZListEntry;

const PersonName = z.string().trim().min(1, 'give a name').max(40);
const NewPin = z.string().min(1, 'give a PIN').max(32);
const StaffRef = z.string().trim().min(1).max(64);
export type StaffView = UserView;

export type TransactionView = Transaction;
const transactionFilter = {
  from: IsoDay,
  to: IsoDay,
  cashier: z.string().trim().max(40).optional(),
  tender: z.enum(['wallet', 'cash', 'card']).optional(),
  status: z.enum(['paid', 'partly_refunded', 'refunded', 'voided']).optional(),
  minAmount: AmountText.optional(),
  maxAmount: AmountText.optional(),
};

export const managerApi = {
  /** A fresh terminal (no person at all) opens the first-run setup instead of the sign-in. */
  'manager.setupNeeded': call<{ needed: boolean }>()(z.object({}).strict()),
  /** The first manager, with the PIN typed twice; refused once anyone exists. Signs them in. */
  'manager.setup': call<ManagerSessionView>()(z.object({ name: PersonName, pin: NewPin, pinRepeat: NewPin }).strict()),
  /** Everyone who may sign in here (disabled ones too: they stay on their sales). */
  'manager.staff': call<StaffView[]>()(withSession({})),
  'manager.addStaff': call<StaffView>()(withSession({ name: PersonName, role: z.enum(['cashier', 'manager', 'installer']), pin: NewPin, pinRepeat: NewPin })),
  'manager.setStaffPin': call<StaffView>()(withSession({ user: StaffRef, pin: NewPin, pinRepeat: NewPin })),
  /** Disable (never delete: sales keep their cashier) or enable again. */
  'manager.setStaffDisabled': call<StaffView>()(withSession({ user: StaffRef, disabled: z.boolean() })),
  'manager.unlockStaff': call<StaffView>()(withSession({ user: StaffRef })),
  /** The catalogue CSV read line by line: what each would add or change, or what is wrong with it. Changes nothing. */
  'manager.cataloguePreview': call<CataloguePreview>()(withSession({ csv: z.string().max(10_000_000) })),
  /** Imports the previewed CSV, all or nothing; refused while any line is wrong. */
  'manager.catalogueImport': call<CataloguePreview['counts']>()(withSession({ csv: z.string().max(10_000_000) })),
  /** A product by its barcode (scanned or typed): null when the till does not know it yet. */
  'manager.product': call<ProductRecord | null>()(withSession({ ean: z.string().trim().min(1, 'scan or type the barcode').max(64) })),
  /** Adds or changes a product: EAN with a right check digit (or a shop SKU), names EN (AR, zh optional), price incl. VAT. */
  'manager.saveProduct': call<ProductRecord>()(
    withSession({
      ean: z.string().trim().min(1, 'scan or type the barcode').max(64),
      name: z.string().max(200),
      nameAr: z.string().max(200).optional(),
      nameZh: z.string().max(200).optional(),
      price: AmountText,
    }),
  ),
  /** A manager signs in with their PIN; lockout words come back as the error. */
  'manager.signIn': call<ManagerSessionView>()(
    z.object({ name: z.string().trim().min(1, 'give your name').max(40), pin: z.string().min(1, 'give your PIN').max(32) }).strict(),
  ),
  'manager.signOut': call<{ ok: true }>()(withSession({})),
  /** Takings of a business day (Asia/Dubai); today when no date is given. */
  'report.day': call<TakingsView>()(withSession({ date: IsoDay.optional() })),
  'report.range': call<TakingsView>()(withSession({ from: IsoDay, to: IsoDay })),
  /** Beside the takings: last week and the period before, top products, refunds and voids per cashier. */
  'report.insights': call<Insights>()(withSession({ from: IsoDay, to: IsoDay })),
  'report.csv': call<{ filename: string; csv: string }>()(withSession({ from: IsoDay, to: IsoDay })),
  /** The open period: everything since the previous Z, as the next Z would close it. */
  'manager.xReport': call<XReportView>()(withSession({})),
  /** Every sale of the period (paid, refunded, voided), filtered by cashier, tender, status, amount. */
  'report.transactions': call<TransactionView[]>()(withSession(transactionFilter)),
  /** The same sales as CSV, one row a sale (the file `souq report transactions --csv` writes). */
  'report.transactionsCsv': call<{ filename: string; csv: string }>()(withSession(transactionFilter)),
  /**
   * Takes the Z: closes everything since the previous Z. The cash is counted as one total
   * (countedCash) or per denomination (count per note/coin in fils), not both.
   */
  'manager.closeDay': call<ZReportView>()(
    withSession({ countedCash: AmountText.optional(), denominations: Denominations.optional(), allowUnconfirmed: z.boolean().default(false) }).refine(
      (x) => (x.countedCash === undefined) !== (x.denominations === undefined),
      'give the counted cash as one total or per note and coin',
    ),
  ),
  /** Opening float, cash put in or taken out (with why), or the drawer opened with no sale. */
  'manager.drawer': call<DrawerView>()(
    withSession({ kind: z.enum(['float', 'cash_in', 'cash_out', 'no_sale']), amount: AmountText.optional(), reason: z.string().trim().max(256).optional() }),
  ),
  'manager.zReports': call<ZListEntry[]>()(withSession({})),
  'manager.zReport': call<ZReportView>()(withSession({ number: z.number().int().positive() })),
  /** By invoice number (typed, or scanned from the receipt), or by amount around a time. */
  'manager.findSales': call<FoundSaleView[]>()(
    withSession({
      invoiceNo: z.number().int().positive().optional(),
      /** The receipt's own code as scanned or typed (SQR-<terminal>-<invoice>). */
      receiptCode: z.string().trim().min(1).max(64).optional(),
      amount: AmountText.optional(),
      around: z.iso.datetime().optional(),
      withinMinutes: z.number().int().min(1).max(24 * 60).optional(),
    }),
  ),
  /** To the customer's wallet through the journal: queued while the acquirer is unreachable. */
  'manager.refundWallet': call<ManagerRefundView>()(withSession({ attemptId: z.string().min(1).max(64), amount: AmountText.optional(), reason: z.string().max(256).optional() })),
  /** A wallet refund's state, read again until it is final (the journal sends it in the background). */
  'manager.refund': call<ManagerRefundView>()(withSession({ refundRequestId: z.string().min(1).max(64) })),
  /** Cash from the drawer, or a refund keyed on the external card terminal. */
  'manager.refundDrawer': call<FoundSaleView>()(
    withSession({ saleId: z.string().min(1).max(64), kind: z.enum(['cash', 'card']), amount: AmountText, reason: z.string().max(256).optional() }),
  ),
  /** The tourist's tax-free tag number on a paid sale of at least AED 250 (printed on its receipt). */
  'manager.setTaxFreeTag': call<FoundSaleView>()(withSession({ saleId: z.string().min(1).max(64), tag: z.string().trim().min(1, 'give the tag number').max(40) })),
  'manager.voidSale': call<{ saleId: string; status: string }>()(withSession({ saleId: z.string().min(1).max(64), reason: z.string().max(256).optional() })),
  /** Payments the terminal could not settle alone (needs_attention), oldest first. */
  'manager.attention': call<AttentionItemView[]>()(withSession({})),
  /** Ask the acquirer once more; a definite answer settles it, otherwise nothing changes (said in words). */
  'manager.recheckAttempt': call<AttentionChangeView>()(withSession({ attemptId: z.string().min(1).max(64) })),
  /** Settle by hand after checking the acquirer's portal: paid (the sale gets the wallet tender) or not paid. */
  'manager.settleAttempt': call<AttentionChangeView>()(
    withSession({
      attemptId: z.string().min(1).max(64),
      outcome: z.enum(['succeeded', 'failed']),
      reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(256),
      paymentId: z.string().trim().min(1).max(64).optional(),
    }),
  ),
} as const;

export type ManagerCallName = keyof typeof managerApi;
