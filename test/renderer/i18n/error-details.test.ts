// The facts the core sends beside its English sentence (details) said in the screen's words.
import { describe, expect, it } from 'vitest';
import { errorWords, lockEndsAt, wordsForError } from '../../../renderer/i18n/errors.ts';
import { shiftErrorText } from '../../../renderer/i18n/shift.ts';

const WRONG = 'Name or PIN not recognised. 3 tries left before Omar is locked for 5 minutes.';
const LOCKED = 'Too many wrong PINs: Omar is locked. Try again in 5 minutes, or ask a manager to unlock.';
// 18:05 UTC is 22:05 in Dubai (UTC+4, no daylight saving).
const NOW = new Date('2026-11-25T18:00:00Z');
const UNTIL = '2026-11-25T18:05:00.000Z';

describe('error words with the facts the core sent', () => {
  it('a wrong PIN in Arabic says how many tries are left before the lock', () => {
    expect(errorWords('ar', 'WRONG_PIN', WRONG, { triesLeft: 3 })).toBe('الاسم أو الرقم السري غير صحيح. بقيت 3 محاولات قبل القفل.');
    expect(errorWords('ar', 'WRONG_PIN', WRONG, { triesLeft: 1 })).toBe('الاسم أو الرقم السري غير صحيح. بقيت محاولة واحدة قبل القفل.');
  });

  it('English keeps the core’s own sentence, details or not', () => {
    expect(errorWords('en', 'WRONG_PIN', WRONG, { triesLeft: 3 })).toBe(WRONG);
    expect(errorWords('en', 'LOCKED', LOCKED, { lockedUntil: UNTIL }, NOW)).toBe(LOCKED);
  });

  it('a lock in Arabic says until when, in Dubai time with Western digits, isolated left to right', () => {
    const words = errorWords('ar', 'LOCKED', LOCKED, { lockedUntil: UNTIL, msLeft: 300_000 }, NOW);
    expect(words).toBe('محاولات خاطئة كثيرة: هذا المستخدم مقفل حتى \u206622:05\u2069 بتوقيت دبي. حاول لاحقًا أو اطلب من المدير فتح القفل.');
    expect(words).not.toMatch(/[\u0660-\u0669]/);
  });

  it('a lock that ends on another Dubai day names the day too', () => {
    // 21:00 UTC is already 01:00 the next day in Dubai.
    expect(lockEndsAt('2026-11-25T21:00:00Z', 'en', NOW)).toBe('26 November at 01:00');
    expect(lockEndsAt('2026-11-25T21:00:00Z', 'ar', NOW)).toMatch(/^26 نوفمبر .*01:00$/);
  });

  it('without details, or with facts that are not what they claim, the plain words are said', () => {
    const plain = 'الاسم أو الرقم السري غير صحيح.';
    expect(errorWords('ar', 'WRONG_PIN', WRONG)).toBe(plain);
    expect(errorWords('ar', 'WRONG_PIN', WRONG, { triesLeft: '3' })).toBe(plain);
    expect(errorWords('ar', 'WRONG_PIN', WRONG, { triesLeft: -1 })).toBe(plain);
    expect(errorWords('ar', 'WRONG_PIN', WRONG, { triesLeft: 2.5 })).toBe(plain);
    expect(errorWords('ar', 'LOCKED', LOCKED, { lockedUntil: 'soon' }, NOW)).toBe(wordsForError('LOCKED', 'ar'));
    expect(errorWords('ar', 'LOCKED', LOCKED, { lockedUntil: 5 }, NOW)).toBe(wordsForError('LOCKED', 'ar'));
  });

  it('details of one code do not leak into another’s words', () => {
    expect(errorWords('ar', 'USER_DISABLED', 'Omar is disabled: ask a manager.', { triesLeft: 3 })).toBe('هذا المستخدم معطّل: اسأل المدير.');
  });

  it('the cashier’s shift panel takes the tries left from the details, not from the English sentence', () => {
    expect(shiftErrorText('ar', 'WRONG_PIN', WRONG, { triesLeft: 2 })).toBe('الاسم أو الرقم السري غير صحيح. بقيت محاولتان قبل القفل.');
    // The sentence alone no longer decides the number: a reworded message cannot make it wrong.
    expect(shiftErrorText('ar', 'WRONG_PIN', WRONG, {})).toBe('الاسم أو الرقم السري غير صحيح.');
    expect(shiftErrorText('ar', 'LOCKED', LOCKED, { lockedUntil: UNTIL }, NOW)).toBe(
      'محاولات خاطئة كثيرة: الحساب مقفل حتى \u206622:05\u2069 بتوقيت دبي. حاول لاحقًا أو اطلب من المدير فتحه.',
    );
    expect(shiftErrorText('en', 'WRONG_PIN', WRONG, { triesLeft: 2 })).toBe(WRONG);
  });
});
