import { afterEach, describe, expect, it } from 'vitest';
import { cancelBody, inquiryBody, refundBody, refundInquiryBody } from '../../app/acquirer/antom/requests.ts';
import { money } from '../../app/domain/money.ts';
import { cancelCutoff } from '../../app/domain/time.ts';
import { answered, codePay, freshSandbox, orderPay, postJson, requestId, type TestSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function paid(t: TestSandbox, minor: number): Promise<{ id: string; paymentId: string }> {
  const id = requestId();
  const r = answered(await t.link().send('pay', codePay(t.sandbox.mintCode().code, minor, id)));
  expect(r.code).toBe('SUCCESS');
  return { id, paymentId: String(r.body.paymentId) };
}

describe('sandbox acquirer: payment codes', () => {
  it('resending the identical pay returns the same success and charges once', async () => {
    sb = await freshSandbox();
    const id = requestId();
    const body = codePay(sb.sandbox.mintCode().code, 4200, id);
    const first = answered(await sb.link().send('pay', body));
    const second = answered(await sb.link().send('pay', body));
    expect(first.code).toBe('SUCCESS');
    expect(second.code).toBe('SUCCESS');
    expect(second.body.paymentId).toBe(first.body.paymentId);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]).toMatchObject({ status: 'SUCCESS', timesCharged: 1, amount: { value: '4200' } });
  });

  it('the same paymentRequestId with another amount is REPEAT_REQ_INCONSISTENT and changes nothing', async () => {
    sb = await freshSandbox();
    const id = requestId();
    const code = sb.sandbox.mintCode().code;
    const now = new Date();
    answered(await sb.link().send('pay', codePay(code, 4200, id, now)));
    const r = answered(await sb.link().send('pay', codePay(code, 4300, id, now)));
    expect([r.status, r.code]).toEqual(['F', 'REPEAT_REQ_INCONSISTENT']);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]).toMatchObject({ amount: { value: '4200' }, timesCharged: 1 });
  });

  it('a payment code works once: a second sale with it is refused with INVALID_PAYMENT_CODE', async () => {
    sb = await freshSandbox();
    const code = sb.sandbox.mintCode().code;
    expect(answered(await sb.link().send('pay', codePay(code, 100))).code).toBe('SUCCESS');
    const again = answered(await sb.link().send('pay', codePay(code, 100)));
    expect([again.status, again.code]).toEqual(['F', 'INVALID_PAYMENT_CODE']);
  });

  it('a code the wallet never issued is INVALID_PAYMENT_CODE', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link().send('pay', codePay('281234567890123456789012', 100)));
    expect([r.status, r.code]).toEqual(['F', 'INVALID_PAYMENT_CODE']);
  });

  it('a code older than its 60 s life is EXPIRED_CODE', async () => {
    sb = await freshSandbox();
    const code = sb.sandbox.mintCode().code;
    sb.sandbox.setClockOffset(61_000);
    const r = answered(await sb.link().send('pay', codePay(code, 100)));
    expect([r.status, r.code]).toEqual(['F', 'EXPIRED_CODE']);
  });

  it('a code from an Alipay HK wallet says ALIPAY_HK', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode('ALIPAY_HK').code, 100)));
    expect((r.body.pspCustomerInfo as { pspName: string }).pspName).toBe('ALIPAY_HK');
  });

  it('a body that is not Antom pay is PARAM_ILLEGAL, other currencies CURRENCY_NOT_SUPPORT', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link().send('pay', '{"productCode":"IN_STORE_PAYMENT"}'));
    expect([r.status, r.code]).toEqual(['F', 'PARAM_ILLEGAL']);
    const usd = codePay(sb.sandbox.mintCode().code, 100).replaceAll('"AED"', '"USD"');
    expect(answered(await sb.link().send('pay', usd)).code).toBe('CURRENCY_NOT_SUPPORT');
    expect(answered(await sb.link().send('pay', 'not json')).code).toBe('PARAM_ILLEGAL');
  });
});

describe('sandbox acquirer: inquiry', () => {
  it('inquiry of a paid payment says SUCCESS with the payment id and customer', async () => {
    sb = await freshSandbox();
    const { id, paymentId } = await paid(sb, 900);
    const r = answered(await sb.link().send('inquiry', inquiryBody(id)));
    expect(r.body).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultCode: 'SUCCESS', paymentId, paymentRequestId: id });
    expect(r.body.pspCustomerInfo).toBeTruthy();
  });

  it('inquiry of an id the acquirer never saw is ORDER_NOT_EXIST', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link().send('inquiry', inquiryBody('NEVER-SENT')));
    expect([r.status, r.code]).toEqual(['F', 'ORDER_NOT_EXIST']);
  });
});

