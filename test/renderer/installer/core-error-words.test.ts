// Every error code the cashier and installer screens can get from the core has Arabic words, so an
// Arabic screen never falls back to the core's English sentence. The lists below are typed Records
// over the core's code unions: a code added there fails the type check here until it has words.
import { describe, expect, it } from 'vitest';
import { errorWords, wordsForCode } from '../../../renderer/i18n/errors.ts';
import { SALE_ERROR_CODES } from '../../../app/domain/sale.ts';
import { classifyScan, type ScanRejection } from '../../../app/domain/classify.ts';
import type { JournalErrorCode } from '../../../app/journal/errors.ts';
import type { UserErrorCode } from '../../../app/users/users.ts';
import type { ConfigErrorCode } from '../../../app/settings/config.ts';
import type { StoreError } from '../../../app/store/db.ts';

const all = <T extends string>(r: Record<T, true>): T[] => Object.keys(r) as T[];
const journal = all<JournalErrorCode>({ SALE_NOT_FOUND: true, SALE_ALREADY_PAID: true, SALE_NOT_OPEN: true, NOTHING_DUE: true, ATTEMPT_IN_PROGRESS: true, ATTEMPT_NOT_FOUND: true, ATTEMPT_IN_FLIGHT: true, ATTEMPT_FINAL: true, STALE_STATE: true, REFUND_NOT_FOUND: true, REFUND_NOT_ALLOWED: true, REFUND_EXCEEDS_PAID: true, INVALID_INPUT: true });
const users = all<UserErrorCode>({ WRONG_PIN: true, LOCKED: true, USER_DISABLED: true, NO_SUCH_USER: true, NAME_TAKEN: true, NOT_ALLOWED: true, NO_MANAGER: true, PIN_FORMAT: true, INVALID_USER: true, SHIFT_REQUIRED: true });
const config = all<ConfigErrorCode>({ CONFIG_UNREADABLE: true, CONFIG_NOT_JSON: true, CONFIG_INVALID: true, CONFIG_WRITE_FAILED: true, CONFIG_SEALED: true, CONFIG_SEALED_UNREADABLE: true, CONFIG_SEAL_FAILED: true });
const store = all<StoreError['code']>({ DISK_FULL: true, DISK_IO: true, DB_BUSY: true, DB_CORRUPT: true, DB_TOO_NEW: true, DB_OPEN_FAILED: true });
const scans = all<ScanRejection>({ EMPTY: true, NOT_DIGITS: true, WRONG_LENGTH: true, BAD_CHECK_DIGIT: true, WALLET_PREFIX_WRONG_LENGTH: true }).map((r) => `SCAN_${r}`);
// The contract's own codes, the scan outcomes of scan.submit, the host, storage, serial scanners and shifts.
const others = ['UNKNOWN_CALL', 'UNAUTHORIZED', 'FORBIDDEN_SENDER', 'NOT_FOUND', 'NOT_AVAILABLE', 'INTERNAL', 'HOST_UNREACHABLE', 'HOST_BAD_REPLY', 'WALLET_NOT_SUPPORTED', 'NOT_AWAITING_CODE', 'AWAITING_CODE', 'NO_SALE', 'CATALOGUE_INVALID', 'SETTINGS_INVALID', 'CODE_NEEDED', 'SANDBOX_UNREACHABLE', 'PORT_BUSY', 'PORT_FAILED', 'PORT_NOT_FOUND', 'PORT_NOT_SERIAL', 'PORT_PERMISSION', 'PORT_SETTINGS', 'PORT_TIMEOUT', 'SCANNER_DUPLICATE', 'SCANNER_SETTINGS', 'SCANNER_UNKNOWN', 'SCAN_TIMEOUT', 'SCAN_TOO_LONG', 'SCAN_INCOMPLETE', 'SHIFT_REQUIRED', 'PAYMENT_IN_PROGRESS', 'INVALID_AMOUNT', 'WEDGE_IME_COMPOSING', 'EXPIRED_CODE', 'USER_BALANCE_NOT_ENOUGH', 'DISK_IO', 'JOURNAL_FILE_REPLACED', 'FORBIDDEN'];

describe('words for the core’s error codes', () => {
  it.each([...journal, ...users, ...config, ...store, ...SALE_ERROR_CODES, ...scans, ...others])('%s has Arabic words', (code) => {
    const ar = wordsForCode(code, 'ar');
    expect(ar).toMatch(/[\u0600-\u06FF]{3,}/);
    expect(wordsForCode(code, 'en')).toMatch(/[a-z]{3,}/);
  });

  it('an English screen keeps the core’s own sentence; an Arabic one says the code’s words, and the sentence only for a code without words', () => {
    const sentence = 'Name or PIN not recognised. 4 tries left before Ivan is locked for 5 minutes.';
    expect(errorWords('en', 'WRONG_PIN', sentence)).toBe(sentence);
    expect(errorWords('ar', 'WRONG_PIN', sentence)).toBe('الاسم أو الرقم السري غير صحيح.');
    expect(errorWords('ar', 'SOMETHING_NEW', 'Something new happened.')).toBe('Something new happened.');
  });

  it('a rejected scan is worded by its reason code, whatever its English sentence says', () => {
    const c = classifyScan('4006381333932'); // EAN-13 with a wrong check digit
    expect(c.kind === 'unknown' && c.rejection).toBe('BAD_CHECK_DIGIT');
    expect(errorWords('ar', 'SCAN_BAD_CHECK_DIGIT', c.kind === 'unknown' ? c.reason : '')).toContain('رقم التحقق');
  });
});
