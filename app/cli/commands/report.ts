// `souq report day|range`: the manager's takings from the terminal's own database. --json gives the
// same figures with every amount as integer fils and its currency ({"minor":15050,"currency":"AED"}).
import { existsSync, writeFileSync } from 'node:fs';
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { openDb, type Db } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { businessDay } from '../../domain/time.ts';
import { ReportError, takingsForDay, takingsForRange, type Takings } from '../../reports/takings.ts';
import { takingsCsv, takingsText } from '../../reports/format.ts';

export function openExistingDb(ctx: CliContext, opts: { readonly?: boolean } = {}): Db {
  const file = dataPaths(ctx.dataDir).db;
  if (!existsSync(file)) throw new CliError(`There is no Souq POS database in ${ctx.dataDir}: check --data-dir.`, EXIT.config);
  return openDb(file, opts);
}

function output(ctx: CliContext, t: Takings, values: { json?: boolean; csv?: string }): void {
  if (values.csv) {
    writeFileSync(values.csv, takingsCsv(t));
    if (!values.json) say(ctx, `CSV written to ${values.csv}`);
  }
  if (values.json) sayJson(ctx, t);
  else ctx.stdout.write(takingsText(t));
}

function run(ctx: CliContext, fn: (db: Db) => Takings, values: { json?: boolean; csv?: string }): number {
  const db = openExistingDb(ctx);
  try {
    output(ctx, fn(db), values);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ReportError) throw new CliError(err.message, EXIT.usage, err.code);
    throw err;
  } finally {
    db.close();
  }
}

const dayUsage = 'report day [--date YYYY-MM-DD] [--json] [--csv FILE]';
export const reportDay: CliCommand = {
  name: 'report day',
  usage: dayUsage,
  summary: "takings of a business day (default today, Asia/Dubai): tenders, hours, cashiers, wallet status, VAT",
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { date: { type: 'string' }, json: { type: 'boolean', default: false }, csv: { type: 'string' } }, dayUsage);
    const day = values.date ?? businessDay(new Date());
    return run(ctx, (db) => takingsForDay(db, day), values);
  },
};

const rangeUsage = 'report range --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--csv FILE]';
export const reportRange: CliCommand = {
  name: 'report range',
  usage: rangeUsage,
  summary: 'takings of the business days from --from to --to, both included',
  async run(ctx) {
    const { values } = parseOptions(
      ctx.argv,
      { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false }, csv: { type: 'string' } },
      rangeUsage,
    );
    if (!values.from || !values.to) throw new CliError(`Give both --from and --to.\nUsage: souq ${rangeUsage}`, EXIT.usage);
    const { from, to } = values;
    return run(ctx, (db) => takingsForRange(db, from, to), values);
  },
};
