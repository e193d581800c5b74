// The folder a file lives in is the process it runs in; these tests prove the lint rule bites,
// so a core file that reaches for Electron or a renderer file that reaches for Node fails the build.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('process boundaries', () => {
  it('a core file importing electron fails the lint', async () => {
    const out = await problems('app/sync/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(out.join('\n')).toMatch(/never imports electron/);
  });

  it('a core file importing React fails the lint', async () => {
    const out = await problems('app/reports/x.ts', "import { useState } from 'react';\nexport const a = useState;\n");
    expect(out.join('\n')).toMatch(/never imports the UI/);
  });

  it('a core file touching the DOM fails the lint', async () => {
    const out = await problems('app/journal/x.ts', 'export const a = document.title;\n');
    expect(out.join('\n')).toMatch(/no DOM here/);
  });

  it('a renderer file importing a Node built-in fails the lint', async () => {
    const out = await problems('renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n");
    expect(out.join('\n')).toMatch(/no Node built-ins/);
  });

  it('a renderer file importing better-sqlite3 or serialport fails the lint', async () => {
    const sqlite = await problems('renderer/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n");
    const serial = await problems('renderer/x.ts', "import { SerialPort } from 'serialport';\nexport const a = SerialPort;\n");
    expect(sqlite.join('\n')).toMatch(/only through the API contract/);
    expect(serial.join('\n')).toMatch(/only through the API contract/);
  });

  it('a renderer file reaching into the store fails, while the pure domain and the contract are allowed', async () => {
    const store = await problems('renderer/cashier/x.ts', "import { openDb } from '../../app/store/db.ts';\nexport const a = openDb;\n");
    expect(store.join('\n')).toMatch(/app\/domain \(pure\) and the API contract/);
    const domain = await problems('renderer/cashier/x.ts', "import { formatMoney } from '../../app/domain/money.ts';\nexport const a = formatMoney;\n");
    expect(domain).toEqual([]);
  });

  it('the pure domain may not import Node built-ins (it runs in the renderer too)', async () => {
    const out = await problems('app/domain/x.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n");
    expect(out.join('\n')).toMatch(/app\/domain is pure/);
  });

  it('the HQ service (plain Node on PostgreSQL) may not import the till\'s SQLite, Electron or React, and reaches into app/ only for the domain, the contract, the event chain and the signature', async () => {
    const sqlite = await problems('hq/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n");
    const react = await problems('hq/x.ts', "import { useState } from 'react';\nexport const a = useState;\n");
    const store = await problems('hq/x.ts', "import { openDb } from '../app/store/db.ts';\nexport const a = openDb;\n");
    const engine = await problems('hq/x.ts', "import { SyncEngine } from '../app/sync/engine.ts';\nexport const a = SyncEngine;\n");
    for (const out of [sqlite, react]) expect(out.join('\n')).toMatch(/plain Node on PostgreSQL/);
    for (const out of [store, engine]) expect(out.join('\n')).toMatch(/hq\/ may import app\/domain/);
    const allowed = [
      "import { checkLink } from '../app/store/events.ts';\nexport const a = checkLink;\n",
      "import { verifyContent } from '../app/acquirer/antom/sign.ts';\nexport const a = verifyContent;\n",
      "import { formatMoney } from '../app/domain/money.ts';\nexport const a = formatMoney;\n",
      "import type { ChainDay } from '../app/api/hq.ts';\nexport type A = ChainDay;\n",
    ];
    for (const code of allowed) expect(await problems('hq/x.ts', code)).toEqual([]);
  });
});
