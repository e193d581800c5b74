import { describe, expect, it } from 'vitest';
import { money, parseAmount } from '../../app/domain/money.ts';
import { vatIncludedMinor } from '../../app/domain/sale.ts';
import { verifyChain } from '../../app/store/events.ts';
import type { Db } from '../../app/store/db.ts';
import {
  addKeyedLine,
  addProductLine,
  applyWalletPayment,
  createSale,
  dueForWallet,
  findOpenSale,
  findSaleByInvoice,
  findSales,
  getSale,
  recordCardTender,
  recordCashTender,
  removeLine,
  saleDue,
  setQuantity,
  setTaxFreeTag,
  voidSale,
} from '../../app/sales/repository.ts';
import { codeOf, eventCount, freshDb, insertAttempt, setAttemptState } from './fresh-db.ts';
import { writeTx } from '../../app/journal/tx.ts';

const T0 = new Date('2026-11-25T10:00:00Z');
const aed = (text: string) => parseAmount(text);

function addCatalogue(db: Db, ean: string, name: string, priceMinor: number): void {
  db.prepare('INSERT INTO catalogue (ean, name, price_minor) VALUES (?, ?, ?)').run(ean, name, priceMinor);
}

function salesRow(db: Db, id: string) {
  return db.prepare('SELECT * FROM sales WHERE id = ?').get(id) as { total_minor: number; vat_minor: number; status: string; invoice_no: number | null; business_day: string };
}

describe('ringing up a sale', () => {
  it('starts open and empty, with nothing due', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', cashierId: 'u-amira', now: T0 });
    const s = getSale(db, id);
    expect(s).toMatchObject({ status: 'open', terminalId: 'T1', cashierId: 'u-amira', invoiceNo: null, lines: [], tenders: [], businessDay: '2026-11-25', linesFrozen: false });
    expect(s.total).toEqual(money(0));
    expect(s.due).toEqual(money(0));
  });

  it('keeps the total and the VAT on the sales row in step with the lines', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('12.50'), undefined, T0);
    const s = addKeyedLine(db, id, aed('7.5'), 'Gift wrap', T0);
    expect(s.lines.map((l) => [l.name, l.total.minor])).toEqual([['Keyed amount', 1250], ['Gift wrap', 750]]);
    expect(s.total).toEqual(money(2000));
    expect(s.vat).toEqual(money(vatIncludedMinor(2000)));
    expect(s.vat.minor + s.net.minor).toBe(2000);
    expect(salesRow(db, id)).toMatchObject({ total_minor: 2000, vat_minor: 95 });
    const after = removeLine(db, id, s.lines[0]!.id, T0);
    expect(after.total).toEqual(money(750));
    expect(salesRow(db, id)).toMatchObject({ total_minor: 750, vat_minor: vatIncludedMinor(750) });
  });

  it('adds catalogue products by barcode, a second scan adding to the quantity', () => {
    const db = freshDb();
    addCatalogue(db, '4006381333931', 'Pen', 450);
    addCatalogue(db, '036000291452', 'Tissues', 1000);
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addProductLine(db, id, '4006381333931', 1, T0);
    addProductLine(db, id, '٤٠٠٦٣٨١٣٣٣٩٣١', 2, T0); // the same pen, keyed in Arabic-Indic digits
    const s = addProductLine(db, id, '0036000291452', 1, T0); // UPC-A read as EAN-13
    expect(s.lines.map((l) => [l.name, l.quantity, l.total.minor])).toEqual([['Pen', 3, 1350], ['Tissues', 1, 1000]]);
    const v = setQuantity(db, id, s.lines[1]!.id, 4, T0);
    expect(v.total).toEqual(money(1350 + 4000));
    expect(salesRow(db, id).total_minor).toBe(5350);
  });

  it('refuses an unknown barcode, a bad quantity or a zero amount and changes nothing', () => {
    const db = freshDb();
    addCatalogue(db, '96385074', 'Dates', 2500);
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    const line = addProductLine(db, id, '96385074', 1, T0).lines[0]!;
    const before = { sale: getSale(db, id), events: eventCount(db) };
    expect(() => addProductLine(db, id, '4006381333931', 1, T0)).toThrow(/not in the catalogue/);
    expect(codeOf(() => addProductLine(db, id, '96385074', 0, T0))).toBe('INVALID_QUANTITY');
    expect(codeOf(() => setQuantity(db, id, line.id, 1.5, T0))).toBe('INVALID_QUANTITY');
    expect(codeOf(() => setQuantity(db, id, 999, 2, T0))).toBe('LINE_NOT_FOUND');
    expect(codeOf(() => addKeyedLine(db, id, money(0), undefined, T0))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => addKeyedLine(db, id, money(100, 'CNY'), undefined, T0))).toBe('CURRENCY_MISMATCH');
    expect(codeOf(() => getSale(db, 'no-such-sale'))).toBe('SALE_NOT_FOUND');
    expect(getSale(db, id)).toEqual(before.sale);
    expect(eventCount(db)).toBe(before.events);
  });
});

