// The one event stream both screens listen to. The cashier and the customer display each rebuild
// what they show from these plus a re-read, so a missed event costs a refresh, never a wrong screen.
import type { AttemptView, LinkStatus, SaleView } from './views.ts';
import type { ScannerMonitorEvent } from './scanner.ts';

export type ApiEvent =
  | { type: 'attempt'; attempt: AttemptView }
  | { type: 'link'; link: LinkStatus }
  | { type: 'queue'; depth: number }
  /** terminal.status changed in a way no other event carries (wallet payments stopped): re-read it. */
  | { type: 'status' }
  | { type: 'sale'; sale: SaleView }
  /** The counter moved to another sale (a new sale was opened). */
  | { type: 'counter'; saleId: string | null }
  /** A scan from a serial scanner; the cashier window submits it with scan.submit. */
  | { type: 'scan'; text: string; source: 'serial' }
  /** A customer display came or went (see TerminalStatus.customerDisplay). */
  | { type: 'display'; customerDisplay: boolean }
  /** A serial scanner's state, raw bytes (while monitored), framed scans and errors: the installer's live monitor. */
  | { type: 'scanner'; event: ScannerMonitorEvent };

export type ApiEventType = ApiEvent['type'];
