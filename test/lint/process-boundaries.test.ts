// The folder a file lives in is the process it runs in; these tests prove the border rule bites
// through the repository's own ESLint config (so a later, narrower config block cannot quietly
// switch a border off): each border gets a forbidden import and must fail the lint.
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

/** The lint of one import line in a file at `file`, with its binding used so no other rule speaks. */
function importing(file: string, line: string): Promise<string[]> {
  return problems(file, `${line}\nexport const used = a;\n`);
}

describe('process borders', () => {
  it('the pure domain importing the journal fails the lint', async () => {
    const out = await importing('app/domain/x.ts', "import { writeTx as a } from '../journal/tx.ts';");
    expect(out).toEqual(['souq/process-borders: app/domain is pure (it runs in the renderer too): it may not import ../journal/tx.ts (the app/ core).']);
  });

  it('the pure domain importing react-dom fails the lint', async () => {
    const out = await importing('app/domain/x.ts', "import { createRoot as a } from 'react-dom/client';");
    expect(out.join('\n')).toMatch(/app\/domain is pure .*react-dom\/client \(a UI library\)/);
  });

  it('the pure domain importing the renderer fails the lint', async () => {
    const out = await importing('app/domain/x.ts', "import { t as a } from '../../renderer/i18n/i18n.ts';");
    expect(out.join('\n')).toMatch(/app\/domain is pure .*\(the renderer UI\)/);
  });

  it('the pure domain importing a Node built-in fails the lint, with or without the node: prefix', async () => {
    const prefixed = await importing('app/domain/x.ts', "import { createHash as a } from 'node:crypto';");
    const bare = await importing('app/domain/x.ts', "import { createHash as a } from 'crypto';");
    expect(prefixed.join('\n')).toMatch(/app\/domain is pure .*Node built-in node:crypto/);
    expect(bare.join('\n')).toMatch(/Node built-in crypto/);
  });

  it('the API contract importing the hardware layer fails the lint', async () => {
    const out = await importing('app/api/x.ts', "import { listPorts as a } from '../../native/ports/discovery.ts';");
    expect(out.join('\n')).toMatch(/app\/api is the pure contract .*\(the hardware layer native\/\)/);
  });

  it('the API contract may name a core view type, but never load core code', async () => {
    expect(await importing('app/api/x.ts', "import type { Takings as a } from '../reports/takings.ts';")).toEqual([]);
    const value = await importing('app/api/x.ts', "import { dayTakings as a } from '../reports/takings.ts';");
    expect(value.join('\n')).toMatch(/app\/api is the pure contract .*\(the app\/ core\)/);
  });

  it('a renderer file importing better-sqlite3 fails the lint', async () => {
    const out = await importing('renderer/cashier/x.ts', "import a from 'better-sqlite3';");
    expect(out.join('\n')).toMatch(/renderer\/ runs sandboxed .*better-sqlite3 \(the SQLite driver\)/);
  });

  it('a renderer file importing node:fs fails the lint', async () => {
    const out = await importing('renderer/x.ts', "import { readFileSync as a } from 'node:fs';");
    expect(out.join('\n')).toMatch(/renderer\/ runs sandboxed .*Node built-in node:fs/);
  });

  it('a renderer file reaching into the store fails, while the pure domain and the contract are allowed', async () => {
    const store = await importing('renderer/cashier/x.ts', "import { openDb as a } from '../../app/store/db.ts';");
    expect(store.join('\n')).toMatch(/renderer\/ .*\(the app\/ core\)/);
    expect(await importing('renderer/cashier/x.ts', "import { formatMoney as a } from '../../app/domain/money.ts';")).toEqual([]);
    expect(await importing('renderer/cashier/x.ts', "import type { AttemptView as a } from '../../app/api/views.ts';")).toEqual([]);
  });

  it('a core file importing electron fails the lint', async () => {
    const out = await importing('app/sync/x.ts', "import { app as a } from 'electron';");
    expect(out.join('\n')).toMatch(/app\/ is the terminal core .*electron \(Electron\)/);
  });

  it('a core file importing React or the hardware layer fails the lint; the CLI may wire the hardware in', async () => {
    const react = await importing('app/reports/x.ts', "import { useState as a } from 'react';");
    expect(react.join('\n')).toMatch(/app\/ is the terminal core .*react \(a UI library\)/);
    const native = await importing('app/handlers/x.ts', "import { listPorts as a } from '../../native/ports/discovery.ts';");
    expect(native.join('\n')).toMatch(/app\/ is the terminal core .*\(the hardware layer native\/\)/);
    expect(await importing('app/cli/commands/x.ts', "import { listPorts as a } from '../../../native/ports/discovery.ts';")).toEqual([]);
  });

  it('a core file touching the DOM fails the lint', async () => {
    const out = await problems('app/journal/x.ts', 'export const a = document.title;\n');
    expect(out.join('\n')).toMatch(/no DOM here/);
  });

  it('the hardware layer importing React fails the lint', async () => {
    const out = await importing('native/serial/x.ts', "import { useState as a } from 'react';");
    expect(out.join('\n')).toMatch(/native\/ is the hardware layer .*react \(a UI library\)/);
  });

  it('the shell importing renderer code fails the lint', async () => {
    const out = await importing('electron/x.ts', "import { t as a } from '../renderer/i18n/i18n.ts';");
    expect(out.join('\n')).toMatch(/electron\/ is the shell.*\(the renderer UI\)/);
  });

  it('a package nobody has classified is refused, wherever it is imported', async () => {
    for (const file of ['app/reports/x.ts', 'renderer/x.ts', 'test/x.test.ts']) {
      const out = await importing(file, "import a from 'left-pad';");
      expect(out).toEqual(['souq/process-borders: Uncategorized dependency "left-pad": classify it in eslint-rules/packages.js (which processes may load it) before importing it.']);
    }
  });

  it('a build or test tool may not ship inside the app', async () => {
    const out = await importing('app/store/x.ts', "import { describe as a } from 'vitest';");
    expect(out.join('\n')).toMatch(/vitest \(a build or test tool\)/);
  });

  it('a file importing from outside the repository fails the lint', async () => {
    const out = await importing('test/acquirer/x.test.ts', "import a from '../../../elsewhere/vectors/antom-signature.json';");
    expect(out.join('\n')).toMatch(/outside the repository/);
  });

  it('re-exports, dynamic imports and type imports are judged like plain imports', async () => {
    expect((await problems('app/domain/x.ts', "export { writeTx } from '../journal/tx.ts';\n")).join('\n')).toMatch(/app\/domain is pure/);
    expect((await problems('app/domain/x.ts', "export const a = () => import('node:fs');\n")).join('\n')).toMatch(/Node built-in node:fs/);
    expect((await importing('app/domain/x.ts', "import type { Db as a } from '../store/db.ts';")).join('\n')).toMatch(/app\/domain is pure/);
  });

  it('the HQ service (plain Node on PostgreSQL) may not import the till\'s SQLite, Electron or React, and reaches into app/ only for the domain, the contract, the event chain and the signature', async () => {
    const sqlite = await problems('hq/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n");
    const react = await problems('hq/x.ts', "import { useState } from 'react';\nexport const a = useState;\n");
    const store = await problems('hq/x.ts', "import { openDb } from '../app/store/db.ts';\nexport const a = openDb;\n");
    const engine = await problems('hq/x.ts', "import { SyncEngine } from '../app/sync/engine.ts';\nexport const a = SyncEngine;\n");
    for (const out of [sqlite, react, store, engine]) expect(out.join('\n')).toMatch(/hq\/ is the HQ service on PostgreSQL: app\/domain, app\/api, the event chain and the acquirer signature only/);
    const allowed = [
      "import { checkLink } from '../app/store/events.ts';\nexport const a = checkLink;\n",
      "import { verifyContent } from '../app/acquirer/antom/sign.ts';\nexport const a = verifyContent;\n",
      "import { formatMoney } from '../app/domain/money.ts';\nexport const a = formatMoney;\n",
      "import type { ChainDay } from '../app/api/hq.ts';\nexport type A = ChainDay;\n",
    ];
    for (const code of allowed) expect(await problems('hq/x.ts', code)).toEqual([]);
  });
});
