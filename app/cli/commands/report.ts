// `souq report day|range|x|z|z-show`: the manager's takings from the terminal's own database, and
// the day close. --json gives the same figures with every amount as integer fils and its currency
// ({"minor":15050,"currency":"AED"}).
import { existsSync, writeFileSync } from 'node:fs';
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson, warn } from '../args.ts';
import { openDb, type Db } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { businessDay } from '../../domain/time.ts';
import { ReportError, takingsForDay, takingsForRange, type Takings } from '../../reports/takings.ts';
import { takingsCsv, takingsText } from '../../reports/format.ts';
import { listTransactions, transactionsCsv } from '../../reports/transactions.ts';
import { closeDay, dayReportText, DayCloseError, dubaiClock, getZReport, listZReports, xReport, type ZReport } from '../../dayclose/close.ts';
import { formatMoney, money, parseAmount } from '../../domain/money.ts';
import { readStoredConfig } from '../../settings/config.ts';
import { openTerminal } from '../../terminal/terminal.ts';
import { managerFrom, userErrorToCli } from './user.ts';

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

/**
 * Runs a report against the terminal's database (which must exist) and closes it whatever
 * happens; report, day-close and user errors become CLI errors with their exit codes.
 */
function withExistingDb(ctx: CliContext, fn: (db: Db) => number): number {
  const db = openExistingDb(ctx);
  try {
    return fn(db);
  } catch (err) {
    return reportErrorToCli(err);
  } finally {
    db.close();
  }
}

function run(ctx: CliContext, fn: (db: Db) => Takings, values: { json?: boolean; csv?: string }): number {
  return withExistingDb(ctx, (db) => {
    output(ctx, fn(db), values);
    return EXIT.ok;
  });
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

const txUsage = 'report transactions --from YYYY-MM-DD --to YYYY-MM-DD [--json | --csv FILE]';
export const reportTransactions: CliCommand = {
  name: 'report transactions',
  usage: txUsage,
  summary: 'every sale of the business days --from to --to: time, invoice, cashier, tenders, refunded, status',
  async run(ctx) {
    const { values } = parseOptions(
      ctx.argv,
      { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false }, csv: { type: 'string' } },
      txUsage,
    );
    if (!values.from || !values.to) throw new CliError(`Give both --from and --to.\nUsage: souq ${txUsage}`, EXIT.usage);
    if (values.json && values.csv) throw new CliError(`Choose --json or --csv, not both.\nUsage: souq ${txUsage}`, EXIT.usage);
    const { from, to } = values;
    return withExistingDb(ctx, (db) => {
      const txs = listTransactions(db, { from, to });
      if (values.csv) {
        writeFileSync(values.csv, transactionsCsv(txs));
        say(ctx, `${txs.length} sale${txs.length === 1 ? '' : 's'} written to ${values.csv}`);
      } else if (values.json) {
        sayJson(ctx, txs);
      } else {
        if (txs.length === 0) say(ctx, `No sales from ${from} to ${to}.`);
        for (const t of txs) {
          const tenders = t.tenders.map((x) => `${x.type === 'wallet' ? (x.wallet ?? 'wallet') : x.type} ${formatMoney(money(x.amount))}`).join(' + ');
          const back = t.refunded > 0 ? `  refunded ${formatMoney(money(t.refunded))}` : '';
          say(ctx, `${t.time.slice(0, 16).replace('T', ' ')}  ${t.invoiceNumber === null ? '   —' : String(t.invoiceNumber).padStart(4)}  ${formatMoney(money(t.total)).padStart(12)}  ${tenders}${back}  ${t.status}  ${t.cashier ?? ''}`.trimEnd());
        }
      }
      return EXIT.ok;
    });
  },
};

function reportErrorToCli(err: unknown): never {
  if (err instanceof DayCloseError) {
    const exit =
      err.code === 'DAY_HAS_PENDING' ? EXIT.pending : err.code === 'ACQUIRER_UNREACHABLE' ? EXIT.unreachable : err.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.failure;
    throw new CliError(err.message, exit, err.code);
  }
  if (err instanceof ReportError) throw new CliError(err.message, EXIT.usage, err.code);
  return userErrorToCli(err);
}

/**
 * --date from before a Z closed periods instead of days: still accepted so scripts keep working,
 * but there is only ever one open period (since the previous Z), so it selects nothing else.
 */
