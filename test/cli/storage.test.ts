// A disk that is full or failing is not a declined payment: its own exit code (7) and words that
// send the person to the disk, nothing saved. Real files, a real process with a real write limit.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, storageFailure } from '../../app/cli/errors.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { openDb } from '../../app/store/db.ts';
import { SOUQ, souq } from './souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-storage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `souq …` under a file-size limit: every write past it fails as on a failing disk (EFBIG, not a signal). */
function souqWithWriteLimit(blocks: number, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('sh', ['-c', `trap '' XFSZ; ulimit -f ${blocks}; exec "$0" "$@"`, process.execPath, SOUQ, '--data-dir', dir, ...args], {
    env: { ...process.env, SOUQ_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((ok) => child.on('close', (code) => ok({ code, stdout, stderr })));
}

describe('storage failures get their own exit code and words', () => {
  it.runIf(process.platform === 'linux')('souq pay on a disk that fails to write exits 7 with words about the disk, not "declined" (exit 1)', async () => {
    expect((await souq(dir, ['journal'])).code).toBe(0);
    const run = await souqWithWriteLimit(100, ['pay', '--amount', '1.00', '--code', '281234567890123456', '--wait', '1']);
    expect(run.code).toBe(EXIT.storage);
    expect(run.stderr).toMatch(/failed to read or write \(SQLITE_IOERR[A-Z_]*\): nothing was saved/);
    expect(run.stderr).not.toMatch(/declined|SOUQ_DEBUG/);
    // Nothing half-written: the journal, read with no limit, holds no payment.
    const journal = await souq(dir, ['journal', '--json']);
    expect(journal.code).toBe(0);
    expect(journal.stdout).not.toContain('T01-P');
  });

  it('a full disk (SQLITE_FULL) inside a journal write is exit 7 with "the disk is full", and the write left nothing', () => {
    const db = openDb(join(dir, 'souq.sqlite'));
    db.exec('CREATE TABLE filler (x BLOB)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    // The file may grow no further: the next page SQLite needs is "disk full", exactly as on a full disk.
    db.pragma(`max_page_count = ${pages}`);
    let thrown: unknown;
    try {
      writeTx(db, () => db.prepare('INSERT INTO filler (x) VALUES (?)').run(Buffer.alloc(64 * 1024)));
    } catch (err) {
      thrown = err;
    }
    const cli = storageFailure(thrown);
    expect(cli?.exitCode).toBe(7);
    expect(cli?.code).toBe('DISK_FULL');
    expect(cli?.message).toMatch(/is full: free some space\. Nothing was saved\./);
    expect(db.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 0 });
    // The same words when SQLite's own error reaches the CLI without passing through the journal.
    let raw: unknown;
    try {
      db.prepare('INSERT INTO filler (x) VALUES (?)').run(Buffer.alloc(64 * 1024));
    } catch (err) {
      raw = err;
    }
    expect(storageFailure(raw)?.exitCode).toBe(7);
    db.close();
  });

  it('other errors are not storage failures', () => {
    expect(storageFailure(new Error('boom'))).toBeNull();
    expect(storageFailure(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBeNull();
  });
});
