// The cashier store around a sale that waits, splits or is thrown away (issue 9), on the real core.
import { describe, expect, it } from 'vitest';
import { quickNotes } from '../../renderer/cashier/TenderPanels.tsx';
import { cashierStoreEachTest, realCoreEachTest } from './support.ts';

const env = realCoreEachTest();
const s = cashierStoreEachTest(env);
async function key(amount: string) {
  for (const k of amount) s().keypadPress(k);
  await s().keypadAdd();
}

describe('a sale that is split, parked or thrown away', () => {
  it('cash below the due is taken only after "take it now and the rest by another tender?"', async () => {
    await key('100');
    await s().cash(4000);
    expect(s().partQuestion).toEqual({ tenderedMinor: 4000, restMinor: 6000 });
    expect(s().sale?.tenders).toHaveLength(0);
    await s().confirmPart();
    expect(s().sale?.due.minor).toBe(6000);
    expect(s().sale?.tenders.map((t) => t.kind)).toEqual(['cash']);
    // Once part is paid the keypad keys the next payment: a card for 25 of the 60 due.
    for (const k of '25') s().keypadPress(k);
    await s().card({ approvalCode: 'x1y2', last4: '4242' }, 2500);
    expect(s().sale?.due.minor).toBe(3500);
    expect(s().sale?.tenders.at(-1)?.card).toEqual({ approvalCode: 'X1Y2', last4: '4242' });
    expect(s().sale?.lines).toHaveLength(1);
  });

  it('New sale on a sale with lines asks first; No keeps the cart, Yes starts an empty sale and voids the old one', async () => {
    await key('12');
    const first = s().sale!.id;
    await s().newSale();
    expect(s().confirmingDiscard).toBe(true);
    expect(s().sale?.id).toBe(first);
    s().dismissDiscard();
    expect(s().sale?.lines).toHaveLength(1);
    await s().newSale();
    await s().confirmDiscard();
    expect(s().sale?.id).not.toBe(first);
    expect(s().sale?.lines).toHaveLength(0);
    expect((await env.transport.call('sale.get', { saleId: first })).status).toBe('voided');
  });

  it('New sale on an empty sale keeps that sale instead of leaving empty sales behind', async () => {
    const first = s().sale!.id;
    await s().newSale();
    await s().newSale();
    expect(s().sale?.id).toBe(first);
  });

  it('a parked sale comes back from the list with its lines; the cart on the counter takes its place', async () => {
    await key('30');
    const parkedId = s().sale!.id;
    await s().park();
    expect(s().sale?.lines).toHaveLength(0);
    await key('7');
    await s().openRecall();
    expect(s().parked?.map((p) => p.id)).toEqual([parkedId]);
    await s().recall(parkedId);
    expect(s().sale?.id).toBe(parkedId);
    expect(s().sale?.total.minor).toBe(3000);
    expect(s().parked).toBeNull();
    await s().openRecall();
    expect(s().parked?.map((p) => p.total.minor)).toEqual([700]);
  });

  it('a wallet payment is for all that is due, or for the smaller amount the cashier keys after "Pay part…"', async () => {
    await key('100');
    s().togglePartMode();
    for (const k of '60') s().keypadPress(k);
    await s().showQr();
    expect(s().attempts[0]?.amount).toEqual({ minor: 6000, currency: 'AED' });
    expect(s().attempts[0]?.scenario).toBe('OrderCode');
    // Still pending (the engine is stopped here): no other tender while it might take the money.
    await s().cash(4000);
    await s().confirmPart();
    expect(s().notice?.code).toBe('WALLET_PAYMENT_PENDING');
    expect(s().sale?.tenders).toHaveLength(0);
  });

  it('the quick cash buttons offer the next notes above the due', () => {
    expect(quickNotes(3_750)).toEqual([5_000, 10_000, 20_000, 50_000]);
    expect(quickNotes(10_000)).toEqual([20_000, 50_000, 100_000]);
    expect(quickNotes(150_000)).toEqual([]);
  });
});
