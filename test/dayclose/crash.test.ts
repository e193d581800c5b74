import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';
import { businessDayBounds } from '../../app/domain/time.ts';
import { addUser } from '../../app/users/users.ts';
import { getZReport } from '../../app/dayclose/close.ts';
import { takingsForDay } from '../../app/reports/takings.ts';
import { tempDb, type TempDb } from '../reports/fixture.ts';
import { writeTx } from '../../app/journal/tx.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./close-child.ts', import.meta.url));
const DAYS = 40;

let t: TempDb;
afterEach(() => t.cleanup());

/** Forty days of cash sales, written in one transaction (the takings triggers keep the cells). */
function seed(db: TempDb['db']): void {
  const sale = db.prepare(
    "INSERT INTO sales (id, terminal_id, status, total_minor, vat_minor, invoice_no, created_at, completed_at, business_day) VALUES (?, 'T01', 'paid', ?, ?, ?, ?, ?, ?)",
  );
  const tender = db.prepare("INSERT INTO tenders (sale_id, kind, amount_minor, created_at) VALUES (?, 'cash', ?, ?)");
  let invoice = 0;
  writeTx(db, () => {
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      for (let i = 0; i < 30; i++) {
        const at = new Date(businessDayBounds(day).start.getTime() + (10 * 60 + i * 17) * 60_000).toISOString();
        const total = 1_000 + d * 37 + i * 101;
        sale.run(`s-${day}-${i}`, total, Math.round((total * 5) / 105), ++invoice, at, at, day);
        tender.run(`s-${day}-${i}`, total, at);
      }
    }
  });
}

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
    const rows = db.prepare("SELECT number, business_day FROM z_reports WHERE terminal_id = 'T01' ORDER BY number").all() as { number: number; business_day: string }[];
    // No gap, no duplicate, and the days closed in order.
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    const days = (db.prepare('SELECT DISTINCT business_day AS d FROM sales ORDER BY 1').all() as { d: string }[]).map((r) => r.d);
    expect(rows.map((r) => r.business_day)).toEqual(days.slice(0, rows.length));
    for (const r of rows) {
      // Complete: the stored takings are the day's, and its event is there with the same number.
      const z = getZReport(db, 'T01', r.number);
      expect(z.takings.sales.gross).toEqual(takingsForDay(db, r.business_day).sales.gross);
      expect(z.expectedCash).toEqual(z.takings.byTender.find((x) => x.tender === 'cash')!.net);
      const ev = db.prepare("SELECT data FROM events WHERE type = 'day.closed' AND subject = ?").all(`T01/Z${r.number}`) as { data: string }[];
      expect(ev).toHaveLength(1);
      expect(JSON.parse(ev[0]!.data)).toMatchObject({ number: r.number, businessDay: r.business_day });
    }
    expect((db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'day.closed'").get() as { n: number }).n).toBe(rows.length);
    return rows.length;
  } finally {
    db.close();
  }
}

// Several child processes, each loading the TypeScript sources: slow on a loaded machine.
describe('day close under a crash', { timeout: 300_000 }, () => {
  it('a Z close killed with SIGKILL leaves no Z report or a complete one, and the numbers have no gap', async () => {
    t = tempDb('souq-zcrash-');
    const m = await addUser(t.db, { name: 'Aisha', role: 'manager', pin: '4829' });
    seed(t.db);
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
