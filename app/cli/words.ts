// How the payment commands (pay, refund, journal, sync) say things: one line per attempt or
// refund, codes masked, amounts as decimal text, and the domain's errors turned into CLI errors.
import type { AttemptView } from '../api/views.ts';
import type { AttemptState, RefundState } from '../domain/attempt.ts';
import { assertNever } from '../domain/never.ts';
import { MoneyError, toDecimalString, type Money } from '../domain/money.ts';
import { SaleError } from '../domain/sale.ts';
import { attemptStateMessage, refundStateMessage, resultCodeMessage } from '../domain/result-words.ts';
import { JournalError } from '../journal/errors.ts';
import type { RefundView } from '../journal/refunds.ts';
import { RequestError } from '../acquirer/port.ts';
import { UserError } from '../users/users.ts';
import { CliError, EXIT, storageFailure } from './errors.ts';
import { countedEn } from '../domain/plural.ts';

/**
 * The first line of a command that talks to an acquirer where no real money moves: the embedded
 * sandbox (no acquirer configured) or Antom's own sandbox (a SANDBOX_ client id, a real endpoint).
 */
export function sandboxLine(config: { acquirer?: { clientId: string } | undefined }): string | undefined {
  if (!config.acquirer) return 'SANDBOX — no real money moves (embedded sandbox acquirer).';
  if (config.acquirer.clientId.startsWith('SANDBOX_')) return `SANDBOX — no real money moves (Antom sandbox, client id ${config.acquirer.clientId}).`;
  return undefined;
}

export const amountText = (m: Money): string => `${m.currency} ${toDecimalString(m)}`;

/** "1 payment", "3 payments": counted words by Intl.PluralRules (app/domain/plural.ts). */
export const payments = (n: number): string => countedEn(n, '{n} payment', '{n} payments');
export const refunds = (n: number): string => countedEn(n, '{n} refund', '{n} refunds');

/** Errors of the sale, the journal and the money parser carry words already: pass them on. */
export function asCliError(err: unknown): unknown {
  const storage = storageFailure(err);
  if (storage) return storage;
  if (err instanceof MoneyError) return new CliError(err.message, EXIT.usage, err.code);
  if (err instanceof JournalError) return new CliError(err.message, err.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.failure, err.code);
  if (err instanceof SaleError) return new CliError(err.message, EXIT.failure, err.code);
  if (err instanceof UserError) return new CliError(err.message, EXIT.failure, err.code);
  if (err instanceof RequestError) return new CliError(err.message, EXIT.usage, err.code);
  return err;
}

/** Exit code of `souq pay` for the state a payment ended (or was left) in. */
export function exitForAttempt(state: AttemptState): number {
  switch (state) {
    case 'succeeded':
      return EXIT.ok;
    case 'failed':
    case 'expired':
    case 'cancelled':
      return EXIT.failure;
    case 'created':
    case 'sent':
    case 'unknown':
    case 'awaiting_customer':
    case 'cancelling':
    case 'needs_attention':
      return EXIT.pending;
    default:
      return assertNever(state, 'attempt state');
  }
}

export function exitForRefund(state: RefundState): number {
  switch (state) {
    case 'refunded':
      return EXIT.ok;
    case 'refund_failed':
      return EXIT.failure;
    case 'created':
    case 'sent':
    case 'refund_unknown':
      return EXIT.pending;
    default:
      return assertNever(state, 'refund state');
  }
}

/** A sentence for the state an attempt just reached, for progress output. */
export function attemptProgress(v: AttemptView): string {
  const words = attemptStateMessage(v.state, v.resultCode).words.en;
  const code = v.resultCode ? ` [${v.resultCode}]` : '';
  switch (v.state) {
    case 'succeeded': {
      const who = [v.pspName, v.customerId].filter(Boolean).join(' ');
      return `PAID ${amountText(v.amount)} — paymentId ${v.paymentId ?? '?'}${who ? ` (${who})` : ''}`;
    }
    case 'failed': {
      const reason = resultCodeMessage(v.resultCode).words.en;
      return `FAILED${code}: ${reason.what} ${reason.todo}`;
    }
    case 'expired':
    case 'cancelled':
    case 'needs_attention':
      return `${v.state.toUpperCase().replace('_', ' ')}${code}: ${words.what} ${words.todo}`;
    case 'unknown':
    case 'cancelling':
      return `${words.what}${code}`;
    case 'created':
    case 'sent':
    case 'awaiting_customer':
      return words.what;
    default:
      return assertNever(v.state, 'attempt state');
  }
}

export function refundProgress(r: RefundView): string {
  const words = refundStateMessage(r.state).words.en;
  const code = r.resultCode ? ` [${r.resultCode}]` : '';
  if (r.state === 'refund_failed') return `REFUND FAILED${code}: ${resultCodeMessage(r.resultCode).words.en.what} ${words.todo}`;
  if (r.state === 'refunded') return `REFUNDED ${amountText(r.amount)} — refundId ${r.refundId ?? '?'}`;
  return `${words.what}${code}`;
}

/** One row of `souq journal` / `souq sync`. */
export function attemptRow(v: AttemptView): string {
  const what = v.scenario === 'OrderCode' ? 'QR' : (v.codeMasked ?? 'code');
  return [v.paymentRequestId, v.state.padEnd(17), amountText(v.amount).padStart(12), what.padEnd(10), v.resultCode ?? '', v.updatedAt].join('  ');
}

export function refundRow(r: RefundView): string {
  return [r.refundRequestId, r.state.padEnd(17), amountText(r.amount).padStart(12), `of ${r.paymentRequestId}`, r.resultCode ?? '', r.updatedAt].join('  ');
}
