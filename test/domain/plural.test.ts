// Counted messages follow each language's plural rules: Arabic has six forms and its counted noun
// changes with the number, so "3 payments" and "11 payments" are worded differently.
import { describe, expect, it } from 'vitest';
import { counted, countedEn, pluralForm } from '../../app/domain/plural.ts';
import { countText, countedMessages, type CountedKey } from '../../renderer/i18n/counted.ts';

const ARABIC_COUNTS = [0, 1, 2, 3, 11, 100];

describe('plural forms', () => {
  it('Arabic sorts 0, 1, 2, 3, 11 and 100 into its six forms, by the last two digits past 100', () => {
    expect(ARABIC_COUNTS.map((n) => pluralForm('ar', n))).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect([10, 99, 101, 102, 103, 111, 1000].map((n) => pluralForm('ar', n))).toEqual(['few', 'many', 'other', 'other', 'few', 'many', 'other']);
    expect([0, 1, 2].map((n) => pluralForm('en', n))).toEqual(['other', 'one', 'other']);
  });

  it('the cashier’s journal queue is counted in Arabic with the right noun for 0, 1, 2, 3, 11 and 100', () => {
    expect(ARABIC_COUNTS.map((n) => countText('ar', 'queueWaiting', n))).toEqual([
      'لا شيء بانتظار الإرسال في السجل',
      'عملية واحدة بانتظار الإرسال في السجل',
      'عمليتان بانتظار الإرسال في السجل',
      '3 عمليات بانتظار الإرسال في السجل',
      '11 عملية بانتظار الإرسال في السجل',
      '100 عملية بانتظار الإرسال في السجل',
    ]);
  });

  it('a wrong PIN says the tries left in Arabic and English with the number’s own form', () => {
    expect(ARABIC_COUNTS.map((n) => countText('ar', 'wrongPinTriesLeft', n).replace('الاسم أو الرقم السري غير صحيح. ', ''))).toEqual([
      'لم تبقَ أي محاولة قبل القفل.',
      'بقيت محاولة واحدة قبل القفل.',
      'بقيت محاولتان قبل القفل.',
      'بقيت 3 محاولات قبل القفل.',
      'بقيت 11 محاولة قبل القفل.',
      'بقيت 100 محاولة قبل القفل.',
    ]);
    expect(countText('en', 'wrongPinTriesLeft', 1)).toBe('Name or PIN not recognised. 1 try left before the lock.');
    expect(countText('en', 'wrongPinTriesLeft', 3)).toBe('Name or PIN not recognised. 3 tries left before the lock.');
  });

  it('every counted message has six distinct Arabic forms with the count shown where the form needs it', () => {
    for (const key of Object.keys(countedMessages) as CountedKey[]) {
      const said = ARABIC_COUNTS.map((n) => countText('ar', key, n));
      // 100 ("other") and 11 ("many") may share a template, but never their text.
      expect(new Set(said).size, key).toBe(6);
      for (const [i, n] of ARABIC_COUNTS.entries()) {
        if (n >= 3) expect(said[i], `${key} ${n}`).toContain(String(n));
        expect(said[i], `${key} ${n}`).not.toMatch(/\{\w+\}|\(s\)/);
      }
      expect(countText('en', key, 1), key).not.toMatch(/\{\w+\}|\(s\)/);
    }
  });

  it('English says one payment, two payments, and fills the other facts of the sentence', () => {
    expect(countedEn(1, '{n} payment', '{n} payments')).toBe('1 payment');
    expect(countedEn(2, '{n} payment', '{n} payments')).toBe('2 payments');
    expect(countedEn(0, '{n} payment', '{n} payments')).toBe('0 payments');
    const message = { en: { one: '{day}: 1 sale', other: '{day}: {n} sales' }, ar: { zero: '{day}: لا مبيعات', one: '{day}: بيع واحد', two: '{day}: بيعان', few: '{day}: {n} مبيعات', many: '{day}: {n} بيعًا', other: '{day}: {n} بيع' } };
    expect(counted(message, 'en', 1, { day: '2026-11-25' })).toBe('2026-11-25: 1 sale');
    expect(counted(message, 'ar', 11, { day: '2026-11-25' })).toBe('2026-11-25: 11 بيعًا');
  });
});