describe('taking payment', () => {
  it('gives change for cash, marks the sale paid and numbers its invoice', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('37.25'), undefined, T0);
    const s = recordCashTender(db, id, aed('50'), T0);
    expect(s).toMatchObject({ status: 'paid', invoiceNo: 1, completedAt: T0.toISOString(), linesFrozen: true });
    expect(s.paid).toEqual(money(3725));
    expect(s.due).toEqual(money(0));
    expect(s.change).toEqual(money(1275));
    expect(s.tenders[0]).toMatchObject({ kind: 'cash', amount: money(3725), tendered: money(5000), change: money(1275) });
    expect(findSaleByInvoice(db, 'T1', 1)?.id).toBe(id);
  });

  it('refuses final cash below the due amount and records nothing', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('20'), undefined, T0);
    const events = eventCount(db);
    expect(codeOf(() => recordCashTender(db, id, aed('19.99'), T0))).toBe('CASH_TOO_LITTLE');
    expect(getSale(db, id)).toMatchObject({ status: 'open', tenders: [], invoiceNo: null });
    expect(eventCount(db)).toBe(events);
  });

  it('splits a sale across card, part cash and wallet until nothing is due', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('100'), undefined, T0);
    let s = recordCardTender(db, id, aed('30'), T0);
    expect(s).toMatchObject({ status: 'open', paid: money(3000), due: money(7000) });
    s = recordCashTender(db, id, aed('20'), T0, { partial: true });
    expect(s.due).toEqual(money(5000));
    expect(dueForWallet(db, id)).toEqual(money(5000));
    const attempt = insertAttempt(db, id, 5000, 'sent');
    expect(codeOf(() => recordCashTender(db, id, aed('50'), T0))).toBe('WALLET_PAYMENT_PENDING');
    expect(codeOf(() => dueForWallet(db, id))).toBe('WALLET_PAYMENT_PENDING');
    setAttemptState(db, attempt, 'succeeded');
    s = applyWalletPayment(db, id, attempt, money(5000), T0);
    expect(s).toMatchObject({ status: 'paid', invoiceNo: 1, paid: money(10000), due: money(0), change: money(0) });
    expect(s.tenders.map((t) => t.kind)).toEqual(['card', 'cash', 'wallet']);
  });

  it('refuses a card amount above the due amount and any tender on an empty sale', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    expect(codeOf(() => recordCardTender(db, id, undefined, T0))).toBe('NOTHING_DUE');
    expect(codeOf(() => dueForWallet(db, id))).toBe('NOTHING_DUE');
    addKeyedLine(db, id, aed('10'), undefined, T0);
    expect(codeOf(() => recordCardTender(db, id, aed('10.01'), T0))).toBe('TENDER_TOO_LARGE');
    expect(recordCardTender(db, id, undefined, T0).status).toBe('paid');
    expect(codeOf(() => recordCashTender(db, id, aed('1'), T0))).toBe('SALE_NOT_OPEN');
  });

  it('books the takings on the Dubai day the sale was paid', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: new Date('2026-11-25T19:59:00Z') }); // 23:59 Dubai
    addKeyedLine(db, id, aed('5'), undefined, T0);
    expect(getSale(db, id).businessDay).toBe('2026-11-25');
    const s = recordCashTender(db, id, aed('5'), new Date('2026-11-25T20:01:00Z')); // 00:01 Dubai
    expect(s.businessDay).toBe('2026-11-26');
  });

  it('marks a sale of AED 250.00 or more tax-free eligible and keeps its tag number', () => {
    const db = freshDb();
    const small = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, small, aed('249.99'), undefined, T0);
    expect(getSale(db, small).taxFreeEligible).toBe(false);
    const big = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, big, aed('250'), undefined, T0);
    expect(getSale(db, big).taxFreeEligible).toBe(true);
    expect(codeOf(() => setTaxFreeTag(db, big, 'TF-1', T0))).toBe('SALE_NOT_PAID');
    recordCashTender(db, big, aed('250'), T0);
    expect(setTaxFreeTag(db, big, ' TF-123456 ', T0, 'u-manager').taxFreeTag).toBe('TF-123456');
    recordCashTender(db, small, aed('250'), T0);
    expect(codeOf(() => setTaxFreeTag(db, small, 'TF-2', T0))).toBe('NOT_TAX_FREE_ELIGIBLE');
  });
});

