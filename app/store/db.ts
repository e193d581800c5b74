// Opens the terminal's SQLite file the one way the invariants allow: WAL, synchronous=FULL (a
// committed journal row survives power loss), foreign keys on, a busy timeout so the CLI and the
// app can share the file, then applies numbered migrations.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from './private.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'DB_CORRUPT' | 'DB_TOO_NEW' | 'DB_OPEN_FAILED' | 'DISK_FULL' | 'DISK_IO' | 'DB_BUSY',
    message: string,
  ) {
    super(message);
  }
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export interface OpenOptions {
  /** Apply migrations only up to this version (tests of upgrades from older versions). */
  upTo?: number;
  readonly?: boolean;
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    try {
      ensurePrivateDir(dirname(file));
    } catch (err) {
      // A data folder that cannot be made (read-only disk, no permission) is the person's to fix.
      const e = err as NodeJS.ErrnoException;
      throw new StoreError('DB_OPEN_FAILED', `Cannot create the data folder ${dirname(file)} (${e.code ?? e.message}): choose a folder this user can write with --data-dir or SOUQ_DATA_DIR.`);
    }
    try {
      if (!opts.readonly) ensurePrivateFile(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new StoreError('DB_OPEN_FAILED', `Cannot create the database ${file} (${e.code ?? e.message}): choose a folder this user can write with --data-dir or SOUQ_DATA_DIR.`);
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false });
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw translateSqliteError(err, file);
  }
  if (!opts.readonly) migrate(db, opts.upTo);
  // Files left 0644 by an older build: SQLite has them open now, and they stay as they are made.
  if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tightenFile(f);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, upTo = Infinity): number {
  const all = listMigrations();
  const latest = all.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError('DB_TOO_NEW', `The database is from a newer Souq POS (schema ${current}, this build knows ${latest}). Update the app.`);
  }
  for (const m of all) {
    if (m.version <= current || m.version > upTo) continue;
    // Each migration and its version bump commit together: a crash leaves the old or the new schema.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}

/** Words a person can act on for the SQLite errors that reach a user. */
export function translateSqliteError(err: unknown, file: string): Error {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL') return new StoreError('DISK_FULL', `The disk holding ${file} is full: free some space. Nothing was saved.`);
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreError(
      'DISK_IO',
      `The disk holding ${file} failed to read or write (${code}): nothing was saved. Check that the disk is still attached and has space, then try again; "souq doctor" checks the database.`,
    );
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreError('DB_BUSY', `${file} stayed locked by another Souq program for over 5 s. Nothing was saved: try again in a moment; if it keeps happening, close the other Souq program using this data folder.`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('DB_CORRUPT', `${file} is not a readable Souq POS database (${code}). Restore it from a backup; run "souq doctor" for details.`);
  }
  if (err instanceof Error) return new StoreError('DB_OPEN_FAILED', `Cannot open ${file}: ${err.message}`);
  return new StoreError('DB_OPEN_FAILED', `Cannot open ${file}`);
}
