import { describe, expect, it } from 'vitest';
import { classifyScan, gs1CheckDigit, gs1CheckDigitValid, maskCode, normaliseScan } from '../../app/domain/classify.ts';
import { testRandom } from '../support/seed.ts';

const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

describe('wallet payment codes', () => {
  it('recognises an Alipay code at every prefix 25–30 and every length 16–32', () => {
    for (let p = 25; p <= 30; p++) {
      for (let n = 16; n <= 32; n++) {
        const code = String(p) + '1'.repeat(n - 2);
        expect(classifyScan(code)).toEqual({ kind: 'wallet', family: 'alipay', code, supported: true });
      }
    }
  });

  it('says a WeChat Pay code cannot be taken, and names the Hong Kong variant', () => {
    for (let p = 10; p <= 15; p++) {
      const r = classifyScan(`${p}3456789012345678`);
      expect(r).toMatchObject({ kind: 'wallet', family: 'wechat', supported: false });
      if (r.kind !== 'wallet') throw new Error('unreachable');
      expect(r.message).toMatch(/does not accept WeChat Pay/);
      expect(r.message?.includes('HK')).toBe(p === 15);
    }
  });

  it('says a UnionPay QR code cannot be taken', () => {
    const r = classifyScan('6212345678901234567');
    expect(r).toMatchObject({ kind: 'wallet', family: 'unionpay', supported: false });
    if (r.kind === 'wallet') expect(r.message).toMatch(/does not accept UnionPay/);
  });

  it('does not call 17- or 19-digit codes starting 10–15 WeChat, nor 18-digit codes starting 62 UnionPay', () => {
    expect(classifyScan('13345678901234567').kind).toBe('unknown');
    expect(classifyScan('1334567890123456789').kind).toBe('unknown');
    expect(classifyScan('621234567890123456').kind).toBe('unknown');
  });

  it('rejects codes starting like Alipay but too short or too long, without echoing the code', () => {
    for (const code of ['281234567890123', '281234567890123456789012345678901']) {
      const r = classifyScan(code);
      expect(r).toMatchObject({ kind: 'unknown', rejection: 'WALLET_PREFIX_WRONG_LENGTH' });
      if (r.kind === 'unknown') {
        expect(r.reason).not.toContain(code);
        expect(r.reason).toContain(maskCode(code));
      }
    }
  });

  it('does not take 24 or 31 as Alipay prefixes', () => {
    expect(classifyScan('2412345678901234').kind).toBe('unknown');
    expect(classifyScan('3112345678901234').kind).toBe('unknown');
  });
});

describe('product barcodes', () => {
  it('accepts EAN-13, UPC-A and EAN-8 with valid check digits', () => {
    expect(classifyScan('4006381333931')).toEqual({ kind: 'product', symbology: 'EAN-13', code: '4006381333931' });
    expect(classifyScan('036000291452')).toEqual({ kind: 'product', symbology: 'UPC-A', code: '036000291452' });
    expect(classifyScan('96385074')).toEqual({ kind: 'product', symbology: 'EAN-8', code: '96385074' });
    expect(classifyScan('6291041500213')).toMatchObject({ kind: 'product', symbology: 'EAN-13' }); // UAE GS1 prefix 629
  });

  it('says which barcode it looked like when the check digit is wrong', () => {
    expect(classifyScan('4006381333932')).toMatchObject({ kind: 'unknown', rejection: 'BAD_CHECK_DIGIT', reason: expect.stringMatching(/looks like an EAN-13 .* check digit is wrong/i) });
    expect(classifyScan('036000291453')).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/UPC-A/) });
    expect(classifyScan('96385075')).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/EAN-8/) });
  });

  it('accepts exactly one check digit of ten for random barcodes', () => {
    const random = testRandom('random barcodes');
    for (let i = 0; i < 200; i++) {
      const body = String(Math.floor(random() * 1e12)).padStart(12, '0');
      const valid = [...'0123456789'].filter((d) => gs1CheckDigitValid(body + d));
      expect(valid).toEqual([String(gs1CheckDigit(body))]);
    }
  });

  it('finds a shop SKU only through the catalogue lookup, and never before a wallet code', () => {
    const skus = new Set(['A-100', '12345', '2812345678901234']);
    const isCatalogueSku = (c: string) => skus.has(c);
    expect(classifyScan('A-100', { isCatalogueSku })).toEqual({ kind: 'product', symbology: 'SKU', code: 'A-100' });
    expect(classifyScan('12345', { isCatalogueSku })).toEqual({ kind: 'product', symbology: 'SKU', code: '12345' });
    expect(classifyScan('12345').kind).toBe('unknown');
    expect(classifyScan('2812345678901234', { isCatalogueSku })).toMatchObject({ kind: 'wallet', family: 'alipay' });
  });
});

describe('noise and other scripts', () => {
  it('reads Arabic-Indic, Persian and full-width digits as the same code', () => {
    const code = '28100123456782345';
    expect(classifyScan(toArabicIndic(code))).toMatchObject({ kind: 'wallet', code });
    expect(classifyScan('۹۶۳۸۵۰۷۴')).toMatchObject({ kind: 'product', code: '96385074' });
    expect(classifyScan('９６３８５０７４')).toMatchObject({ kind: 'product', code: '96385074' });
  });

  it('strips scanner framing and whitespace around the code', () => {
    for (const framed of ['\u00024006381333931\u0003', ' 4006381333931\r\n', '\t4006381333931\t', '\uFEFF4006381333931\u200B', '\u00004006381333931', ']E04006381333931']) {
      expect(classifyScan(framed)).toMatchObject({ kind: 'product', code: '4006381333931' });
    }
  });

  it('rejects empty and whitespace-only scans', () => {
    for (const t of ['', '   ', '\r\n', '\u0002\u0003']) expect(classifyScan(t)).toMatchObject({ kind: 'unknown', rejection: 'EMPTY' });
  });

  it('rejects text with letters or inner spaces and names the odd characters', () => {
    expect(classifyScan('4006381x33931')).toMatchObject({ kind: 'unknown', rejection: 'NOT_DIGITS', reason: expect.stringContaining('"x"') });
    expect(classifyScan('2810 0123 4567 8234')).toMatchObject({ kind: 'unknown', rejection: 'NOT_DIGITS', reason: expect.stringContaining('U+0020') });
    expect(classifyScan('https://qr.alipay.com/abc').kind).toBe('unknown');
  });

  it('rejects digit strings of lengths no family uses', () => {
    for (const t of ['7', '123456789', '12345678901', '91234567890123456789']) expect(classifyScan(t)).toMatchObject({ kind: 'unknown', rejection: 'WRONG_LENGTH' });
  });

  it('rejects line noise far longer than any code without echoing it', () => {
    const noise = '2810'.repeat(10_000);
    const r = classifyScan(noise);
    expect(r).toMatchObject({ kind: 'unknown', rejection: 'WRONG_LENGTH' });
    if (r.kind === 'unknown') expect(r.reason.length).toBeLessThan(200);
  });

  it('normalises without losing inner characters', () => {
    expect(normaliseScan(' a\u0002b ')).toBe('a\u0002b');
  });
});

describe('maskCode', () => {
  it('shows the first four and last four digits only', () => {
    expect(maskCode('281012345678902345')).toBe('2810…2345');
    expect(maskCode('281012345678902345')).not.toContain('12345678');
  });

  it('never shows more than half of a short code', () => {
    expect(maskCode('12345678')).toBe('…5678');
    expect(maskCode('123')).toBe('…3');
    expect(maskCode('')).toBe('…');
  });
});
