// The data folder holds the journal (customers' payment codes until wiped, acquirer ids), the
// event log and config.json (the merchant's private key): nobody but the terminal's own account
// may read it. SQLite creates its files with the umask's mode (0644 in a 0755 folder, typically)
// and gives the -wal and -shm files the mode of the database file, so the database file is made
// 0600 before SQLite first opens it, and anything found looser is tightened on every open.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes `dir` (and its parents, as mkdir -p) and takes group and other access away from it. A
 * shared folder someone pointed --data-dir at (a sticky /tmp, their home, the root) keeps its mode:
 * tightening it would break other programs, and the files inside are private anyway.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const st = lstatSync(dir);
  if (!st.isDirectory()) return;
  const shared = (st.mode & 0o1000) !== 0 || resolve(dir) === '/' || resolve(dir) === resolve(homedir());
  if (shared || !ownedByMe(st.uid)) return;
  if ((st.mode & 0o077) !== 0) chmodSync(dir, st.mode & 0o700);
}

/** Creates `file` empty with mode 0600 when it is not there; an existing one is only tightened. */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  tightenFile(file);
}

/** Takes group and other access away from a regular file of ours; absent files and links are left alone. */
export function tightenFile(file: string): void {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return;
  }
  if (!st.isFile() || !ownedByMe(st.uid)) return;
  if ((st.mode & 0o077) !== 0) chmodSync(file, st.mode & 0o700 & ~0o100);
}

function ownedByMe(uid: number): boolean {
  // Windows has no POSIX owners or modes; the folder's ACL is the profile's.
  return typeof process.getuid !== 'function' || process.getuid() === uid;
}
