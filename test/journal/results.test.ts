import { describe, expect, it } from 'vitest';
import type { AcquirerReply } from '../../app/acquirer/link.ts';
import {
  FAIL_CLASS_OF,
  cancelOutcome,
  failWords,
  inquiryOutcome,
  payOutcome,
  refundInquiryOutcome,
  refundOutcome,
} from '../../app/acquirer/antom/results.ts';

const answered = (resultStatus: 'S' | 'F' | 'U', resultCode: string, body: Record<string, unknown> = {}): AcquirerReply => {
  const full = { result: { resultStatus, resultCode, resultMessage: `${resultCode} words` }, ...body };
  return { kind: 'answered', result: full.result, body: full, rawBody: JSON.stringify(full) };
};
/** The request every reply below answers: pay/inquiry/cancel T01-P1 for AED 1.00, refund T01-R1 for AED 0.50. */
const ASK = { paymentRequestId: 'T01-P1', amount: { minor: 100, currency: 'AED' as const } };
const RASK = { refundRequestId: 'T01-R1', amount: { minor: 50, currency: 'AED' as const } };
const PAID = { paymentAmount: { currency: 'AED', value: '100' } };
const REFUNDED = { refundAmount: { currency: 'AED', value: '50' } };
const noAnswer = (reason: 'timeout' | 'network' | 'http' | 'malformed' | 'unverified'): AcquirerReply => ({ kind: 'no_answer', reason, detail: reason, httpStatus: reason === 'http' ? 502 : undefined });

