// The manager's calls on the real terminal (its SQLite file, journal and acquirer link), through the
// same input schemas the transports apply.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { money } from '../../app/domain/money.ts';
import { businessDay } from '../../app/domain/time.ts';
import { openTerminal } from '../../app/terminal/terminal.ts';
import { addUser } from '../../app/users/users.ts';
import { managerApi } from '../../app/api/manager.ts';
import { createManagerHandlers } from '../../app/handlers/manager.ts';
import { ringUp } from '../reports/fixture.ts';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('manager calls', () => {
  it('a manager signs in, reads today, refunds cash, closes the day and reprints the Z; a cashier cannot sign in here', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-manager-api-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const t = await openTerminal({ dataDir: dir, startEngine: false });
    cleanups.push(() => t.close());
    const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    await addUser(t.db, { name: 'Omar', role: 'cashier', pin: '5172', by: { id: m.id, name: m.name, role: m.role } });
    const h = createManagerHandlers({ db: t.db, terminalId: t.config.terminalId, refunds: t.refunds, link: t.acquirer });
    const sale = ringUp(t.db, { totalMinor: 25_000, at: new Date(), tender: 'cash' });

    await expect(h['manager.signIn']({ name: 'Omar', pin: '5172' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const { session } = await h['manager.signIn']({ name: 'Aisha', pin: '4829' });
    expect(managerApi['report.day'].input.safeParse({ session, date: '31-01-2026' }).success).toBe(false);

    const today = await h['report.day'](managerApi['report.day'].input.parse({ session }));
    expect(today.sales.gross).toEqual(money(25_000));
    const after = await h['manager.refundDrawer'](managerApi['manager.refundDrawer'].input.parse({ session, saleId: sale.saleId, kind: 'cash', amount: '50.00', reason: 'size' }));
    expect(after.tenders[0]!.refundable).toEqual(money(20_000));
    const csv = await h['report.csv']({ session, from: businessDay(new Date()), to: businessDay(new Date()) });
    expect(csv.csv).toContain('total,refunds,1,50.00,5000');

    const z = await h['manager.closeDay'](managerApi['manager.closeDay'].input.parse({ session, countedCash: '200' }));
    expect(z).toMatchObject({ number: 1, expectedCash: money(20_000), countedCash: money(20_000), difference: money(0) });
    expect((await h['manager.zReport']({ session, number: 1 })).text).toBe(z.text);
    await h['manager.signOut']({ session });
    await expect(Promise.resolve().then(() => h['report.day']({ session }))).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});

describe('manager calls through the contract', () => {
  it('are reachable by name on the service both transports use, with schema errors and sign-in errors in words', async () => {
    const { openApi } = await import('../../app/handlers/index.ts');
    const dir = mkdtempSync(join(tmpdir(), 'souq-manager-service-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const core = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
    cleanups.push(() => core.close());
    await addUser(core.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    const bad = await core.service.call('report.range', { session: 'x'.repeat(20), from: '2026-01-01', to: 'tomorrow' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const wrong = await core.service.call('manager.signIn', { name: 'Aisha', pin: '0000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PIN', message: expect.stringMatching(/4 tries left/) } });
    const ok = await core.service.call('manager.signIn', { name: 'Aisha', pin: '4829' });
    expect(ok.ok).toBe(true);
    const session = (ok as { ok: true; value: { session: string } }).value.session;
    const day = await core.service.call('report.day', { session, date: '2026-01-10' });
    expect(day).toMatchObject({ ok: true, value: { sales: { count: 0, gross: { minor: 0, currency: 'AED' } } } });
  });
});
