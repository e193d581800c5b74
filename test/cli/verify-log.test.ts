import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../app/store/db.ts';
import { appendEvent } from '../../app/store/events.ts';
import { lastJson, noStack, souq } from './souq.ts';
import { writeTx } from '../../app/journal/tx.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-cli-verify-'));
  const db = openDb(join(dir, 'souq.sqlite'));
  for (let i = 1; i <= 5; i++) writeTx(db, () => appendEvent(db, { type: 'sale.paid', subject: `s-${i}`, data: { totalMinor: 500 * i } }));
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('souq verify-log', () => {
  it('says the log is intact and exits 0', async () => {
    const run = await souq(dir, ['verify-log']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Event log intact: 5 events');
    expect(lastJson(await souq(dir, ['verify-log', '--json']))).toMatchObject({ ok: true, count: 5 });
  });

  it('names the altered event and exits 6', async () => {
    const db = openDb(join(dir, 'souq.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET data = '{\"totalMinor\":1}' WHERE seq = 3").run();
    db.close();
    const run = await souq(dir, ['verify-log']);
    expect(run.code).toBe(6);
    expect(run.stdout).toContain('Event log BROKEN at event 3: event 3 was altered');
    expect(noStack(run)).toBe(true);
    const json = await souq(dir, ['verify-log', '--json']);
    expect(json.code).toBe(6);
    expect(lastJson(json)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('a data folder without a database is a configuration error, not a crash', async () => {
    const run = await souq(join(dir, 'elsewhere'), ['verify-log']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no Souq POS database');
  });
});