describe('wallet payments from the journal', () => {
  it('commit with the journal transaction that records the success, invoice number included', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('12.50'), undefined, T0);
    const attempt = insertAttempt(db, id, 1250, 'sent');
    writeTx(db, () => {
      db.prepare("UPDATE attempts SET state = 'succeeded' WHERE id = ?").run(attempt);
      applyWalletPayment(db, id, attempt, money(1250), T0);
    });
    expect(getSale(db, id)).toMatchObject({ status: 'paid', invoiceNo: 1 });
  });

  it('vanish with a rolled-back journal transaction and give the invoice number back', () => {
    const db = freshDb();
    const first = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, first, aed('12.50'), undefined, T0);
    const attempt = insertAttempt(db, first, 1250, 'sent');
    const events = eventCount(db);
    expect(() =>
      writeTx(db, () => {
        applyWalletPayment(db, first, attempt, money(1250), T0);
        throw new Error('crash before the journal commits');
      }),
    ).toThrow(/crash/);
    expect(getSale(db, first)).toMatchObject({ status: 'open', invoiceNo: null, tenders: [] });
    expect(eventCount(db)).toBe(events);
    const second = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, second, aed('1'), undefined, T0);
    expect(recordCashTender(db, second, aed('1'), T0).invoiceNo).toBe(1);
  });

  it('apply once however often the success is replayed', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('12.50'), undefined, T0);
    const attempt = insertAttempt(db, id, 1250, 'succeeded');
    applyWalletPayment(db, id, attempt, money(1250), T0);
    const events = eventCount(db);
    const s = applyWalletPayment(db, id, attempt, money(1250), T0);
    expect(s.tenders).toHaveLength(1);
    expect(s.invoiceNo).toBe(1);
    expect(eventCount(db)).toBe(events);
  });

  it('are recorded, never refused, when money arrives for a sale already paid, and flagged for a refund', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('10'), undefined, T0);
    const attempt = insertAttempt(db, id, 1000, 'unknown');
    setAttemptState(db, attempt, 'failed'); // the cashier saw it fail, took cash…
    recordCashTender(db, id, aed('10'), T0);
    setAttemptState(db, attempt, 'succeeded'); // …then a late inquiry found it succeeded
    const s = applyWalletPayment(db, id, attempt, money(1000), T0);
    expect(s).toMatchObject({ status: 'paid', invoiceNo: 1, overpaid: money(1000) });
    const flagged = db.prepare("SELECT data FROM events WHERE type = 'sale.overpaid'").all() as { data: string }[];
    expect(flagged.map((r) => JSON.parse(r.data))).toEqual([expect.objectContaining({ attemptId: attempt, excessMinor: 1000 })]);
  });
});

