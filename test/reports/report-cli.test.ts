import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { businessDayBounds } from '../../app/domain/time.ts';
import { insertAttempt, ringUp, tempDb, type TempDb } from './fixture.ts';
import { openDb } from '../../app/store/db.ts';
import { lastJson, noStack, souq } from '../cli/souq.ts';

let t: TempDb;
const at = (day: string, hhmm: string) => new Date(businessDayBounds(day).start.getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);

beforeEach(() => {
  t = tempDb('souq-report-cli-');
  ringUp(t.db, { totalMinor: 15_050, at: at('2026-01-10', '10:15'), tender: 'wallet', psp: 'ALIPAY_CN' });
  ringUp(t.db, { totalMinor: 4_000, at: at('2026-01-10', '18:40'), tender: 'cash' });
  ringUp(t.db, { totalMinor: 99_900, at: at('2026-01-11', '23:58'), tender: 'card' });
  const open = ringUp(t.db, { totalMinor: 7_700, at: at('2026-01-10', '19:00'), tender: 'open' });
  insertAttempt(t.db, { saleId: open.saleId, amountMinor: 7_700, state: 'unknown', at: at('2026-01-10', '19:01'), code: '2810998877662345' });
  t.db.close();
});
afterEach(() => t.cleanup());

// The real CLI in a child process: slow on a loaded machine, hence the generous limit.
describe('souq report', { timeout: 240_000 }, () => {
  it('day --json gives the takings with every amount as integer fils and its currency', async () => {
    const run = await souq(t.dir, ['report', 'day', '--date', '2026-01-10', '--json']);
    expect(run.code).toBe(0);
    const j = lastJson(run) as { sales: { gross: unknown; count: number }; byTender: { label: string; sales: unknown }[]; unsettled: { codeMasked: string }[] };
    expect(j.sales.gross).toEqual({ minor: 19_050, currency: 'AED' });
    expect(j.sales.count).toBe(2);
    expect(j.byTender.map((x) => [x.label, x.sales])).toEqual([
      ['Alipay', { minor: 15_050, currency: 'AED' }],
      ['Cash', { minor: 4_000, currency: 'AED' }],
    ]);
    expect(j.unsettled.map((u) => u.codeMasked)).toEqual(['2810…2345']);
    expect(run.stdout).not.toContain('2810998877662345');
  });

  it('day prints the figures a manager reads, with the unknown payment listed by its masked code', async () => {
    const run = await souq(t.dir, ['report', 'day', '--date', '2026-01-10']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Gross sales\s+AED\s*190\.50/);
    expect(run.stdout).toMatch(/unknown\s+AED\s*77\.00\s+code 2810…2345/);
    expect(run.stdout).toMatch(/10:00\s+1\s+AED\s*150\.50/);
  });

  it('range adds up both days, and writes the same figures as CSV', async () => {
    const csv = join(t.dir, 'takings.csv');
    const run = await souq(t.dir, ['report', 'range', '--from', '2026-01-10', '--to', '2026-01-11', '--json', '--csv', csv]);
    expect(run.code).toBe(0);
    expect((lastJson(run) as { net: unknown }).net).toEqual({ minor: 118_950, currency: 'AED' });
    expect(readFileSync(csv, 'utf8')).toContain('total,gross sales,3,1189.50,118950');
  });

  it('refuses a date that is not a date, in words and without a stack trace', async () => {
    const run = await souq(t.dir, ['report', 'range', '--from', '2026-02-30', '--to', '2026-03-01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a calendar date: "2026-02-30"/);
    expect(noStack(run)).toBe(true);
    const backwards = await souq(t.dir, ['report', 'range', '--from', '2026-03-02', '--to', '2026-03-01']);
    expect(backwards.stderr).toMatch(/starts \(2026-03-02\) after it ends/);
  });
});

// Each test runs the real CLI several times, one of them opening the terminal and its sandbox.
describe('souq report x / z / z-show', { timeout: 240_000 }, () => {
  it('refuses a Z while a wallet payment is being checked (exit 5), in shop words with Dubai time, not ids and commands', async () => {
    await souq(t.dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4829']);
    const x = await souq(t.dir, ['report', 'x']);
    expect(x.code).toBe(0);
    expect(x.stdout).toMatch(/X REPORT \(nothing closed\)/);
    expect(x.stdout).toMatch(/will be Z 1/);
    const z = await souq(t.dir, ['report', 'z', '--counted-cash', '40.00', '--by', 'Aisha', '--pin', '4829']);
    expect(z.code).toBe(5);
    expect(z.stderr).toMatch(/a payment of AED\s*77\.00 at 19:01 is still being checked with Alipay — wait or settle it in Attention/);
    expect(z.stderr).not.toMatch(/pr-|souq sync/);
    expect(noStack(z)).toBe(true);
  });

  it('z closes everything since the previous Z: --json has number, from, to and the same gross/refunds/net as report day; a second Z the same day takes only what came after', async () => {
    const db = openDb(join(t.dir, 'souq.sqlite'));
    // The checked payment came back not paid.
    db.prepare("UPDATE attempts SET state = 'failed', updated_at = ? WHERE state = 'unknown'").run(new Date().toISOString());
    db.close();
    const noManager = await souq(t.dir, ['report', 'z', '--counted-cash', '0', '--by', 'Aisha', '--pin', '4829']);
    expect(noManager.code).toBe(3);
    expect(noManager.stderr).toMatch(/No manager exists yet/);
    await souq(t.dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4829']);
    const z = await souq(t.dir, ['report', 'z', '--date', '2026-01-11', '--counted-cash', '40', '--by', 'Aisha', '--json'], { input: '4829\n' });
    expect(z.code).toBe(0);
    expect(z.stderr).toMatch(/--date 2026-01-11: not needed any more/);
    const z1 = lastJson(z) as Record<string, unknown>;
    const d10 = lastJson(await souq(t.dir, ['report', 'day', '--date', '2026-01-10', '--json'])) as { sales: { gross: { minor: number } }; refunds: { total: { minor: number } }; net: { minor: number } };
    const d11 = lastJson(await souq(t.dir, ['report', 'day', '--date', '2026-01-11', '--json'])) as typeof d10;
    expect(z1).toMatchObject({
      number: 1,
      from: at('2026-01-10', '10:15').toISOString().slice(0, 16) + ':30.000Z',
      countedCash: { minor: 4_000, currency: 'AED' },
      difference: { minor: 0, currency: 'AED' },
      sales: { count: 3, gross: { minor: d10.sales.gross.minor + d11.sales.gross.minor, currency: 'AED' } },
      refunds: { total: { minor: d10.refunds.total.minor + d11.refunds.total.minor, currency: 'AED' } },
      net: { minor: d10.net.minor + d11.net.minor, currency: 'AED' },
    });
    expect(typeof z1.to).toBe('string');
    const again = await souq(t.dir, ['report', 'z-show', '--number', '1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Z REPORT 1 — terminal T01\nPeriod 2026-01-10 10:15 to .* \(Dubai\)\nTaken by Aisha at .* \(Dubai\)/);

    const db2 = openDb(join(t.dir, 'souq.sqlite'));
    ringUp(db2, { totalMinor: 2_500, at: new Date(), tender: 'cash' });
    db2.close();
    const second = await souq(t.dir, ['report', 'z', '--counted-cash', '25', '--by', 'Aisha', '--pin', '4829', '--json']);
    expect(second.code).toBe(0);
    expect(lastJson(second)).toMatchObject({ number: 2, from: z1.to, sales: { count: 1, gross: { minor: 2_500 } }, difference: { minor: 0 } });
    const list = await souq(t.dir, ['report', 'z-show']);
    expect(list.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('souq report transactions', { timeout: 240_000 }, () => {
  it('lists one object a sale with invoiceNumber, time, cashier, total, each tender with its amount, refunded and status; the CSV has the same sales', async () => {
    const db = openDb(join(t.dir, 'souq.sqlite'));
    const split = ringUp(db, { totalMinor: 3_000, at: at('2026-01-10', '20:00'), tender: 'split', psp: 'ALIPAY_HK' });
    db.prepare("INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, actor, created_at, business_day) VALUES ('mr-1', ?, 'cash', 500, 'AED', 'u-x', ?, '2026-01-10')").run(split.saleId, at('2026-01-10', '20:30').toISOString());
    db.close();
    const run = await souq(t.dir, ['report', 'transactions', '--from', '2026-01-10', '--to', '2026-01-10', '--json']);
    expect(run.code).toBe(0);
    const txs = lastJson(run) as unknown as Record<string, unknown>[];
    // Paid sales of the day in time order; the sale never paid is not a transaction.
    expect(txs.map((x) => x.invoiceNumber)).toEqual([1, 2, 4]);
    expect(txs[0]).toMatchObject({ invoiceNumber: 1, time: '2026-01-10T10:15:30+04:00', cashier: null, total: 15_050, refunded: 0, status: 'paid', tenders: [{ type: 'wallet', amount: 15_050, wallet: 'ALIPAY_CN' }] });
    expect(txs[1]).toMatchObject({ invoiceNumber: 2, total: 4_000, tenders: [{ type: 'cash', amount: 4_000 }], status: 'paid' });
    expect(txs[2]).toMatchObject({
      invoiceNumber: 4,
      total: 3_000,
      refunded: 500,
      status: 'partly_refunded',
      tenders: [
        { type: 'cash', amount: 1_500, refunded: 500 },
        { type: 'wallet', amount: 1_500, wallet: 'ALIPAY_HK', refunded: 0 },
      ],
    });
    expect(typeof (txs[2]!.tenders as { paymentRequestId: string }[])[1]!.paymentRequestId).toBe('string');

    const file = join(t.dir, 'tx.csv');
    const csv = await souq(t.dir, ['report', 'transactions', '--from', '2026-01-10', '--to', '2026-01-11', '--csv', file]);
    expect(csv.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('invoice_number,time_dubai,cashier,total_aed,total_fils,tenders,wallet_ids,refunded_aed,refunded_fils,status,lines');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^4,2026-01-10 20:00,,30\.00,3000,cash 15\.00; ALIPAY_HK 15\.00,pr-[^,]+,5\.00,500,partly_refunded,1 × Item$/);
    const bad = await souq(t.dir, ['report', 'transactions', '--from', '2026-01-10']);
    expect(bad.code).toBe(2);
  });
});
