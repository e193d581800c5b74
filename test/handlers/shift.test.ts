// Cashier shifts through the contract on a real terminal (its SQLite file in a temp folder): the
// quick start sells without anyone signed in; once the shop has a cashier a new sale needs a shift,
// the sale carries the cashier, and the takings add up under that cashier's name.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { addUser, type Actor } from '../../app/users/users.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { businessDay } from '../../app/domain/time.ts';
import { money } from '../../app/domain/money.ts';
import type { CallResult } from '../../app/api/call.ts';
import type { SaleView } from '../../app/api/contract.ts';
import type { ShiftStatusView, ShiftView } from '../../app/api/shift.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(): Promise<ApiCore> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-shift-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const core = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
  cleanups.push(() => core.close());
  return core;
}

async function staff(core: ApiCore): Promise<{ manager: Actor }> {
  const m = await addUser(core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  const manager: Actor = { id: m.id, name: m.name, role: m.role };
  await addUser(core.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: manager });
  return { manager };
}

async function ok<T>(r: Promise<CallResult>): Promise<T> {
  const res = await r;
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

const events = (core: ApiCore, type: string) =>
  core.terminal.db.prepare('SELECT actor, data FROM events WHERE type = ? ORDER BY seq').all(type) as { actor: string | null; data: string }[];

describe('cashier shifts', () => {
  it('a fresh terminal with no users sells without anyone signed in, as in the quick start', async () => {
    const core = await open();
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toEqual({ shift: null, signInRequired: false });
    const sale = await ok<SaleView>(core.service.call('sale.open', {}));
    expect(sale.cashierId).toBeNull();
    // A manager alone does not make sign-in necessary either: only a cashier does.
    await addUser(core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    expect(await ok<SaleView>(core.service.call('sale.open', {}))).toMatchObject({ status: 'open' });
  });

  it('once a cashier exists a new sale is refused in words until someone signs in, and then carries that cashier into the takings', async () => {
    const core = await open();
    await staff(core);
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toEqual({ shift: null, signInRequired: true });
    const refused = await core.service.call('sale.open', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'SHIFT_REQUIRED' } });
    expect(!refused.ok && refused.error.message).toMatch(/sign in to your shift/i);
    expect(core.terminal.db.prepare('SELECT COUNT(*) AS n FROM sales').get()).toEqual({ n: 0 });

    const shift = await ok<ShiftView>(core.service.call('shift.start', { name: 'Omar', pin: '5172' }));
    expect(shift).toMatchObject({ name: 'Omar', terminalId: core.terminal.config.terminalId, endedAt: null });
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toMatchObject({ shift: { name: 'Omar' }, signInRequired: true });
    expect(events(core, 'shift.started')).toEqual([expect.objectContaining({ actor: shift.userId })]);

    const sale = await ok<SaleView>(core.service.call('sale.open', {}));
    expect(sale.cashierId).toBe(shift.userId);
    await ok(core.service.call('sale.addKeyed', { saleId: sale.id, amountMinor: 4_250 }));
    expect(await ok<SaleView>(core.service.call('tender.cash', { saleId: sale.id, tenderedMinor: 5_000 }))).toMatchObject({ status: 'paid' });

    const takings = takingsForDay(core.terminal.db, businessDay(new Date()));
    expect(takings.byCashier).toEqual([expect.objectContaining({ name: 'Omar', count: 1, gross: money(4_250) })]);
  });

  it('five wrong PINs lock the cashier out, and the screen gets the lockout words', async () => {
    const core = await open();
    await staff(core);
    for (let i = 1; i <= 4; i++) {
      const r = await core.service.call('shift.start', { name: 'Omar', pin: '0000' });
      expect(r).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
      expect(!r.ok && r.error.message).toContain(`${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left`);
    }
    const fifth = await core.service.call('shift.start', { name: 'Omar', pin: '0000' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(!fifth.ok && fifth.error.message).toMatch(/Too many wrong PINs: Omar is locked\. Try again in 5 minutes/);
    // The right PIN does not help while locked, and no shift was opened.
    expect(await core.service.call('shift.start', { name: 'Omar', pin: '5172' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toMatchObject({ shift: null });
  });

  it('a manager may work the till, and the next person signing in takes over the shift', async () => {
    const core = await open();
    await staff(core);
    const managerShift = await ok<ShiftView>(core.service.call('shift.start', { name: 'Aisha', pin: '4829' }));
    expect(managerShift.name).toBe('Aisha');
    expect((await ok<SaleView>(core.service.call('sale.open', {}))).cashierId).toBe(managerShift.userId);
    const omar = await ok<ShiftView>(core.service.call('shift.start', { name: 'Omar', pin: '5172' }));
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toMatchObject({ shift: { id: omar.id, name: 'Omar' } });
    expect(events(core, 'shift.ended').map((e) => JSON.parse(e.data) as { userId: string; replacedBy: string })).toEqual([
      expect.objectContaining({ userId: managerShift.userId, replacedBy: omar.userId }),
    ]);
  });

  it('ending a shift is refused while a payment may still move money; a sale left open stays and can still be paid', async () => {
    const core = await open();
    await staff(core);
    const shift = await ok<ShiftView>(core.service.call('shift.start', { name: 'Omar', pin: '5172' }));
    const sale = await ok<SaleView>(core.service.call('sale.open', {}));
    await ok(core.service.call('sale.addKeyed', { saleId: sale.id, amountMinor: 12_000 }));
    const attempt = await ok<{ paymentRequestId: string; state: string }>(core.service.call('payment.showQr', { saleId: sale.id }));
    expect(attempt.state).toBe('created');

    const refused = await core.service.call('shift.end', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'PAYMENT_IN_PROGRESS' } });
    expect(!refused.ok && refused.error.message).toMatch(/still in progress and money may still move/);
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toMatchObject({ shift: { id: shift.id } });

    // Not yet sent (the engine is stopped), so the cancel is final at once and nothing can move.
    expect(await ok(core.service.call('payment.cancel', { attemptId: attempt.paymentRequestId }))).toMatchObject({ state: 'cancelled' });
    expect(await ok(core.service.call('shift.end', {}))).toEqual({ ok: true });
    expect(await ok<ShiftStatusView>(core.service.call('shift.current', {}))).toEqual({ shift: null, signInRequired: true });
    expect(events(core, 'shift.ended')).toEqual([expect.objectContaining({ actor: shift.userId })]);

    // The customer still pays the sale they were in the middle of; the next sale needs a sign-in.
    expect(await ok<SaleView>(core.service.call('tender.cash', { saleId: sale.id, tenderedMinor: 12_000 }))).toMatchObject({ status: 'paid', cashierId: shift.userId });
    expect(await core.service.call('sale.open', {})).toMatchObject({ ok: false, error: { code: 'SHIFT_REQUIRED' } });
  });
});
