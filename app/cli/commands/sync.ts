// `souq sync [--json] [--wait SECONDS]`: works the journal now — sends what is queued, resolves
// unknowns, cancels, refunds — and waits until nothing is in flight (a QR waiting for a shopper
// and payments waiting for a person are listed, not waited for). Prints what settled.
// Exit: 0 all settled · 5 some still pending when the wait ran out (e.g. acquirer unreachable).
import type { AttemptView } from '../../api/views.ts';
import type { RefundView } from '../../journal/refunds.ts';
import { SyncError } from '../../sync/engine.ts';
import { openTerminal } from '../../terminal/terminal.ts';
import type { CliCommand } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { attemptProgress, attemptRow, payments, refundProgress, refundRow, refunds, sandboxLine } from '../words.ts';
import { isFinalAttemptState, isFinalRefundState } from '../../domain/attempt.ts';

const usage = 'sync [--json] [--wait SECONDS]';

export const sync: CliCommand = {
  name: 'sync',
  usage,
  summary: 'drain the journal now and wait until nothing is in flight; print what settled',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false }, wait: { type: 'string' } }, usage);
    if (values.wait !== undefined && !/^\d+$/.test(values.wait)) throw new CliError(`--wait takes whole seconds, got "${values.wait}"`, EXIT.usage);
    const t = await openTerminal({ dataDir: ctx.dataDir, startEngine: false });
    const settledAttempts = new Map<string, AttemptView>();
    const settledRefunds = new Map<string, RefundView>();
    try {
      const banner = sandboxLine(t.config);
      if (banner) say(ctx, banner);
      const before = t.payments.list({ states: ['created', 'sent', 'unknown', 'cancelling', 'awaiting_customer'], limit: 10_000 }).length;
      const refundsBefore = t.refunds.list({ states: ['created', 'sent', 'refund_unknown'], limit: 10_000 }).length;
      say(ctx, `${payments(before)} and ${refunds(refundsBefore)} in flight; working the journal…`);
      t.engine.on('attempt', (v) => {
        if (isFinalAttemptState(v.state) || v.state === 'needs_attention') {
          settledAttempts.set(v.paymentRequestId, v);
          if (!values.json) say(ctx, `  ${v.paymentRequestId}  ${attemptProgress(v)}`);
        }
      });
      t.engine.on('refund', (r) => {
        if (isFinalRefundState(r.state)) {
          settledRefunds.set(r.refundRequestId, r);
          if (!values.json) say(ctx, `  ${r.refundRequestId}  ${refundProgress(r)}`);
        }
      });
      const timeout = t.config.acquirer?.timeoutMs ?? 5_000;
      const p = t.config.payment;
      const waitMs = values.wait !== undefined ? Number(values.wait) * 1000 : p.inquiryMaxTries * (p.inquiryIntervalMs + timeout) + 10 * timeout + 30_000;
      let drained = true;
      try {
        await t.engine.drain({ timeoutMs: waitMs });
      } catch (err) {
        if (!(err instanceof SyncError) || err.code !== 'DRAIN_TIMEOUT') throw err;
        drained = false;
        say(ctx, err.message);
      }
      const pending = t.payments.list({ states: ['created', 'sent', 'unknown', 'cancelling'], limit: 10_000 });
      const waiting = t.payments.list({ states: ['awaiting_customer', 'needs_attention'], limit: 10_000 });
      const refundsPending = t.refunds.list({ states: ['created', 'sent', 'refund_unknown'], limit: 10_000 });
      if (values.json) {
        sayJson(ctx, { drained, settled: { attempts: [...settledAttempts.values()], refunds: [...settledRefunds.values()] }, pending: { attempts: pending, refunds: refundsPending }, waiting });
      } else {
        say(ctx, `Settled ${payments(settledAttempts.size)} and ${refunds(settledRefunds.size)}.`);
        for (const v of waiting) say(ctx, `  waiting: ${attemptRow(v)}`);
        for (const v of pending) say(ctx, `  still in flight: ${attemptRow(v)}`);
        for (const r of refundsPending) say(ctx, `  still in flight: ${refundRow(r)}`);
        if (drained && pending.length === 0 && refundsPending.length === 0) say(ctx, 'Nothing in flight.');
      }
      return pending.length === 0 && refundsPending.length === 0 ? EXIT.ok : EXIT.pending;
    } finally {
      await t.close();
    }
  },
};
