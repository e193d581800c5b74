// The chain's HQ on a throwaway PostgreSQL 15 on this machine (fsync on):
// - hq_ingest_events_per_s: 200 tills pushing their logs at once through HQ's HTTP API;
// - hq_catchup_s: one real SQLite till a week behind (2,000 sales a day) catching up with pushAll;
// - hq_report_day_ms / hq_report_month_ms: the chain report over ≥ 10 M sales in 300 stores from
//   the rollups, each beside the same figures computed from the raw sales in the same run (_raw_).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchGroup } from '../group.ts';
import { median } from '../stats.ts';
import { startCluster } from '../../hq/pg.ts';
import { migrateHq, openPool } from '../../../hq/db.ts';
import { startHqServer } from '../../../hq/server.ts';
import { chainTakings, chainTakingsRaw, enrol } from '../../../hq/service.ts';
import { hqClient } from '../../../app/chain/client.ts';
import { saveLink } from '../../../app/chain/link.ts';
import { pushAll } from '../../../app/chain/push.ts';
import { openDb } from '../../../app/store/db.ts';
import { writeTx } from '../../../app/journal/tx.ts';
import { generateChainSales, REPORT_FIRST_DAY, syntheticLog } from '../hq/generate.ts';

const TILLS = Number(process.env.SOUQ_BENCH_HQ_TILLS ?? 200);
const SALES_PER_TILL = 250; // 1,000 events each: 200,000 events in all
const REPORT_SALES = Number(process.env.SOUQ_BENCH_HQ_SALES ?? 10_000_000);


async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

