// The receipt printer and the cash drawer on a real terminal (temp data folder, real SQLite) with
// the real printer driver talking to a virtual printer on a loopback port: the Printer tab's
// settings, receipts that could not print kept for a reprint, the drawer on every cash sale and a
// manager's "no sale", each opening in the event log with who and why.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { addUser } from '../../app/users/users.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { createPrinterControl } from '../../native/printer/control.ts';
import { startTcpPrinter, PAPER_OUT, READY, type VirtualPrinter } from '../native/support/virtual-printer.ts';
import { printedText } from '../native/support/escpos.ts';
import { until } from '../native/support/pty.ts';
import type { PrintJobView } from '../../app/api/printer.ts';
import { drawerOpeningsOfDay } from '../../app/printing/drawer.ts';
import { businessDay } from '../../app/domain/time.ts';
import type { SaleView } from '../../app/api/views.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function printer(): Promise<VirtualPrinter> {
  const p = await startTcpPrinter();
  cleanups.push(() => p.close());
  return p;
}

async function open(opts: { engine?: boolean } = {}): Promise<ApiCore> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-printer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const core = await openApi({ dataDir: dir, startEngine: opts.engine ?? false, log: () => {}, printer: createPrinterControl() });
  cleanups.push(() => core.close());
  const mona = await addUser(core.terminal.db, { name: 'Mona', role: 'manager', pin: '2468' });
  await addUser(core.terminal.db, { name: 'Ivan', role: 'installer', pin: '1357', by: { id: mona.id, name: 'Mona', role: 'manager' } });
  await addUser(core.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: { id: mona.id, name: 'Mona', role: 'manager' } });
  return core;
}

async function call<T>(core: ApiCore, name: string, input: unknown): Promise<T> {
  const r = await core.service.call(name, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

async function installer(core: ApiCore): Promise<string> {
  return (await call<{ session: string }>(core, 'installer.signIn', { name: 'Ivan', pin: '1357' })).session;
}

async function setUp(core: ApiCore, device: string, extra: Record<string, unknown> = {}): Promise<string> {
  const session = await installer(core);
  await call(core, 'printer.save', { session, printer: { device, paperWidth: 80, ...extra } });
  return session;
}

/** An open sale owing `amountMinor`, rung up by Omar (his shift started if it was not). */
async function saleOwing(core: ApiCore, amountMinor: number): Promise<SaleView> {
  await call(core, 'shift.start', { name: 'Omar', pin: '5172' }).catch(() => {});
  const sale = await call<SaleView>(core, 'sale.open', {});
  await call(core, 'sale.addKeyed', { saleId: sale.id, amountMinor });
  return sale;
}

async function cashSale(core: ApiCore, amountMinor = 12_50): Promise<SaleView> {
  const sale = await saleOwing(core, amountMinor);
  return call<SaleView>(core, 'tender.cash', { saleId: sale.id, tenderedMinor: 20_00 });
}

const drawerEvents = (core: ApiCore) =>
  (core.terminal.db.prepare("SELECT actor, subject, data FROM events WHERE type = 'drawer.opened' ORDER BY seq").all() as { actor: string | null; subject: string; data: string }[]).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

describe('the Printer tab', () => {
  it('saved printer settings go into config.json, are logged once with what changed, and are used at once', async () => {
    const core = await open();
    const p = await printer();
    const session = await setUp(core, p.device, { paperWidth: 58 });
    expect(JSON.parse(readFileSync(dataPaths(core.terminal.dataDir).config, 'utf8')).printer).toMatchObject({ device: p.device, paperWidth: 58, drawer: 'printer' });
    const ev = core.terminal.db.prepare("SELECT data FROM events WHERE type = 'settings.printer_changed'").all() as { data: string }[];
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]!.data).changed.device).toEqual({ from: '', to: p.device });
    const job = await call<PrintJobView>(core, 'printer.testPrint', { session });
    expect(job).toMatchObject({ kind: 'test', state: 'printed' });
    expect(printedText(p.commands())).toContain('Printer test');
    expect(await call(core, 'printer.status', {})).toMatchObject({ state: 'ready', device: p.device, queued: 0 });
  });

  it('a device that is no printer address is refused in words and nothing is saved', async () => {
    const core = await open();
    const session = await installer(core);
    const r = await core.service.call('printer.save', { session, printer: { device: 'the one by the till', paperWidth: 80 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/HOST:PORT/) } });
    const file = dataPaths(core.terminal.dataDir).config;
    expect(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { printer?: { device: string } }).printer?.device : '').toBe('');
    expect(core.terminal.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'settings.printer_changed'").get()).toEqual({ n: 0 });
  });
});

