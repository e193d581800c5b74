import { describe, expect, it } from 'vitest';
import { MoneyError, addMoney, formatMoney, money, normaliseDigits, parseAmount, parseMinorUnits, toDecimalString } from '../../app/domain/money.ts';

const rejects = (text: string) => {
  try {
    parseAmount(text);
  } catch (e) {
    expect(e).toBeInstanceOf(MoneyError);
    expect((e as MoneyError).code).toBe('INVALID_AMOUNT');
    return (e as Error).message;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('parsing what a cashier types', () => {
  it('reads "12.5", "12.50" and Arabic-Indic "١٢٫٥٠" as AED 12.50', () => {
    for (const t of ['12.5', '12.50', '١٢٫٥٠', '۱۲٫۵', ' 12.50 ', '１２.５０']) expect(parseAmount(t)).toEqual({ minor: 1250, currency: 'AED' });
  });

  it('reads whole amounts, thousands separators and bare decimals', () => {
    expect(parseAmount('12').minor).toBe(1200);
    expect(parseAmount('1,250.00').minor).toBe(125000);
    expect(parseAmount('١٬٢٥٠').minor).toBe(125000);
    expect(parseAmount('.5').minor).toBe(50);
    expect(parseAmount('0').minor).toBe(0);
    expect(parseAmount('8.88', 'CNY')).toEqual({ minor: 888, currency: 'CNY' });
  });

  it('rejects a fraction of a fils, negatives and non-numbers with words that say why', () => {
    expect(rejects('12.505')).toMatch(/Too many decimals for AED.*0\.01/);
    expect(rejects('-1')).toMatch(/cannot be negative/);
    expect(rejects('abc')).toMatch(/Not an amount: "abc"/);
    expect(rejects('12,50')).toMatch(/Use a point for decimals.*12\.50/);
    for (const t of ['', '.', '1e3', '0x10', '+1', 'Infinity', '1.2.3', '1,25,0', '12 50', 'AED 12']) rejects(t);
    expect(rejects('99999999999999999')).toMatch(/too large/);
  });

  it('never goes through a float: every two-decimal text round-trips exactly', () => {
    for (let minor = 0; minor < 100_000; minor += 97) {
      expect(parseAmount(toDecimalString(money(minor))).minor).toBe(minor);
    }
    expect(parseAmount('90071992547409.91').minor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads the acquirer\'s minor-unit strings leniently and nothing else', () => {
    expect(parseMinorUnits('15050', 'AED')).toEqual(money(15050));
    expect(parseMinorUnits(15050, 'AED')).toEqual(money(15050));
    for (const v of ['150.50', '-1', null, {}, '']) expect(() => parseMinorUnits(v, 'AED')).toThrow(MoneyError);
  });

  it('refuses to add different currencies or build non-integer amounts', () => {
    expect(() => addMoney(money(1), money(1, 'CNY'))).toThrow(/Cannot add AED to CNY/);
    expect(() => money(1.5)).toThrow(MoneyError);
    expect(addMoney(money(150), money(250))).toEqual(money(400));
  });

  it('turns Arabic-Indic, Persian and full-width digits into ASCII', () => {
    expect(normaliseDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ０１２３４５６７８９')).toBe('0123456789 0123456789 0123456789');
  });
});

// Intl puts a no-break space between the currency and the number (so a line never splits there).
const plain = (s: string) => s.replace(/\u00A0/g, ' ');

describe('formatting for screens and receipts', () => {
  it('shows AED with Western digits in English, Arabic and Chinese', () => {
    const m = money(123456);
    expect(plain(formatMoney(m, 'en-AE'))).toBe('AED 1,234.56');
    expect(plain(formatMoney(m, 'zh-CN'))).toBe('AED 1,234.56');
    const ar = formatMoney(m, 'ar-AE');
    expect(ar).toContain('1,234.56');
    expect(ar).toContain('د.إ');
    expect(ar).not.toMatch(/[\u0660-\u0669]/);
  });

  it('shows CNY for the indicative amount on the customer display', () => {
    expect(plain(formatMoney(money(888, 'CNY'), 'zh-CN'))).toBe('¥8.88');
  });

  it('keeps every fils of large amounts', () => {
    expect(plain(formatMoney(money(Number.MAX_SAFE_INTEGER), 'en-AE'))).toBe('AED 90,071,992,547,409.91');
    expect(toDecimalString(money(5))).toBe('0.05');
    expect(toDecimalString(money(-150))).toBe('-1.50');
  });
});
