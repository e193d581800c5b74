// The composition root of the terminal core: one SQLite file, one configuration, one acquirer
// link, one sync engine. The CLI, the loopback host and the Electron main process all open the
// terminal through openTerminal and nothing else.
import { hqNotifyUrl } from '../chain/link.ts';
import type { AttemptView } from '../api/views.ts';
import { AntomLink } from '../acquirer/antom/client.ts';
import type { AcquirerLink } from '../acquirer/link.ts';
import { classifyScan } from '../domain/classify.ts';
import { assertNever } from '../domain/never.ts';
import { type AttemptState } from '../domain/attempt.ts';
import type { Money } from '../domain/money.ts';
import {
  attemptsForSale,
  createAttempt,
  listAttempts,
  requireAttempt,
  toAttemptView,
  transitionAttempt,
} from '../journal/attempts.ts';
import { JournalError } from '../journal/errors.ts';
import { createRefund, listRefunds, requireRefund, toRefundView, type RefundView } from '../journal/refunds.ts';
import { salesPort } from '../journal/sales-port.ts';
import { isSealedKeyError, loadConfig, readStoredConfig, type ConfigSecrets } from '../settings/config.ts';
import { dataPaths } from '../settings/paths.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import { openDb, type Db } from '../store/db.ts';
import type { RefundState } from '../domain/attempt.ts';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine.ts';
import { acquirerUnavailable, AcquirerUnavailableError, resolveAcquirer, unavailableLink, type AcquirerUnavailable, type ResolvedAcquirer } from '../acquirer/resolve.ts';

export type { AttemptView } from '../api/views.ts';
export type { RefundView } from '../journal/refunds.ts';

export interface OpenTerminalOptions {
  dataDir: string;
  clock?: () => Date;
  /** false: open the journal without working it (CLI read-only commands, tests). */
  startEngine?: boolean;
  /** Tests: use this link instead of building one from the configuration. */
  link?: AcquirerLink;
  /** Tests: use this configuration instead of <dataDir>/config.json. */
  config?: TerminalConfig;
  /** Opens a private key sealed in the OS keystore (the Electron shell's safeStorage); none in the CLI. */
  secrets?: ConfigSecrets;
  /**
   * A key sealed by a keystore this process cannot open: 'refuse' (default) throws the ConfigError
   * (the CLI commands); 'unavailable' opens the terminal without its acquirer (the app and the
   * browser host), so the shop can take cash and the installer can load the keys again.
   */
  sealedKey?: 'refuse' | 'unavailable';
  /** Tests: engine cadences (link probe, outage retry). */
  engine?: Pick<SyncEngineOptions, 'linkProbeMs' | 'outageRetryMs'>;
}

export interface Payments {
  /** Journals a payment with the customer's scanned code for what the sale owes, and sends it. */
  startWithCode(input: { saleId: string; code: string; actor?: string | null }): AttemptView;
  /** Journals an order-code payment (the POS shows a QR) for what the sale owes, and sends it. */
  showQr(input: { saleId: string; actor?: string | null }): AttemptView;
  /** Cashier cancel: withdrawn if never sent, else cancelled at the acquirer (refunded past the cut-off). */
  cancel(attemptId: string, actor?: string | null): AttemptView;
  get(attemptId: string): AttemptView;
  forSale(saleId: string): AttemptView[];
  list(opts?: { limit?: number; states?: readonly AttemptState[] }): AttemptView[];
}

export interface Refunds {
  create(input: { attemptId: string; amount?: Money; reason?: string; actor?: string | null }): RefundView;
  get(refundRequestId: string): RefundView;
  list(opts?: { limit?: number; attemptId?: string; states?: readonly RefundState[] }): RefundView[];
}

export interface Terminal {
  db: Db;
  config: TerminalConfig;
  dataDir: string;
  sandbox: boolean;
  link: AcquirerLink;
  engine: SyncEngine;
  payments: Payments;
  refunds: Refunds;
  /** Set when the acquirer's key cannot be opened here: wallet payments are refused and the journal is not worked. */
  acquirerUnavailable: AcquirerUnavailable | null;
  close(): Promise<void>;
}

/** The configuration to start on, and why the acquirer cannot be used when its sealed key does not open here. */
function startupConfig(opts: OpenTerminalOptions): { config: TerminalConfig; unavailable: AcquirerUnavailable | null } {
  if (opts.config) return { config: opts.config, unavailable: null };
  try {
    return { config: loadConfig(opts.dataDir, opts.secrets), unavailable: null };
  } catch (err) {
    if (opts.sealedKey !== 'unavailable' || !isSealedKeyError(err)) throw err;
    const stored = readStoredConfig(opts.dataDir);
    // Only the key failed: the rest of config.json was read and checked. The key stays out of
    // memory (empty): nothing signs without it, and unavailableLink below never tries.
    const config: TerminalConfig = { ...stored, acquirer: stored.acquirer && { ...stored.acquirer, merchantPrivateKey: '' } };
    return { config, unavailable: acquirerUnavailable(err.message) };
  }
}