describe('sandbox acquirer: order codes and the wallet', () => {
  it('an order code paid through the wallet endpoint then reads SUCCESS on inquiry', async () => {
    sb = await freshSandbox();
    const id = requestId();
    const created = answered(await sb.link().send('pay', orderPay(2550, id)));
    expect(created.code).toBe('SUCCESS');
    const form = created.body.orderCodeForm as { expireTime: string; codeDetails: { codeValue: string; codeValueType: string; displayType: string }[] };
    expect(form.codeDetails[0]).toMatchObject({ codeValueType: 'QRCODE', displayType: 'TEXT' });
    const codeValue = form.codeDetails[0]!.codeValue;
    expect(codeValue.startsWith(`${sb.sandbox.url}/sandbox/wallet/order/`)).toBe(true);
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('PROCESSING');

    const pay = await postJson(`${sb.sandbox.url}/sandbox/wallet/pay`, { codeValue });
    expect(pay.status).toBe(200);
    expect(pay.json).toMatchObject({ paymentRequestId: id, status: 'SUCCESS' });
    const r = answered(await sb.link().send('inquiry', inquiryBody(id)));
    expect(r.body).toMatchObject({ paymentStatus: 'SUCCESS', paymentAmount: { currency: 'AED', value: '2550' } });
    expect((await postJson(`${sb.sandbox.url}/sandbox/wallet/pay`, { codeValue })).status).toBe(409);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(1);
  });

  it('the wallet page shows "Pay AED X to <merchant>" and its confirm button pays', async () => {
    sb = await freshSandbox();
    const id = requestId();
    const created = answered(await sb.link().send('pay', orderPay(1999, id)));
    const codeValue = (created.body.orderCodeForm as { codeDetails: { codeValue: string }[] }).codeDetails[0]!.codeValue;
    const page = await (await fetch(codeValue)).text();
    expect(page).toContain('Pay AED 19.99 to Souq Demo Boutique');
    expect(page).toContain('Confirm payment');
    const confirmed = await fetch(codeValue, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(await confirmed.text()).toContain('Paid');
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('an order code not paid before it expires is closed and can no longer be paid', async () => {
    sb = await freshSandbox();
    const id = requestId();
    const created = answered(await sb.link().send('pay', orderPay(500, id)));
    const codeValue = (created.body.orderCodeForm as { codeDetails: { codeValue: string }[] }).codeDetails[0]!.codeValue;
    sb.sandbox.setClockOffset(4 * 60_000);
    const pay = await postJson(`${sb.sandbox.url}/sandbox/wallet/pay`, { codeValue });
    expect([pay.status, (pay.json.error as { code: string }).code]).toEqual([409, 'ORDER_IS_CLOSED']);
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' });
  });

  it('minting a code over HTTP gives 24 digits starting 28 and a 60 s expiry', async () => {
    sb = await freshSandbox();
    const r = await postJson(`${sb.sandbox.url}/sandbox/wallet/codes`, {});
    expect(r.json.code).toMatch(/^28\d{22}$/);
    const life = Date.parse(String(r.json.expiresAt)) - Date.now();
    expect(life).toBeGreaterThan(50_000);
    expect(life).toBeLessThanOrEqual(60_000);
  });
});

describe('sandbox acquirer: cancel', () => {
  it('a cancel inside the cut-off reverses the payment; inquiry then says CANCELLED', async () => {
    sb = await freshSandbox();
    const { id } = await paid(sb, 3000);
    expect(answered(await sb.link().send('cancel', cancelBody(id))).code).toBe('SUCCESS');
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('CANCELLED');
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]).toMatchObject({ cancelled: true, status: 'CANCELLED', timesCharged: 1 });
    // A repeated cancel is harmless.
    expect(answered(await sb.link().send('cancel', cancelBody(id))).code).toBe('SUCCESS');
  });

  it('a cancel after 00:15 UTC+8 the next day is CANCEL_WINDOW_EXCEED and the payment stays', async () => {
    sb = await freshSandbox();
    const { id } = await paid(sb, 3000);
    const now = Date.now();
    sb.sandbox.setClockOffset(cancelCutoff(new Date(now)).getTime() - now + 60_000);
    const r = answered(await sb.link().send('cancel', cancelBody(id)));
    expect([r.status, r.code]).toEqual(['F', 'CANCEL_WINDOW_EXCEED']);
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('cancelling an id never seen answers ORDER_NOT_EXIST and a late pay with it is closed, not charged', async () => {
    sb = await freshSandbox();
    const id = requestId();
    expect(answered(await sb.link().send('cancel', cancelBody(id))).code).toBe('ORDER_NOT_EXIST');
    const late = answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode().code, 100, id)));
    expect([late.status, late.code]).toEqual(['F', 'ORDER_IS_CLOSED']);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]).toMatchObject({ timesCharged: 0, status: 'FAIL' });
  });
});

