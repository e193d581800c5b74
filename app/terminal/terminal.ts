// The composition root of the terminal core: one SQLite file, one configuration, one acquirer
// link, one sync engine. The CLI, the loopback host and the Electron main process all open the
// terminal through openTerminal and nothing else.
import { hqNotifyUrlReader } from '../chain/link.ts';
import type { AttemptView } from '../api/views.ts';
import { AntomLink } from '../acquirer/antom/client.ts';
import { antomPort } from '../acquirer/antom/port.ts';
import type { AcquirerLink } from '../acquirer/link.ts';
import type { AcquirerPort } from '../acquirer/port.ts';
import { classifyScan } from '../domain/classify.ts';
import { assertNever } from '../domain/never.ts';
import { type AttemptState } from '../domain/attempt.ts';
import type { Money } from '../domain/money.ts';
import {
  attemptsForSale,
  listAttempts,
  requireAttempt,
  toAttemptView,
  transitionAttempt,
} from '../journal/attempts.ts';
import { JournalError } from '../journal/errors.ts';
import { createRefund, listRefunds, requireRefund, toRefundView, type RefundView } from '../journal/refunds.ts';
import { isSealedKeyError, loadConfig, readStoredConfig, type ConfigSecrets } from '../settings/config.ts';
import { dataPaths } from '../settings/paths.ts';
import type { TerminalConfig } from '../settings/schema.ts';
import { openDb, type Db } from '../store/db.ts';
import { JournalFileWatch, type JournalFileChange } from '../store/identity.ts';
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
  /** How often the journal's files are checked to still be the ones opened (and before each payment). */
  journalCheckMs?: number;
}

/** The journal's database or WAL was deleted or replaced under this process: nothing it writes now is safe. */
export interface JournalFileFault {
  code: 'JOURNAL_FILE_REPLACED';
  /** For the person at the till. */
  message: string;
  /** Which file, and what happened to it: for the log and `souq serve`'s output. */
  detail: string;
}

export const JOURNAL_FILE_REPLACED_WORDS =
  "Wallet payments are stopped: the payment journal's file was deleted or replaced while Souq POS was running, so payments taken now could be lost. Take cash or card, and restart Souq POS now (it checks the journal as it starts).";

/** A wallet payment refused because the journal's files are no longer the ones opened; nothing was journalled. */
export class JournalFileError extends Error {
  readonly code = 'JOURNAL_FILE_REPLACED';
  constructor(message: string = JOURNAL_FILE_REPLACED_WORDS) {
    super(message);
    this.name = 'JournalFileError';
  }
}

const JOURNAL_CHECK_MS = 2000;

export interface Payments {
  /** Journals a payment with the customer's scanned code for what the sale owes, and sends it. */
  startWithCode(input: { saleId: string; code: string; actor?: string | null; amount?: Money }): AttemptView;
  /** Journals an order-code payment (the POS shows a QR) for what the sale owes (or `amount`, less), and sends it. */
  showQr(input: { saleId: string; actor?: string | null; amount?: Money }): AttemptView;
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
  /** The configured acquirer behind the port: what the journal, the engine and a manager's recheck speak. */
  acquirer: AcquirerPort;
  engine: SyncEngine;
  payments: Payments;
  refunds: Refunds;
  /**
   * Set when wallet payments cannot be taken: the acquirer's key cannot be opened here (from the
   * start), or the journal's files were deleted or replaced under this process (from then on).
   * Either way wallet payments are refused and the journal is not worked.
   */
  readonly acquirerUnavailable: AcquirerUnavailable | JournalFileFault | null;
  /** Checks now that the journal's files are still the ones opened; the fault once they are not. */
  checkJournalFiles(): JournalFileFault | null;
  /** Called once when the journal's files are found deleted or replaced (the screens re-read the status). */
  onJournalFault(cb: (fault: JournalFileFault) => void): void;
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
  const dbFile = dataPaths(dataDir).db;
  const db = openDb(dbFile);
  const journalFiles = new JournalFileWatch(dbFile);
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

  // The one place that knows the acquirer is Antom: the engine speaks the port.
  const acquirerPort = antomPort(link, { probeId: `${config.terminalId}-LINK-PROBE` });
  const engine = new SyncEngine({ db, acquirer: acquirerPort, config, clock, ...opts.engine });

  let closed = false;
  let journalFault: JournalFileFault | null = null;
  const faultListeners: ((fault: JournalFileFault) => void)[] = [];
  const checkJournalFiles = (): JournalFileFault | null => {
    if (journalFault || closed) return journalFault;
    const change: JournalFileChange | null = journalFiles.check();
    if (!change) return null;
    journalFault = { code: 'JOURNAL_FILE_REPLACED', message: JOURNAL_FILE_REPLACED_WORDS, detail: `${change.file} was ${change.how} while this process had it open.` };
    // Answers recorded from now on would land in a file nobody else sees: stop working the
    // journal; its requests stay as they are and are settled by inquiry after the restart.
    void engine.close();
    for (const cb of faultListeners) {
      try {
        cb(journalFault);
      } catch {
        /* a listener's failure must not hide the fault from the others */
      }
    }
    return journalFault;
  };
  const journalTimer = setInterval(checkJournalFiles, opts.journalCheckMs ?? JOURNAL_CHECK_MS);
  journalTimer.unref();

  const notifyUrl = hqNotifyUrlReader(dataDir);
  const start = (saleId: string, scenario: 'PaymentCode' | 'OrderCode', code: string | undefined, actor: string | null | undefined, amount: Money | undefined): AttemptView => {
    if (unavailable) throw new AcquirerUnavailableError();
    if (checkJournalFiles()) throw new JournalFileError();
    const row = engine.submitAttempt({ saleId, scenario, code, amount, actor, paymentNotifyUrl: notifyUrl() });
    return toAttemptView(row);
  };

  const payments: Payments = {
    startWithCode({ saleId, code, actor, amount }) {
      const scan = classifyScan(String(code ?? ''));
      if (scan.kind !== 'wallet') {
        throw new JournalError('INVALID_INPUT', `That is not a customer payment code (${scan.kind === 'unknown' ? scan.reason : 'it is a product barcode'}): ask the customer to show the payment code again`);
      }
      if (!scan.supported) throw new JournalError('INVALID_INPUT', scan.message ?? `${scan.family} payment codes are not accepted by this terminal`);
      return start(saleId, 'PaymentCode', scan.code, actor, amount);
    },
    showQr({ saleId, actor, amount }) {
      return start(saleId, 'OrderCode', undefined, actor, amount);
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
      const row = createRefund(db, { attemptId, amount, reason, actor, purpose: 'refund', now: clock(), terminalId: config.terminalId, requests: acquirerPort });
      engine.announceRefund(row);
      return toRefundView(row);
    },
    get: (id) => toRefundView(requireRefund(db, id)),
    list: (o) => listRefunds(db, o).map(toRefundView),
  };

  const terminal: Terminal = {
    db,
    config,
    dataDir,
    sandbox: link.sandbox,
    link,
    acquirer: acquirerPort,
    engine,
    payments,
    refunds,
    get acquirerUnavailable() {
      return unavailable ?? journalFault;
    },
    checkJournalFiles,
    onJournalFault(cb) {
      faultListeners.push(cb);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(journalTimer);
      await engine.close();
      if (acquirer) await acquirer.close();
      db.close();
    },
  };
  // Without the key the journal's unfinished requests wait as they are, for a start with the key.
  if ((opts.startEngine ?? true) && !unavailable) engine.start();
  return terminal;
}
