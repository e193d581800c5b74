// End to end: the manager's screen open in Chromium on a real `souq serve`, while a manager on the
// same till settles a stuck payment with the real `souq journal settle` in another process. The
// open screen drops it from "needs attention" by itself: nobody reloads the page.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureSandbox } from '../../app/sandbox/embedded.ts';
import { openTerminal } from '../../app/terminal/terminal.ts';
import { souq } from '../cli/souq.ts';
import { stuckPayment } from '../dayclose/attention-fixture.ts';
import { e2eSuite, REPO, serve, tempDataDir } from './support.ts';

const run = promisify(execFile);
const suite = e2eSuite();
const { cleanups } = suite;
const PIN = '4826';

describe('the manager screen and the CLI on one till', { timeout: 300_000 }, () => {
  it('a payment settled with `souq journal settle` leaves the open manager screen\'s attention list without a reload', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    await run(process.execPath, [join(REPO, 'bin/souq.js'), '--data-dir', data.dir, 'user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', PIN]);
    // This process hosts the folder's sandbox (souq serve and the CLI reuse it), stopped last.
    const sandbox = await ensureSandbox(data.dir);
    cleanups.push(() => sandbox.close());
    // The stuck payment exists before the app starts, so the app's engine never races its set-up.
    const before = await openTerminal({ dataDir: data.dir, startEngine: false });
    const { attemptId } = await stuckPayment(before, { minor: 4_200, code: sandbox.handle!.mintCode().code, charge: true }).finally(() => before.close());

    const served = await serve(data.dir, suite.rendererDir);
    cleanups.push(() => served.stop());
    const context = await suite.chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    const manager = await context.newPage();
    await manager.goto(served.cashierUrl);
    await manager.locator('[data-testid="cashier"][data-ready="yes"]').waitFor({ timeout: 30_000 });
    await manager.getByTestId('open-manager').click();
    await manager.getByTestId('manager-signin').waitFor({ timeout: 30_000 });
    await manager.getByTestId('manager-name').fill('Aisha');
    await manager.getByTestId('manager-pin').fill(PIN);
    await manager.getByTestId('manager-signin-submit').click();
    const row = manager.locator(`[data-testid="attention-row"][data-attempt-id="${attemptId}"]`);
    await row.waitFor({ timeout: 30_000 });

    const settled = await souq(data.dir, ['journal', 'settle', attemptId, '--paid', '--reason', 'Portal shows SUCCESS', '--payment-id', '20261125E2E', '--manager', 'Aisha'], { input: `${PIN}\n` });
    expect(settled.stderr).toBe('');
    expect(settled.code).toBe(0);

    await row.waitFor({ state: 'detached', timeout: 60_000 });
    await manager.getByTestId('attention-empty').waitFor({ timeout: 30_000 });
  });
});