describe('sandbox acquirer: refunds', () => {
  it('partial refunds add up to the paid amount and one more fils is REFUND_AMOUNT_EXCEED', async () => {
    sb = await freshSandbox();
    const { id, paymentId } = await paid(sb, 1000);
    const r1 = answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId, amount: money(400) })));
    expect(r1.code).toBe('SUCCESS');
    expect(r1.body.refundAmount).toEqual({ currency: 'AED', value: '400' });
    expect(answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId, amount: money(600) }))).code).toBe('SUCCESS');
    const over = answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId, amount: money(1) })));
    expect([over.status, over.code]).toEqual(['F', 'REFUND_AMOUNT_EXCEED']);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.refunded).toEqual({ currency: 'AED', value: '1000' });
  });

  it('a refund retried with the same refundRequestId refunds once; with another amount it is REPEAT_REQ_INCONSISTENT', async () => {
    sb = await freshSandbox();
    const { id, paymentId } = await paid(sb, 1000);
    const rid = requestId('R');
    const body = refundBody({ refundRequestId: rid, paymentId, amount: money(300) });
    const a = answered(await sb.link().send('refund', body));
    const b = answered(await sb.link().send('refund', body));
    expect(b.body.refundId).toBe(a.body.refundId);
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.refunded.value).toBe('300');
    const c = answered(await sb.link().send('refund', refundBody({ refundRequestId: rid, paymentId, amount: money(301) })));
    expect(c.code).toBe('REPEAT_REQ_INCONSISTENT');
    const q = answered(await sb.link().send('refund_inquiry', refundInquiryBody(rid)));
    expect(q.body).toMatchObject({ refundStatus: 'SUCCESS', refundAmount: { value: '300' } });
    expect(answered(await sb.link().send('refund_inquiry', refundInquiryBody('R-NEVER'))).code).toBe('ORDER_NOT_EXIST');
  });

  it('refunding a cancelled payment is ORDER_IS_CANCELED; cancelling a refunded one is ORDER_STATUS_INVALID', async () => {
    sb = await freshSandbox();
    const p1 = await paid(sb, 500);
    answered(await sb.link().send('cancel', cancelBody(p1.id)));
    const r = answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId: p1.paymentId, amount: money(100) })));
    expect(r.code).toBe('ORDER_IS_CANCELED');
    const p2 = await paid(sb, 500);
    answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId: p2.paymentId, amount: money(100) })));
    expect(answered(await sb.link().send('cancel', cancelBody(p2.id))).code).toBe('ORDER_STATUS_INVALID');
  });

  it('refunding a payment id the acquirer does not know is ORDER_NOT_EXIST', async () => {
    sb = await freshSandbox();
    expect(answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId: '2025000', amount: money(1) }))).code).toBe('ORDER_NOT_EXIST');
  });
});

describe('sandbox acquirer: ledger', () => {
  it('survives a restart of the sandbox on the same folder, keys included', async () => {
    sb = await freshSandbox();
    const { id } = await paid(sb, 1234);
    const key = sb.sandbox.acquirerPublicKey;
    await sb.sandbox.close();
    const { startSandbox } = await import('../../app/sandbox/server.ts');
    const again = await startSandbox({ dir: sb.dir, register: false });
    sb.sandbox = again;
    expect(again.acquirerPublicKey).toBe(key);
    expect(answered(await sb.link({ endpoint: again.url }).send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('GET /sandbox/ledger lists each payment with status, amount, times charged, refunded and cancelled', async () => {
    sb = await freshSandbox();
    const a = await paid(sb, 100);
    const b = await paid(sb, 200);
    answered(await sb.link().send('cancel', cancelBody(b.id)));
    answered(await sb.link().send('refund', refundBody({ refundRequestId: requestId('R'), paymentId: a.paymentId, amount: money(50) })));
    const res = await fetch(`${sb.sandbox.url}/sandbox/ledger`);
    const { payments } = (await res.json()) as { payments: { paymentRequestId: string; timesCharged: number; cancelled: boolean; refunded: { value: string }; status: string }[] };
    expect(payments.find((p) => p.paymentRequestId === a.id)).toMatchObject({ status: 'SUCCESS', timesCharged: 1, cancelled: false, refunded: { value: '50' } });
    expect(payments.find((p) => p.paymentRequestId === b.id)).toMatchObject({ status: 'CANCELLED', timesCharged: 1, cancelled: true });
    expect(payments.every((p) => p.timesCharged <= 1)).toBe(true);
  });
});