function dateStillAccepted(ctx: CliContext, date: string | undefined): void {
  if (date === undefined) return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CliError(`--date must be a date like 2026-01-31, got "${date}".`, EXIT.usage);
  warn(ctx, `--date ${date}: not needed any more — the X and Z reports cover everything since the previous Z.`);
}

const xUsage = 'report x [--json]';
export const reportX: CliCommand = {
  name: 'report x',
  usage: xUsage,
  summary: 'X report: everything since the previous Z and the cash the drawer should hold (closes nothing)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { date: { type: 'string' }, json: { type: 'boolean', default: false } }, xUsage);
    dateStillAccepted(ctx, values.date);
    return withExistingDb(ctx, (db) => {
      const x = xReport(db, { terminalId: readStoredConfig(ctx.dataDir).terminalId });
      if (values.json) sayJson(ctx, x);
      else ctx.stdout.write(dayReportText(x));
      return EXIT.ok;
    });
  },
};

const zUsage = 'report z --counted-cash AMOUNT --by MANAGER [--pin PIN] [--allow-unconfirmed] [--json]';
export const reportZ: CliCommand = {
  name: 'report z',
  usage: zUsage,
  summary: 'Z report: close everything since the previous Z (a manager; wallet payments confirmed with the acquirer; counted cash vs expected)',
  async run(ctx) {
    const { values } = parseOptions(
      ctx.argv,
      {
        'counted-cash': { type: 'string' },
        by: { type: 'string' },
        pin: { type: 'string' },
        date: { type: 'string' },
        'allow-unconfirmed': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      zUsage,
    );
    dateStillAccepted(ctx, values.date);
    if (values['counted-cash'] === undefined) throw new CliError(`Give the cash counted in the drawer with --counted-cash (e.g. 1250.50).\nUsage: souq ${zUsage}`, EXIT.usage);
    let counted;
    try {
      counted = parseAmount(values['counted-cash']);
    } catch (err) {
      throw new CliError(`--counted-cash: ${(err as Error).message}`, EXIT.usage);
    }
    openExistingDb(ctx).close();
    const terminal = await openTerminal({ dataDir: ctx.dataDir, startEngine: false });
    try {
      const actor = await managerFrom(terminal.db, values.by, values.pin, 0, 'close the day');
      const z = await closeDay(terminal.db, {
        terminalId: terminal.config.terminalId,
        actor,
        countedCash: counted,
        link: terminal.acquirer,
        allowUnconfirmed: values['allow-unconfirmed'],
      });
      if (values.json) sayJson(ctx, zJson(z));
      else ctx.stdout.write(dayReportText(z));
      return EXIT.ok;
    } catch (err) {
      return reportErrorToCli(err);
    } finally {
      await terminal.close();
    }
  },
};

/** The Z with the period's gross / refunds / net at the top, in the same shape as `report day --json`. */
function zJson(z: ZReport): ZReport & Pick<Takings, 'sales' | 'refunds' | 'net'> {
  return { ...z, sales: z.takings.sales, refunds: z.takings.refunds, net: z.takings.net };
}

const zShowUsage = 'report z-show [--number N] [--json]';
export const reportZShow: CliCommand = {
  name: 'report z-show',
  usage: zShowUsage,
  summary: 'reprint a Z report exactly as it was made (without --number: list them)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { number: { type: 'string' }, json: { type: 'boolean', default: false } }, zShowUsage);
    return withExistingDb(ctx, (db) => {
      const terminalId = readStoredConfig(ctx.dataDir).terminalId;
      if (values.number === undefined) {
        const list = listZReports(db, terminalId);
        if (values.json) sayJson(ctx, list);
        else if (list.length === 0) say(ctx, 'No Z report has been taken on this terminal yet.');
        else for (const z of list) say(ctx, `  Z ${String(z.number).padStart(4)}  ${dubaiClock(z.from)} to ${dubaiClock(z.to)} (Dubai)  cash difference ${formatMoney(money(z.differenceMinor))}`);
        return EXIT.ok;
      }
      if (!/^\d+$/.test(values.number)) throw new CliError('--number is a Z report number (1, 2, …).', EXIT.usage);
      const z = getZReport(db, terminalId, Number(values.number));
      if (values.json) sayJson(ctx, zJson(z));
      else ctx.stdout.write(dayReportText(z));
      return EXIT.ok;
    });
  },
};
