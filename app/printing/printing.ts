// Receipts to the receipt printer through a queue in the terminal's database: the job is written
// before a byte goes out and marked printed only when the printer took the whole receipt (and, where
// it can, answered its status). Paper out, a cover open or a printer that stops answering half-way
// leaves the receipt queued with the reason, for a reprint: a receipt is never lost.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { readTx, sql, writeTx } from '../journal/tx.ts';
import { ApiError } from '../api/call.ts';
import type { PrintJobView, PrinterControl, PrinterSettings, PrinterStatusView } from '../api/printer.ts';
import type { ReceiptView } from '../api/views.ts';
import { receiptLayout, testPageLayout, type PrintDoc } from './layout.ts';
import { openDrawer, type DrawerOpening, type OpenDrawerInput } from './drawer.ts';

interface JobRow {
  id: number;
  kind: 'receipt' | 'test';
  sale_id: string | null;
  state: 'queued' | 'printed';
  device: string;
  tries: number;
  last_error: string | null;
  created_at: string;
  printed_at: string | null;
  invoice_no: number | null;
}

const JOB_SELECT = 'SELECT j.*, s.invoice_no FROM print_jobs j LEFT JOIN sales s ON s.id = j.sale_id';

function view(r: JobRow): PrintJobView {
  return { id: r.id, kind: r.kind, saleId: r.sale_id, invoiceNo: r.invoice_no, state: r.state, device: r.device, tries: r.tries, lastError: r.last_error, createdAt: r.created_at, printedAt: r.printed_at };
}

export function printJob(db: Db, id: number): PrintJobView {
  const r = sql(db, `${JOB_SELECT} WHERE j.id = ?`).get(id) as JobRow | undefined;
  if (!r) throw new ApiError('NOT_FOUND', `There is no print job ${id}.`);
  return view(r);
}

/** Receipts that could not print, oldest first. */
export function queuedJobs(db: Db): PrintJobView[] {
  return readTx(db, () => (sql(db, `${JOB_SELECT} WHERE j.state = 'queued' AND j.kind = 'receipt' ORDER BY j.id`).all() as JobRow[]).map(view));
}

export function queuedCount(db: Db): number {
  return (sql(db, "SELECT COUNT(*) AS n FROM print_jobs WHERE state = 'queued' AND kind = 'receipt'").get() as { n: number }).n;
}

export interface PrintingDeps {
  db: Db;
  /** The printer section of config.json as it is now (the Printer tab saves it; read on every use). */
  settings: () => PrinterSettings;
  control: PrinterControl | null;
  receiptOf: (saleId: string) => ReceiptView;
  store: () => { storeName: string; address: string; trn: string; terminalId: string };
  now?: () => Date;
}

export interface Printing {
  printReceipt(saleId: string, settings?: PrinterSettings): Promise<PrintJobView>;
  /**
   * A sale was just paid: its receipt prints by itself when a printer is set up with autoPrint on,
   * once per sale. null when it does not print (no printer, turned off, already has a receipt); a
   * printer that fails leaves the job queued (the view says why), it never throws for that.
   */
  receiptWhenPaid(saleId: string): Promise<PrintJobView | null>;
  reprint(jobId: number): Promise<PrintJobView>;
  testPrint(by: string | null, settings?: PrinterSettings): Promise<PrintJobView>;
  status(): Promise<PrinterStatusView>;
  queued(): PrintJobView[];
  openDrawer(input: OpenDrawerInput, settings?: PrinterSettings): Promise<DrawerOpening>;
  /** A printer is configured and the hardware layer is here: receipts go to it, not to the browser. */
  configured(): boolean;
  /** The hardware layer is here (a serial drawer can open without a printer). */
  hasHardware(): boolean;
}

