// Two engines on one journal: the app and a second till process (a second window's process, or a
// `souq pay` / `souq refund`, whose engine starts the same way). The second one opening while the
// first has a request on the wire must leave that request to its owner: not declare its answer lost,
// not send it again. Real parts: two terminals (two SQLite connections) on one data folder, the
// embedded sandbox over loopback with added latency so the request is still on the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptView } from '../../app/api/views.ts';
import { money } from '../../app/domain/money.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { openTerminal, type Terminal } from '../../app/terminal/terminal.ts';

const WAIT = { timeout: 60_000, interval: 50 };

let root: string | undefined;
let sandbox: EmbeddedSandbox | undefined;
const open: Terminal[] = [];

afterEach(async () => {
  for (const t of open.splice(0).reverse()) await t.close();
  await sandbox?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  sandbox = undefined;
  root = undefined;
});

async function till(data: string): Promise<Terminal> {
  const t = await openTerminal({ dataDir: data });
  open.push(t);
  return t;
}

async function folder(): Promise<string> {
  root = mkdtempSync(join(tmpdir(), 'souq-two-engines-'));
  const data = join(root, 'data');
  sandbox = await ensureSandbox(data);
  return data;
}

function payment(t: Terminal, minor: number): AttemptView {
  const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
  addKeyedLine(t.db, saleId, money(minor), 'Keyed', new Date());
  return t.payments.startWithCode({ saleId, code: sandbox!.handle!.mintCode().code });
}

describe('a second engine opening on the same journal', () => {
  it('does not send again a refund the first one has on the wire', async () => {
    const data = await folder();
    const app = await till(data);
    const paid = payment(app, 3_000);
    await expect.poll(() => app.payments.get(paid.paymentRequestId).state, WAIT).toBe('succeeded');

    sandbox!.handle!.setFaults('latency=2500');
    const refund = app.refunds.create({ attemptId: paid.paymentRequestId });
    await expect.poll(() => app.refunds.get(refund.refundRequestId).state, WAIT).toBe('sent');
    const second = await till(data);

    await expect.poll(() => app.refunds.get(refund.refundRequestId).state, WAIT).toBe('refunded');
    await second.engine.drain({ timeoutMs: 30_000 });
    const sends = journalRowsFor(app.db, 'refund', refund.refundRequestId).filter((j) => j.operation === 'refund');
    expect(sends).toHaveLength(1);
  }, 120_000);

  it('does not turn a payment the first one has on the wire into "checking" on the cashier\'s screen', async () => {
    const data = await folder();
    const app = await till(data);
    sandbox!.handle!.setFaults('latency=2500');
    const states: string[] = [];
    const a = payment(app, 2_000);
    app.engine.on('attempt', (v) => v.paymentRequestId === a.paymentRequestId && states.push(v.state));
    await expect.poll(() => app.payments.get(a.paymentRequestId).state, WAIT).toBe('sent');
    const second = await till(data);

    await expect.poll(() => app.payments.get(a.paymentRequestId).state, WAIT).toBe('succeeded');
    await second.engine.drain({ timeoutMs: 30_000 });
    expect(states).not.toContain('unknown');
    expect(journalRowsFor(app.db, 'attempt', a.paymentRequestId).map((j) => j.operation)).toEqual(['pay']);
  }, 120_000);
});
