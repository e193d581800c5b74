// `souq journal attention|recheck|settle` as a manager runs them: the real bin/souq.js in a child
// process, a temp data folder, the embedded sandbox acquirer over loopback, the PIN on stdin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { getSale } from '../../app/sales/repository.ts';
import { openDb } from '../../app/store/db.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { openTerminal } from '../../app/terminal/terminal.ts';
import { stuckPayment } from '../dayclose/attention-fixture.ts';
import { lastJson, noStack, souq } from './souq.ts';

let root: string;
let data: string;
let sandbox: EmbeddedSandbox;
const PIN = '4829';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-cli-attention-'));
  data = join(root, 'data');
  sandbox = await ensureSandbox(data);
  const add = await souq(data, ['user', 'add', '--name', 'Aisha', '--role', 'manager'], { input: `${PIN}\n` });
  expect(add.code).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

const mint = () => sandbox.handle!.mintCode().code;

/** A stuck payment made in-process on the same data folder, closed again before the CLI runs. */
async function stuck(minor: number, charge: boolean): Promise<{ saleId: string; attemptId: string; code: string }> {
  const t = await openTerminal({ dataDir: data, startEngine: false });
  try {
    const code = mint();
    return { ...(await stuckPayment(t, { minor, code, charge })), code };
  } finally {
    await t.close();
  }
}

function read<T>(fn: (db: ReturnType<typeof openDb>) => T): T {
  const db = openDb(dataPaths(data).db);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const stateOf = (id: string) => read((db) => (db.prepare('SELECT state FROM attempts WHERE id = ?').get(id) as { state: string }).state);

// Each test spawns several `souq` processes (tsx start-up each): generous time on a loaded machine.
describe('souq journal attention / settle / recheck', () => {
  it('lists the payments needing a manager, codes masked, and a manager marks one paid with the PIN on stdin: the sale is paid', async () => {
    const { saleId, attemptId, code } = await stuck(4_200, true);
    const list = await souq(data, ['journal', 'attention', '--json']);
    expect(list.code).toBe(0);
    const items = lastJson(list).attention as { attemptId: string; codeMasked: string; amount: { minor: number }; lastError: string }[];
    expect(items.find((i) => i.attemptId === attemptId)).toMatchObject({ codeMasked: `${code.slice(0, 4)}…${code.slice(-4)}`, amount: { minor: 4_200 }, lastError: expect.stringMatching(/refused/) });
    const text = await souq(data, ['journal', 'attention']);
    expect(text.stdout).toContain(attemptId);
    expect(text.stdout).toMatch(/AED 42\.00/);
    expect(text.stdout + list.stdout).not.toContain(code);
    const journal = await souq(data, ['journal']);
    expect(journal.stdout).toMatch(/Payments needing attention \(1\)[\s\S]*souq journal settle ID/);

    const run = await souq(data, ['journal', 'settle', attemptId, '--paid', '--reason', 'Portal shows SUCCESS', '--payment-id', '20261125X1', '--manager', 'Aisha'], { input: `${PIN}\n` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Marked paid.*The sale is paid/);
    expect(run.stdout + run.stderr).not.toContain(PIN);
    expect(read((db) => getSale(db, saleId).status)).toBe('paid');
    expect(stateOf(attemptId)).toBe('succeeded');

    const again = await souq(data, ['journal', 'settle', attemptId, '--not-paid', '--reason', 'second thoughts', '--manager', 'Aisha'], { input: `${PIN}\n` });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is succeeded, not waiting for a manager: nothing was changed/);
    expect(noStack(again)).toBe(true);
    expect(stateOf(attemptId)).toBe('succeeded');
  }, 180_000);

  it('refuses without a manager PIN, with a wrong PIN, without a reason, or with both --paid and --not-paid, and changes nothing', async () => {
    const { attemptId } = await stuck(1_500, false);
    const settle = (extra: string[], input?: string) => souq(data, ['journal', 'settle', attemptId, ...extra], input === undefined ? {} : { input });
    const noPin = await settle(['--not-paid', '--reason', 'Not in portal', '--manager', 'Aisha']);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/PIN on stdin/);
    const wrong = await settle(['--not-paid', '--reason', 'Not in portal', '--manager', 'Aisha'], '1357\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/tries? left/);
    expect(wrong.stdout + wrong.stderr).not.toContain('1357');
    const noReason = await settle(['--not-paid', '--manager', 'Aisha'], `${PIN}\n`);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/reason/);
    const both = await settle(['--paid', '--not-paid', '--reason', 'Not in portal', '--manager', 'Aisha'], `${PIN}\n`);
    expect(both.code).toBe(2);
    for (const r of [noPin, wrong, noReason, both]) expect(noStack(r)).toBe(true);
    expect(stateOf(attemptId)).toBe('needs_attention');

    const ok = await settle(['--not-paid', '--reason', 'Not in portal', '--manager', 'Aisha', '--json'], `${PIN}\n`);
    expect(ok.code).toBe(0);
    expect(lastJson(ok)).toMatchObject({ attemptId, state: 'failed', settled: true });
  }, 180_000);

  it('recheck: the sandbox confirms a charged payment (exit 0, paid); one it never received, still inside its code window, is left as it was (exit 5)', async () => {
    const paid = await stuck(2_600, true);
    const run = await souq(data, ['journal', 'recheck', paid.attemptId, '--json']);
    expect(run.code).toBe(0);
    expect(lastJson(run)).toMatchObject({ attemptId: paid.attemptId, state: 'succeeded', settled: true });
    expect(read((db) => getSale(db, paid.saleId).status)).toBe('paid');

    const unsent = await stuck(2_700, false);
    const left = await souq(data, ['journal', 'recheck', unsent.attemptId]);
    expect(left.code).toBe(5);
    expect(left.stdout).toMatch(/no record of this payment yet.*Nothing was changed/);
    expect(stateOf(unsent.attemptId)).toBe('needs_attention');

    const missing = await souq(data, ['journal', 'recheck', 'no-such-payment']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No payment no-such-payment/);
  }, 180_000);
});
