// The HQ's PostgreSQL: one pool per process, numbered migrations applied under an advisory lock so
// that any number of HQ instances can start at once on one database.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant both instances agree on; it only serialises migrations.
const MIGRATION_LOCK = 0x50_51_48_51;

// bigint (int8) sums come back as JS numbers: fils of a chain's takings stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// A business day is a calendar date, not an instant: keep 'YYYY-MM-DD' as it is.
pg.types.setTypeParser(1082, (v) => v);

export class HqDbError extends Error {
  constructor(
    readonly code: 'HQ_DB_UNREACHABLE' | 'HQ_DB_TOO_NEW',
    message: string,
  ) {
    super(message);
  }
}

export function openPool(url: string, max = 20): Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'souq-hq' });
  // An idle client losing its server (PostgreSQL restarted) must not crash the HQ process.
  pool.on('error', () => undefined);
  return pool;
}

export function listHqMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8') }));
}

/** Applies the migrations this build has and the database lacks; returns the schema version. */
export async function migrateHq(pool: Pool): Promise<number> {
  let client: Client;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new HqDbError('HQ_DB_UNREACHABLE', `Cannot reach the HQ database: ${(err as Error).message}. Check --database and that PostgreSQL is running.`);
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hq_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM hq_schema');
    const current = rows[0]?.v ?? 0;
    const all = listHqMigrations();
    const latest = all.at(-1)?.version ?? 0;
    if (current > latest) throw new HqDbError('HQ_DB_TOO_NEW', `The HQ database is from a newer Souq HQ (schema ${current}, this build knows ${latest}): update this HQ.`);
    for (const m of all) {
      if (m.version <= current) continue;
      // Each migration commits with its version row: a crash leaves the old or the new schema.
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO hq_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return Math.max(current, latest);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Runs fn in one transaction on one pooled client. */
export async function inTx<T>(pool: Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
