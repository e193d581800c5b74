// The app running (openApi: the terminal with its engine on, the contract and its event stream, as
// `souq serve` and Electron open it) while the real `souq` CLI works the same data folder in another
// process: what the CLI settles, pays or queues reaches the running app's screens without a reload,
// and a refund the CLI left queued is sent by the running app once the acquirer answers again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../app/api/events.ts';
import type { AttemptView } from '../../app/api/views.ts';
import { money } from '../../app/domain/money.ts';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import type { RefundView } from '../../app/journal/refunds.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { openTerminal } from '../../app/terminal/terminal.ts';
import { lastJson, souq } from '../cli/souq.ts';
import { stuckPayment } from '../dayclose/attention-fixture.ts';

const PIN = '4829';
const WAIT = { timeout: 60_000, interval: 100 };

let root: string | undefined;
let sandbox: EmbeddedSandbox | undefined;
let app: ApiCore | undefined;

afterEach(async () => {
  await app?.close();
  await sandbox?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  app = undefined;
  sandbox = undefined;
  root = undefined;
});

async function folder(): Promise<string> {
  root = mkdtempSync(join(tmpdir(), 'souq-other-process-'));
  const data = join(root, 'data');
  sandbox = await ensureSandbox(data);
  return data;
}

/** The running app, and everything its screens are told from now on. */
async function runningApp(data: string) {
  app = await openApi({ dataDir: data, log: () => {} });
  const screen: ApiEvent[] = [];
  const attempts: AttemptView[] = [];
  const refunds: RefundView[] = [];
  app.service.subscribe((e) => screen.push(e));
  app.terminal.engine.on('attempt', (a) => attempts.push(a));
  app.terminal.engine.on('refund', (r) => refunds.push(r));
  const shown = (id: string) => screen.flatMap((e) => (e.type === 'attempt' && e.attempt.paymentRequestId === id ? [e.attempt.state] : []));
  const saleShown = (id: string) => screen.flatMap((e) => (e.type === 'sale' && e.sale.id === id ? [e.sale.status] : []));
  return { api: app, screen, attempts, refunds, shown, saleShown };
}

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await app!.service.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** A wallet payment the running app itself takes, to the end. */
async function paidByApp(minor: number): Promise<{ saleId: string; attemptId: string }> {
  const t = app!.terminal;
  const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
  addKeyedLine(t.db, saleId, money(minor), 'Keyed', new Date());
  const a = t.payments.startWithCode({ saleId, code: sandbox!.handle!.mintCode().code });
  await expect.poll(() => t.payments.get(a.paymentRequestId).state, WAIT).toBe('succeeded');
  return { saleId, attemptId: a.paymentRequestId };
}

describe('changes made by another process on the same data folder', () => {
  it('a payment a manager settles with `souq journal settle` shows as paid on the running app without a reload, and leaves its attention list', async () => {
    const data = await folder();
    const add = await souq(data, ['user', 'add', '--name', 'Aisha', '--role', 'manager'], { input: `${PIN}\n` });
    expect(add.code).toBe(0);
    const before = await openTerminal({ dataDir: data, startEngine: false });
    const { saleId, attemptId } = await stuckPayment(before, { minor: 4_200, code: sandbox!.handle!.mintCode().code, charge: true }).finally(() => before.close());

    const { screen, attempts, shown, saleShown } = await runningApp(data);
    const { session } = await call<{ session: string }>('manager.signIn', { name: 'Aisha', pin: PIN });
    expect((await call<{ attemptId: string }[]>('manager.attention', { session })).map((i) => i.attemptId)).toContain(attemptId);
    // The app's own payment, so the log the app reads after the CLI's commit holds its own changes too.
    const own = await paidByApp(1_500);

    const run = await souq(data, ['journal', 'settle', attemptId, '--paid', '--reason', 'Portal shows SUCCESS', '--payment-id', '20261125X9', '--manager', 'Aisha'], { input: `${PIN}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    await expect.poll(() => shown(attemptId), WAIT).toContain('succeeded');
    await expect.poll(() => saleShown(saleId), WAIT).toContain('paid');
    expect((await call<{ attemptId: string }[]>('manager.attention', { session })).map((i) => i.attemptId)).not.toContain(attemptId);
    expect((await call<AttemptView>('payment.get', { attemptId })).state).toBe('succeeded');
    // Its own changes are told once each, not again when it reads the log after the CLI's commit.
    const ownTold = attempts.filter((a) => a.paymentRequestId === own.attemptId).map((a) => `${a.state}|${a.updatedAt}`);
    expect(ownTold.length).toBeGreaterThan(0);
    expect(new Set(ownTold).size).toBe(ownTold.length);
    expect(screen.filter((e) => e.type === 'attempt' && e.attempt.paymentRequestId === attemptId && e.attempt.state === 'succeeded')).toHaveLength(1);
  }, 120_000);

  it('a payment taken with `souq pay` in another process shows, to its success, on the running app', async () => {
    const data = await folder();
    const { shown, saleShown } = await runningApp(data);
    const code = sandbox!.handle!.mintCode().code;
    const run = await souq(data, ['pay', '--amount', '12.50', '--code', code, '--json']);
    expect(run.code).toBe(0);
    const paid = lastJson(run) as { paymentRequestId: string; saleId?: string };
    await expect.poll(() => shown(paid.paymentRequestId), WAIT).toContain('succeeded');
    const saleId = (await call<AttemptView>('payment.get', { attemptId: paid.paymentRequestId })).saleId;
    await expect.poll(() => saleShown(saleId), WAIT).toContain('paid');
  }, 120_000);

  it('a refund `souq refund` left queued while the acquirer failed is shown queued on the running app and sent by it when the acquirer answers again', async () => {
    const data = await folder();
    const { screen, refunds } = await runningApp(data);
    const { attemptId } = await paidByApp(3_000);

    sandbox!.handle!.setFaults('5xx=1');
    const run = await souq(data, ['refund', attemptId, '--wait', '3', '--json']);
    const left = lastJson(run) as { refundRequestId: string; state: string };
    expect(run.code).toBe(5); // not final: the CLI is gone and the refund waits in the journal
    expect(['created', 'sent', 'refund_unknown']).toContain(left.state);
    await expect.poll(() => screen.some((e) => e.type === 'queue' && e.depth === 1), WAIT).toBe(true);
    await expect.poll(() => refunds.some((r) => r.refundRequestId === left.refundRequestId), WAIT).toBe(true);

    sandbox!.handle!.setFaults('');
    await expect.poll(() => refunds.filter((r) => r.refundRequestId === left.refundRequestId).map((r) => r.state), WAIT).toContain('refunded');
    expect(app!.terminal.refunds.get(left.refundRequestId).state).toBe('refunded');
    await expect.poll(() => screen.findLast((e) => e.type === 'queue'), WAIT).toEqual({ type: 'queue', depth: 0 });
  }, 120_000);
});
