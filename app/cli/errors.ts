// Errors a CLI user can act on: a stable code, words, and an exit code. Anything else is a bug
// and prints one line pointing at SOUQ_DEBUG=1 for the stack.

export const EXIT = {
  ok: 0,
  failure: 1, // the operation ran and its outcome is a failure (declined, expired, …)
  usage: 2, // the command line is wrong
  config: 3, // configuration missing or invalid
  unreachable: 4, // the acquirer could not be reached
  pending: 5, // the outcome is not final yet (unknown, queued)
  data: 6, // the database or the event log is damaged
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
