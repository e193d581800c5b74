// A chain of three tills in two stores selling and refunding while HQ is down, then catching up:
// HQ ends up with every event exactly once, and its day report equals the sum of the tills' own
// `souq report day`. The tills are the real CLI in child processes; HQ runs on real PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { lastJson, souq } from '../cli/souq.ts';
import { startCluster, type PgCluster } from './pg.ts';
import { cashSale, drawerRefund, makeTill, openTill, runHq, todayDubai, type RunningHq } from './support.ts';

let root: string;
let pg: PgCluster;
const sandboxes: EmbeddedSandbox[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-hq-chain-'));
  pg = await startCluster();
});
afterAll(async () => {
  for (const s of sandboxes) await s.close();
  pg?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface Till {
  dir: string;
  store: string;
  terminalId: string;
}

describe('a chain of tills replicating to HQ', { timeout: 300_000 }, () => {
  it('three tills in two stores pay and refund while HQ is down; once it is back they catch up and the chain day equals the tills’ own reports', async () => {
    const database = pg.createDatabase('chain');
    let hq: RunningHq = await runHq(database);
    const port = hq.server.port;
    const tills: Till[] = [
      { dir: makeTill(root, 'mall-1', 'T01'), store: 'DXB-MALL', terminalId: 'T01' },
      { dir: makeTill(root, 'mall-2', 'T02'), store: 'DXB-MALL', terminalId: 'T02' },
      // The same terminal id in another store is another till.
      { dir: makeTill(root, 'moe-1', 'T01'), store: 'MOE', terminalId: 'T01' },
    ];
    for (const t of tills) {
      const run = await souq(t.dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', t.store, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(lastJson(run)).toEqual({ hqUrl: hq.url, storeId: t.store, terminalId: t.terminalId, enrolled: true });
      expect(run.stdout).not.toMatch(/credential/i);
    }
    await hq.close();

    // HQ is down: the tills sell and refund regardless.
    for (const [i, t] of tills.entries()) {
      const sandbox = await ensureSandbox(t.dir);
      sandboxes.push(sandbox);
      const paid = lastJson(await souq(t.dir, ['pay', '--amount', `${12 + i}.50`, '--code', sandbox.handle!.mintCode().code, '--json']));
      expect(paid.state).toBe('succeeded');
      lastJson(await souq(t.dir, ['pay', '--amount', '30.00', '--code', sandbox.handle!.mintCode().code, '--json']));
      const refund = await souq(t.dir, ['refund', String(paid.paymentRequestId), '--amount', '2.00', '--json']);
      expect(lastJson(refund).state).toBe('refunded');
      const db = openTill(t.dir);
      try {
        // The acquirer is told to send this payment's result to HQ.
        const body = db.prepare('SELECT request_body FROM attempts WHERE id = ?').get(String(paid.paymentRequestId)) as { request_body: string };
        expect(JSON.parse(body.request_body).paymentNotifyUrl).toBe(`http://127.0.0.1:${port}/antom/notify`);
        const sale = cashSale(db, t.terminalId, 4_500 + i * 100);
        cashSale(db, t.terminalId, 999, { card: true });
        drawerRefund(db, sale, 500);
      } finally {
        db.close();
      }
      const down = await souq(t.dir, ['hq', 'push', '--json']);
      expect(down.code).toBe(4);
      expect(down.stderr).toMatch(/cannot be reached/);
    }

    // HQ is back (a new instance on the same database and address): every till catches up.
    hq = await runHq(database, { port });
    try {
      for (const t of tills) {
        const run = await souq(t.dir, ['hq', 'push', '--json']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const out = lastJson(run);
        expect(out.complete).toBe(true);
        expect(out.ackSeq).toBe(out.headSeq);
        // Exactly once: HQ holds seq 1..head of this till, each once.
        const { rows } = await hq.pool.query('SELECT count(*) AS n, count(DISTINCT seq) AS d, max(seq) AS m FROM hq_events WHERE store_id = $1 AND terminal_id = $2', [t.store, t.terminalId]);
        expect(rows[0]).toEqual({ n: out.headSeq, d: out.headSeq, m: out.headSeq });
      }
      // A push with nothing new is still "HQ has it all".
      expect((await souq(tills[0]!.dir, ['hq', 'push'])).code).toBe(0);

      const day = todayDubai();
      const chain = lastJson(await souq(root, ['hq', 'report', 'day', '--date', day, '--hq', hq.url, '--admin-token', hq.token, '--json']));
      expect(Object.keys(chain)).toEqual(['date', 'total', 'stores']);
      const expected = { gross: 0, refunds: 0, net: 0, sales: 0 };
      const perTill = new Map<string, { gross: number; refunds: number; net: number; sales: number }>();
      for (const t of tills) {
        const own = lastJson(await souq(t.dir, ['report', 'day', '--date', day, '--json'])) as {
          sales: { count: number; gross: { minor: number } };
          refunds: { total: { minor: number } };
          net: { minor: number };
        };
        const f = { gross: own.sales.gross.minor, refunds: own.refunds.total.minor, net: own.net.minor, sales: own.sales.count };
        expect(f.sales).toBe(4);
        expect(f.refunds).toBe(700);
        perTill.set(`${t.store}/${t.terminalId}`, f);
        for (const k of Object.keys(expected) as (keyof typeof expected)[]) expected[k] += f[k];
      }
      expect(chain.total).toEqual(expected);
      const stores = chain.stores as { storeId: string; terminals: { terminalId: string }[] }[];
      expect(stores.map((s) => s.storeId)).toEqual(['DXB-MALL', 'MOE']);
      for (const s of stores) for (const t of s.terminals) expect(t).toEqual({ terminalId: t.terminalId, ...perTill.get(`${s.storeId}/${t.terminalId}`) });

      const moe = lastJson(await souq(root, ['hq', 'report', 'day', '--date', day, '--store', 'MOE', '--hq', hq.url, '--admin-token', hq.token, '--json']));
      expect(moe.total).toEqual(perTill.get('MOE/T01'));
      expect((moe.stores as { storeId: string }[]).map((s) => s.storeId)).toEqual(['MOE']);

      const fleet = lastJson(await souq(root, ['hq', 'terminals', '--hq', hq.url, '--admin-token', hq.token, '--json'])) as unknown as Record<string, unknown>[];
      expect(fleet).toHaveLength(3);
      for (const t of fleet) expect(t).toMatchObject({ lagEvents: 0, tampered: false, unknownPayments: 0, attentionPayments: 0 });

      const wrong = await souq(root, ['hq', 'report', 'day', '--hq', hq.url, '--admin-token', 'not-the-token', '--json']);
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toMatch(/admin token/);
    } finally {
      await hq.close();
    }
  });

  it('a till running `souq serve` ships each new sale to HQ by itself within seconds, and keeps selling while HQ is down', async () => {
    const database = pg.createDatabase('serve');
    let hq: RunningHq = await runHq(database);
    const port = hq.server.port;
    const dir = makeTill(root, 'serve', 'T11');
    expect((await souq(dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'AIRPORT'])).code).toBe(0);
    const serve = souq(dir, ['serve']);
    const held = async () => (await hq.pool.query("SELECT cursor_seq::int AS c FROM hq_terminals WHERE terminal_id = 'T11'")).rows[0].c as number;
    const head = () => {
      const db = openTill(dir);
      try {
        return (db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number }).s;
      } finally {
        db.close();
      }
    };
    const until = async (check: () => Promise<boolean>) => {
      const end = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > end) throw new Error('HQ did not catch up');
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    try {
      const db = openTill(dir);
      cashSale(db, 'T11', 2_000);
      db.close();
      await until(async () => (await held()) === head());
      await hq.close();
      const down = openTill(dir);
      cashSale(down, 'T11', 3_000); // HQ is down: the sale goes through all the same
      down.close();
      hq = await runHq(database, { port });
      await until(async () => (await held()) === head());
      expect(head()).toBe(8);
    } finally {
      serve.child.kill('SIGTERM');
      await serve;
      await hq.close();
    }
  });
});