export function createPrinting(deps: PrintingDeps): Printing {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const control = (): PrinterControl => {
    if (!deps.control) throw new ApiError('NOT_AVAILABLE', 'The receipt printer is driven by the terminal program on the computer it plugs into, not from this window.');
    return deps.control;
  };
  const printerOf = (s: PrinterSettings): PrinterSettings => {
    if (!s.device) throw new ApiError('PRINTER_NOT_CONFIGURED', 'No receipt printer is set up: choose one on the installer’s Printer tab.');
    return s;
  };

  /** Sends a queued job; the job row says afterwards whether it printed or why not. */
  async function send(id: number, s: PrinterSettings, doc: PrintDoc): Promise<PrintJobView> {
    try {
      await control().print(s, doc);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const message = e.message ?? String(err);
      writeTx(db, () => {
        sql(db, 'UPDATE print_jobs SET tries = tries + 1, last_error = ?, updated_at = ?, device = ? WHERE id = ?').run(message, now().toISOString(), s.device, id);
      });
      throw new ApiError(e.code && /^PRINTER_[A-Z_]+$/.test(e.code) ? e.code : 'PRINTER_FAILED', `${message} The receipt is kept: reprint it once the printer is ready.`, { jobId: id });
    }
    const at = now().toISOString();
    writeTx(db, () => {
      sql(db, "UPDATE print_jobs SET state = 'printed', tries = tries + 1, last_error = NULL, updated_at = ?, printed_at = ?, device = ? WHERE id = ?").run(at, at, s.device, id);
    });
    return printJob(db, id);
  }

  function enqueue(kind: 'receipt' | 'test', saleId: string | null, device: string): number {
    const at = now().toISOString();
    return writeTx(db, () => Number(sql(db, "INSERT INTO print_jobs (kind, sale_id, state, device, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)").run(kind, saleId, device, at, at).lastInsertRowid));
  }

  const kick = (s: PrinterSettings) => async () => {
    if (s.drawer === 'none') throw new ApiError('DRAWER_NOT_CONFIGURED', 'No cash drawer is set up: choose how it opens on the installer’s Printer tab.');
    if (s.drawer === 'printer') printerOf(s);
    try {
      return await control().kickDrawer(s);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const e = err as { code?: string; message?: string };
      throw new ApiError(e.code && /^(PRINTER|DRAWER)_[A-Z_]+$/.test(e.code) ? e.code : 'DRAWER_FAILED', `The drawer did not open: ${e.message ?? String(err)}`);
    }
  };

  return {
    configured: () => deps.control !== null && deps.settings().device !== '',
    hasHardware: () => deps.control !== null,
    async printReceipt(saleId, settings) {
      const s = printerOf(settings ?? deps.settings());
      // Laid out before the job is written: a sale that does not exist queues nothing.
      const doc = receiptLayout(deps.receiptOf(saleId), s.paperWidth);
      // A receipt still waiting (the printer was out of paper when the sale was paid) is the one
      // printed now, not a second job beside it; once printed, Print gives a copy.
      const waiting = sql(db, "SELECT id FROM print_jobs WHERE kind = 'receipt' AND sale_id = ? AND state = 'queued' ORDER BY id LIMIT 1").get(saleId) as { id: number } | undefined;
      return send(waiting?.id ?? enqueue('receipt', saleId, s.device), s, doc);
    },
    async receiptWhenPaid(saleId) {
      const s = deps.settings();
      if (!deps.control || !s.device || !s.autoPrint) return null;
      const doc = receiptLayout(deps.receiptOf(saleId), s.paperWidth);
      // Once per sale, whoever tells first (the tender, the engine, another process's payment seen
      // by the watcher): the check and the job are one transaction.
      const id = writeTx(db, () => (sql(db, "SELECT 1 FROM print_jobs WHERE kind = 'receipt' AND sale_id = ?").get(saleId) ? null : enqueue('receipt', saleId, s.device)));
      if (id === null) return null;
      try {
        return await send(id, s, doc);
      } catch (err) {
        // Kept in the queue with the reason; the cashier's status bar says a receipt waits.
        if (err instanceof ApiError) return printJob(db, id);
        throw err;
      }
    },
    async reprint(jobId) {
      const job = printJob(db, jobId);
      if (job.kind !== 'receipt' || !job.saleId) throw new ApiError('NOT_FOUND', `Print job ${jobId} is not a receipt.`);
      const s = printerOf(deps.settings());
      return send(jobId, s, receiptLayout(deps.receiptOf(job.saleId), s.paperWidth));
    },
    async testPrint(by, settings) {
      const s = printerOf(settings ?? deps.settings());
      const st = deps.store();
      const doc = testPageLayout({ ...st, at: now(), device: s.device }, s.paperWidth);
      const id = enqueue('test', null, s.device);
      try {
        return await send(id, s, doc);
      } finally {
        const job = printJob(db, id);
        writeTx(db, () =>
          appendEvent(db, { type: 'printer.test_print', subject: s.device, actor: by, data: { paperWidth: s.paperWidth, language: s.language, printed: job.state === 'printed', error: job.lastError }, at: now() }),
        );
      }
    },
    async status() {
      const s = deps.settings();
      const checkedAt = now().toISOString();
      const queued = queuedCount(db);
      if (!s.device) return { state: 'not_configured', device: '', message: 'No receipt printer is set up.', checkedAt, queued };
      if (!deps.control) return { state: 'unknown', device: s.device, message: 'The printer is checked by the terminal program on the computer it plugs into.', checkedAt, queued };
      const st = await deps.control.status(s);
      return { ...st, device: s.device, checkedAt, queued };
    },
    queued: () => queuedJobs(db),
    openDrawer: (input, settings) => openDrawer({ db, kick: kick(settings ?? deps.settings()), now }, input),
  };
}
