// One entry per `souq` command; main.ts only dispatches. Add a command by adding a module to
// commands/ and one line to commands/index.ts.

export interface CliContext {
  /** Resolved from --data-dir, SOUQ_DATA_DIR or the OS default. */
  dataDir: string;
  /** The words after the command name (and after the sub-command, for grouped commands). */
  argv: string[];
  stdout: NodeJS.WriteStream | { write(s: string): unknown };
  stderr: NodeJS.WriteStream | { write(s: string): unknown };
}

export interface CliCommand {
  /** e.g. "pay" or "wallet code" (a grouped command is matched on its first two words). */
  name: string;
  usage: string;
  summary: string;
  run(ctx: CliContext): Promise<number | void>;
}