export async function openTerminal(opts: OpenTerminalOptions): Promise<Terminal> {
  const { dataDir } = opts;
  const clock = opts.clock ?? (() => new Date());
  const { config, unavailable } = startupConfig(opts);
  const db = openDb(dataPaths(dataDir).db);
  let acquirer: ResolvedAcquirer | null = null;
  let link: AcquirerLink;
  try {
    if (opts.link) link = opts.link;
    else if (unavailable && config.acquirer) link = unavailableLink(config.acquirer);
    else {
      acquirer = await resolveAcquirer(dataDir, config);
      link = new AntomLink(acquirer);
    }
  } catch (err) {
    db.close();
    throw err;
  }

  const engine = new SyncEngine({ db, link, config, clock, ...opts.engine });

  const start = (saleId: string, scenario: 'PaymentCode' | 'OrderCode', code: string | undefined, actor: string | null | undefined): AttemptView => {
    if (unavailable) throw new AcquirerUnavailableError();
    const row = engine.submitAttempt(() => createAttempt(db, { saleId, scenario, code, now: clock(), config, payPath: link.pathFor('pay'), actor, sales: salesPort, paymentNotifyUrl: hqNotifyUrl(dataDir) }));
    return toAttemptView(row);
  };

  const payments: Payments = {
    startWithCode({ saleId, code, actor }) {
      const scan = classifyScan(String(code ?? ''));
      if (scan.kind !== 'wallet') {
        throw new JournalError('INVALID_INPUT', `That is not a customer payment code (${scan.kind === 'unknown' ? scan.reason : 'it is a product barcode'}): ask the customer to show the payment code again`);
      }
      if (!scan.supported) throw new JournalError('INVALID_INPUT', scan.message ?? `${scan.family} payment codes are not accepted by this terminal`);
      return start(saleId, 'PaymentCode', scan.code, actor);
    },
    showQr({ saleId, actor }) {
      return start(saleId, 'OrderCode', undefined, actor);
    },
    cancel(attemptId, actor) {
      const row = requireAttempt(db, attemptId);
      const now = clock();
      switch (row.state) {
        case 'created': {
          const moved = transitionAttempt(db, 'withdraw', { id: row.id, from: 'created', now, actor, patch: { next_try_at: null, result_message: 'Cancelled before it was sent' } });
          engine.announceAttempt(moved.row);
          return toAttemptView(moved.row);
        }
        case 'unknown':
        case 'awaiting_customer': {
          const moved = transitionAttempt(db, 'cancel', { id: row.id, from: row.state, now, actor, patch: { next_try_at: now.toISOString(), last_error: 'Cancelled by the cashier' } });
          engine.announceAttempt(moved.row);
          return toAttemptView(moved.row);
        }
        case 'cancelling':
          return toAttemptView(row);
        case 'sent':
          throw new JournalError('ATTEMPT_IN_FLIGHT', 'The payment is on its way to the acquirer: wait a few seconds for its answer, then cancel if needed');
        case 'succeeded':
          throw new JournalError('ATTEMPT_FINAL', 'The payment succeeded: give the money back with a refund');
        case 'failed':
        case 'cancelled':
        case 'expired':
          throw new JournalError('ATTEMPT_FINAL', `The payment is already ${row.state}: nothing to cancel`);
        case 'needs_attention':
          throw new JournalError('ATTEMPT_FINAL', 'The payment needs a manager: settle it in the acquirer portal');
        default:
          return assertNever(row.state, 'attempt state');
      }
    },
    get: (attemptId) => toAttemptView(requireAttempt(db, attemptId)),
    forSale: (saleId) => attemptsForSale(db, saleId).map(toAttemptView),
    list: (o) => listAttempts(db, o).map(toAttemptView),
  };

  const refunds: Refunds = {
    create({ attemptId, amount, reason, actor }) {
      const row = createRefund(db, { attemptId, amount, reason, actor, purpose: 'refund', now: clock(), terminalId: config.terminalId, refundPath: link.pathFor('refund') });
      engine.announceRefund(row);
      return toRefundView(row);
    },
    get: (id) => toRefundView(requireRefund(db, id)),
    list: (o) => listRefunds(db, o).map(toRefundView),
  };

  let closed = false;
  const terminal: Terminal = {
    db,
    config,
    dataDir,
    sandbox: link.sandbox,
    link,
    engine,
    payments,
    refunds,
    acquirerUnavailable: unavailable,
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
      if (acquirer) await acquirer.close();
      db.close();
    },
  };
  // Without the key the journal's unfinished requests wait as they are, for a start with the key.
  if ((opts.startEngine ?? true) && !unavailable) engine.start();
  return terminal;
}