describe('frozen lines', () => {
  it('cannot change once the sale is paid', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    const line = addKeyedLine(db, id, aed('5'), undefined, T0).lines[0]!;
    recordCashTender(db, id, aed('5'), T0);
    expect(codeOf(() => addKeyedLine(db, id, aed('1'), undefined, T0))).toBe('SALE_NOT_OPEN');
    expect(codeOf(() => removeLine(db, id, line.id, T0))).toBe('SALE_NOT_OPEN');
    expect(codeOf(() => setQuantity(db, id, line.id, 2, T0))).toBe('SALE_NOT_OPEN');
    expect(getSale(db, id).total).toEqual(money(500));
  });

  it('cannot change while a wallet payment might take money, and can again after it failed', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    const line = addKeyedLine(db, id, aed('5'), undefined, T0).lines[0]!;
    const attempt = insertAttempt(db, id, 500, 'awaiting_customer');
    expect(getSale(db, id).linesFrozen).toBe(true);
    expect(codeOf(() => addKeyedLine(db, id, aed('1'), undefined, T0))).toBe('SALE_LOCKED');
    expect(codeOf(() => setQuantity(db, id, line.id, 2, T0))).toBe('SALE_LOCKED');
    setAttemptState(db, attempt, 'failed');
    expect(addKeyedLine(db, id, aed('1'), undefined, T0).total).toEqual(money(600));
  });

  it('cannot change after part of the sale is paid', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('50'), undefined, T0);
    recordCardTender(db, id, aed('10'), T0);
    expect(codeOf(() => addKeyedLine(db, id, aed('1'), undefined, T0))).toBe('SALE_LOCKED');
  });
});

describe('voiding', () => {
  it('voids an unpaid sale, which never takes an invoice number', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('5'), undefined, T0);
    expect(voidSale(db, id, { now: T0, actor: 'u-manager', reason: 'customer left' })).toMatchObject({ status: 'voided', invoiceNo: null });
    expect(codeOf(() => voidSale(db, id, { now: T0 }))).toBe('VOID_REFUSED');
    expect(codeOf(() => addKeyedLine(db, id, aed('1'), undefined, T0))).toBe('SALE_NOT_OPEN');
  });

  it('refuses while a wallet payment is in flight, after part payment, and once paid', () => {
    const db = freshDb();
    const a = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, a, aed('5'), undefined, T0);
    insertAttempt(db, a, 500, 'unknown');
    expect(() => voidSale(db, a, { now: T0 })).toThrow(/unknown: wait for its result/);
    const b = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, b, aed('5'), undefined, T0);
    recordCashTender(db, b, aed('1'), T0, { partial: true });
    expect(codeOf(() => voidSale(db, b, { now: T0 }))).toBe('VOID_REFUSED');
    recordCashTender(db, b, aed('4'), T0);
    expect(() => voidSale(db, b, { now: T0 })).toThrow(/refund it instead/);
  });
});

describe('invoice numbers', () => {
  it('run 1, 2, 3… per terminal with no gap and no duplicate across many sales', () => {
    const db = freshDb();
    const paidOrder: Record<string, string[]> = { T1: [], T2: [] };
    for (let i = 0; i < 120; i++) {
      const terminalId = i % 3 === 0 ? 'T2' : 'T1';
      const id = createSale(db, { terminalId, now: T0 });
      addKeyedLine(db, id, money(100 + i), undefined, T0);
      if (i % 7 === 0) {
        voidSale(db, id, { now: T0 });
        continue;
      }
      if (i % 11 === 0) continue; // left open
      if (i % 2 === 0) recordCashTender(db, id, money(1000), T0);
      else {
        const attempt = insertAttempt(db, id, 100 + i, 'succeeded');
        applyWalletPayment(db, id, attempt, money(100 + i), T0);
      }
      paidOrder[terminalId]!.push(id);
    }
    for (const [terminal, ids] of Object.entries(paidOrder)) {
      expect(ids.map((id) => getSale(db, id).invoiceNo)).toEqual(ids.map((_, k) => k + 1));
      const numbers = db.prepare('SELECT invoice_no FROM sales WHERE terminal_id = ? AND invoice_no IS NOT NULL ORDER BY invoice_no').all(terminal) as { invoice_no: number }[];
      expect(numbers.map((r) => r.invoice_no)).toEqual(ids.map((_, k) => k + 1));
    }
    expect(db.prepare("SELECT COUNT(*) AS n FROM sales WHERE status != 'paid' AND invoice_no IS NOT NULL").get()).toEqual({ n: 0 });
  });

  it('cannot be given out of sequence or changed, even by hand', () => {
    const db = freshDb();
    const a = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, a, aed('1'), undefined, T0);
    recordCashTender(db, a, aed('1'), T0);
    const b = createSale(db, { terminalId: 'T1', now: T0 });
    expect(() => db.prepare('UPDATE sales SET invoice_no = 5 WHERE id = ?').run(b)).toThrow(/no gap/);
    expect(() => db.prepare('UPDATE sales SET invoice_no = 2 WHERE id = ?').run(a)).toThrow(/cannot change/);
  });
});

