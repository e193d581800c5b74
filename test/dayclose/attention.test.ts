// A manager ends payments the terminal could not settle alone: against the real sandbox acquirer
// over loopback and a real SQLite file. Attempts reach needs_attention through the journal's own
// transition functions (attention-fixture.ts) or, for the mismatched-body case, the sync engine itself.
import { afterEach, describe, expect, it } from 'vitest';
import { listAttention, recheckAttempt, settleAttempt } from '../../app/dayclose/attention.ts';
import { businessDay } from '../../app/domain/time.ts';
import { blocksNewAttempt } from '../../app/domain/attempt.ts';
import { requireAttempt } from '../../app/journal/attempts.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { getSale } from '../../app/sales/repository.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser, signIn, type Actor } from '../../app/users/users.ts';
import { harness, type Harness } from '../sync/harness.ts';
import { managerApi } from '../../app/api/manager.ts';
import { createManagerHandlers } from '../../app/handlers/manager.ts';
import type { AttemptRow } from '../../app/journal/attempts.ts';
import type { AcquirerPort } from '../../app/acquirer/port.ts';
import { stuckPayment } from './attention-fixture.ts';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function setup(): Promise<{ h: Harness; manager: Actor; cashier: Actor }> {
  const h = await harness({ startEngine: false });
  open.push(h);
  const m = await addUser(h.terminal.db, { name: 'Aisha', role: 'manager', pin: '4829' });
  await addUser(h.terminal.db, { name: 'Omar', role: 'cashier', pin: '5172', by: { id: m.id, name: m.name, role: m.role } });
  return { h, manager: await signIn(h.terminal.db, { name: 'Aisha', pin: '4829' }), cashier: await signIn(h.terminal.db, { name: 'Omar', pin: '5172' }) };
}

async function stuck(h: Harness, minor: number, opts: { charge: boolean }): Promise<{ saleId: string; attemptId: string; code: string }> {
  const code = h.code();
  return { ...(await stuckPayment(h.terminal, { minor, code, charge: opts.charge, now: h.clock })), code };
}