describe('receipts', () => {
  it('a receipt the printer stops answering for half-way stays queued with the reason, and prints on reprint once the printer is back', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device, { autoPrint: false });
    const sale = await cashSale(core);
    await until(() => drawerEvents(core).length === 1, 'the cash sale to open the drawer');
    p.stopAfter(1500);
    const r = await core.service.call('receipt.print', { saleId: sale.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'PRINTER_NO_ANSWER', message: expect.stringMatching(/kept: reprint/) } });
    const [queued, ...more] = await call<PrintJobView[]>(core, 'printer.queue', {});
    expect(more).toEqual([]);
    expect(queued).toMatchObject({ saleId: sale.id, invoiceNo: sale.invoiceNo, state: 'queued', tries: 1, lastError: expect.stringMatching(/stopped answering/) });
    expect(await call(core, 'printer.status', {})).toMatchObject({ queued: 1 });

    p.resume();
    const before = p.bytes().length;
    const again = await call<PrintJobView>(core, 'printer.reprint', { jobId: queued!.id });
    expect(again).toMatchObject({ id: queued!.id, state: 'printed', tries: 2, lastError: null });
    expect(await call(core, 'printer.queue', {})).toEqual([]);
    const { parseEscPos } = await import('../native/support/escpos.ts');
    expect(printedText(parseEscPos(p.bytes().subarray(before)).commands)).toContain(`Invoice no.: ${sale.invoiceNo}`);
  });

  it('a printer out of paper keeps the receipt queued and the status says so', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device, { drawer: 'none', autoPrint: false });
    const sale = await cashSale(core);
    p.state = PAPER_OUT;
    expect(await core.service.call('printer.printReceipt', { saleId: sale.id })).toMatchObject({ ok: false, error: { code: 'PRINTER_PAPER_OUT' } });
    expect(await call(core, 'printer.status', {})).toMatchObject({ state: 'paper_out', queued: 1, message: expect.stringMatching(/out of paper/) });
    p.state = READY;
    expect(await call(core, 'printer.status', {})).toMatchObject({ state: 'ready' });
  });
});

const receiptJobs = (core: ApiCore) =>
  core.terminal.db.prepare("SELECT sale_id AS saleId, state, tries FROM print_jobs WHERE kind = 'receipt' ORDER BY id").all() as { saleId: string; state: string; tries: number }[];
const receiptsPrinted = (p: VirtualPrinter) => printedText(p.commands()).split('Invoice no.:').length - 1;

describe('receipts that print by themselves', () => {
  it('a cash sale prints its receipt once it is paid, not at a part payment; Print then gives a copy', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    const open_ = await saleOwing(core, 30_00);
    const part = await call<SaleView>(core, 'tender.cash', { saleId: open_.id, tenderedMinor: 10_00, partial: true });
    expect(part.status).toBe('open');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiptJobs(core)).toEqual([]);
    const paid = await call<SaleView>(core, 'tender.cash', { saleId: open_.id, tenderedMinor: 20_00 });
    expect(paid.status).toBe('paid');
    await until(() => receiptJobs(core).some((j) => j.state === 'printed'), 'the receipt to print by itself');
    expect(receiptJobs(core)).toEqual([{ saleId: paid.id, state: 'printed', tries: 1 }]);
    expect(printedText(p.commands())).toContain(`Invoice no.: ${paid.invoiceNo}`);
    expect(receiptsPrinted(p)).toBe(1);
    // The drawer opened for each cash tender as before.
    await until(() => drawerEvents(core).length === 2, 'the drawer, for each cash tender');
    // Print on the receipt: a copy, a second job.
    expect(await call<PrintJobView>(core, 'receipt.print', { saleId: paid.id })).toEqual({ printed: true });
    expect(receiptJobs(core)).toHaveLength(2);
    expect(receiptsPrinted(p)).toBe(2);
  });

  it('a card sale prints its receipt, with no drawer', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    const sale = await saleOwing(core, 7_00);
    const paid = await call<SaleView>(core, 'tender.card', { saleId: sale.id, last4: '4242' });
    await until(() => receiptJobs(core).some((j) => j.state === 'printed'), 'the receipt to print by itself');
    expect(printedText(p.commands())).toContain(`Invoice no.: ${paid.invoiceNo}`);
    expect(p.commands().some((c) => c.type === 'drawer-kick')).toBe(false);
  });

  it('turned off on the Printer tab, nothing prints until Print is pressed', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device, { autoPrint: false });
    expect(JSON.parse(readFileSync(dataPaths(core.terminal.dataDir).config, 'utf8')).printer).toMatchObject({ autoPrint: false });
    const sale = await cashSale(core);
    await until(() => drawerEvents(core).length === 1, 'the drawer');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiptJobs(core)).toEqual([]);
    expect(receiptsPrinted(p)).toBe(0);
    await call(core, 'receipt.print', { saleId: sale.id });
    expect(receiptsPrinted(p)).toBe(1);
  });

  it('out of paper, the sale is still paid and its receipt waits; Print sends that same receipt once paper is in', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device, { drawer: 'none' });
    p.state = PAPER_OUT;
    const sale = await cashSale(core);
    expect(sale.status).toBe('paid');
    await until(() => receiptJobs(core).some((j) => j.tries === 1), 'the receipt to be tried');
    expect(receiptJobs(core)).toEqual([{ saleId: sale.id, state: 'queued', tries: 1 }]);
    expect(await call(core, 'printer.status', {})).toMatchObject({ state: 'paper_out', queued: 1 });
    p.state = READY;
    expect(await call(core, 'receipt.print', { saleId: sale.id })).toEqual({ printed: true });
    expect(receiptJobs(core)).toEqual([{ saleId: sale.id, state: 'printed', tries: 2 }]);
    expect(receiptsPrinted(p)).toBe(1);
  });

  it('a wallet payment that pays the sale prints its receipt once, when the acquirer said paid', async () => {
    const core = await open({ engine: true });
    const p = await printer();
    await setUp(core, p.device);
    const sale = await saleOwing(core, 42_00);
    const { code } = await call<{ code: string }>(core, 'sandbox.mintCode', {});
    await call(core, 'payment.startWithCode', { saleId: sale.id, code });
    await until(() => receiptJobs(core).some((j) => j.state === 'printed'), 'the wallet receipt to print by itself');
    const paid = await call<SaleView>(core, 'sale.get', { saleId: sale.id });
    expect(paid.status).toBe('paid');
    expect(printedText(p.commands())).toContain(`Invoice no.: ${paid.invoiceNo}`);
    // The engine and the screens hear about the success more than once (answer, announcement): one receipt.
    await new Promise((r) => setTimeout(r, 500));
    // And told again (two tellings at once, as from the watcher and the engine): still one.
    expect(await Promise.all([core.printing.receiptWhenPaid(sale.id), core.printing.receiptWhenPaid(sale.id)])).toEqual([null, null]);
    expect(receiptJobs(core)).toHaveLength(1);
    expect(receiptsPrinted(p)).toBe(1);
  });
});

