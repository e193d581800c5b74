import { describe, expect, it } from 'vitest';
import { describeCatalogueErrors, parseCatalogueCsv, splitCsv, validateCatalogueCode } from '../../app/domain/catalogue.ts';

function errorsOf(csv: string) {
  const r = parseCatalogueCsv(csv);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('catalogue CSV', () => {
  it('reads products with decimal AED prices, quotes and Arabic-Indic digits', () => {
    const csv = '\uFEFFean,name,price\r\n4006381333931,Pen,4.5\r\n96385074,"Dates, Medjool 1 kg",١٢٫٥٠\r\n036000291452,"Tissues ""soft""",10\r\nA-100,Gift wrap,0.50\r\n';
    const r = parseCatalogueCsv(csv);
    expect(r).toEqual({
      ok: true,
      items: [
        { ean: '4006381333931', name: 'Pen', priceMinor: 450, line: 2 },
        { ean: '96385074', name: 'Dates, Medjool 1 kg', priceMinor: 1250, line: 3 },
        { ean: '036000291452', name: 'Tissues "soft"', priceMinor: 1000, line: 4 },
        { ean: 'A-100', name: 'Gift wrap', priceMinor: 50, line: 5 },
      ],
    });
  });

  it('takes the columns in any order, ignores extra ones and reads semicolon files', () => {
    expect(parseCatalogueCsv('Price,EAN,category,Name\n4.50,4006381333931,office,Pen\n')).toMatchObject({ ok: true, items: [{ ean: '4006381333931', name: 'Pen', priceMinor: 450 }] });
    expect(parseCatalogueCsv('ean;name;price\n4006381333931;Pen;4.50\n')).toMatchObject({ ok: true, items: [{ priceMinor: 450 }] });
  });

  it('reports every bad line by its number, with what is wrong', () => {
    const csv = [
      'ean,name,price',
      '4006381333931,Pen,4.50',
      '4006381333932,Bad check,1', // line 3
      '96385074,,2', // line 4
      '036000291452,Tissues,12.505', // line 5
      '4006381333931,Pen again,4.50', // line 6: duplicate of line 2
      '2810012345678902345,Wallet shaped,1', // line 7
      '12345678,Too,many,columns', // line 8
      '',
      '0036000291452,UPC as EAN-13,-1', // line 10: price, and the same product as line 5 (never imported)
    ].join('\n');
    const errors = errorsOf(csv);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    const by = Object.fromEntries(errors.map((e) => [e.line, e.message]));
    expect(by[3]).toMatch(/looks like an EAN-13 but its check digit is wrong/);
    expect(by[4]).toMatch(/name is empty/);
    expect(by[5]).toMatch(/"12.505" is not an amount/);
    expect(by[6]).toMatch(/already on line 2/);
    expect(by[7]).toMatch(/wallet payment code/);
    expect(by[8]).toMatch(/4 columns where the header has 3/);
    expect(by[10]).toMatch(/not an amount/);
    expect(describeCatalogueErrors(errors)).toMatch(/^Nothing was imported: fix lines 3, 4, 5, 6, 7, 8, 10\./);
  });

  it('refuses a file without the header or with broken quotes', () => {
    expect(errorsOf('')[0]!.message).toMatch(/empty/);
    expect(errorsOf('4006381333931,Pen,4.50\n')[0]!.message).toMatch(/missing: ean, name, price/);
    expect(errorsOf('ean,name,price\n4006381333931,"Pen,4.50\n')[0]).toEqual({ line: 2, message: expect.stringMatching(/never closed/) });
    expect(errorsOf('ean,name,price\n4006381333931,Pe"n",4.50\n')[0]!.line).toBe(2);
  });

  it('keeps the starting line of a record whose quoted name spans lines', () => {
    const { records } = splitCsv('a,b\n"x\ny",z\nw,v');
    expect(records.map((r) => [r.line, r.fields])).toEqual([[1, ['a', 'b']], [2, ['x\ny', 'z']], [4, ['w', 'v']]]);
  });

  it('accepts shop SKUs but not codes shaped like barcodes with bad check digits', () => {
    expect(validateCatalogueCode('SKU-12/b')).toEqual({ ok: true, code: 'SKU-12/b' });
    expect(validateCatalogueCode('12345')).toEqual({ ok: true, code: '12345' });
    expect(validateCatalogueCode('96385075')).toMatchObject({ ok: false, message: expect.stringMatching(/EAN-8/) });
    expect(validateCatalogueCode('has space')).toMatchObject({ ok: false });
  });
});
