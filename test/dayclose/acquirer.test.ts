// Against the real embedded sandbox acquirer over loopback HTTP, through the real terminal.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { money } from '../../app/domain/money.ts';
import { businessDay } from '../../app/domain/time.ts';
import { refundBody } from '../../app/acquirer/antom/requests.ts';
import { mismatched, type AcquirerPort } from '../../app/acquirer/port.ts';
import { readRegistration } from '../../app/sandbox/server.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { openTerminal, type Terminal } from '../../app/terminal/terminal.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { refundToWallet } from '../../app/dayclose/refunds.ts';
import { closeDay } from '../../app/dayclose/close.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { walletPay } from '../reports/fixture.ts';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function shop(): Promise<{ t: Terminal; dir: string; manager: Actor }> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-manager-acq-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const t = await openTerminal({ dataDir: dir });
  cleanups.push(() => t.close());
  const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  return { t, dir, manager: { id: m.id, name: m.name, role: m.role } };
}

async function paidWalletSale(t: Terminal, dir: string, minor: number): Promise<string> {
  const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
  addKeyedLine(t.db, saleId, money(minor), 'Keyed');
  const reg = readRegistration(dataPaths(dir).sandboxDir)!;
  const { code } = (await (await fetch(`${reg.url}/sandbox/wallet/codes`, { method: 'POST', body: '{}' })).json()) as { code: string };
  const a = t.payments.startWithCode({ saleId, code });
  await expect.poll(() => t.payments.get(a.paymentRequestId).state, { timeout: 20_000, interval: 25 }).toBe('succeeded');
  return a.paymentRequestId;
}

async function refundSettles(t: Terminal, id: string): Promise<string> {
  await expect.poll(() => t.refunds.get(id).state, { timeout: 20_000, interval: 25 }).toMatch(/^(refunded|refund_failed)$/);
  return t.refunds.get(id).state;
}

describe('manager refunds and day close against the sandbox acquirer', () => {
  it('refunds a wallet payment in parts until it is used up; one more refund is refused, and one the acquirer refuses shows REFUND_AMOUNT_EXCEED', async () => {
    const { t, dir, manager } = await shop();
    const attemptId = await paidWalletSale(t, dir, 10_000);
    const first = refundToWallet(t.refunds, manager, { attemptId, amount: money(4_000), reason: 'one item returned' });
    expect(await refundSettles(t, first.refundRequestId)).toBe('refunded');
    const rest = refundToWallet(t.refunds, manager, { attemptId, amount: money(6_000) });
    expect(await refundSettles(t, rest.refundRequestId)).toBe('refunded');
    expect(() => refundToWallet(t.refunds, manager, { attemptId, amount: money(1) })).toThrow(expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID' }));

    // A refund made meanwhile in the acquirer's merchant portal: the till does not know of it, so
    // its own refund of the full amount reaches the acquirer and comes back REFUND_AMOUNT_EXCEED.
    const second = await paidWalletSale(t, dir, 5_000);
    const paymentId = t.payments.get(second).paymentId!;
    const portal = await t.link.send('refund', refundBody({ refundRequestId: 'PORTAL-REFUND-1', paymentId, amount: money(3_000) }));
    expect(portal.kind === 'answered' && portal.result.resultStatus).toBe('S');
    const refused = refundToWallet(t.refunds, manager, { attemptId: second, amount: money(5_000) });
    expect(await refundSettles(t, refused.refundRequestId)).toBe('refund_failed');
    expect(t.refunds.get(refused.refundRequestId).resultCode).toBe('REFUND_AMOUNT_EXCEED');

    const day = takingsForDay(t.db, businessDay(new Date()));
    expect(day.refunds.total).toEqual(money(10_000));
    expect(day.net).toEqual(money(5_000));
    const ev = t.db.prepare("SELECT actor FROM events WHERE type = 'refund.created'").all() as { actor: string }[];
    expect(ev.every((e) => e.actor === manager.id)).toBe(true);
  });

  it('a Z close confirms every wallet payment with a journalled inquiry and lists the one the acquirer never took', async () => {
    const { t, dir, manager } = await shop();
    const real = await paidWalletSale(t, dir, 7_500);
    // A payment the till believes succeeded but the acquirer never registered.
    const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
    addKeyedLine(t.db, saleId, money(2_000), 'Keyed');
    const ghost = walletPay(t.db, saleId, 2_000, 'ALIPAY_CN', new Date());
    const z = await closeDay(t.db, { terminalId: t.config.terminalId, actor: manager, countedCash: money(0), link: t.acquirer });
    expect(z.number).toBe(1);
    expect(z.reconciliation).toMatchObject({ checked: 2, confirmed: 1, unconfirmed: [] });
    expect(z.reconciliation.mismatches).toHaveLength(1);
    expect(z.reconciliation.mismatches[0]).toMatchObject({ attemptId: ghost, acquirer: { resultCode: 'ORDER_NOT_EXIST' } });
    expect(z.reconciliation.mismatches[0]!.words).toMatch(/till recorded AED\s*20\.00 paid, but the acquirer says ORDER_NOT_EXIST/);
    const inquiries = t.db.prepare("SELECT subject_id, outcome FROM journal WHERE operation = 'inquiry' AND subject_id IN (?, ?) ORDER BY subject_id").all(real, ghost) as { subject_id: string; outcome: string }[];
    expect(inquiries.filter((r) => r.subject_id === real).at(-1)!.outcome).toBe('S');
    expect(inquiries.filter((r) => r.subject_id === ghost).at(-1)!.outcome).toBe('F');
  });

  it('a Z close takes no reply about another payment as confirmation: a paid id another payment holds stays unconfirmed, another amount is a mismatch', async () => {
    const { t, dir, manager } = await shop();
    const real = await paidWalletSale(t, dir, 7_500);
    const heldId = t.payments.get(real).paymentId!;
    const walletSale = (minor: number): string => {
      const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
      addKeyedLine(t.db, saleId, money(minor), 'Keyed');
      return walletPay(t.db, saleId, minor, 'ALIPAY_CN', new Date());
    };
    const borrowed = walletSale(2_000);
    const short = walletSale(3_000);
    const wire = { outcome: 'S', resultCode: 'SUCCESS', reached: true };
    const confused: AcquirerPort = {
      ...t.acquirer,
      inquire: (body, asked, o) => {
        if (asked.paymentRequestId === borrowed) {
          return Promise.resolve({ outcome: { kind: 'succeed', paymentId: heldId, paymentTime: null, pspName: 'ALIPAY_CN', customerId: null }, wire });
        }
        if (asked.paymentRequestId === short) return Promise.resolve({ outcome: mismatched([{ field: 'paymentAmount', expected: 'AED 3000', got: 'AED 2900' }]), wire });
        return t.acquirer.inquire(body, asked, o);
      },
    };
    await expect(closeDay(t.db, { terminalId: t.config.terminalId, actor: manager, countedCash: money(0), link: confused })).rejects.toMatchObject({ code: 'ACQUIRER_UNREACHABLE' });
    const z = await closeDay(t.db, { terminalId: t.config.terminalId, actor: manager, countedCash: money(0), link: confused, allowUnconfirmed: true });
    expect(z.reconciliation).toMatchObject({ checked: 3, confirmed: 1, unconfirmed: [borrowed] });
    expect(z.reconciliation.mismatches).toMatchObject([{ attemptId: short, acquirer: { paymentStatus: 'SUCCESS', amount: money(2_900) } }]);
    expect(z.reconciliation.mismatches[0]!.words).toMatch(/till recorded AED\s*30\.00, the acquirer AED\s*29\.00/);
  });
});
