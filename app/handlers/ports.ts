// What the handlers need from the terminal core, stated narrowly. terminal-core.ts fills these from
// openTerminal (app/terminal) and the sales repository (app/sales); the handlers never see SQL.
import type { Money } from '../domain/money.ts';
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
  cash(saleId: string, tendered: Money): void;
  card(saleId: string, amount: Money | undefined): void;
  search(query: string, limit: number): ProductView[];
  isSku(code: string): boolean;
  importCsv(csv: string): CatalogueImportView;
}

export interface PaymentsPort {
  startWithCode(input: { saleId: string; code: string }): Promise<AttemptView> | AttemptView;
  showQr(input: { saleId: string }): Promise<AttemptView> | AttemptView;
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

export interface CorePorts {
  config: TerminalConfig;
  sandbox: boolean;
  sales: SalesPort;
  payments: PaymentsPort;
  engine: EnginePort;
  counter: CounterPort;
  wallet: SandboxWalletPort | null;
  /**
   * Why no wallet payment can start: the acquirer's key cannot be opened on this computer
   * (openTerminal's sealedKey: 'unavailable'), or the journal's file was replaced under the terminal.
   * Read it when needed: the second can appear at any time.
   */
  readonly acquirerUnavailable?: AcquirerUnavailableView | null;
  /** Called when acquirerUnavailable changes after start-up. */
  onStatusChange?(cb: () => void): void;
}
