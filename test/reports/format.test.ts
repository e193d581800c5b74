import { afterEach, describe, expect, it } from 'vitest';
import { businessDay } from '../../app/domain/time.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { takingsText } from '../../app/reports/format.ts';
import { insertAttempt, insertRefund, ringUp, tempDb, type TempDb } from './fixture.ts';

let t: TempDb | undefined;
afterEach(() => t?.cleanup());

/** The lines of one section of the slip, up to the blank line that ends it. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(title)) + 1;
  const to = lines.findIndex((l, i) => i > from && l === '');
  return lines.slice(from, to);
}

/** Where each figure ends on the line: the end of each run of non-spaces after the label. */
const ends = (line: string, label: RegExp) => [...line.replace(label, (l) => ' '.repeat(l.length)).matchAll(/\S+(?:\s\S+)*/g)].map((m) => m.index! + m[0].length);

describe('the takings as printed', () => {
  it('lines up each column of figures down the slip: sales, refunds and net by tender, counts and amounts of the wallet payments', () => {
    t = tempDb();
    const at = new Date('2026-01-10T08:00:00Z');
    ringUp(t.db, { totalMinor: 30_000, at, tender: 'wallet', psp: 'ALIPAY_CN' });
    const hk = ringUp(t.db, { totalMinor: 4_550, at, tender: 'wallet', psp: 'ALIPAY_HK' });
    insertRefund(t.db, { attemptId: hk.walletAttempt!, amountMinor: 4_550, state: 'refunded', at });
    ringUp(t.db, { totalMinor: 27_250, at, tender: 'cash' });
    ringUp(t.db, { totalMinor: 5_500, at, tender: 'card' });
    const open = ringUp(t.db, { totalMinor: 900_062, at, tender: 'open' });
    insertAttempt(t.db, { saleId: open.saleId, amountMinor: 900_062, state: 'cancelled', at });
    const text = takingsText(takingsForDay(t.db, businessDay(at)));

    const tenders = section(text, 'By tender');
    expect(tenders).toHaveLength(4);
    const tenderEnds = tenders.map((l) => ends(l, /^\s+\S.*?\(\d+\)/));
    for (const e of tenderEnds) expect(e).toEqual(tenderEnds[0]);
    expect(tenderEnds[0]).toHaveLength(3);

    const wallet = section(text, 'Wallet payments');
    expect(wallet).toHaveLength(4);
    const walletEnds = wallet.map((l) => ends(l, /^\s+[A-Z][a-z /(),]+[a-z)]/));
    for (const e of walletEnds) expect(e).toEqual(walletEnds[0]);
    expect(walletEnds[0]).toHaveLength(2);
  });
});
