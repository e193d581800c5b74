// `souq verify-log`: walks the hash-chained event log. Exit 6 names the first event that breaks
// the chain, so a manager can tell an auditor exactly where the record was tampered with.
import { existsSync } from 'node:fs';
import type { CliCommand } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { openDb } from '../../store/db.ts';
import { verifyChain } from '../../store/events.ts';
import { dataPaths } from '../../settings/paths.ts';

const usage = 'verify-log [--json]';

export const verifyLog: CliCommand = {
  name: 'verify-log',
  usage,
  summary: 'check the hash chain of the event log; exit 6 and name the event if it was altered',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, usage);
    const file = dataPaths(ctx.dataDir).db;
    if (!existsSync(file)) throw new CliError(`There is no Souq POS database in ${ctx.dataDir}: check --data-dir.`, EXIT.config);
    const db = openDb(file, { readonly: true });
    try {
      const check = verifyChain(db);
      if (values.json) sayJson(ctx, check);
      if (check.ok) {
        if (!values.json) say(ctx, `Event log intact: ${check.count} events, head ${check.head.slice(0, 16)}…`);
        return EXIT.ok;
      }
      const msg = `Event log BROKEN at event ${check.brokenAt}: ${check.reason}. ${check.count} events before it verify.`;
      if (values.json) ctx.stderr.write(`souq: ${msg}\n`);
      else say(ctx, msg);
      return EXIT.data;
    } finally {
      db.close();
    }
  },
};
