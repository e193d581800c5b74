import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATES, REFUND_STATES } from '../../app/domain/attempt.ts';
import { SALE_ERROR_CODES } from '../../app/domain/sale.ts';
import {
  ATTEMPT_STATE_WORDS,
  REFUND_STATE_WORDS,
  RESULT_CODE_WORDS,
  SALE_ERROR_WORDS,
  SCAN_REJECTION_WORDS,
  UNSUPPORTED_WALLET_WORDS,
  WORD_LANGS,
  resultCodeMessage,
  wordsIn,
  type Message,
} from '../../app/domain/result-words.ts';

// The codes of ACQUIRER.md's result table, read from its copy in test/fixtures.
const acquirerMd = readFileSync(new URL('../fixtures/acquirer-results.md', import.meta.url), 'utf8');
const resultsSection = acquirerMd.slice(acquirerMd.indexOf('### Results'));
// FAIL / PROCESSING / CANCELLED there are inquiry paymentStatus values, not result codes.
const documentedCodes = [...new Set([...resultsSection.matchAll(/`(?:[SFU] )?([A-Z][A-Z_]{3,})`/g)].map((x) => x[1]!))].filter(
  (c) => !['FAIL', 'PROCESSING', 'CANCELLED'].includes(c),
);

const ARABIC = /[\u0600-\u06FF]/;
const CJK = /[\u4E00-\u9FFF]/;

function expectComplete(name: string, msg: Message): void {
  expect(msg.audience.length, name).toBeGreaterThan(0);
  for (const lang of WORD_LANGS) {
    expect(msg.words[lang].what.trim(), `${name} ${lang}`).not.toBe('');
    expect(msg.words[lang].todo.trim(), `${name} ${lang}`).not.toBe('');
  }
  expect(msg.words.ar.what, `${name} ar`).toMatch(ARABIC);
  expect(msg.words['zh-CN'].what, `${name} zh`).toMatch(CJK);
}

describe('words for every outcome', () => {
  it('cover every result code in ACQUIRER.md, in English, Arabic and Chinese', () => {
    expect(documentedCodes.length).toBeGreaterThan(35);
    for (const code of documentedCodes) {
      expect(Object.keys(RESULT_CODE_WORDS), `words for ${code}`).toContain(code);
      expectComplete(code, resultCodeMessage(code));
    }
  });

  it('cover every attempt state, refund state, scan rejection, unsupported wallet and sale refusal', () => {
    for (const s of ATTEMPT_STATES) expectComplete(s, ATTEMPT_STATE_WORDS[s]);
    for (const s of REFUND_STATES) expectComplete(s, REFUND_STATE_WORDS[s]);
    for (const c of SALE_ERROR_CODES) expectComplete(c, SALE_ERROR_WORDS[c]);
    for (const [k, v] of Object.entries(SCAN_REJECTION_WORDS)) expectComplete(k, v);
    for (const [k, v] of Object.entries(UNSUPPORTED_WALLET_WORDS)) expectComplete(k, v);
  });

  it('tell the cashier to have the customer refresh an expired code', () => {
    expect(wordsIn(resultCodeMessage('EXPIRED_CODE'), 'en').todo).toMatch(/Ask the customer to refresh the payment code/);
    expect(resultCodeMessage('EXPIRED_CODE').audience).toContain('customer');
  });

  it('send configuration failures to the manager or installer, never blaming the customer', () => {
    for (const code of ['PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'INVALID_CONTRACT', 'CURRENCY_NOT_SUPPORT', 'MERCHANT_NOT_REGISTERED', 'PROCESS_FAIL', 'SYSTEM_ERROR', 'REPEAT_REQ_INCONSISTENT']) {
      const msg = resultCodeMessage(code);
      expect(msg.audience, code).not.toContain('customer');
      expect(msg.tone).toBe('problem');
      expect(msg.words.en.todo, code).toMatch(/not the customer’s fault.*call the manager/);
      expect(msg.words.en.fix, code).toBeTruthy();
      expect(msg.words.ar.todo, code).toContain('اتصل بالمدير');
    }
  });

  it('read the terminal’s own no-answer codes as "checking", and unknown codes as a problem for the manager', () => {
    for (const c of ['TIMEOUT', 'NETWORK', 'HTTP_503', 'MALFORMED', 'UNVERIFIED', 'payment_in_process']) expect(resultCodeMessage(c).tone, c).toBe('progress');
    expect(resultCodeMessage('SOMETHING_NEW')).toMatchObject({ tone: 'problem', audience: ['cashier', 'manager'] });
    expect(resultCodeMessage(undefined).tone).toBe('problem');
  });

  it('never suggest a second payment while the outcome is unknown', () => {
    expect(ATTEMPT_STATE_WORDS.unknown.words.en.todo).toMatch(/Do not take another payment/);
    expect(ATTEMPT_STATE_WORDS.needs_attention.words.en.todo).toMatch(/Do not charge the customer again/);
  });
});
