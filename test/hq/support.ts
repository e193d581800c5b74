// Tills and an HQ for the chain tests: real data folders, real SQLite, the real HQ on a throwaway
// PostgreSQL, sales made by the same core code the cashier screen uses.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../../app/store/db.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { addKeyedLine, createSale, recordCashTender, recordCardTender } from '../../app/sales/repository.ts';
import { recordDrawerRefund } from '../../app/dayclose/refunds.ts';
import { money } from '../../app/domain/money.ts';
import { migrateHq, openPool, type Pool } from '../../hq/db.ts';
import { startHqServer, type HqServer } from '../../hq/server.ts';
import { adminToken } from '../../hq/service.ts';
import type { HqAcquirer } from '../../hq/notify.ts';

/** A till's data folder with its own terminal id (config.json as `souq config import` leaves it). */
export function makeTill(root: string, name: string, terminalId: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ terminalId }), { mode: 0o600 });
  openDb(dataPaths(dir).db).close();
  return dir;
}

export function openTill(dir: string): Db {
  return openDb(dataPaths(dir).db);
}

const manager = { id: 'mgr-1', name: 'Mona', role: 'manager' as const };

/** A paid sale of one keyed line, in cash (or card); returns its id. */
export function cashSale(db: Db, terminalId: string, minor: number, opts: { card?: boolean; now?: Date } = {}): string {
  const now = opts.now ?? new Date();
  const id = createSale(db, { terminalId, now });
  addKeyedLine(db, id, money(minor), 'Item', now);
  if (opts.card) recordCardTender(db, id, undefined, now);
  else recordCashTender(db, id, money(minor), now);
  return id;
}

export function drawerRefund(db: Db, saleId: string, minor: number, kind: 'cash' | 'card' = 'cash'): void {
  recordDrawerRefund(db, manager, { saleId, kind, amount: money(minor), reason: 'returned' });
}

export interface RunningHq {
  pool: Pool;
  server: HqServer;
  url: string;
  token: string;
  close(): Promise<void>;
}

export async function runHq(databaseUrl: string, opts: { port?: number; acquirer?: HqAcquirer | null } = {}): Promise<RunningHq> {
  const pool = openPool(databaseUrl);
  await migrateHq(pool);
  const token = await adminToken(pool);
  const server = await startHqServer({ pool, port: opts.port ?? 0, acquirer: opts.acquirer ?? null });
  return {
    pool,
    server,
    url: server.url,
    token,
    async close() {
      await server.close();
      await pool.end();
    },
  };
}

export function todayDubai(): string {
  return new Date(Date.now() + 4 * 3600_000).toISOString().slice(0, 10);
}
