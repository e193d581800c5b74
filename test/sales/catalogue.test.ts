import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../app/domain/classify.ts';
import { CatalogueImportError, addProductLine, catalogueHas, createSale, importCatalogueCsv, listCatalogue } from '../../app/sales/index.ts';
import { eventCount, freshDb } from './fresh-db.ts';

const T0 = new Date('2026-11-25T10:00:00Z');

describe('importing the catalogue', () => {
  it('adds products the cashier can then scan onto a sale', () => {
    const db = freshDb();
    expect(importCatalogueCsv(db, 'ean,name,price\n4006381333931,Pen,4.50\nA-100,Gift wrap,1\n', { now: T0, actor: 'u-manager' })).toEqual({ added: 2, updated: 0, unchanged: 0 });
    const id = createSale(db, { terminalId: 'T1', now: T0 });
    expect(addProductLine(db, id, '4006381333931', 2, T0).total.minor).toBe(900);
    const sku = classifyScan('A-100', { isCatalogueSku: (c) => catalogueHas(db, c) });
    expect(sku).toEqual({ kind: 'product', symbology: 'SKU', code: 'A-100' });
    expect(listCatalogue(db, { query: 'pe' }).map((e) => e.name)).toEqual(['Pen']);
    const ev = db.prepare("SELECT actor, data FROM events WHERE type = 'catalogue.imported'").get() as { actor: string; data: string };
    expect(ev.actor).toBe('u-manager');
    expect(JSON.parse(ev.data)).toMatchObject({ added: 2 });
  });

  it('updates prices of known products, a UPC-A and its EAN-13 form being one product', () => {
    const db = freshDb();
    importCatalogueCsv(db, 'ean,name,price\n036000291452,Tissues,10\n96385074,Dates,25\n', { now: T0 });
    expect(importCatalogueCsv(db, 'ean,name,price\n0036000291452,Tissues,11\n96385074,Dates,25\n', { now: T0 })).toEqual({ added: 0, updated: 1, unchanged: 1 });
    expect(listCatalogue(db)).toEqual([
      { ean: '96385074', name: 'Dates', priceMinor: 2500 },
      { ean: '036000291452', name: 'Tissues', priceMinor: 1100 },
    ]);
  });

  it('imports nothing when any line is bad, and names the bad lines', () => {
    const db = freshDb();
    importCatalogueCsv(db, 'ean,name,price\n96385074,Dates,25\n', { now: T0 });
    const before = { rows: listCatalogue(db), events: eventCount(db) };
    let err: unknown;
    try {
      importCatalogueCsv(db, 'ean,name,price\n4006381333931,Pen,4.50\n96385074,Dates,30\n4006381333932,Bad,1\n,Nameless,2\n', { now: T0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CatalogueImportError);
    expect((err as CatalogueImportError).code).toBe('CATALOGUE_INVALID');
    expect((err as CatalogueImportError).errors.map((e) => e.line)).toEqual([4, 5]);
    expect((err as Error).message).toMatch(/Nothing was imported: fix lines 4, 5/);
    expect(listCatalogue(db)).toEqual(before.rows);
    expect(eventCount(db)).toBe(before.events);
  });
});
