import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastJson, noStack, souq } from '../cli/souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-user-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Each test runs the real CLI several times; on a loaded machine that takes a while.
describe('souq user', { timeout: 240_000 }, () => {
  it('on a new terminal says no manager exists, creates the first one with the PIN from stdin, and never prints the PIN', async () => {
    const empty = await souq(dir, ['user', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No manager exists yet.*souq user add --name NAME --role manager/);
    const cashierFirst = await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier'], { input: '5172\n' });
    expect(cashierFirst.code).toBe(1);
    expect(cashierFirst.stderr).toMatch(/No manager exists yet/);
    const add = await souq(dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager'], { input: '4829\n' });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Added Aisha \(manager\).*first manager/);
    expect(add.stdout + add.stderr).not.toContain('4829');
  });

  it('after the first manager, adding someone needs a manager name and PIN; a wrong PIN is refused in words', async () => {
    await souq(dir, ['user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4829']);
    const noBy = await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--pin', '5172']);
    expect(noBy.code).toBe(2);
    expect(noBy.stderr).toMatch(/Only a manager can add people: give --by NAME/);
    const wrong = await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--by', 'Aisha'], { input: '5172\n0000\n' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Name or PIN not recognised\. 4 tries left/);
    expect(noStack(wrong)).toBe(true);
    const ok = await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--by', 'Aisha', '--json'], { input: '5172\n4829\n' });
    expect(ok.code).toBe(0);
    expect(lastJson(ok)).toMatchObject({ name: 'Omar', role: 'cashier' });
    const list = await souq(dir, ['user', 'list', '--json']);
    expect((lastJson(list) as { users: { name: string }[] }).users.map((u) => u.name)).toEqual(['Aisha', 'Omar']);
  });
});