export const hqGroup: BenchGroup = {
  name: 'hq',
  summary: 'chain HQ on PostgreSQL: 200 tills pushing (target ≥ 10,000 events/s), a week behind catching up, chain day/month over ≥ 10 M sales (targets < 100 ms / < 500 ms)',
  async run() {
    const cluster = await startCluster({ durable: true, settings: { shared_buffers: "'1GB'", max_wal_size: "'8GB'", work_mem: "'64MB'", maintenance_work_mem: "'512MB'" } });
    const root = mkdtempSync(join(tmpdir(), 'souq-bench-hq-'));
    try {
      // ── ingest: 200 tills at once ──────────────────────────────────────────────────────────
      const ingestUrl = cluster.createDatabase('ingest');
      const pool = openPool(ingestUrl, 40);
      await migrateHq(pool);
      const server = await startHqServer({ pool });
      const start = new Date(Date.now() - 3 * 3600_000);
      const tills = await Promise.all(
        Array.from({ length: TILLS }, async (_, i) => {
          const terminalId = `T${String(i % 4).padStart(2, '0')}`;
          const storeId = `S${String(Math.floor(i / 4)).padStart(3, '0')}`;
          const e = await enrol(pool, { storeId, terminalId, clientId: null });
          return { link: { hqUrl: server.url, storeId, terminalId, credential: e.credential }, events: syntheticLog(terminalId, SALES_PER_TILL, start, 30_000) };
        }),
      );
      const total = tills.reduce((n, t) => n + t.events.length, 0);
      let retries = 0;
      const ingestMs = await timed(() =>
        Promise.all(
          tills.map(async ({ link, events }) => {
            // As a till does: batches of 500 from what HQ acknowledged; a timed-out batch is asked
            // about (the cursor) and resent from there, stored once whatever happened to the first.
            let ack = 0;
            while (ack < events.length) {
              try {
                const r = await hqClient.push(link, events.slice(ack, ack + 500), { headSeq: events.length, journalQueue: 0 });
                if (r.status !== 'ok') throw new Error(`push refused: ${r.status} ${r.message ?? ''}`);
                ack = r.ackSeq;
              } catch (err) {
                if ((err as { code?: string }).code !== 'HQ_UNREACHABLE') throw err;
                retries++;
                ack = (await hqClient.cursor(link)).ackSeq;
              }
            }
          }),
        ),
      );
      const stored = (await pool.query('SELECT count(*)::int AS n FROM hq_events')).rows[0].n as number;
      if (stored !== total) throw new Error(`HQ stored ${stored} events of ${total}`);
      log(`  hq: ${total.toLocaleString('en')} events from ${TILLS} tills in ${(ingestMs / 1000).toFixed(1)} s (${retries} batches resent after a timeout)`);

      // ── catch-up: one real till a week behind ───────────────────────────────────────────────
      const dir = join(root, 'week-behind');
      const db = openDb(join(dir, 'souq.sqlite'));
      const week = syntheticLog('T99', 7 * 2_000, new Date(Date.now() - 7 * 86_400_000), 43_200);
      const insert = db.prepare('INSERT INTO events (seq, at, type, subject, actor, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      writeTx(db, () => {
        for (const e of week) insert.run(e.seq, e.at, e.type, e.subject, e.actor, e.data, e.prevHash, e.hash);
      });
      const e = await enrol(pool, { storeId: 'S999', terminalId: 'T99', clientId: null });
      const link = { hqUrl: server.url, storeId: 'S999', terminalId: 'T99', credential: e.credential, enrolledAt: new Date().toISOString() };
      saveLink(dir, link);
      let outcome;
      const catchupMs = await timed(async () => (outcome = await pushAll(db, link)));
      if (!outcome!.complete) throw new Error('the week-behind till did not catch up');
      db.close();
      log(`  hq: a week behind (${week.length.toLocaleString('en')} events) caught up in ${(catchupMs / 1000).toFixed(1)} s`);
      await server.close();
      await pool.end();

      // ── chain reports over ≥ 10 M sales ─────────────────────────────────────────────────────
      const reportUrl = cluster.createDatabase('reports');
      const rp = openPool(reportUrl, 4);
      await migrateHq(rp);
      await generateChainSales(rp, REPORT_SALES, log);
      const day = '2026-11-15';
      const [from, to] = ['2026-11-01', '2026-11-30'];
      const rolledDay = await chainTakings(rp, day, day);
      const rawDay = await chainTakingsRaw(rp, day, day);
      const sum = (rows: { gross: number; refunds: number; sales: number }[]) => rows.reduce((a, r) => ({ gross: a.gross + r.gross, refunds: a.refunds + r.refunds, sales: a.sales + r.sales }), { gross: 0, refunds: 0, sales: 0 });
      const a = { gross: rolledDay.total.gross, refunds: rolledDay.total.refunds, sales: rolledDay.total.sales };
      const b = sum(rawDay);
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`rollup and raw disagree on ${day}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      const runs = 7;
      const dayMs: number[] = [];
      const monthMs: number[] = [];
      const dayRawMs: number[] = [];
      const monthRawMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        dayMs.push(await timed(() => chainTakings(rp, day, day)));
        monthMs.push(await timed(() => chainTakings(rp, from, to)));
      }
      for (let i = 0; i < 3; i++) {
        dayRawMs.push(await timed(() => chainTakingsRaw(rp, day, day)));
        monthRawMs.push(await timed(() => chainTakingsRaw(rp, from, to)));
      }
      const count = (await rp.query('SELECT count(*)::int AS n, count(DISTINCT store_id)::int AS s FROM hq_sales')).rows[0];
      log(`  hq: reports over ${count.n.toLocaleString('en')} sales in ${count.s} stores from ${REPORT_FIRST_DAY}; day ${day}: ${rolledDay.total.sales.toLocaleString('en')} sales`);
      await rp.end();
      return {
        hq_ingest_events_per_s: Math.round(total / (ingestMs / 1000)),
        hq_catchup_s: Number((catchupMs / 1000).toFixed(2)),
        hq_report_day_ms: Number(median(dayMs).toFixed(1)),
        hq_report_day_raw_ms: Number(median(dayRawMs).toFixed(1)),
        hq_report_month_ms: Number(median(monthMs).toFixed(1)),
        hq_report_month_raw_ms: Number(median(monthRawMs).toFixed(1)),
      };
    } finally {
      cluster.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
