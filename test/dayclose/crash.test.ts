import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';
import { addUser } from '../../app/users/users.ts';
import { getZReport } from '../../app/dayclose/close.ts';
import { tempDb, type TempDb } from '../reports/fixture.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./close-child.ts', import.meta.url));
const DAYS = 40; // as close-child.ts

let t: TempDb;
afterEach(() => t.cleanup());

/** Runs the closing child and SIGKILLs it once it has committed `after` more Z reports. */
function closeUntilKilled(after: number, managerId: string): Promise<{ closed: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, CHILD, t.file, managerId], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if ((out.match(/^closed /gm) ?? []).length >= after) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`close child failed (${code}): ${err}`));
      else resolve({ closed: (out.match(/^closed /gm) ?? []).length, finished: out.includes('done') });
    });
  });
}

function checkZReports(): number {
  const db = openDb(t.file);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyChain(db).ok).toBe(true);
    const rows = db.prepare("SELECT number FROM z_reports WHERE terminal_id = 'T01' ORDER BY number").all() as { number: number }[];
    // No gap, no duplicate.
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    for (const r of rows) {
      // Complete: the stored takings are exactly the sales the Z holds, and its event is there with the same number.
      const z = getZReport(db, 'T01', r.number);
      const held = db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(s.total_minor), 0) AS gross FROM z_items i JOIN sales s ON s.id = i.item_id WHERE i.kind = 'sale' AND i.z_number = ?").get(r.number) as { n: number; gross: number };
      expect(held.n).toBe(30);
      expect(z.takings.sales.gross.minor).toBe(held.gross);
      expect(z.expectedCash).toEqual(z.takings.byTender.find((x) => x.tender === 'cash')!.net);
      const ev = db.prepare("SELECT data FROM events WHERE type = 'day.closed' AND subject = ?").all(`T01/Z${r.number}`) as { data: string }[];
      expect(ev).toHaveLength(1);
      expect(JSON.parse(ev[0]!.data)).toMatchObject({ number: r.number, items: 30 });
    }
    // Every sale on at most one Z (z_items' key), and those not on one still wait in z_open.
    expect(db.prepare("SELECT COUNT(*) AS n FROM sales WHERE id NOT IN (SELECT item_id FROM z_items WHERE kind = 'sale') AND id NOT IN (SELECT item_id FROM z_open WHERE kind = 'sale')").get()).toEqual({ n: 0 });
    expect((db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'day.closed'").get() as { n: number }).n).toBe(rows.length);
    return rows.length;
  } finally {
    db.close();
  }
}

// Several child processes, each loading the TypeScript sources: slow on a loaded machine.
describe('day close under a crash', { timeout: 300_000 }, () => {
  it('a Z close killed with SIGKILL leaves no Z report or a complete one holding its sales, and the numbers have no gap', async () => {
    t = tempDb('souq-zcrash-');
    const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    t.db.close();
    let closed = 0;
    for (const after of [3, 1, 4]) {
      const run = await closeUntilKilled(after, m.id);
      expect(run.finished).toBe(false);
      const now = checkZReports();
      // Every close the child reported is there; the one it was killed in is either all there or not at all.
      expect(now).toBeGreaterThanOrEqual(closed + run.closed);
      expect(now).toBeLessThanOrEqual(closed + run.closed + 1);
      closed = now;
    }
    expect(closed).toBeGreaterThanOrEqual(8);
    const last = await closeUntilKilled(Number.MAX_SAFE_INTEGER, m.id);
    expect(last.finished).toBe(true);
    expect(checkZReports()).toBe(DAYS);
  });
});
