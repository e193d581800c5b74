// `souq refund <paymentRequestId> [--amount A] [--by MANAGER] [--json] [--wait SECONDS]`: journals a refund of a
// succeeded payment (all that is left of it, or --amount) and waits for the acquirer's answer.
// The refund is queued durably first: if the acquirer is unreachable it stays in the journal and
// any later `souq sync` or app start sends it with the same refundRequestId.
// --json: the last line is {"refundRequestId","paymentRequestId","state","resultCode","amount"}.
// Once the terminal has a manager, a refund is theirs to give: --by NAME with their PIN (--pin, or
// stdin), and the refund is logged under them.
// Exit: 0 refunded · 1 refused · 5 not final yet.
import { isFinalRefundState } from '../../domain/attempt.ts';
import { parseAmount, toDecimalString, type Money } from '../../domain/money.ts';
import type { RefundView } from '../../journal/refunds.ts';
import { openTerminal } from '../../terminal/terminal.ts';
import type { CliCommand } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { amountText, asCliError, exitForRefund, refundProgress, sandboxLine } from '../words.ts';
import { hasManager } from '../../users/users.ts';
import { JournalError } from '../../journal/errors.ts';
import { resultCodeMessage, wordsIn } from '../../domain/result-words.ts';
import { managerFrom } from './user.ts';

const usage = 'refund <paymentRequestId> [--amount A] [--by MANAGER [--pin PIN]] [--json] [--wait SECONDS]';

/** Nothing (or too little) left to refund: said with the acquirer's own code and what to do. */
function refusedInWords(err: unknown): unknown {
  if (!(err instanceof JournalError) || err.code !== 'REFUND_EXCEEDS_PAID') return asCliError(err);
  const words = wordsIn(resultCodeMessage('REFUND_AMOUNT_EXCEED'), 'en');
  return new CliError(`${words.what} ${err.message}. ${words.todo} [REFUND_AMOUNT_EXCEED]`, EXIT.failure, 'REFUND_AMOUNT_EXCEED');
}

export const refund: CliCommand = {
  name: 'refund',
  usage,
  summary: 'refund a wallet payment (in full, or --amount), queued durably until the acquirer confirms',
  async run(ctx) {
    const { values, positionals } = parseOptions(ctx.argv, { amount: { type: 'string' }, by: { type: 'string' }, pin: { type: 'string' }, 'by-pin': { type: 'string' }, json: { type: 'boolean', default: false }, wait: { type: 'string' } }, usage, { min: 1, max: 1 });
    const attemptId = positionals[0]!;
    let amount: Money | undefined;
    if (values.amount !== undefined) {
      try {
        amount = parseAmount(values.amount, 'AED');
      } catch (err) {
        throw asCliError(err);
      }
      if (amount.minor <= 0) throw new CliError('The refund amount must be more than zero.', EXIT.usage);
    }
    if (values.wait !== undefined && !/^\d+$/.test(values.wait)) throw new CliError(`--wait takes whole seconds, got "${values.wait}"`, EXIT.usage);

    const t = await openTerminal({ dataDir: ctx.dataDir });
    try {
      const banner = sandboxLine(t.config);
      if (banner) say(ctx, banner);
      // A shop with no manager yet (the quick start) refunds as before, logged as the CLI's.
      const actor = hasManager(t.db) || values.by !== undefined ? (await managerFrom(t.db, values.by, values.pin ?? values['by-pin'], 0, 'refund a payment')).id : 'cli';
      let view: RefundView;
      try {
        view = t.refunds.create({ attemptId, amount, actor });
      } catch (err) {
        throw refusedInWords(err);
      }
      const id = view.refundRequestId;
      say(ctx, `Refund ${id}: ${amountText(view.amount)} of payment ${attemptId}, journalled.`);
      const timeout = t.config.acquirer?.timeoutMs ?? 5_000;
      const deadline = Date.now() + (values.wait !== undefined ? Number(values.wait) * 1000 : 6 * timeout + 10_000);
      let last = '';
      let wake: () => void = () => {};
      const onRefund = (r: RefundView) => {
        if (r.refundRequestId === id) wake();
      };
      t.engine.on('refund', onRefund);
      for (;;) {
        view = t.refunds.get(id);
        const line = refundProgress(view);
        if (line !== last) say(ctx, line);
        last = line;
        const left = deadline - Date.now();
        if (isFinalRefundState(view.state) || left <= 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 500));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      t.engine.off('refund', onRefund);
      if (!isFinalRefundState(view.state)) say(ctx, `Not final yet (${view.state}): the journal keeps it and resends it with the same id; run "souq sync" later.`);
      if (values.json) {
        sayJson(ctx, { refundRequestId: id, paymentRequestId: attemptId, state: view.state, resultCode: view.resultCode, amount: toDecimalString(view.amount) });
      }
      return exitForRefund(view.state);
    } finally {
      await t.close();
    }
  },
};
