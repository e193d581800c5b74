// Errors a CLI user can act on: a stable code, words, and an exit code. Anything else is a bug
// and prints one line pointing at SOUQ_DEBUG=1 for the stack.
import { StoreError, translateSqliteError } from '../store/db.ts';

export const EXIT = {
  ok: 0,
  failure: 1, // the operation ran and its outcome is a failure (declined, expired, …)
  usage: 2, // the command line is wrong
  config: 3, // configuration missing or invalid
  unreachable: 4, // the acquirer could not be reached
  pending: 5, // the outcome is not final yet (unknown, queued)
  data: 6, // the database or the event log is damaged
  storage: 7, // the disk is full or failing: nothing was saved
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly code = 'CLI_ERROR',
  ) {
    super(message);
  }
}

/**
 * A disk that is full or failing, however it surfaced: our StoreError, or SQLite's own error from a
 * write that has no words of its own yet. Nothing was saved; the person must free space or check
 * the disk, which "declined" (exit 1) would never tell them.
 */
export function storageFailure(err: unknown): CliError | null {
  const store = err instanceof StoreError ? err : null;
  const sqliteCode = (err as { code?: unknown } | null)?.code;
  if (store) {
    if (store.code !== 'DISK_FULL' && store.code !== 'DISK_IO') return null;
    return new CliError(store.message, EXIT.storage, store.code);
  }
  if (typeof sqliteCode === 'string' && (sqliteCode === 'SQLITE_FULL' || sqliteCode.startsWith('SQLITE_IOERR'))) {
    const t = translateSqliteError(err, (err as { file?: string }).file ?? 'the database');
    return new CliError(t.message, EXIT.storage, t instanceof StoreError ? t.code : sqliteCode);
  }
  return null;
}