describe('the event log', () => {
  it('records every change of a sale and still verifies', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', cashierId: 'u-amira', now: T0 });
    const line = addKeyedLine(db, id, aed('5'), undefined, T0).lines[0]!;
    setQuantity(db, id, line.id, 3, T0);
    addKeyedLine(db, id, aed('1'), undefined, T0);
    removeLine(db, id, line.id, T0);
    recordCashTender(db, id, aed('2'), T0);
    const types = (db.prepare('SELECT type FROM events WHERE subject = ? ORDER BY seq').all(id) as { type: string }[]).map((r) => r.type);
    expect(types).toEqual(['sale.created', 'sale.line_added', 'sale.line_quantity', 'sale.line_added', 'sale.line_removed', 'sale.tender', 'sale.paid']);
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 7 });
  });
});

describe('the journal port', () => {
  it('tells the journal what a sale still owes, the invoice number it will get, and undefined for an unknown sale', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('30'), undefined, T0);
    recordCardTender(db, id, aed('10'), T0);
    expect(saleDue(db, id)).toEqual({ status: 'open', due: money(2000), nextInvoiceNo: 1 });
    // Another sale of the terminal paid first takes invoice 1: this one will be 2.
    const other = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, other, aed('5'), undefined, T0);
    recordCardTender(db, other, aed('5'), T0);
    expect(saleDue(db, id)).toEqual({ status: 'open', due: money(2000), nextInvoiceNo: 2 });
    // Paid in full: nothing is owed, and the next number is the terminal's next.
    recordCardTender(db, id, aed('20'), T0);
    expect(saleDue(db, id)).toEqual({ status: 'paid', due: money(0), nextInvoiceNo: 3 });
    expect(saleDue(db, 'nope')).toBeUndefined();
  });
});

describe('finding sales again', () => {
  it('resumes the open sale of a terminal after a restart', () => {
    const db = freshDb();
    expect(findOpenSale(db, 'T1')).toBeNull();
    const paid = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, paid, aed('1'), undefined, T0);
    recordCashTender(db, paid, aed('1'), T0);
    const open = createSale(db, { terminalId: 'T1', now: new Date(T0.getTime() + 60_000) });
    createSale(db, { terminalId: 'T2', now: new Date(T0.getTime() + 120_000) });
    expect(findOpenSale(db, 'T1')?.id).toBe(open);
  });

  it('finds a receipt by amount and time, newest first', () => {
    const db = freshDb();
    const ids = [0, 1, 2].map((k) => {
      const at = new Date(T0.getTime() + k * 3_600_000);
      const id = createSale(db, { terminalId: 'T1', now: at });
      addKeyedLine(db, id, aed(k === 1 ? '99' : '42.50'), undefined, at);
      recordCashTender(db, id, aed('100'), at);
      return id;
    });
    expect(findSales(db, { total: aed('42.50') }).map((s) => s.id)).toEqual([ids[2], ids[0]]);
    expect(findSales(db, { total: aed('42.50'), from: new Date(T0.getTime() + 1), to: new Date(T0.getTime() + 3 * 3_600_000) }).map((s) => s.id)).toEqual([ids[2]]);
    expect(findSales(db, { status: 'open' })).toEqual([]);
  });

  it('shows the wallet name, acquirer payment id and masked customer for the receipt', () => {
    const db = freshDb();
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    addKeyedLine(db, id, aed('12.50'), undefined, T0);
    const attempt = insertAttempt(db, id, 1250, 'succeeded');
    db.prepare("UPDATE attempts SET psp_name = 'ALIPAY_CN', payment_id = '2026112519074101000000000000001', customer_id = '138****0000', payment_time = '2026-11-25T18:00:01+08:00' WHERE id = ?").run(attempt);
    const s = applyWalletPayment(db, id, attempt, money(1250), T0);
    expect(s.tenders[0]!.wallet).toEqual({ pspName: 'ALIPAY_CN', paymentId: '2026112519074101000000000000001', customerId: '138****0000', paymentTime: '2026-11-25T18:00:01+08:00' });
  });
});
