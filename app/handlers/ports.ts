// What the handlers need from the terminal core, stated narrowly. terminal-core.ts fills these from
// openTerminal (app/terminal) and the sales repository (app/sales); the handlers never see SQL.
import type { Money } from '../domain/money.ts';
import type { LineDiscount } from '../domain/sale.ts';
import type { AcquirerUnavailableView, AttemptView, CatalogueImportView, LinkStatus, ProductView, SaleView } from '../api/views.ts';
import type { TerminalConfig } from '../settings/schema.ts';

export interface SalesPort {
  /** `by`: a person already signed in for this sale (the installer's test payment); otherwise the till's shift decides. */
  create(by?: string): string;
  get(saleId: string): SaleView;
  addKeyed(saleId: string, amount: Money, name: string | undefined): void;
  addProduct(saleId: string, ean: string): void;
  setQuantity(saleId: string, lineId: number, quantity: number): void;
  removeLine(saleId: string, lineId: number): void;
  cash(saleId: string, tendered: Money, opts?: { partial?: boolean }): void;
  card(saleId: string, amount: Money | undefined, details?: { approvalCode?: string; last4?: string }): void;
  park(saleId: string): void;
  recall(saleId: string): void;
  parked(): SaleView[];
  discard(saleId: string): void;
  /** Open, no line, no tender, no attempt: the till may reuse it instead of opening another. */
  isBlank(saleId: string): boolean;
  /** Who a sale opened now would belong to; throws SHIFT_REQUIRED as create() does when nobody is signed in. */
  cashierNow(): string | null;
  /** A price override and/or discount; `approver` is a manager who signed in for it (above the limit). */
  adjust(saleId: string, lineId: number, adj: { price?: Money; discount?: LineDiscount | null }, approver: { id: string; name: string } | null): void;
  /** What a cashier may take off a line without a manager, in hundredths of a percent. */
  discountLimit(): number;
  /** A manager's name and PIN, checked (wrong PINs count towards the lock-out): the approving manager. */
  approveAsManager(name: string, pin: string): Promise<{ id: string; name: string }>;
  search(query: string, limit: number): ProductView[];
  isSku(code: string): boolean;
  importCsv(csv: string): CatalogueImportView;
}

export interface PaymentsPort {
  startWithCode(input: { saleId: string; code: string; amount?: Money }): Promise<AttemptView> | AttemptView;
  showQr(input: { saleId: string; amount?: Money }): Promise<AttemptView> | AttemptView;
  cancel(attemptId: string): Promise<AttemptView> | AttemptView;
  get(attemptId: string): AttemptView;
  forSale(saleId: string): AttemptView[];
}

export interface EnginePort {
  onAttempt(cb: (attempt: AttemptView) => void): void;
  onLink(cb: (link: LinkStatus) => void): void;
  onQueue(cb: (depth: number) => void): void;
  linkStatus(): LinkStatus;
  queueDepth(): number;
}

/** Which sale is on the counter: kept in the terminal's database so a restart finds it again. */
export interface CounterPort {
  get(): string | null;
  set(saleId: string): void;
}

/** The embedded sandbox's customer wallet (only when the terminal runs against the sandbox). */
export interface SandboxWalletPort {
  mintCode(): Promise<{ code: string; expiresAt: string }>;
  payQr(codeValue: string): Promise<void>;
}

/**
 * Whether a customer display is showing. The loopback host attaches one per event socket that
 * subscribed as the customer screen; Electron attaches while its customer window is visible.
 */
export interface DisplayPresence {
  /** A display came; call the returned function when it goes. */
  attach(): () => void;
  connected(): boolean;
}

export interface CorePorts {
  config: TerminalConfig;
  sandbox: boolean;
  sales: SalesPort;
  payments: PaymentsPort;
  engine: EnginePort;
  counter: CounterPort;
  wallet: SandboxWalletPort | null;
  /** Absent: no shell reports displays (tests): taken as connected, the QR stays on the customer display. */
  display?: DisplayPresence;
  /**
   * Why no wallet payment can start: the acquirer's key cannot be opened on this computer
   * (openTerminal's sealedKey: 'unavailable'), or the journal's file was replaced under the terminal.
   * Read it when needed: the second can appear at any time.
   */
  readonly acquirerUnavailable?: AcquirerUnavailableView | null;
  /** Called when acquirerUnavailable changes after start-up. */
  onStatusChange?(cb: () => void): void;
}