describe('pay results (ACQUIRER.md result table)', () => {
  it('a signed S on a scanned code is paid, with the wallet and masked customer', () => {
    const o = payOutcome(answered('S', 'SUCCESS', { ...PAID, paymentId: 'PAY1', paymentTime: '2026-11-25T10:00:00+04:00', pspCustomerInfo: { pspName: 'ALIPAY_CN', displayCustomerId: '138****0000' } }), 'PaymentCode', ASK);
    expect(o).toEqual({ kind: 'succeed', paymentId: 'PAY1', paymentTime: '2026-11-25T10:00:00+04:00', pspName: 'ALIPAY_CN', customerId: '138****0000' });
  });

  it('a signed S on an order code means the QR exists, not that money moved', () => {
    const o = payOutcome(
      answered('S', 'SUCCESS', { paymentId: 'P', orderCodeForm: { expireTime: '2026-11-25T10:05:00+04:00', codeDetails: [{ codeValue: 'https://qr.alipay.com/x', codeValueType: 'QRCODE', displayType: 'TEXT' }] } }),
      'OrderCode',
      ASK,
    );
    expect(o).toMatchObject({ kind: 'qr_created', orderCode: 'https://qr.alipay.com/x', orderExpiresAt: '2026-11-25T10:05:00+04:00' });
  });

  it('an order code S without a QR is unknown, not a QR to show', () => {
    expect(payOutcome(answered('S', 'SUCCESS', {}), 'OrderCode', ASK).kind).toBe('unknown');
  });

  it.each(['timeout', 'network', 'http', 'malformed', 'unverified'] as const)('no usable answer (%s) is unknown, never failed', (reason) => {
    const o = payOutcome(noAnswer(reason), 'PaymentCode', ASK);
    expect(o).toMatchObject({ kind: 'unknown', noAnswer: true, linkDown: reason === 'timeout' || reason === 'network' });
  });

  it.each(['PAYMENT_IN_PROCESS', 'UNKNOWN_EXCEPTION'])('U %s is unknown', (code) => {
    expect(payOutcome(answered('U', code), 'PaymentCode', ASK)).toMatchObject({ kind: 'unknown', rateLimited: false, noAnswer: false });
  });

  it('U REQUEST_TRAFFIC_EXCEED_LIMIT is unknown and asks to back off', () => {
    expect(payOutcome(answered('U', 'REQUEST_TRAFFIC_EXCEED_LIMIT'), 'PaymentCode', ASK)).toMatchObject({ kind: 'unknown', rateLimited: true });
  });

  const classes: [string[], string][] = [
    [['EXPIRED_CODE', 'INVALID_CODE', 'INVALID_PAYMENT_CODE'], 'refresh_code'],
    [['USER_BALANCE_NOT_ENOUGH', 'USER_AMOUNT_EXCEED_LIMIT', 'PAYMENT_AMOUNT_EXCEED_LIMIT', 'PAYMENT_COUNT_EXCEED_LIMIT', 'USER_STATUS_ABNORMAL', 'USER_NOT_EXIST', 'USER_KYC_NOT_QUALIFIED', 'USER_PAYMENT_VERIFICATION_FAILED', 'VERIFY_TIMES_EXCEED_LIMIT'], 'declined'],
    [['RISK_REJECT', 'FRAUD_REJECT', 'SUSPECTED_RISK'], 'risk'],
    [['ORDER_IS_CLOSED'], 'closed'],
    [['PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'ACCESS_DENIED', 'INVALID_CONTRACT', 'CURRENCY_NOT_SUPPORT', 'MERCHANT_NOT_REGISTERED', 'PROCESS_FAIL', 'SYSTEM_ERROR'], 'config'],
  ];
  for (const [codes, cls] of classes) {
    it.each(codes)(`F %s fails the attempt as ${cls}`, (code) => {
      expect(payOutcome(answered('F', code), 'PaymentCode', ASK)).toMatchObject({ kind: 'fail', code, class: cls });
    });
  }

  it('every F code of the table has a class', () => {
    expect(Object.keys(FAIL_CLASS_OF)).toHaveLength(classes.flatMap(([c]) => c).length);
  });

  it('F REPEAT_REQ_INCONSISTENT is our bug, never a retry', () => {
    expect(payOutcome(answered('F', 'REPEAT_REQ_INCONSISTENT'), 'PaymentCode', ASK).kind).toBe('our_bug');
  });

  it('an F code outside the table is a final failure showing the code (as the acquirer SDK treats every F), not 45 s of inquiries', () => {
    const o = payOutcome(answered('F', 'SOMETHING_NEW'), 'PaymentCode', ASK);
    expect(o).toMatchObject({ kind: 'fail', code: 'SOMETHING_NEW', class: 'refused' });
    expect(failWords(o as { code: string; class: 'refused' })).toContain('SOMETHING_NEW');
  });
});

describe('inquiry results', () => {
  it('S only means the query worked: paymentStatus decides', () => {
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'SUCCESS', paymentId: 'P9', ...PAID }), ASK)).toMatchObject({ kind: 'succeed', paymentId: 'P9' });
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'FAIL', paymentResultCode: 'USER_BALANCE_NOT_ENOUGH' }), ASK)).toMatchObject({ kind: 'fail', code: 'USER_BALANCE_NOT_ENOUGH', class: 'declined' });
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'CANCELLED' }), ASK).kind).toBe('cancelled');
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'PROCESSING' }), ASK).kind).toBe('processing');
    expect(inquiryOutcome(answered('S', 'SUCCESS', {}), ASK).kind).toBe('unknown');
  });

  it('ORDER_NOT_EXIST asks for a resend while the code is young', () => {
    expect(inquiryOutcome(answered('F', 'ORDER_NOT_EXIST'), ASK).kind).toBe('resend_if_young');
  });

  it('a refused query for configuration reasons leaves the payment unknown', () => {
    expect(inquiryOutcome(answered('F', 'INVALID_SIGNATURE'), ASK).kind).toBe('config');
    expect(inquiryOutcome(answered('U', 'REQUEST_TRAFFIC_EXCEED_LIMIT'), ASK)).toMatchObject({ kind: 'unknown', rateLimited: true });
    expect(inquiryOutcome(noAnswer('unverified'), ASK).kind).toBe('unknown');
  });
});

describe('cancel results', () => {
  it('S and ORDER_NOT_EXIST confirm the cancel', () => {
    expect(cancelOutcome(answered('S', 'SUCCESS'), ASK).kind).toBe('cancel_confirmed');
    expect(cancelOutcome(answered('F', 'ORDER_NOT_EXIST'), ASK).kind).toBe('cancel_confirmed');
  });
  it.each(['ORDER_STATUS_INVALID', 'CANCEL_WINDOW_EXCEED', 'SOMETHING_NEW'])('F %s is refused: inquire, then refund if paid', (code) => {
    expect(cancelOutcome(answered('F', code), ASK).kind).toBe('cancel_refused');
  });
  it('U or no answer is retried', () => {
    expect(cancelOutcome(answered('U', 'UNKNOWN_EXCEPTION'), ASK).kind).toBe('unknown');
    expect(cancelOutcome(noAnswer('timeout'), ASK).kind).toBe('unknown');
  });
  it('REPEAT_REQ_INCONSISTENT is our bug', () => {
    expect(cancelOutcome(answered('F', 'REPEAT_REQ_INCONSISTENT'), ASK).kind).toBe('our_bug');
  });
});

