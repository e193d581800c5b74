// Reading a configuration file without trusting what sits at its path. config.json holds the
// merchant's key, so the data folder is the terminal's own; still, a link placed there (or given to
// `souq config import`) could make the terminal read, and then quote in an error, any file this
// account can read, and a FIFO or /dev/zero would hang the terminal or grow it without bound. So:
// a regular file only, opened without following a link, checked to be the file that was looked at,
// and read no further than a configuration can be long.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A config.json with two RSA-4096 keys is under 10 KiB; anything this big is not one. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Why the file cannot be read, in words for the installer; never any of its content. */
export class ConfigFileError extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

function kindOf(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isSymbolicLink()) return 'a symbolic link: put the file itself there, not a link to it';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe, not a file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device, not a file';
  if (st.isSocket()) return 'a socket, not a file';
  return 'not a regular file';
}

function errnoWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'a symbolic link: put the file itself there, not a link to it';
  if (e.code === 'EISDIR') return 'a folder';
  return e.code ?? 'it cannot be read';
}

/**
 * The text of `file`, or null when there is no file at that path. Throws ConfigFileError (with
 * `why` completing "Cannot read FILE: …") for anything but a regular file up to MAX_CONFIG_BYTES.
 */
export function readConfigFile(file: string, maxBytes = MAX_CONFIG_BYTES): string | null {
  let seen: Stats;
  try {
    seen = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigFileError(errnoWords(err));
  }
  const kind = kindOf(seen);
  if (kind) throw new ConfigFileError(`it is ${kind}`);
  let fd: number;
  try {
    // O_NONBLOCK: were a FIFO swapped in after the lstat, opening it must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new ConfigFileError(errnoWords(err));
  }
  try {
    const st = fstatSync(fd);
    const swapped = kindOf(st);
    if (swapped) throw new ConfigFileError(`it is ${swapped}`);
    if (st.dev !== seen.dev || st.ino !== seen.ino) throw new ConfigFileError('it was replaced while it was being read; try again');
    if (st.size > maxBytes) throw new ConfigFileError(tooBig(maxBytes));
    const buf = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new ConfigFileError(tooBig(maxBytes));
    }
    return buf.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function tooBig(maxBytes: number): string {
  return `it is larger than ${Math.round(maxBytes / 1024)} KiB, far more than a configuration holds`;
}
