// One call opens the terminal and puts the contract on top of it: what `souq serve` and the
// Electron main process both use.
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal/terminal.ts';
import { createHandlers } from './handlers.ts';
import { createEventHub, createService, type ApiService } from './service.ts';
import { corePortsFromTerminal } from './terminal-core.ts';
import { createInstallerHandlers, type SecretsPlacement } from './installer.ts';
import { createManagerHandlers } from './manager.ts';
import { createShiftHandlers } from './shift.ts';
import { connectScanners, createScannerHandlers } from './scanner.ts';
import type { ScannerControl } from '../api/scanner.ts';
import type { DisplayView } from '../api/installer.ts';
import type { DisplayPresence } from './ports.ts';
import { createDisplayPresence } from './display.ts';
import { startReplicator } from '../chain/replicator.ts';
import type { PrinterControl } from '../api/printer.ts';
import type { ReceiptView } from '../api/views.ts';
import { createPrinterHandlers, savedPrinter } from './printer.ts';
import type { Printing } from '../printing/printing.ts';
import type { AttemptView } from '../api/views.ts';
import { saleDue } from '../sales/repository.ts';

export interface ApiCore {
  terminal: Terminal;
  service: ApiService;
  /** The host attaches a customer display per subscribed customer screen; Electron while its window shows. */
  display: DisplayPresence;
  /** Receipts to the receipt printer and the cash drawer: `printing.openDrawer({ by, reason })` kicks it and logs `drawer.opened`. */
  printing: Printing;
  close(): Promise<void>;
}

export interface ApiOptions extends OpenTerminalOptions {
  log?: (err: unknown) => void;
  /** Serial scanners (native/serial/control.ts), from a host that may touch hardware; closed with the core. */
  scanners?: ScannerControl;
  /** Where the acquirer keys are kept (default: config.json, with a warning on the installer screen). */
  secrets?: SecretsPlacement;
  /** The displays the shell sees, for the installer's Till screen (Electron's screen); the browser host has none. */
  displays?: () => DisplayView[];
  /** The receipt printer and cash drawer (native/printer/control.ts), from a host that may touch hardware. */
  printer?: PrinterControl;
}

export async function openApi(opts: ApiOptions): Promise<ApiCore> {
  // The app and the browser host open even when the acquirer's sealed key does not open here:
  // cash, reports and the installer screen (to load the keys again) must still work.
  const terminal = await openTerminal({ sealedKey: 'unavailable', ...opts });
  const log = opts.log ?? ((e: unknown) => console.error(e));
  const hub = createEventHub(log);
  const display = createDisplayPresence((customerDisplay) => hub.emit({ type: 'display', customerDisplay }));
  // Assigned, not spread: a spread would freeze the ports' live getters (acquirerUnavailable turns
  // on when the journal's file is replaced under the terminal).
  const core = Object.assign(corePortsFromTerminal(terminal, opts.clock), { display });
  const installer = createInstallerHandlers({ db: terminal.db, dataDir: terminal.dataDir, core, refunds: terminal.refunds, secrets: opts.secrets, displays: opts.displays, now: opts.clock });
  const scannerHandlers = createScannerHandlers(opts.scanners ?? null, terminal.db, installer.sessions, opts.clock);
  const manager = createManagerHandlers({ db: terminal.db, terminalId: terminal.config.terminalId, refunds: terminal.refunds, link: terminal.acquirer, now: opts.clock, attempts: terminal.engine });
  const shift = createShiftHandlers({ db: terminal.db, terminalId: terminal.config.terminalId, counter: core.counter, payments: core.payments, now: opts.clock });
  const cashier = createHandlers(core, hub, log);
  const { config } = terminal;
  const printer = createPrinterHandlers({
    db: terminal.db,
    dataDir: terminal.dataDir,
    control: opts.printer ?? null,
    sessions: installer.sessions,
    receiptOf: (saleId) => cashier['receipt.get']({ saleId }) as ReceiptView,
    config: { storeName: config.store.storeName, address: config.store.address, trn: config.store.trn, terminalId: config.terminalId },
    now: opts.clock,
  });
  const service = createService({ ...withPrinter(cashier, printer.printing, () => savedPrinter(terminal.dataDir), log), ...installer.handlers, ...scannerHandlers, ...manager, ...shift, ...printer.handlers }, hub, log);
  // A wallet payment that pays a sale (this engine's answer, an inquiry after a restart, or another
  // process's payment seen by the watcher) prints its receipt like a cash or card tender does.
  const onAttempt = (a: AttemptView) => {
    if (a.state !== 'succeeded' || saleDue(terminal.db, a.saleId)?.status !== 'paid') return;
    printer.printing.receiptWhenPaid(a.saleId).catch(log);
  };
  terminal.engine.on('attempt', onAttempt);
  const scanners = opts.scanners;
  const disconnect = scanners ? await connectScanners(scanners, terminal.db, hub, log) : () => {};
  // Once enrolled at an HQ (souq hq enrol), the till ships its event log in the background; an
  // unreachable HQ only delays it. A notification HQ holds for a payment in doubt wakes the engine.
  const replicator = startReplicator({ dataDir: terminal.dataDir, db: terminal.db, sealer: opts.secrets?.sealer ?? null, kick: () => terminal.engine.kick(), log });
  return {
    terminal,
    service,
    display,
    printing: printer.printing,
    async close() {
      terminal.engine.off('attempt', onAttempt);
      await replicator.stop();
      disconnect();
      await scanners?.close();
      await terminal.close();
    },
  };
}

/**
 * The cashier's calls with the printer behind them: a cash tender kicks the drawer (logged with the
 * cashier and the sale), a tender that pays the sale prints its receipt (unless the installer turned
 * that off), and receipt.print goes to the receipt printer when one is set up.
 */
function withPrinter(cashier: ReturnType<typeof createHandlers>, printing: Printing, settings: () => { device: string; drawer: string }, log: (err: unknown) => void): ReturnType<typeof createHandlers> {
  return {
    ...cashier,
    'tender.cash': async (input) => {
      const sale = await cashier['tender.cash'](input);
      const s = settings();
      if (printing.configured() || (s.drawer === 'serial' && printing.hasHardware())) {
        if (s.drawer !== 'none') {
          // The money is recorded whatever the drawer does: a drawer that did not open is logged, not a failed sale.
          printing.openDrawer({ by: sale.cashierId, reason: 'cash sale', kind: 'cash_sale', saleId: sale.id }).catch(log);
        }
      }
      // After the drawer's kick: the drawer opens while the receipt prints.
      if (sale.status === 'paid') printing.receiptWhenPaid(sale.id).catch(log);
      return sale;
    },
    'tender.card': async (input) => {
      const sale = await cashier['tender.card'](input);
      if (sale.status === 'paid') printing.receiptWhenPaid(sale.id).catch(log);
      return sale;
    },
    'receipt.print': async (input) => {
      if (!printing.configured()) return cashier['receipt.print'](input);
      await printing.printReceipt(input.saleId);
      return { printed: true };
    },
  };
}

export { createService, createEventHub, type ApiService } from './service.ts';
export { createHandlers } from './handlers.ts';
