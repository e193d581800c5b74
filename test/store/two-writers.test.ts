// One way to write: the app and the CLI are separate processes on one SQLite file. Every writer
// takes the writer lock up front (writeTx, BEGIN IMMEDIATE), so they queue for each other; none
// may ever see SQLITE_BUSY (or its words, DB_BUSY). Before writeTx was the only way, the scanner
// settings' deferred read-then-write failed here with "database is locked" dozens of times.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lastJson, souq, type SouqRun } from '../cli/souq.ts';
import { openDb, StoreError } from '../../app/store/db.ts';
import { appendEvent, verifyChain } from '../../app/store/events.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { dataPaths } from '../../app/settings/paths.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Line = { ready?: true; error?: string; code?: string | null; message?: string; done?: Record<string, number> };

/** One app process running its writers until `stopFile` exists; `ready` once each has written. */
function app(dataDir: string, stopFile: string, name: string, year: number): { ready: Promise<void>; finished: Promise<Line[]> } {
  const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'test/store/fixtures/core-writer.ts'), dataDir, stopFile, name, String(year)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.includes('"ready":true')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const finished = new Promise<Line[]>((resolveRun, reject) => {
    child.on('exit', (code) => {
      markReady();
      if (code !== 0) reject(new Error(`app ${name} exited ${code}: ${err}`));
      else resolveRun(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line));
    });
  });
  return { ready, finished };
}

describe('two processes writing one terminal file', () => {
  it('the app and the CLI write one terminal at once and none of them ever sees the database locked', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-two-writers-'));
    dirs.push(dir);
    const csv = join(dir, 'products.csv');
    writeFileSync(csv, 'ean,name,price\n96385074,"Dates, Medjool",25\n4006381333931,Pen,4.50\n');
    expect((await souq(dir, ['user', 'add', '--name', 'Mona', '--role', 'manager', '--pin', '2580'])).code).toBe(0);
    expect((await souq(dir, ['user', 'add', '--name', 'Ivan', '--role', 'installer', '--pin', '1357', '--by', 'Mona', '--by-pin', '2580'])).code).toBe(0);
    expect((await souq(dir, ['user', 'add', '--name', 'Omar', '--role', 'cashier', '--pin', '7391', '--by', 'Mona', '--by-pin', '2580'])).code).toBe(0);
    expect((await souq(dir, ['shift', 'start', '--name', 'Omar', '--pin', '7391'])).code).toBe(0);

    // Two app processes (the till and, say, a back-office window) keep the writer lock busy, so
    // every CLI command and every read-then-write lands on a file another process just changed.
    const stopFile = join(dir, 'stop');
    const apps = [app(dir, stopFile, 'till', 2020), app(dir, stopFile, 'office', 2021)];
    const runs: { args: string[]; run: SouqRun }[] = [];
    const cli = async (args: string[]): Promise<SouqRun> => {
      const run = await souq(dir, args);
      runs.push({ args, run });
      return run;
    };
    try {
      await Promise.all(apps.map((a) => a.ready));
      await cli(['catalogue', 'import', csv]);
      await cli(['user', 'add', '--name', 'Layla', '--role', 'cashier', '--pin', '4826', '--by', 'Mona', '--by-pin', '2580']);
      const code = lastJson(await cli(['wallet', 'code', '--json'])).code as string;
      const paid = lastJson(await cli(['pay', '--amount', '10.00', '--code', code, '--json']));
      expect(paid.state).toBe('succeeded');
      await cli(['refund', String(paid.paymentRequestId), '--amount', '4.00', '--by', 'Mona', '--pin', '2580', '--json']);
      await cli(['report', 'z', '--counted-cash', '0', '--by', 'Mona', '--pin', '2580', '--allow-unconfirmed', '--json']);
    } finally {
      writeFileSync(stopFile, '');
    }
    const lines = (await Promise.all(apps.map((a) => a.finished))).flat();

    for (const { args, run } of runs) {
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: expect.not.stringMatching(/SQLITE_BUSY|DB_BUSY|locked/) as unknown });
    }
    expect(lines.filter((l) => l.error)).toEqual([]);
    // Every kind of app writer ran, in both apps, while the CLI was writing.
    const tallies = lines.flatMap((l) => (l.done ? [l.done] : []));
    expect(tallies).toHaveLength(2);
    for (const done of tallies) {
      for (const writer of ['sale', 'catalogue', 'drawer refund', 'scanner', 'till settings', 'z report']) expect(done[writer] ?? 0).toBeGreaterThan(2);
    }

    const db = openDb(dataPaths(dir).db);
    try {
      expect(verifyChain(db).ok).toBe(true);
      const invoices = (db.prepare("SELECT invoice_no FROM sales WHERE status = 'paid' ORDER BY invoice_no").all() as { invoice_no: number }[]).map((r) => r.invoice_no);
      expect(invoices).toEqual(invoices.map((_, i) => i + 1));
    } finally {
      db.close();
    }
  });
});

describe('a writer that cannot get the lock', () => {
  it('is told in words that the file is locked by another Souq program, and nothing is saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-locked-'));
    dirs.push(dir);
    const file = join(dir, 'souq.sqlite');
    const holder = openDb(file);
    const writer = openDb(file);
    try {
      writer.pragma('busy_timeout = 50');
      // Another process in the middle of a long write, held open on purpose.
      // eslint-disable-next-line souq/one-way-to-write
      holder.exec('BEGIN IMMEDIATE');
      let caught: unknown;
      try {
        writeTx(writer, () => appendEvent(writer, { type: 'catalogue.imported' }));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(StoreError);
      expect(caught).toMatchObject({ code: 'DB_BUSY', message: expect.stringMatching(/locked by another Souq program .* Nothing was saved: try again/) as unknown });
      // eslint-disable-next-line souq/one-way-to-write
      holder.exec('ROLLBACK');
      expect(writer.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
    } finally {
      holder.close();
      writer.close();
    }
  });

  it('an event appended outside a transaction is refused: its sequence number could be taken twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-event-'));
    dirs.push(dir);
    const db = openDb(join(dir, 'souq.sqlite'));
    try {
      expect(() => appendEvent(db, { type: 'settings.till_changed' })).toThrow(/outside a transaction: wrap the change and its event in writeTx/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
