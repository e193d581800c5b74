// `souq journal [--json] [--limit N]`: what the terminal still owes the acquirer (payments and
// refunds in flight, and anything waiting for a person) and the most recent ones, codes masked.
// Reads the database only: it neither starts the sync engine nor an acquirer.
import { toAttemptView, listAttempts } from '../../journal/attempts.ts';
import { listRefunds, toRefundView } from '../../journal/refunds.ts';
import { openDb } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { loadConfig } from '../../settings/config.ts';
import type { CliCommand } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { attemptRow, refundRow } from '../words.ts';

const usage = 'journal [--json] [--limit N]';

const PENDING = ['created', 'sent', 'unknown', 'awaiting_customer', 'cancelling'] as const;
const REFUND_PENDING = ['created', 'sent', 'refund_unknown'] as const;

export const journal: CliCommand = {
  name: 'journal',
  usage,
  summary: 'list payments and refunds in flight, needing attention, and recent (codes masked)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false }, limit: { type: 'string', default: '20' } }, usage);
    if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1) throw new CliError(`--limit takes a whole number, got "${values.limit}"`, EXIT.usage);
    const limit = Number(values.limit);
    const config = loadConfig(ctx.dataDir);
    const db = openDb(dataPaths(ctx.dataDir).db);
    try {
      const out = {
        sandbox: !config.acquirer,
        attempts: {
          needsAttention: listAttempts(db, { states: ['needs_attention'], limit: 10_000 }).map(toAttemptView),
          pending: listAttempts(db, { states: PENDING, limit: 10_000 }).map(toAttemptView),
          recent: listAttempts(db, { limit }).map(toAttemptView),
        },
        refunds: {
          pending: listRefunds(db, { states: REFUND_PENDING, limit: 10_000 }).map(toRefundView),
          recent: listRefunds(db, { limit }).map(toRefundView),
        },
      };
      if (values.json) {
        sayJson(ctx, out);
        return;
      }
      if (out.sandbox) say(ctx, 'SANDBOX — the embedded sandbox acquirer; no real money moves.');
      const section = (title: string, rows: string[]) => {
        say(ctx, `${title} (${rows.length})`);
        for (const r of rows) say(ctx, `  ${r}`);
        if (rows.length === 0) say(ctx, '  none');
      };
      section('Payments needing attention', out.attempts.needsAttention.map(attemptRow));
      section('Payments in flight', out.attempts.pending.map(attemptRow));
      section('Refunds in flight', out.refunds.pending.map(refundRow));
      section(`Recent payments (last ${limit})`, out.attempts.recent.map(attemptRow));
      section(`Recent refunds (last ${limit})`, out.refunds.recent.map(refundRow));
    } finally {
      db.close();
    }
  },
};
