import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../app/store/db.ts';
import { verifyChain } from '../../app/store/events.ts';
import { testRandom } from '../support/seed.ts';

const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the worker until it has paid at least `atLeast` more sales, then SIGKILLs it mid-flight. */
function runAndKill(file: string, terminalId: string, atLeast: number, random: () => number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'test/sales/fixtures/invoice-worker.ts'), file, terminalId], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let killed = false;
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      const last = Number(String(d).trim().split('\n').at(-1));
      if (!killed && last >= atLeast) {
        killed = true;
        // A random extra delay lands the kill at a different point of a sale each time.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * 15));
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('invoice numbers after crashes', () => {
  it('stay sequential with no gap and no duplicate when the till is killed mid-payment again and again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-invoice-crash-'));
    dirs.push(dir);
    const file = join(dir, 'souq.db');
    openDb(file).close(); // migrate once, before workers race for it
    const random = testRandom('kill timings');
    for (const terminal of ['T1', 'T2', 'T1', 'T2']) await runAndKill(file, terminal, 15 + Math.floor(random() * 25), random);

    const db = openDb(file);
    try {
      for (const terminal of ['T1', 'T2']) {
        const paid = db.prepare("SELECT invoice_no FROM sales WHERE terminal_id = ? AND status = 'paid' ORDER BY invoice_no").all(terminal) as { invoice_no: number | null }[];
        expect(paid.length).toBeGreaterThan(10);
        expect(paid.map((r) => r.invoice_no)).toEqual(paid.map((_, i) => i + 1));
      }
      // A sale is paid exactly when its tenders cover its total, and only paid sales carry numbers.
      const inconsistent = db.prepare(`
        SELECT s.id FROM sales s LEFT JOIN (SELECT sale_id, SUM(amount_minor) AS p FROM tenders GROUP BY sale_id) t ON t.sale_id = s.id
        WHERE (s.status = 'paid') <> (COALESCE(t.p, 0) >= s.total_minor AND s.total_minor > 0)
           OR (s.status = 'paid') <> (s.invoice_no IS NOT NULL)`).all();
      expect(inconsistent).toEqual([]);
      expect(verifyChain(db).ok).toBe(true);
    } finally {
      db.close();
    }
  }, 180_000);

  it('stay unique and gap-free when two processes (the app and the CLI) pay sales on one terminal at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souq-invoice-race-'));
    dirs.push(dir);
    const file = join(dir, 'souq.db');
    openDb(file).close();
    const random = testRandom('kill timings of two processes');
    await Promise.all([runAndKill(file, 'T1', 40, random), runAndKill(file, 'T1', 40, random)]);
    const db = openDb(file);
    try {
      const numbers = (db.prepare("SELECT invoice_no FROM sales WHERE terminal_id = 'T1' AND status = 'paid' ORDER BY invoice_no").all() as { invoice_no: number }[]).map((r) => r.invoice_no);
      expect(numbers.length).toBeGreaterThanOrEqual(70);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    } finally {
      db.close();
    }
  }, 180_000);
});
