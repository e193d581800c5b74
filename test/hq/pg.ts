// A throwaway PostgreSQL 15 cluster for a test file or the bench: initdb in a temp folder as the
// postgres user, a free port on 127.0.0.1, its socket in the same folder; removed by stop().
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.SOUQ_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  url: string;
  port: number;
  dir: string;
  /** A fresh database on the cluster, for one test. */
  createDatabase(name: string): string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export async function startCluster(opts: { durable?: boolean; settings?: Record<string, string> } = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-pg-'));
  // PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user, otherwise
  // to whoever runs the tests.
  const root = process.getuid?.() === 0;
  if (root) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const asPostgres = (bin: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : execFileSync(join(PG_BIN, bin), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: "'127.0.0.1'",
    max_connections: '300',
    // Tests kill processes, not machines: skipping fsync keeps them quick. The bench keeps it.
    ...(opts.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...opts.settings,
  };
  const o = [`-p ${port}`, `-k ${dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  asPostgres('pg_ctl', ['-D', data, '-o', o, '-l', join(dir, 'log'), '-w', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    url,
    port,
    dir,
    createDatabase(name: string) {
      const db = `${name}_${++n}`;
      execFileSync(join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', '-c', `CREATE DATABASE ${db}`], { stdio: 'ignore' });
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    stop() {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already down
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
