// The customer's payment code is needed only until its attempt is final; after that the data file
// holds its masked form and a salted hash, never the code itself. And what the customer reads in
// the wallet names the shop and the invoice, not an internal id.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getAttemptRow } from '../../app/journal/attempts.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { MAGIC_AMOUNTS } from '../../app/sandbox/magic.ts';
import { hostileAcquirer } from '../acquirer/hostile.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fileHolds(hh: Harness, text: string): boolean {
  hh.terminal.db.pragma('wal_checkpoint(TRUNCATE)');
  const file = dataPaths(hh.dataDir).db;
  const bytes = [file, `${file}-wal`].map((f) => {
    try {
      return readFileSync(f).toString('latin1');
    } catch {
      return '';
    }
  });
  return bytes.some((b) => b.includes(text));
}

describe('payment codes at rest', () => {
  it('once a payment is paid its code is wiped from the data file: masked form and a hash stay', async () => {
    h = await harness();
    const code = h.code();
    const a = h.terminal.payments.startWithCode({ saleId: h.sale(1500), code });
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
    const row = getAttemptRow(h.terminal.db, a.paymentRequestId)!;
    expect(row.request_body).not.toContain(code);
    expect(JSON.parse(row.request_body).paymentMethod.paymentMethodId).toBe(row.code_masked);
    expect(row.code_hash).toBe(createHash('sha256').update(`${row.id}:${code}`).digest('hex'));
    for (const j of journalRowsFor(h.terminal.db, 'attempt', row.id)) expect(j.body).not.toContain(code);
    expect(fileHolds(h, code)).toBe(false);
  });

  it('a declined payment and an expired one keep no code either', async () => {
    h = await harness();
    const declinedCode = h.code();
    const declined = MAGIC_AMOUNTS.find((m) => m.resultCode === 'USER_BALANCE_NOT_ENOUGH')!;
    const d = h.terminal.payments.startWithCode({ saleId: h.sale(declined.minor), code: declinedCode });
    await h.waitForAttempt(d.paymentRequestId, ['failed']);
    expect(fileHolds(h, declinedCode)).toBe(false);

    const expiredCode = h.code();
    const firstCode = h.code();
    const saleId = h.sale(2500);
    await h.stopSandbox();
    const first = h.terminal.payments.startWithCode({ saleId: h.sale(2600), code: firstCode });
    await h.waitForAttempt(first.paymentRequestId, ['unknown']);
    const e = h.terminal.payments.startWithCode({ saleId, code: expiredCode });
    h.advance(61_000);
    await h.waitForAttempt(e.paymentRequestId, ['expired']);
    expect(fileHolds(h, expiredCode)).toBe(false);
  });

  it('while a payment is not final its code is kept, so the identical pay can be resent', async () => {
    h = await harness();
    const code = h.code();
    const held = MAGIC_AMOUNTS.find((m) => m.behaviour === 'unknown_forever')!;
    const a = h.terminal.payments.startWithCode({ saleId: h.sale(held.minor), code });
    await h.waitForAttempt(a.paymentRequestId, ['unknown', 'cancelling']);
    expect(getAttemptRow(h.terminal.db, a.paymentRequestId)!.request_body).toContain(code);
  });
});

describe('what the customer reads in the wallet', () => {
  it('orderDescription is the store name and the invoice number, never an internal id', async () => {
    let seen = '';
    h = await harness({
      front: (upstream) =>
        hostileAcquirer({
          upstream,
          answer: (x) => {
            if (x.op === 'pay') seen = (x.request.order as { orderDescription: string }).orderDescription;
            return undefined;
          },
        }),
    });
    const saleId = h.sale(900);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    await h.waitForAttempt(a.paymentRequestId, ['succeeded']);
    expect(seen).toBe(`${h.config.store.storeName} invoice 1`);
    expect(seen).not.toContain(saleId);
    const again = h.terminal.payments.startWithCode({ saleId: h.sale(900), code: h.code() });
    await h.waitForAttempt(again.paymentRequestId, ['succeeded']);
    expect(seen).toBe(`${h.config.store.storeName} invoice 2`);
  });
});
