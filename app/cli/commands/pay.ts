// `souq pay --amount 12.50 (--code DIGITS | --qr) [--json] [--wait SECONDS]`: a real payment
// through the journal and the sync engine, as the till would take it — a keyed sale, one attempt,
// progress in words until the payment is final (or still unknown when the wait runs out; the
// journal keeps it and any later `souq sync` or app start resolves it).
//
// --json: the last line of stdout is exactly
//   {"paymentRequestId": "...", "state": "succeeded", "resultCode": "SUCCESS", "amount": "12.50"}
// where amount is the decimal text of what was asked, normalised (12.5 → "12.50", ١٢٫٥ → "12.50").
// Exit: 0 succeeded · 1 failed, declined, expired or cancelled · 5 not final yet.
import type { AttemptView } from '../../api/views.ts';
import { classifyScan, maskCode } from '../../domain/classify.ts';
import { isFinalAttemptState } from '../../domain/attempt.ts';
import { parseAmount, toDecimalString } from '../../domain/money.ts';
import { addKeyedLine, createSale } from '../../sales/repository.ts';
import { cashierForNewSale } from '../../users/users.ts';
import { openTerminal, type Terminal } from '../../terminal/terminal.ts';
import { defaultDataDir } from '../../settings/paths.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say, sayJson } from '../args.ts';
import { amountText, asCliError, attemptProgress, exitForAttempt, sandboxLine } from '../words.ts';

const usage = 'pay --amount 12.50 (--code DIGITS | --qr) [--json] [--wait SECONDS]';

/** Long enough for the engine to resolve an unknown by inquiries and a cancel, or a QR to expire. */
function defaultWaitMs(t: Terminal, qr: boolean): number {
  const p = t.config.payment;
  const timeout = t.config.acquirer?.timeoutMs ?? 5_000;
  const resolve = p.inquiryMaxTries * (p.inquiryIntervalMs + timeout) + 4 * timeout;
  return (qr ? p.paymentExpiryMinutes * 60_000 : p.codeWindowSeconds * 1000) + resolve + 10_000;
}

export const pay: CliCommand = {
  name: 'pay',
  usage,
  summary: 'take a wallet payment for a keyed amount (scanned code or QR) and wait for its result',
  async run(ctx: CliContext) {
    const { values } = parseOptions(
      ctx.argv,
      { amount: { type: 'string' }, code: { type: 'string' }, qr: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, wait: { type: 'string' } },
      usage,
    );
    if (!values.amount) throw new CliError(`--amount is required.\nUsage: souq ${usage}`, EXIT.usage);
    if (values.qr === (values.code !== undefined)) throw new CliError(`Give either --code DIGITS (the customer's payment code) or --qr.\nUsage: souq ${usage}`, EXIT.usage);
    let amount;
    try {
      amount = parseAmount(values.amount, 'AED');
    } catch (err) {
      throw asCliError(err);
    }
    if (amount.minor <= 0) throw new CliError('The amount must be more than zero.', EXIT.usage);
    let waitMs: number | undefined;
    if (values.wait !== undefined) {
      if (!/^\d+$/.test(values.wait)) throw new CliError(`--wait takes whole seconds, got "${values.wait}"`, EXIT.usage);
      waitMs = Number(values.wait) * 1000;
    }
    // Refuse a wrong code before anything is written: bad input changes no stored state.
    let code: string | undefined;
    if (values.code !== undefined) {
      const scan = classifyScan(values.code);
      if (scan.kind !== 'wallet') {
        throw new CliError(`That is not a customer payment code (${scan.kind === 'unknown' ? scan.reason : 'it is a product barcode'}).`, EXIT.usage);
      }
      if (!scan.supported) throw new CliError(scan.message ?? `${scan.family} payment codes are not accepted by this terminal.`, EXIT.usage);
      code = scan.code;
    }

    const t = await openTerminal({ dataDir: ctx.dataDir });
    let view: AttemptView;
    let cancelAsked = false;
    let interrupts = 0;
    let wake: () => void = () => {};
    const onSigint = () => {
      interrupts++;
      wake();
    };
    try {
      const banner = sandboxLine(t.config);
      if (banner) say(ctx, banner);
      const now = new Date();
      try {
        const cashierId = cashierForNewSale(t.db, t.config.terminalId);
        const saleId = createSale(t.db, { terminalId: t.config.terminalId, cashierId, now });
        addKeyedLine(t.db, saleId, amount, undefined, now);
        view = code !== undefined ? t.payments.startWithCode({ saleId, code, actor: 'cli' }) : t.payments.showQr({ saleId, actor: 'cli' });
      } catch (err) {
        throw asCliError(err);
      }
      const id = view.paymentRequestId;
      say(ctx, `Payment ${id}: ${amountText(amount)} ${code !== undefined ? `with code ${maskCode(code)}` : 'by QR'}, journalled.`);

      let last = '';
      let shownQr = false;
      const walletCmd = ctx.dataDir === defaultDataDir() ? 'souq' : `souq --data-dir '${ctx.dataDir}'`;
      const report = (v: AttemptView) => {
        const line = attemptProgress(v);
        if (line !== last) say(ctx, line);
        last = line;
        if (v.state === 'awaiting_customer' && v.orderCode && !shownQr) {
          shownQr = true;
          say(ctx, `QR code value: ${v.orderCode}`);
          say(ctx, `Pay it from another shell with:  ${walletCmd} wallet pay '${v.orderCode}'`);
          if (v.orderExpiresAt) say(ctx, `The QR expires at ${v.orderExpiresAt}. Ctrl-C cancels it.`);
        }
      };
      const onAttempt = (v: AttemptView) => {
        if (v.paymentRequestId !== id) return;
        view = v;
        wake();
      };
      t.engine.on('attempt', onAttempt);
      process.on('SIGINT', onSigint);
      const deadline = Date.now() + (waitMs ?? defaultWaitMs(t, code === undefined));
      report(view);
      while (!isFinalAttemptState(view.state) && view.state !== 'needs_attention') {
        if (interrupts >= 2) {
          say(ctx, 'Stopped waiting. The journal keeps the payment; "souq sync" or the app settles it.');
          break;
        }
        if (interrupts === 1 && !cancelAsked) {
          try {
            view = t.payments.cancel(id, 'cli');
            cancelAsked = true;
            say(ctx, 'Cancel requested (Ctrl-C again to stop waiting).');
          } catch (err) {
            // On the wire right now: cancel as soon as its answer is in.
            const e = err as { code?: string; message?: string };
            if (e.code !== 'ATTEMPT_IN_FLIGHT') {
              say(ctx, `Cannot cancel: ${e.message ?? String(err)}`);
              cancelAsked = true;
            }
          }
        }
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 500));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        view = t.payments.get(id);
        report(view);
      }
      t.engine.off('attempt', onAttempt);
      if (!isFinalAttemptState(view.state)) {
        say(ctx, view.state === 'needs_attention' ? 'The payment needs a manager: see "souq journal".' : `Not final yet (${view.state}): the journal keeps it; run "souq sync" or "souq journal" later.`);
      }
      if (values.json) sayJson(ctx, { paymentRequestId: view.paymentRequestId, state: view.state, resultCode: view.resultCode, amount: toDecimalString(amount) });
      return exitForAttempt(view.state);
    } finally {
      process.off('SIGINT', onSigint);
      await t.close();
    }
  },
};
