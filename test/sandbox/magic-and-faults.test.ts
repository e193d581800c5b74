import { afterEach, describe, expect, it } from 'vitest';
import { cancelBody, inquiryBody } from '../../app/acquirer/antom/requests.ts';
import { MAGIC_AMOUNTS } from '../../app/sandbox/magic.ts';
import { parseFaultSpec, FaultSpecError } from '../../app/sandbox/faults.ts';
import { answered, codePay, freshSandbox, orderPay, postJson, requestId, type TestSandbox } from './helpers.ts';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('magic amounts force each acquirer result', () => {
  it('every F magic amount answers its code, is recorded as FAIL and charges nothing', async () => {
    sb = await freshSandbox();
    const fails = MAGIC_AMOUNTS.filter((m) => m.behaviour === 'fail');
    expect(fails.length).toBeGreaterThanOrEqual(26);
    for (const m of fails) {
      const id = requestId();
      const r = answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode().code, m.minor, id)));
      expect([m.minor, r.status, r.code]).toEqual([m.minor, 'F', m.resultCode]);
      const q = answered(await sb.link().send('inquiry', inquiryBody(id)));
      expect(q.body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: m.resultCode });
      expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(0);
    }
  });

  it('U then success: the pay is unknown, inquiry and a resent pay say SUCCESS, charged once', async () => {
    sb = await freshSandbox();
    for (const m of MAGIC_AMOUNTS.filter((x) => x.behaviour === 'unknown_then_success')) {
      const id = requestId();
      const body = codePay(sb.sandbox.mintCode().code, m.minor, id);
      const r = answered(await sb.link().send('pay', body));
      expect([r.status, r.code]).toEqual(['U', m.resultCode]);
      expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
      expect(answered(await sb.link().send('pay', body)).code).toBe('SUCCESS');
      expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(1);
    }
  });

  it('U forever stays PROCESSING on every inquiry until it is cancelled', async () => {
    sb = await freshSandbox();
    const m = MAGIC_AMOUNTS.find((x) => x.behaviour === 'unknown_forever')!;
    const id = requestId();
    const body = codePay(sb.sandbox.mintCode().code, m.minor, id);
    expect(answered(await sb.link().send('pay', body)).status).toBe('U');
    for (let i = 0; i < 3; i++) expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('PROCESSING');
    expect(answered(await sb.link().send('pay', body)).status).toBe('U');
    expect(answered(await sb.link().send('cancel', cancelBody(id))).code).toBe('SUCCESS');
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('CANCELLED');
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(0);
  });

  it('U then fail: inquiry says FAIL with the wallet decline', async () => {
    sb = await freshSandbox();
    const m = MAGIC_AMOUNTS.find((x) => x.behaviour === 'unknown_then_fail')!;
    const id = requestId();
    expect(answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode().code, m.minor, id))).status).toBe('U');
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'USER_BALANCE_NOT_ENOUGH' });
  });

  it('rate limited: U REQUEST_TRAFFIC_EXCEED_LIMIT and nothing registered', async () => {
    sb = await freshSandbox();
    const m = MAGIC_AMOUNTS.find((x) => x.behaviour === 'unknown_not_registered')!;
    const id = requestId();
    const r = answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode().code, m.minor, id)));
    expect([r.status, r.code]).toEqual(['U', 'REQUEST_TRAFFIC_EXCEED_LIMIT']);
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).code).toBe('ORDER_NOT_EXIST');
  });

  it('magic amounts also fail an order code at creation', async () => {
    sb = await freshSandbox();
    const r = answered(await sb.link().send('pay', orderPay(900021)));
    expect([r.status, r.code]).toEqual(['F', 'RISK_REJECT']);
  });

  it('each magic amount is distinct and at AED 9,000.xx', () => {
    const minors = MAGIC_AMOUNTS.map((m) => m.minor);
    expect(new Set(minors).size).toBe(minors.length);
    expect(minors.every((x) => x > 900000 && x < 900100)).toBe(true);
  });
});

