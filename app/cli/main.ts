// `souq`: dispatches to one module per command. User errors print words and exit with a code
// from EXIT; stacks only with SOUQ_DEBUG=1.
import { commands } from './commands/index.ts';
import { CliError, EXIT, storageFailure } from './errors.ts';
import { resolveDataDir } from '../settings/paths.ts';
import { ConfigError } from '../settings/config.ts';
import { StoreError } from '../store/db.ts';

function help(): string {
  // A long usage line would push every summary off the screen: those get their own line.
  const width = Math.min(Math.max(...commands.map((c) => c.usage.length), 10), 36);
  const rows = commands
    .map((c) => (c.usage.length <= width ? `  ${c.usage.padEnd(width)}  ${c.summary}` : `  ${c.usage}\n  ${''.padEnd(width)}  ${c.summary}`))
    .join('\n');
  return `souq — Souq POS terminal command line

Usage: souq [--data-dir DIR] <command> [options]

${rows}

Data folder: --data-dir, else SOUQ_DATA_DIR, else the OS app-data folder.
`;
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let dataDirFlag: string | undefined;
  // --data-dir may stand anywhere; take it out before the command sees its words.
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--data-dir') {
      dataDirFlag = args[i + 1];
      if (!dataDirFlag) throw new CliError('--data-dir needs a folder', EXIT.usage);
      args.splice(i, 2);
      i--;
    } else if (a.startsWith('--data-dir=')) {
      dataDirFlag = a.slice('--data-dir='.length);
      args.splice(i, 1);
      i--;
    }
  }
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(help());
    return args.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const two = `${args[0]} ${args[1] ?? ''}`.trim();
  const cmd = commands.find((c) => c.name === two) ?? commands.find((c) => c.name === args[0]);
  if (!cmd) {
    const group = commands.filter((c) => c.name.startsWith(`${args[0]} `));
    if (group.length > 0) {
      throw new CliError(`"souq ${args.join(' ')}" is not a command. Try:\n${group.map((c) => `  souq ${c.usage}`).join('\n')}`, EXIT.usage);
    }
    throw new CliError(`Unknown command "${args[0]}". Run "souq help" for the list.`, EXIT.usage);
  }
  const rest = args.slice(cmd.name.split(' ').length);
  const code = await cmd.run({ dataDir: resolveDataDir(dataDirFlag), argv: rest, stdout: process.stdout, stderr: process.stderr });
  return code ?? EXIT.ok;
}

// Node exits with status 0 once nothing holds the event loop, even with the command still waiting:
// a fetch whose server vanished mid-connect can wait on no handle at all, and its AbortSignal
// timeout is unref'd. Holding the loop until the command settles lets that timeout fire, so a
// script never reads an empty stdout as success.
// `souq journal | head` closes the pipe once the reader has enough: the reader is done, the command
// did not fail. Later output is dropped and the command still finishes what it started (a payment
// under way is completed and journalled), with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
const holdOpen = setInterval(() => {}, 60_000);
main(process.argv.slice(2)).finally(() => clearInterval(holdOpen)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const storage = storageFailure(err);
    if (storage) {
      process.stderr.write(`souq: ${storage.message}\n`);
      process.exitCode = storage.exitCode;
    } else if (err instanceof CliError) {
      process.stderr.write(`souq: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else if (err instanceof ConfigError || err instanceof StoreError) {
      // Errors the person can act on from their words alone: no stack hint.
      process.stderr.write(`souq: ${err.message}\n`);
      process.exitCode = err instanceof ConfigError ? EXIT.config : err.code === 'DB_BUSY' ? EXIT.failure : EXIT.data;
    } else {
      const e = err as { message?: string; code?: string; stack?: string };
      process.stderr.write(`souq: ${e.message ?? String(err)}\n`);
      if (process.env.SOUQ_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
      else process.stderr.write('souq: (run with SOUQ_DEBUG=1 for details)\n');
      process.exitCode = EXIT.failure;
    }
  },
);
