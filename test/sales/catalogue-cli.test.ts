import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastJson, noStack, souq } from '../cli/souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-cli-catalogue-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('souq catalogue', () => {
  it('imports a spreadsheet export and lists it back', async () => {
    const data = join(dir, 'data');
    const file = join(dir, 'products.csv');
    writeFileSync(file, 'ean,name,price\n4006381333931,Pen,4.50\n96385074,"Dates, Medjool",25\n');
    const imported = await souq(data, ['catalogue', 'import', file, '--json']);
    expect(imported.code).toBe(0);
    expect(lastJson(imported)).toEqual({ added: 2, updated: 0, unchanged: 0 });
    const listed = await souq(data, ['catalogue', 'list', '--search', 'dates']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/96385074\s+AED 25\.00\s+Dates, Medjool/);
  });

  it('names every bad line, imports nothing and exits 1 without a stack', async () => {
    const data = join(dir, 'data');
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'ean,name,price\n4006381333931,Pen,4.50\n4006381333932,Bad,1\n96385074,Dates,12.505\n');
    const run = await souq(data, ['catalogue', 'import', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Nothing was imported: fix lines 3, 4/);
    expect(run.stderr).toMatch(/line 3: .*check digit is wrong/);
    expect(noStack(run)).toBe(true);
    const listed = await souq(data, ['catalogue', 'list', '--json']);
    expect(lastJson(listed)).toEqual([]);
  });
});
