// The data folder is private to the terminal's account: the journal and config.json hold
// customers' codes, acquirer ids and the merchant's key. Real files, real modes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../app/store/db.ts';
import { importConfig } from '../../app/settings/config.ts';

const mode = (p: string) => statSync(p).mode & 0o777;
let root: string;
let oldUmask: number;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'souq-private-'));
  // The usual desktop umask: what made the folder 0755 and the files 0644 before.
  oldUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldUmask);
  rmSync(root, { recursive: true, force: true });
});

describe.runIf(process.platform !== 'win32')('the data folder is private (POSIX modes)', () => {
  it('a new data folder is 0700 and souq.sqlite, its -wal and -shm are 0600', () => {
    const dir = join(root, 'data');
    const file = join(dir, 'souq.sqlite');
    const db = openDb(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run();
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f), f).toBe(0o600);
    }
    db.close();
  });

  it('a data folder and database left readable by others are tightened when the terminal opens them', () => {
    const dir = join(root, 'data');
    const file = join(dir, 'souq.sqlite');
    openDb(file).close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o666);
    const db = openDb(file);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    db.close();
  });

  it('a shared folder given as the data folder (sticky, like /tmp) keeps its mode; the files in it are still private', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const file = join(shared, 'souq.sqlite');
    openDb(file).close();
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(mode(file)).toBe(0o600);
  });

  it('souq config import into a new data folder makes the folder 0700', () => {
    const dir = join(root, 'fresh');
    const src = join(root, 'in.json');
    writeFileSync(src, '{}');
    importConfig(dir, src);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'config.json'))).toBe(0o600);
  });
});
