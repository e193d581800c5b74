// `souq refund` on a terminal with a manager: the refund is the manager's to give, and a payment
// refunded in full refuses one more in words with the acquirer's code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJson, noStack, souq } from '../cli/souq.ts';
import { openDb } from '../../app/store/db.ts';
import { dataPaths } from '../../app/settings/paths.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-refund-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('souq refund with a manager on the terminal', { timeout: 240_000 }, () => {
  it('needs the manager and PIN, logs each refund under the manager, and once the payment is used up refuses in words with REFUND_AMOUNT_EXCEED', async () => {
    expect((await souq(dir, ['user', 'add', '--name', 'Mona', '--role', 'manager'], { input: '2580\n' })).code).toBe(0);
    expect((await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--by', 'Mona'], { input: '7391\n2580\n' })).code).toBe(0);
    expect((await souq(dir, ['shift', 'start', '--name', 'Omar'], { input: '7391\n' })).code).toBe(0);
    const { code } = lastJson(await souq(dir, ['wallet', 'code', '--json'])) as { code: string };
    const paid = lastJson(await souq(dir, ['pay', '--amount', '10.00', '--code', code, '--json'])) as { paymentRequestId: string; state: string };
    expect(paid.state).toBe('succeeded');
    const id = paid.paymentRequestId;

    const anonymous = await souq(dir, ['refund', id, '--amount', '4.00']);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/Only a manager can refund a payment: give --by NAME/);
    const cashier = await souq(dir, ['refund', id, '--amount', '4.00', '--by', 'Omar'], { input: '7391\n' });
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toMatch(/Omar is a cashier/);

    const part = await souq(dir, ['refund', id, '--amount', '4.00', '--by', 'Mona', '--json'], { input: '2580\n' });
    expect(part.code).toBe(0);
    expect(part.stdout + part.stderr).not.toContain('2580');
    const rest = await souq(dir, ['refund', id, '--by', 'Mona', '--pin', '2580', '--json']);
    expect(lastJson(rest)).toMatchObject({ state: 'refunded', amount: '6.00' });

    const more = await souq(dir, ['refund', id, '--amount', '0.01', '--by', 'Mona'], { input: '2580\n' });
    expect(more.code).toBe(1);
    expect(more.stderr).toMatch(/^souq: Refund refused: it is more than what is left to refund on this payment\. .* Check the refunds already made; refund at most the remaining amount\. \[REFUND_AMOUNT_EXCEED\]$/m);
    expect(more.stderr).toContain(id);
    expect(noStack(more)).toBe(true);

    const db = openDb(dataPaths(dir).db);
    try {
      const mona = (db.prepare("SELECT id FROM users WHERE name = 'Mona'").get() as { id: string }).id;
      const made = db.prepare("SELECT actor FROM events WHERE type = 'refund.created' ORDER BY seq").all() as { actor: string }[];
      expect(made.map((e) => e.actor)).toEqual([mona, mona]);
    } finally {
      db.close();
    }
  });
});