describe('fault injection', () => {
  it('a spec string is parsed, and a wrong one is refused in words', () => {
    expect(parseFaultSpec('latency=50,timeout=0.2,5xx=0.05,drop=0.1,u-then-success=0.1,unsigned=0.05,seed=7')).toEqual({
      latencyMs: 50,
      timeout: 0.2,
      http5xx: 0.05,
      drop: 0.1,
      uThenSuccess: 0.1,
      unsigned: 0.05,
      seed: 7,
    });
    expect(() => parseFaultSpec('drop=2')).toThrow(FaultSpecError);
    expect(() => parseFaultSpec('explode=0.1')).toThrow(/Unknown fault "explode"/);
    expect(() => parseFaultSpec('drop')).toThrow(/needs a value/);
  });

  it('503 happens before anything is committed', async () => {
    sb = await freshSandbox({ fault: '5xx=1' });
    const id = requestId();
    const code = sb.sandbox.mintCode().code;
    expect(await sb.link().send('pay', codePay(code, 100, id))).toMatchObject({ kind: 'no_answer', reason: 'http', httpStatus: 503 });
    expect(sb.sandbox.ledger({ paymentRequestId: id })).toEqual([]);
    sb.sandbox.setFaults('');
    // The code was not used up either: the same pay now succeeds.
    expect(answered(await sb.link().send('pay', codePay(code, 100, id))).code).toBe('SUCCESS');
  });

  it('a timeout fault commits the payment, then the reply never arrives in time', async () => {
    sb = await freshSandbox({ fault: 'timeout=1' });
    const id = requestId();
    const body = codePay(sb.sandbox.mintCode().code, 100, id);
    expect(await sb.link({ timeoutMs: 300 }).send('pay', body)).toMatchObject({ kind: 'no_answer', reason: 'timeout' });
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    sb.sandbox.setFaults('');
    expect(answered(await sb.link().send('pay', body)).code).toBe('SUCCESS');
    expect(sb.sandbox.ledger({ paymentRequestId: id })[0]?.timesCharged).toBe(1);
  });

  it('u-then-success answers U to a pay that did go through', async () => {
    sb = await freshSandbox({ fault: 'u-then-success=1' });
    const id = requestId();
    const r = answered(await sb.link().send('pay', codePay(sb.sandbox.mintCode().code, 100, id)));
    expect([r.status, r.code]).toEqual(['U', 'PAYMENT_IN_PROCESS']);
    expect(answered(await sb.link().send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
  });

  it('faults can be changed at run time over HTTP and a bad spec is refused', async () => {
    sb = await freshSandbox();
    const set = await postJson(`${sb.sandbox.url}/sandbox/faults`, { spec: 'latency=5,5xx=1,seed=3' });
    expect(set.json.faults).toBe('latency=5,5xx=1,seed=3');
    expect(await sb.link().send('inquiry', inquiryBody('X'))).toMatchObject({ reason: 'http' });
    const bad = await postJson(`${sb.sandbox.url}/sandbox/faults`, { spec: 'drop=5' });
    expect(bad.status).toBe(400);
    await postJson(`${sb.sandbox.url}/sandbox/faults`, { spec: '' });
    expect(answered(await sb.link().send('inquiry', inquiryBody('X'))).code).toBe('ORDER_NOT_EXIST');
  });

  it('the same seed gives the same sequence of faults', async () => {
    const outcomes: string[][] = [];
    for (let run = 0; run < 2; run++) {
      sb = await freshSandbox({ fault: '5xx=0.5,seed=42' });
      const seen: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await sb.link().send('inquiry', inquiryBody('X'));
        seen.push(r.kind === 'answered' ? 'ok' : r.reason);
      }
      outcomes.push(seen);
      await sb.close();
      sb = undefined;
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toContain('http');
    expect(outcomes[0]).toContain('ok');
  });

  it('under mixed faults, retrying each payment with its same body never charges anyone twice', async () => {
    sb = await freshSandbox({ fault: 'timeout=0.15,5xx=0.15,drop=0.15,u-then-success=0.15,unsigned=0.15,seed=11' });
    const link = sb.link({ timeoutMs: 400 });
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      const id = requestId();
      ids.push(id);
      const body = codePay(sb.sandbox.mintCode().code, 100 + i, id);
      for (let attempt = 0; attempt < 30; attempt++) {
        const r = await link.send('pay', body);
        if (r.kind === 'answered' && r.result.resultStatus === 'S') break;
      }
    }
    const ledger = sb.sandbox.ledger();
    for (const id of ids) expect(ledger.find((e) => e.paymentRequestId === id)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
  });
});
