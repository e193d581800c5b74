import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJson, noStack, souq } from '../cli/souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-shift-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('souq shift and souq pay at a till with cashiers', { timeout: 240_000 }, () => {
  it('refuses a payment until a cashier signs in, then the sale is in the takings under that cashier, and shift end signs out', async () => {
    expect((await souq(dir, ['user', 'add', '--name', 'Mona', '--role', 'manager'], { input: '2580\n' })).code).toBe(0);
    expect((await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--by', 'Mona'], { input: '7391\n2580\n' })).code).toBe(0);

    const nobody = await souq(dir, ['shift', '--json']);
    expect(lastJson(nobody)).toEqual({ shift: null, signInRequired: true });
    const refused = await souq(dir, ['pay', '--amount', '1.00', '--code', '281012345678902345']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/No one is signed in at this till/);
    expect(noStack(refused)).toBe(true);

    const wrong = await souq(dir, ['shift', 'start', '--name', 'Omar'], { input: '1111\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Name or PIN not recognised/);
    const start = await souq(dir, ['shift', 'start', '--name', 'Omar'], { input: '7391\n' });
    expect(start.code).toBe(0);
    expect(start.stdout + start.stderr).not.toContain('7391');

    const code = (await souq(dir, ['wallet', 'code'])).stdout.trim().split('\n').at(-1)!;
    const paid = await souq(dir, ['pay', '--amount', '12.50', '--code', code, '--json']);
    expect(lastJson(paid)).toMatchObject({ state: 'succeeded' });
    const day = lastJson(await souq(dir, ['report', 'day', '--json'])) as { byCashier: { name: string; count: number; gross: { minor: number } }[] };
    expect(day.byCashier).toEqual([expect.objectContaining({ name: 'Omar', count: 1, gross: { minor: 1250, currency: 'AED' } })]);

    const end = await souq(dir, ['shift', 'end']);
    expect(end.code).toBe(0);
    expect(end.stdout).toMatch(/Omar is signed out/);
    expect(lastJson(await souq(dir, ['shift', '--json']))).toEqual({ shift: null, signInRequired: true });
  });
});