const today = (h: Harness) => takingsForDay(h.terminal.db, businessDay(h.clock()));
const eventCount = (h: Harness) => (h.terminal.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;

describe('payments needing a manager', () => {
  it('the list shows each stuck payment with its sale, amount, masked code and the last error in words, never the full code', async () => {
    const { h } = await setup();
    const { saleId, attemptId, code } = await stuck(h, 4_250, { charge: false });
    const list = listAttention(h.terminal.db);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      attemptId,
      saleId,
      saleStatus: 'open',
      amount: { minor: 4_250, currency: 'AED' },
      codeMasked: `${code.slice(0, 4)}…${code.slice(-4)}`,
      lastError: expect.stringMatching(/refund undoing this payment was refused/),
    });
    expect(JSON.stringify(list)).not.toContain(code);
  });

  it('marked paid by a manager: the sale is paid, the day’s takings move from needs attention to settled, the log says who and why', async () => {
    const { h, manager } = await setup();
    const { saleId, attemptId } = await stuck(h, 6_000, { charge: true });
    const before = today(h);
    expect(before.status.needsAttention).toMatchObject({ count: 1, amount: { minor: 6_000 } });
    expect(before.status.settled.count).toBe(0);

    const r = settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'succeeded', reason: 'Portal shows SUCCESS', paymentId: '2026112519001234' });
    expect(r).toMatchObject({ state: 'succeeded', settled: true });
    expect(r.message).toMatch(/sale is paid/);
    expect(getSale(h.terminal.db, saleId)).toMatchObject({ status: 'paid' });
    expect(requireAttempt(h.terminal.db, attemptId)).toMatchObject({ state: 'succeeded', payment_id: '2026112519001234' });

    const after = today(h);
    expect(after.status.needsAttention.count).toBe(0);
    expect(after.status.settled).toMatchObject({ count: 1, amount: { minor: 6_000 } });
    expect(after.unsettled).toHaveLength(0);
    expect(listAttention(h.terminal.db)).toHaveLength(0);

    const ev = h.terminal.db.prepare("SELECT actor, data FROM events WHERE type = 'attempt.succeed' AND subject = ?").get(attemptId) as { actor: string; data: string };
    expect(ev.actor).toBe(manager.id);
    expect(JSON.parse(ev.data)).toMatchObject({ from: 'needs_attention', to: 'succeeded', by: 'manager', manager: 'Aisha', reason: 'Portal shows SUCCESS', paymentId: '2026112519001234' });
    expect(verifyChain(h.terminal.db).ok).toBe(true);
  });

  it('marked not paid: the payment failed, the sale still owes it and can take a new payment', async () => {
    const { h, manager } = await setup();
    const { saleId, attemptId } = await stuck(h, 3_000, { charge: false });
    const r = settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'failed', reason: 'Not in the portal' });
    expect(r).toMatchObject({ state: 'failed', settled: true });
    expect(getSale(h.terminal.db, saleId)).toMatchObject({ status: 'open', due: { minor: 3_000 } });
    expect(blocksNewAttempt(requireAttempt(h.terminal.db, attemptId).state)).toBe(false);
    expect(today(h).status.notPaid.count).toBe(1);
    const again = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    expect(again.state).toBe('created');
  });

  it('settling a payment that is not waiting for a manager is refused in words and changes nothing', async () => {
    const { h, manager } = await setup();
    const { saleId, attemptId } = await stuck(h, 2_500, { charge: true });
    settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'succeeded', reason: 'Portal shows SUCCESS' });
    const row = requireAttempt(h.terminal.db, attemptId);
    const events = eventCount(h);
    expect(() => settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'failed', reason: 'changed my mind' })).toThrow(
      expect.objectContaining({ code: 'NOT_NEEDING_ATTENTION', message: expect.stringMatching(/is succeeded, not waiting for a manager: nothing was changed/) }),
    );
    expect(() => settleAttempt(h.terminal.db, manager, { attemptId: 'nope', outcome: 'failed', reason: 'typo' })).toThrow(expect.objectContaining({ code: 'ATTEMPT_NOT_FOUND' }));
    expect(requireAttempt(h.terminal.db, attemptId)).toEqual(row);
    expect(eventCount(h)).toBe(events);
    expect(getSale(h.terminal.db, saleId).status).toBe('paid');
  });

  it('a reason is required and a cashier cannot settle: nothing changes', async () => {
    const { h, manager, cashier } = await setup();
    const { attemptId } = await stuck(h, 2_000, { charge: false });
    const events = eventCount(h);
    expect(() => settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'succeeded', reason: '  ok ' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/reason/) }));
    expect(() => settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'failed', reason: 'Not in portal', paymentId: '123' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => settleAttempt(h.terminal.db, cashier, { attemptId, outcome: 'succeeded', reason: 'customer says paid' })).toThrow(expect.objectContaining({ code: 'NOT_ALLOWED' }));
    expect(requireAttempt(h.terminal.db, attemptId).state).toBe('needs_attention');
    expect(eventCount(h)).toBe(events);
  });

  it('check again: the sandbox says SUCCESS, so it is paid and the sale is finished, with the inquiry in the journal', async () => {
    const { h, manager } = await setup();
    const { saleId, attemptId } = await stuck(h, 5_500, { charge: true });
    const r = await recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId, actor: manager.id, now: h.clock });
    expect(r).toMatchObject({ state: 'succeeded', settled: true, message: expect.stringMatching(/Alipay confirmed/) });
    expect(getSale(h.terminal.db, saleId).status).toBe('paid');
    const row = requireAttempt(h.terminal.db, attemptId);
    expect(row.payment_id).toBeTruthy();
    expect(h.ledger(attemptId)).toMatchObject({ status: 'SUCCESS', timesCharged: 1 });
    const inquiries = journalRowsFor(h.terminal.db, 'attempt', attemptId).filter((j) => j.operation === 'inquiry');
    expect(inquiries).toHaveLength(1);
    expect(inquiries[0]).toMatchObject({ outcome: 'S' });
    expect(today(h).status.settled.count).toBe(1);
    await expect(recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId, now: h.clock })).rejects.toMatchObject({ code: 'NOT_NEEDING_ATTENTION' });
  });

  it('check again when the acquirer never got it: unchanged while the code could still be used, not paid once its window has closed', async () => {
    const { h } = await setup();
    const { saleId, attemptId } = await stuck(h, 1_800, { charge: false });
    const young = await recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId, now: h.clock });
    expect(young).toMatchObject({ state: 'needs_attention', settled: false, message: expect.stringMatching(/no record of this payment yet.*Nothing was changed/) });
    h.advance(61_000);
    const old = await recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId, now: h.clock });
    expect(old).toMatchObject({ state: 'failed', settled: true, message: expect.stringMatching(/nothing was charged/) });
    expect(requireAttempt(h.terminal.db, attemptId).result_code).toBe('ORDER_NOT_EXIST');
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
  });

  it('check again with the acquirer unreachable: says so in words and changes nothing', async () => {
    const { h } = await setup();
    const { attemptId } = await stuck(h, 2_200, { charge: true });
    const row = requireAttempt(h.terminal.db, attemptId);
    await h.stopSandbox();
    const r = await recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId, now: h.clock });
    expect(r).toMatchObject({ state: 'needs_attention', settled: false, message: expect.stringMatching(/did not answer.*Nothing was changed/) });
    expect(requireAttempt(h.terminal.db, attemptId)).toEqual(row);
    expect(journalRowsFor(h.terminal.db, 'attempt', attemptId).at(-1)).toMatchObject({ operation: 'inquiry', outcome: expect.stringMatching(/network|timeout/) });
  });

  it('check again when the acquirer says paid but for another amount (the engine escalated a mismatched request): a person must decide, nothing changes', async () => {
    const { h } = await setup();
    const saleId = h.sale(3_400);
    const a = h.terminal.payments.startWithCode({ saleId, code: h.code() });
    const body = JSON.parse(requireAttempt(h.terminal.db, a.paymentRequestId).request_body);
    // Another (buggy) sender used the same id with a different amount first.
    body.paymentAmount.value = '3300';
    body.order.orderAmount.value = '3300';
    await h.terminal.link.send('pay', JSON.stringify(body));
    h.terminal.engine.start();
    await h.waitForAttempt(a.paymentRequestId, ['needs_attention']);
    await h.terminal.engine.drain();
    const r = await recheckAttempt(h.terminal.db, h.terminal.acquirer, { attemptId: a.paymentRequestId, now: h.clock });
    expect(r).toMatchObject({ state: 'needs_attention', settled: false, message: expect.stringMatching(/paid, but AED\s*33\.00, not AED\s*34\.00/) });
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
  });

  it('check again when the acquirer says paid under a payment id another payment already holds: not taken as this payment, nothing changes', async () => {
    const { h, manager } = await setup();
    const first = await stuck(h, 1_500, { charge: false });
    settleAttempt(h.terminal.db, manager, { attemptId: first.attemptId, outcome: 'succeeded', reason: 'Seen in the portal', paymentId: 'PAY-HELD-1' });
    const { saleId, attemptId } = await stuck(h, 2_600, { charge: true });
    const before = requireAttempt(h.terminal.db, attemptId);
    const real = h.terminal.acquirer;
    // A signed SUCCESS whose paymentId is the first payment's: evidence about that payment, not this one.
    const confused: AcquirerPort = {
      ...real,
      inquire: async (body, asked, o) => {
        const a = await real.inquire(body, asked, o);
        return a.outcome.kind === 'succeed' ? { ...a, outcome: { ...a.outcome, paymentId: 'PAY-HELD-1' } } : a;
      },
    };
    const r = await recheckAttempt(h.terminal.db, confused, { attemptId, actor: manager.id, now: h.clock });
    expect(r).toMatchObject({ state: 'needs_attention', settled: false, message: expect.stringMatching(/not about this payment alone.*paymentId.*Nothing was changed/) });
    expect(requireAttempt(h.terminal.db, attemptId)).toMatchObject({ state: 'needs_attention', payment_id: before.payment_id });
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
  });

  it('a manager who settles by hand while the acquirer is being asked wins: the late answer changes nothing and says so', async () => {
    const { h, manager } = await setup();
    const { saleId, attemptId } = await stuck(h, 2_900, { charge: true });
    const real = h.terminal.acquirer;
    const racing: AcquirerPort = {
      ...real,
      inquire: (body, asked, o) => {
        settleAttempt(h.terminal.db, manager, { attemptId, outcome: 'failed', reason: 'Not in the portal' });
        return real.inquire(body, asked, o);
      },
    };
    await expect(recheckAttempt(h.terminal.db, racing, { attemptId, now: h.clock })).rejects.toMatchObject({
      code: 'NOT_NEEDING_ATTENTION',
      message: expect.stringMatching(/settled meanwhile \(it is failed\): nothing more was changed/),
    });
    expect(requireAttempt(h.terminal.db, attemptId).state).toBe('failed');
    expect(getSale(h.terminal.db, saleId).status).toBe('open');
    expect(journalRowsFor(h.terminal.db, 'attempt', attemptId).at(-1)).toMatchObject({ operation: 'inquiry', outcome: 'S' });
  });

  it('through the manager calls: a signed-in manager lists, checks and settles; each settlement is announced to the screens, a short reason never reaches the core', async () => {
    const { h } = await setup();
    const announced: AttemptRow[] = [];
    const calls = createManagerHandlers({
      db: h.terminal.db,
      terminalId: h.config.terminalId,
      refunds: h.terminal.refunds,
      link: h.terminal.acquirer,
      now: h.clock,
      attempts: { announceAttempt: (row) => announced.push(row) },
    });
    const charged = await stuck(h, 7_000, { charge: true });
    const unsent = await stuck(h, 1_000, { charge: false });
    await expect(Promise.resolve().then(() => calls['manager.attention']({ session: 'x'.repeat(32) }))).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const { session } = await calls['manager.signIn']({ name: 'Aisha', pin: '4829' });
    expect((await calls['manager.attention']({ session })).map((i) => i.attemptId).sort()).toEqual([charged.attemptId, unsent.attemptId].sort());

    const still = await calls['manager.recheckAttempt']({ session, attemptId: unsent.attemptId });
    expect(still).toMatchObject({ settled: false, state: 'needs_attention' });
    expect(announced).toHaveLength(0);

    expect(managerApi['manager.settleAttempt'].input.safeParse({ session, attemptId: charged.attemptId, outcome: 'succeeded', reason: ' ok ' }).success).toBe(false);
    expect(managerApi['manager.settleAttempt'].input.safeParse({ session, attemptId: charged.attemptId, outcome: 'paid', reason: 'Portal shows SUCCESS' }).success).toBe(false);
    const input = managerApi['manager.settleAttempt'].input.parse({ session, attemptId: charged.attemptId, outcome: 'succeeded', reason: 'Portal shows SUCCESS' });
    const done = await calls['manager.settleAttempt'](input);
    expect(done).toMatchObject({ settled: true, state: 'succeeded' });
    expect(announced.map((r) => [r.id, r.state])).toEqual([[charged.attemptId, 'succeeded']]);
    expect(getSale(h.terminal.db, charged.saleId).status).toBe('paid');
    await expect(Promise.resolve().then(() => calls['manager.settleAttempt'](input))).rejects.toMatchObject({ code: 'NOT_NEEDING_ATTENTION' });
    expect(announced).toHaveLength(1);
  });
});
