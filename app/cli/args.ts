// Option parsing and output helpers shared by the CLI commands. Parsing is node:util's parseArgs;
// this only turns its TypeErrors into usage errors a person can read.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { CliContext } from './command.ts';
import { CliError, EXIT } from './errors.ts';

export interface Parsed<V> {
  values: V;
  positionals: string[];
}

/** Parses `argv` strictly; unknown options and wrong positional counts are usage errors. */
export function parseOptions<const O extends ParseArgsOptionsConfig>(
  argv: string[],
  options: O,
  usage: string,
  positionals: { min?: number; max?: number } = { max: 0 },
): Parsed<ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>['values']> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), allowPositionals: true, strict: true, options });
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '.');
    throw new CliError(`${msg}\nUsage: souq ${usage}`, EXIT.usage);
  }
  const n = parsed.positionals.length;
  if (n < (positionals.min ?? 0)) throw new CliError(`Missing argument.\nUsage: souq ${usage}`, EXIT.usage);
  if (positionals.max !== undefined && n > positionals.max) {
    throw new CliError(`Unexpected argument "${parsed.positionals[positionals.max]}".\nUsage: souq ${usage}`, EXIT.usage);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * parseArgs refuses `--amount -1` as ambiguous (the value looks like an option) and tells the person
 * to write `--amount=-1`; a negative number is a value, so it reaches the option's own check, which
 * says what is wrong with it.
 */
function joinNegativeValues(argv: string[], options: ParseArgsOptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.\u0660-\u0669\u06F0-\u06F9]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function say(ctx: CliContext, line = ''): void {
  ctx.stdout.write(`${line}\n`);
}

export function warn(ctx: CliContext, line: string): void {
  ctx.stderr.write(`${line}\n`);
}

/** One JSON document on one line: scripts read the last line of --json output. */
export function sayJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Nested objects as aligned `a.b.c  value` lines, for human-readable `show` output. */
export function flatLines(value: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) out.push(...flatLines(v as Record<string, unknown>, key));
    else out.push([key, typeof v === 'string' ? v : JSON.stringify(v)]);
  }
  return out;
}

export function table(rows: [string, string][]): string {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}
