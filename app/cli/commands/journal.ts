// `souq journal [--json] [--limit N]`: what the terminal still owes the acquirer (payments and
// refunds in flight, and anything waiting for a person) and the most recent ones, codes masked.
// Reads the database only: it neither starts the sync engine nor an acquirer.
// `souq journal attention|recheck|settle`: the payments the terminal could not settle alone
// (needs_attention), asking the acquirer about one once more, and a manager settling one by hand.
import { toAttemptView, listAttempts } from '../../journal/attempts.ts';
import { listRefunds, toRefundView } from '../../journal/refunds.ts';
import { openDb } from '../../store/db.ts';
import { dataPaths } from '../../settings/paths.ts';
import { readStoredConfig } from '../../settings/config.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { amountText, attemptRow, refundRow, sandboxLine } from '../words.ts';
import { AttentionError, listAttention, recheckAttempt, settleAttempt, type AttentionChange } from '../../dayclose/attention.ts';
import { openTerminal } from '../../terminal/terminal.ts';
import { UserError } from '../../users/users.ts';
import { openExistingDb } from './report.ts';
import { managerFrom, pinFrom } from './user.ts';

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
    const config = readStoredConfig(ctx.dataDir);
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
      const banner = sandboxLine(config);
      if (banner) say(ctx, banner);
      const section = (title: string, rows: string[]) => {
        say(ctx, `${title} (${rows.length})`);
        for (const r of rows) say(ctx, `  ${r}`);
        if (rows.length === 0) say(ctx, '  none');
      };
      section('Payments needing attention', out.attempts.needsAttention.map(attemptRow));
      if (out.attempts.needsAttention.length > 0) say(ctx, '  (see "souq journal attention"; settle with "souq journal recheck ID" or "souq journal settle ID")');
      section('Payments in flight', out.attempts.pending.map(attemptRow));
      section('Refunds in flight', out.refunds.pending.map(refundRow));
      section(`Recent payments (last ${limit})`, out.attempts.recent.map(attemptRow));
      section(`Recent refunds (last ${limit})`, out.refunds.recent.map(refundRow));
    } finally {
      db.close();
    }
  },
};

function attentionErrorToCli(err: unknown): never {
  if (err instanceof AttentionError) throw new CliError(err.message, err.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.failure, err.code);
  if (err instanceof UserError) throw new CliError(err.message, EXIT.failure, err.code);
  throw err;
}

function sayChange(ctx: CliContext, c: AttentionChange, json: boolean): number {
  if (json) sayJson(ctx, c);
  else say(ctx, c.message);
  // Left as it was: not final yet (the acquirer had no definite answer).
  return c.settled ? EXIT.ok : EXIT.pending;
}

const attentionUsage = 'journal attention [--json]';
export const journalAttention: CliCommand = {
  name: 'journal attention',
  usage: attentionUsage,
  summary: 'payments the terminal could not settle alone (needs attention), oldest first, codes masked',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, attentionUsage);
    const db = openExistingDb(ctx, { readonly: true });
    try {
      const attention = listAttention(db);
      if (values.json) {
        sayJson(ctx, { attention });
        return EXIT.ok;
      }
      say(ctx, `Payments needing attention (${attention.length})`);
      if (attention.length === 0) say(ctx, '  none');
      for (const a of attention) {
        const sale = a.invoiceNo !== null ? `invoice ${a.invoiceNo}` : `sale ${a.saleId} (${a.saleStatus})`;
        say(ctx, `  ${a.attemptId}  ${amountText(a.amount)}  ${a.codeMasked ?? 'QR'}  ${a.createdAt}  ${sale}`);
        say(ctx, `      ${a.lastError}`);
      }
      if (attention.length > 0) say(ctx, 'Check one with "souq journal recheck ID", or settle it by hand with "souq journal settle ID --paid|--not-paid --reason TEXT --manager NAME".');
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
};

const recheckUsage = 'journal recheck <attemptId> [--json]';
export const journalRecheck: CliCommand = {
  name: 'journal recheck',
  usage: recheckUsage,
  summary: 'ask the acquirer once more about a payment needing attention; a definite answer settles it (exit 5: still unknown)',
  async run(ctx) {
    const { values, positionals } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, recheckUsage, { min: 1, max: 1 });
    openExistingDb(ctx).close();
    const t = await openTerminal({ dataDir: ctx.dataDir, startEngine: false });
    try {
      const banner = sandboxLine(t.config);
      if (banner && !values.json) say(ctx, banner);
      let c: AttentionChange;
      try {
        c = await recheckAttempt(t.db, t.acquirer, { attemptId: positionals[0]!, actor: 'cli' });
      } catch (err) {
        return attentionErrorToCli(err);
      }
      return sayChange(ctx, c, values.json);
    } finally {
      await t.close();
    }
  },
};

const settleUsage = 'journal settle <attemptId> --paid|--not-paid --reason TEXT [--payment-id ID] --manager NAME [--json]  (PIN on stdin)';
export const journalSettle: CliCommand = {
  name: 'journal settle',
  usage: settleUsage,
  summary: "a manager settles a payment needing attention by hand, after checking the acquirer's portal",
  async run(ctx) {
    const { values, positionals } = parseOptions(
      ctx.argv,
      {
        paid: { type: 'boolean', default: false },
        'not-paid': { type: 'boolean', default: false },
        reason: { type: 'string' },
        'payment-id': { type: 'string' },
        manager: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      settleUsage,
      { min: 1, max: 1 },
    );
    if (values.paid === values['not-paid']) throw new CliError(`Say what the acquirer's portal shows: --paid or --not-paid (one of them).\nUsage: souq ${settleUsage}`, EXIT.usage);
    if (!values.reason || values.reason.trim().length < 3) throw new CliError(`Give a reason (at least 3 characters) with --reason, e.g. what the portal shows.\nUsage: souq ${settleUsage}`, EXIT.usage);
    if (!values.manager) throw new CliError(`Only a manager can settle a payment: give --manager NAME, and their PIN on stdin.\nUsage: souq ${settleUsage}`, EXIT.usage);
    const db = openExistingDb(ctx);
    try {
      let pin: string;
      try {
        pin = await pinFrom(undefined, 0, `${values.manager}'s PIN`);
      } catch {
        throw new CliError(`Give ${values.manager}'s PIN on stdin (e.g. from a prompt that does not echo it).`, EXIT.usage);
      }
      const actor = await managerFrom(db, values.manager, pin, 0, 'settle a payment');
      let c: AttentionChange;
      try {
        c = settleAttempt(db, actor, {
          attemptId: positionals[0]!,
          outcome: values.paid ? 'succeeded' : 'failed',
          reason: values.reason,
          paymentId: values['payment-id'],
        });
      } catch (err) {
        return attentionErrorToCli(err);
      }
      return sayChange(ctx, c, values.json);
    } finally {
      db.close();
    }
  },
};