describe('refund results', () => {
  it('S is refunded', () => {
    expect(refundOutcome(answered('S', 'SUCCESS', { refundId: 'RF1', refundTime: 't', ...REFUNDED }), RASK)).toEqual({ kind: 'refunded', refundId: 'RF1', refundTime: 't' });
  });
  it.each(['REFUND_AMOUNT_EXCEED', 'REFUND_WINDOW_EXCEED', 'ORDER_IS_CANCELED'])('F %s: refund impossible, show the manager and stop', (code) => {
    expect(refundOutcome(answered('F', code), RASK).kind).toBe('refund_impossible');
  });
  it('U or timeout is retried with the same refundRequestId', () => {
    expect(refundOutcome(answered('U', 'UNKNOWN_EXCEPTION'), RASK).kind).toBe('unknown');
    expect(refundOutcome(noAnswer('timeout'), RASK).kind).toBe('unknown');
  });
  it('refund inquiry reads refundStatus', () => {
    expect(refundInquiryOutcome(answered('S', 'SUCCESS', { refundStatus: 'SUCCESS', refundId: 'R', ...REFUNDED }), RASK).kind).toBe('refunded');
    expect(refundInquiryOutcome(answered('S', 'SUCCESS', { refundStatus: 'FAIL' }), RASK).kind).toBe('refund_failed');
    expect(refundInquiryOutcome(answered('S', 'SUCCESS', { refundStatus: 'PROCESSING' }), RASK).kind).toBe('processing');
    expect(refundInquiryOutcome(answered('F', 'ORDER_NOT_EXIST'), RASK).kind).toBe('resend');
  });
});

describe('a reply is evidence only about the request it names', () => {
  it('a pay success naming another paymentRequestId is unknown, with the field that differed', () => {
    const o = payOutcome(answered('S', 'SUCCESS', { ...PAID, paymentRequestId: 'T01-P2', paymentId: 'X' }), 'PaymentCode', ASK);
    expect(o).toMatchObject({ kind: 'unknown', code: 'REPLY_MISMATCH', noAnswer: false, mismatch: [{ field: 'paymentRequestId', expected: 'T01-P1', got: 'T01-P2' }] });
  });
  it('a pay success without an amount, or for another amount or currency, is unknown', () => {
    expect(payOutcome(answered('S', 'SUCCESS', { paymentId: 'X' }), 'PaymentCode', ASK)).toMatchObject({ kind: 'unknown', mismatch: [{ field: 'paymentAmount', expected: 'AED 100', got: '(none)' }] });
    expect(payOutcome(answered('S', 'SUCCESS', { paymentAmount: { currency: 'AED', value: '1' } }), 'PaymentCode', ASK)).toMatchObject({ kind: 'unknown', mismatch: [{ got: 'AED 1' }] });
    expect(payOutcome(answered('S', 'SUCCESS', { paymentAmount: { currency: 'CNY', value: '100' } }), 'PaymentCode', ASK).kind).toBe('unknown');
    expect(payOutcome(answered('S', 'SUCCESS', { paymentAmount: { currency: 'AED', value: '100.0' } }), 'PaymentCode', ASK).kind).toBe('unknown');
    expect(payOutcome(answered('S', 'SUCCESS', { paymentAmount: { currency: 'AED', value: 100 } }), 'PaymentCode', ASK).kind).toBe('succeed');
  });
  it('a failure or a cancel about another payment is no answer either', () => {
    expect(payOutcome(answered('F', 'USER_BALANCE_NOT_ENOUGH', { paymentRequestId: 'T01-P2' }), 'PaymentCode', ASK).kind).toBe('unknown');
    expect(cancelOutcome(answered('S', 'SUCCESS', { paymentRequestId: 'T01-P2' }), ASK).kind).toBe('unknown');
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'FAIL', paymentRequestId: 'T01-P2' }), ASK).kind).toBe('unknown');
  });
  it('an inquiry success must carry the amount asked', () => {
    expect(inquiryOutcome(answered('S', 'SUCCESS', { paymentStatus: 'SUCCESS', paymentRequestId: 'T01-P1' }), ASK)).toMatchObject({ kind: 'unknown', mismatch: [{ field: 'paymentAmount' }] });
  });
  it('a refund success naming another refundRequestId or amount is unknown', () => {
    expect(refundOutcome(answered('S', 'SUCCESS', { ...REFUNDED, refundRequestId: 'T01-R2' }), RASK)).toMatchObject({ kind: 'unknown', mismatch: [{ field: 'refundRequestId' }] });
    expect(refundOutcome(answered('S', 'SUCCESS', { refundAmount: { currency: 'AED', value: '5000' } }), RASK)).toMatchObject({ kind: 'unknown', mismatch: [{ field: 'refundAmount' }] });
    expect(refundInquiryOutcome(answered('S', 'SUCCESS', { refundStatus: 'SUCCESS' }), RASK).kind).toBe('unknown');
  });
});
