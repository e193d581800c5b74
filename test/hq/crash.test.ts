// Killed in the middle: a `souq hq push` SIGKILLed while HQ is storing its batch, and an HQ process
// SIGKILLed inside its PostgreSQL transaction. Either way HQ ends with every event once, no gap, and
// rollups equal to the till's own report. The kill lands mid-batch for sure: the test holds a lock
// on the rollup table, so HQ's transaction stops after storing the events and before committing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, souq } from '../cli/souq.ts';
import { freePort, startCluster, type PgCluster } from './pg.ts';
import { cashSale, makeTill, openTill, runHq, todayDubai } from './support.ts';
import { chainTakings, chainTakingsRaw } from '../../hq/service.ts';
import { openPool } from '../../hq/db.ts';

let root: string;
let cluster: PgCluster;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-hq-crash-'));
  cluster = await startCluster();
});
afterAll(() => {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function until(what: string, check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Holds HQ's projection mid-transaction until release() (a real lock, nothing mocked). */
async function holdRollups(url: string): Promise<{ waiting(): Promise<boolean>; release(): Promise<void> }> {
  let held = true;
  const c = new pg.Client({ connectionString: url, application_name: 'souq-test-lock' });
  c.on('error', () => undefined);
  await c.connect();
  await c.query('BEGIN');
  await c.query('LOCK TABLE hq_takings_terminal_day IN EXCLUSIVE MODE');
  return {
    async waiting() {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'souq-hq' AND wait_event_type = 'Lock'");
      return rows[0].n > 0;
    },
    // Safe to call twice: the finally blocks call it too, so a failing test never leaves HQ blocked.
    async release() {
      if (!held) return;
      held = false;
      await c.query('ROLLBACK');
      await c.end();
    },
  };
}

function sell(dir: string, terminalId: string, n: number): void {
  const db = openTill(dir);
  try {
    for (let i = 0; i < n; i++) cashSale(db, terminalId, 100 + i);
  } finally {
    db.close();
  }
}

async function expectExactlyOnce(url: string, store: string, terminalId: string, dir: string): Promise<void> {
  const pool = openPool(url, 2);
  try {
    const db = openTill(dir);
    const head = (db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number }).s;
    db.close();
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, min(seq)::int AS lo, max(seq)::int AS hi,
              (SELECT cursor_seq FROM hq_terminals WHERE store_id = $1 AND terminal_id = $2)::int AS cursor
         FROM hq_events WHERE store_id = $1 AND terminal_id = $2`,
      [store, terminalId],
    );
    expect(rows[0]).toEqual({ n: head, d: head, lo: 1, hi: head, cursor: head });
    const day = todayDubai();
    const rolled = await chainTakings(pool, day, day, store);
    const raw = await chainTakingsRaw(pool, day, day);
    const own = lastJson(await souq(dir, ['report', 'day', '--date', day, '--json'])) as { sales: { count: number; gross: { minor: number } } };
    const t = rolled.stores[0]!.terminals.find((x) => x.terminalId === terminalId)!;
    expect({ sales: t.sales, gross: t.gross }).toEqual({ sales: own.sales.count, gross: own.sales.gross.minor });
    expect(raw.find((r) => r.storeId === store && r.terminalId === terminalId)).toMatchObject({ sales: own.sales.count, gross: own.sales.gross.minor });
  } finally {
    await pool.end();
  }
}

describe('replication survives kills', { timeout: 300_000 }, () => {
  it('a push SIGKILLed while HQ stores its batch leaves no duplicate and no gap; the next push completes it', async () => {
    const url = cluster.createDatabase('pushkill');
    const hq = await runHq(url);
    try {
      const dir = makeTill(root, 'push-kill', 'T07');
      expect((await souq(dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'AIRPORT'])).code).toBe(0);
      sell(dir, 'T07', 400); // 1,600 events: four batches

      const lock = await holdRollups(url);
      try {
        const push = souq(dir, ['hq', 'push', '--json']);
        await until('HQ to block inside its transaction', () => lock.waiting());
        push.child.kill('SIGKILL');
        const killed = await push;
        expect(killed.signal).toBe('SIGKILL');
      } finally {
        await lock.release();
      }
      // HQ finishes the batch it was given (it did not die): the till's retry must not store it twice.
      await until('the batch to commit', async () => (await hq.pool.query("SELECT cursor_seq FROM hq_terminals WHERE terminal_id = 'T07'")).rows[0].cursor_seq > 0);

      const again = await souq(dir, ['hq', 'push', '--json']);
      expect(again.code).toBe(0);
      expect(lastJson(again)).toMatchObject({ complete: true, ackSeq: 1600, headSeq: 1600 });
      await expectExactlyOnce(url, 'AIRPORT', 'T07', dir);
    } finally {
      await hq.close();
    }
  });

  it('HQ SIGKILLed inside its PostgreSQL transaction stores nothing of that batch; restarted, it takes the batch again exactly once', async () => {
    const url = cluster.createDatabase('hqkill');
    const port = await freePort();
    const startHq = async () => {
      const p = souq(root, ['hq', 'serve', '--database', url, '--port', String(port)]);
      let out = '';
      await new Promise<void>((resolve, reject) => {
        p.child.stdout!.on('data', (d: string) => {
          out += d;
          if (/Admin token: \S+/.test(out)) resolve();
        });
        p.then((r) => reject(new Error(`hq serve ended: ${r.stderr}`)), reject);
      });
      expect(out).toContain(`http://127.0.0.1:${port}`);
      return { proc: p, token: /Admin token: (\S+)/.exec(out)![1]! };
    };
    let hq = await startHq();
    try {
      const dir = makeTill(root, 'hq-kill', 'T09');
      expect((await souq(dir, ['hq', 'enrol', '--hq', `http://127.0.0.1:${port}`, '--admin-token', hq.token, '--store', 'MOE'])).code).toBe(0);
      sell(dir, 'T09', 100); // 400 events: one batch
      const lock = await holdRollups(url);
      try {
        const push = souq(dir, ['hq', 'push', '--json']);
        await until('HQ to block inside its transaction', () => lock.waiting());
        hq.proc.child.kill('SIGKILL');
        expect((await hq.proc).signal).toBe('SIGKILL');
        const cut = await push;
        expect(cut.code).toBe(4);
      } finally {
        await lock.release();
      }
      // The orphaned backend finds its client gone and rolls back: nothing of the batch stays.
      const check = openPool(url, 1);
      try {
        await until('the dead HQ’s session to end', async () => (await check.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'souq-hq' AND pid <> pg_backend_pid()")).rows[0].n === 0);
        const { rows } = await check.query("SELECT (SELECT count(*)::int FROM hq_events) AS events, (SELECT count(*)::int FROM hq_sales) AS sales, (SELECT cursor_seq::int FROM hq_terminals WHERE terminal_id = 'T09') AS cursor");
        expect(rows[0]).toEqual({ events: 0, sales: 0, cursor: 0 });
      } finally {
        await check.end();
      }

      hq = await startHq();
      const again = await souq(dir, ['hq', 'push', '--json']);
      expect(again.code).toBe(0);
      expect(lastJson(again)).toMatchObject({ complete: true, ackSeq: 400 });
      await expectExactlyOnce(url, 'MOE', 'T09', dir);
    } finally {
      hq.proc.child.kill('SIGTERM');
      await hq.proc;
    }
  });
});
