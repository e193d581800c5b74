// `souq catalogue import <file.csv>` and `souq catalogue list`: the manager's product list from a
// spreadsheet export. All or nothing: one bad line and nothing changes, every bad line named.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { openDb } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { MAX_CATALOGUE_BYTES } from '../../domain/catalogue.ts';
import { formatMoney, money } from '../../domain/money.ts';
import { CatalogueImportError, importCatalogueCsv, listCatalogue } from '../../sales/catalogue.ts';

const importUsage = 'catalogue import <file.csv> [--json]';
const listUsage = 'catalogue list [--search TEXT] [--limit N] [--json]';

export const catalogueImport: CliCommand = {
  name: 'catalogue import',
  usage: importUsage,
  summary: 'add or update products from a CSV (ean,name,price); nothing changes if any line is wrong',
  async run(ctx) {
    const { values, positionals } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, importUsage, { min: 1, max: 1 });
    const file = resolve(positionals[0]!);
    if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No such file: ${file}`, EXIT.usage);
    if (statSync(file).size > MAX_CATALOGUE_BYTES) throw new CliError(`${file} is larger than ${MAX_CATALOGUE_BYTES / 1_000_000} MB: split it.`, EXIT.failure);
    const db = openDb(dataPaths(ctx.dataDir).db);
    try {
      const r = importCatalogueCsv(db, readFileSync(file, 'utf8'), { now: new Date(), actor: 'cli' });
      if (values.json) sayJson(ctx, r);
      else say(ctx, `Catalogue imported: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged.`);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof CatalogueImportError) throw new CliError(`${file}: ${err.message}`, EXIT.failure, err.code);
      throw err;
    } finally {
      db.close();
    }
  },
};

export const catalogueList: CliCommand = {
  name: 'catalogue list',
  usage: listUsage,
  summary: 'print the products (by name), optionally only those matching TEXT',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false }, search: { type: 'string' }, limit: { type: 'string', default: '200' } }, listUsage);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a whole number above 0, got "${values.limit}".`, EXIT.usage);
    const db = openDb(dataPaths(ctx.dataDir).db);
    try {
      const rows = listCatalogue(db, { query: values.search, limit });
      if (values.json) sayJson(ctx, rows.map((r) => ({ ean: r.ean, name: r.name, price: money(r.priceMinor) })));
      else if (rows.length === 0) say(ctx, values.search ? `No product matches "${values.search}".` : 'The catalogue is empty: import one with "souq catalogue import <file.csv>".');
      else for (const r of rows) say(ctx, `${r.ean.padEnd(14)}  ${formatMoney(money(r.priceMinor)).replace(/\u00A0/g, ' ').padStart(14)}  ${r.name}`);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};
