// What the chain's HQ answers its dashboard and the `souq hq` commands (hq/server.ts). Amounts are
// integer fils (AED); dates are Dubai business days (YYYY-MM-DD); instants are UTC ISO-8601.

export interface Figures {
  gross: number;
  refunds: number;
  net: number;
  sales: number;
}
export interface TerminalTakings extends Figures {
  terminalId: string;
}
export interface StoreTakings extends Figures {
  storeId: string;
  terminals: TerminalTakings[];
}
/** `souq hq report day --json`, exactly. */
export interface ChainDay {
  date: string;
  total: Figures;
  stores: StoreTakings[];
}
export interface ChainRange {
  from: string;
  to: string;
  total: Figures;
  stores: StoreTakings[];
}

export interface Breakdown {
  from: string;
  to: string;
  /** Dubai hours 0–23; amounts are what the tenders took (a sale split in two counts in both). */
  byHour: { hour: number; amount: number; tenders: number; refunds: number }[];
  /** tender: wallet | cash | card; wallet: the wallet's name (pspName), "" when not a wallet or not given. */
  byTender: { tender: string; wallet: string; amount: number; tenders: number; refunds: number }[];
  byStoreDay: { storeId: string; date: string; gross: number; refunds: number; sales: number }[];
}

/** One till in the fleet view (`souq hq terminals --json`: an array of these). */
export interface TerminalHealth {
  storeId: string;
  terminalId: string;
  enrolledAt: string;
  lastContactAt: string | null;
  lastEventAt: string | null;
  /** The last event seq HQ holds, and the till's newest as it last said. */
  ackSeq: number;
  terminalSeq: number;
  lagEvents: number;
  journalQueue: number;
  unknownPayments: number;
  attentionPayments: number;
  tampered: boolean;
  tamperedAt: string | null;
  tamperedReason: string | null;
}

/** An acquirer notification HQ received for one of a till's payments, as the till pulls it (`POST …/notifications`). */
export interface PulledNotification {
  paymentRequestId: string;
  notifyType: string | null;
  resultStatus: string | null;
  resultCode: string | null;
  paymentId: string | null;
  receivedAt: string;
}
