// The shapes the UI sees. The handlers map the core's records onto these, so a change inside the
// core does not ripple into the screens. Money is always { minor, currency }.
import type { Money } from '../domain/money.ts';
import type { AttemptState } from '../domain/attempt.ts';
import type { SaleView } from '../domain/sale.ts';
import type { ScanRejection } from '../domain/classify.ts';

export type LinkStatus = 'online' | 'offline' | 'unknown';

export interface TerminalStatus {
  terminalId: string;
  sandbox: boolean;
  link: LinkStatus;
  queueDepth: number;
  store: { name: string; address: string; trn: string };
  merchantName: string;
  codeWindowSeconds: number;
  /** Decimal text, e.g. "1.94" CNY per AED; indicative only. */
  indicativeCnyPerAed: string;
  /**
   * Set when no wallet payment can start: the acquirer's key cannot be opened on this computer, or
   * the journal's file was deleted or replaced under the running terminal (restart needed).
   */
  acquirerUnavailable?: AcquirerUnavailableView | null;
  /**
   * A customer display is showing (a browser subscribed as one, or Electron's customer window is
   * visible). Without one, the cashier screen shows the order QR itself.
   */
  customerDisplay?: boolean;
  /** What a cashier may take off a line without a manager's PIN, in hundredths of a percent (1000 = 10 %). */
  discountLimitBasisPoints?: number;
}

export interface AcquirerUnavailableView {
  code: 'ACQUIRER_KEY_UNAVAILABLE' | 'JOURNAL_FILE_REPLACED';
  message: string;
}

// The sale as the sales repository returns it (plain data, defined in the pure domain).
export type { SaleLineView, SaleView, TenderView } from '../domain/sale.ts';

export interface AttemptView {
  paymentRequestId: string;
  saleId: string;
  scenario: 'PaymentCode' | 'OrderCode';
  state: AttemptState;
  amount: Money;
  codeMasked: string | null;
  validUntil: string | null;
  resultCode: string | null;
  resultMessage: string | null;
  paymentId: string | null;
  paymentTime: string | null;
  pspName: string | null;
  customerId: string | null;
  orderCode: string | null;
  orderExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductView {
  ean: string;
  name: string;
  price: Money;
}

/** All or nothing: a file with any bad line is refused (CATALOGUE_INVALID, every bad line named). */
export interface CatalogueImportView {
  added: number;
  updated: number;
  unchanged: number;
}

/** A scan as the classifier saw it; a wallet code only ever travels masked. */
export type ScanClassification =
  | { kind: 'wallet'; family: string; codeMasked: string }
  | { kind: 'product'; symbology: string; code: string }
  | { kind: 'unknown'; reason: string; rejection: ScanRejection };

export type ScanOutcome =
  | { action: 'payment_started'; attempt: AttemptView }
  | { action: 'line_added'; sale: SaleView }
  | { action: 'rejected'; code: string; message: string };

export interface ScanResult {
  classification: ScanClassification;
  outcome: ScanOutcome;
}

/** The sale on the counter now, and its payment attempts (newest first). */
export interface CounterView {
  sale: SaleView | null;
  attempts: AttemptView[];
}

export interface ReceiptView {
  sale: SaleView;
  attempts: AttemptView[];
  store: { name: string; address: string; trn: string };
  merchantName: string;
  terminalId: string;
  sandbox: boolean;
  /** UTC ISO of the sale's completion (or creation, if not yet paid). */
  issuedAt: string;
}

export interface DisplaySettings {
  indicativeCnyPerAed: string;
  sandbox: boolean;
  storeName: string;
}