describe('the cash drawer', () => {
  it('a cash sale kicks the drawer through the printer and the log records the cashier, the sale and why', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    const sale = await cashSale(core);
    await until(() => drawerEvents(core).length === 1 && p.commands().some((c) => c.type === 'drawer-kick'), 'the drawer kick');
    const [ev] = drawerEvents(core);
    expect(ev).toMatchObject({ actor: sale.cashierId, subject: sale.id, data: { kind: 'cash_sale', reason: 'cash sale', via: 'printer', device: p.device, saleId: sale.id } });
    expect(sale.cashierId).not.toBeNull();
  });

  it('a card sale does not open the drawer', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    const sale = await saleOwing(core, 5_00);
    await call(core, 'tender.card', { saleId: sale.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(drawerEvents(core)).toEqual([]);
    expect(p.commands().some((c) => c.type === 'drawer-kick')).toBe(false);
  });

  it('a manager opens the drawer with no sale: logged with the manager and the reason; a cashier is refused and nothing opens', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    const refused = await core.service.call('drawer.open', { name: 'Omar', pin: '5172', reason: 'change for a customer' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    expect(drawerEvents(core)).toEqual([]);
    const opened = await call(core, 'drawer.open', { name: 'Mona', pin: '2468', reason: 'change for the next till' });
    expect(opened).toMatchObject({ via: 'printer', by: 'Mona', reason: 'change for the next till' });
    const mona = core.terminal.db.prepare("SELECT id FROM users WHERE name = 'Mona'").get() as { id: string };
    expect(drawerEvents(core)).toEqual([{ actor: mona.id, subject: 'drawer', data: { kind: 'no_sale', reason: 'change for the next till', via: 'printer', device: p.device, saleId: null } }]);
    await until(() => p.commands().some((c) => c.type === 'drawer-kick'), 'the drawer kick');
    // What the X and Z reports count: the day's no-sale openings, with who and why.
    const day = businessDay(new Date());
    expect(drawerOpeningsOfDay(core.terminal.db, day, 'no_sale')).toMatchObject([{ by: mona.id, reason: 'change for the next till', kind: 'no_sale' }]);
    expect(drawerOpeningsOfDay(core.terminal.db, '2020-01-01')).toEqual([]);
  });

  it('the drawer test on the Printer tab opens the drawer and is logged as a test by the installer', async () => {
    const core = await open();
    const p = await printer();
    const session = await setUp(core, p.device);
    expect(await call(core, 'printer.drawerTest', { session })).toMatchObject({ via: 'printer', by: 'Ivan', reason: 'installer drawer test' });
    expect(drawerEvents(core)).toMatchObject([{ data: { kind: 'test' } }]);
  });

  it('with the printer switched off the drawer does not open and nothing is logged as opened', async () => {
    const core = await open();
    const p = await printer();
    await setUp(core, p.device);
    await p.close();
    cleanups.pop();
    const r = await core.service.call('drawer.open', { name: 'Mona', pin: '2468', reason: 'float check' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PRINTER_OFFLINE', message: expect.stringMatching(/drawer did not open/) } });
    expect(drawerEvents(core)).toEqual([]);
  });
});
