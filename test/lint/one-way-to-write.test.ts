// One way to write: a module that opens its own transaction is a second way to write, and the
// lint says so wherever it is (app, CLI, native, tests), except in the one helper.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'souq/one-way-to-write').map((m) => m.message);
}

const ownTransaction = "import type { Db } from '../store/db.ts';\nexport const close = (db: Db) => db.transaction(() => db.prepare('DELETE FROM z_reports').run())();\n";

describe('one way to write', () => {
  it('a day-close module with its own db.transaction() fails the lint, pointing at writeTx', async () => {
    expect(await problems('app/dayclose/x.ts', ownTransaction)).toEqual([expect.stringMatching(/A second way to write: use writeTx .* app\/journal\/tx\.ts/)]);
  });

  it('a raw BEGIN, in the CLI or in a test, fails the lint', async () => {
    const cli = await problems('app/cli/commands/x.ts', "import type { Db } from '../../store/db.ts';\nexport const go = (db: Db) => db.exec('BEGIN IMMEDIATE');\n");
    expect(cli).toEqual(['A raw BEGIN is a second way to write: use writeTx from app/journal/tx.ts.']);
    const test = await problems('test/reports/x.ts', "import type { Db } from '../../app/store/db.ts';\nexport const go = (db: Db) => db.prepare(`begin deferred`).run();\n");
    expect(test).toEqual(['A raw BEGIN is a second way to write: use writeTx from app/journal/tx.ts.']);
  });

  it('the one helper itself may open the transaction', async () => {
    expect(await problems('app/journal/tx.ts', ownTransaction)).toEqual([]);
  });
});
