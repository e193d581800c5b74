import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { payBody, inquiryBody, cancelBody, refundBody, refundInquiryBody, RequestError } from '../../app/acquirer/antom/requests.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { money } from '../../app/domain/money.ts';

const vector = JSON.parse(readFileSync(new URL('../fixtures/antom-signature.json', import.meta.url), 'utf8')) as { requestBody: string };

const config = TerminalConfig.parse({
  merchant: { referenceMerchantId: 'M-DXB-0001', merchantName: 'Souq Demo Boutique', merchantMCC: '5651' },
  store: { referenceStoreId: 'DXB-MALL-01', storeName: 'Souq Demo Boutique Dubai Mall', storeMCC: '5651' },
  terminalId: 'T01',
});

const vectorPay = {
  paymentRequestId: '01JFZ3Q8K2V7T9X4M6N8P0R2S4',
  amount: money(15050),
  scenario: 'PaymentCode' as const,
  code: '281011020123456789012345',
  orderDescription: 'Sale 000123',
  referenceOrderId: 'S-000123',
  now: new Date('2025-11-25T12:00:00Z'),
  config,
};

describe('Antom request bodies', () => {
  it('a payment-code pay is byte for byte the documented body, plus an explicit expiry', () => {
    const body = payBody(vectorPay);
    // The vector was made without paymentExpiryTime; everything before it must match exactly.
    expect(body).toBe(`${vector.requestBody.slice(0, -1)},"paymentExpiryTime":"2025-11-25T16:03:00+04:00"}`);
  });

  it('sends amounts as strings of minor units in AED and the request time in Dubai time', () => {
    const parsed = JSON.parse(payBody({ ...vectorPay, amount: money(5) }));
    expect(parsed.paymentAmount).toEqual({ currency: 'AED', value: '5' });
    expect(parsed.order.orderAmount).toEqual({ currency: 'AED', value: '5' });
    expect(parsed.order.env.storeTerminalRequestTime).toBe('2025-11-25T16:00:00+04:00');
  });

  it('the expiry follows the configured minutes', () => {
    const cfg = TerminalConfig.parse({ payment: { paymentExpiryMinutes: 10 } });
    expect(JSON.parse(payBody({ ...vectorPay, config: cfg })).paymentExpiryTime).toBe('2025-11-25T16:10:00+04:00');
  });

  it('an order-code pay carries no customer code and says OrderCode', () => {
    const parsed = JSON.parse(payBody({ ...vectorPay, scenario: 'OrderCode', code: undefined }));
    expect(parsed.paymentMethod).toEqual({ paymentMethodType: 'CONNECT_WALLET' });
    expect(parsed.paymentFactor).toEqual({ inStorePaymentScenario: 'OrderCode' });
  });

  it('refuses a payment-code pay without a code, and zero, negative or fractional amounts', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as RequestError).code;
      }
      return 'no error';
    };
    expect(code(() => payBody({ ...vectorPay, code: undefined }))).toBe('CODE_MISSING');
    expect(code(() => payBody({ ...vectorPay, scenario: 'OrderCode' }))).toBe('CODE_UNEXPECTED');
    expect(code(() => payBody({ ...vectorPay, amount: { minor: 0, currency: 'AED' } }))).toBe('AMOUNT_INVALID');
    expect(code(() => payBody({ ...vectorPay, amount: { minor: -100, currency: 'AED' } }))).toBe('AMOUNT_INVALID');
    expect(code(() => payBody({ ...vectorPay, amount: { minor: 1.5, currency: 'AED' } }))).toBe('AMOUNT_INVALID');
    expect(code(() => payBody({ ...vectorPay, paymentRequestId: 'x'.repeat(65) }))).toBe('REQUEST_ID_INVALID');
    expect(code(() => inquiryBody(''))).toBe('REQUEST_ID_INVALID');
  });

  it('inquiry, cancel, refund and refund inquiry bodies hold exactly their keys', () => {
    expect(inquiryBody('P1')).toBe('{"paymentRequestId":"P1"}');
    expect(cancelBody('P1')).toBe('{"paymentRequestId":"P1"}');
    expect(refundBody({ refundRequestId: 'R1', paymentId: 'X9', amount: money(250) })).toBe(
      '{"refundRequestId":"R1","paymentId":"X9","refundAmount":{"currency":"AED","value":"250"}}',
    );
    expect(JSON.parse(refundBody({ refundRequestId: 'R1', paymentId: 'X9', amount: money(250), reason: 'wrong size' })).refundReason).toBe('wrong size');
    expect(refundInquiryBody('R1')).toBe('{"refundRequestId":"R1"}');
  });
});
