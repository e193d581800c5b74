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

export interface ApiCore {
  terminal: Terminal;
  service: ApiService;
  /** The host attaches a customer display per subscribed customer screen; Electron while its window shows. */
  display: DisplayPresence;
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
  const manager = createManagerHandlers({ db: terminal.db, terminalId: terminal.config.terminalId, refunds: terminal.refunds, link: terminal.link, now: opts.clock, attempts: terminal.engine });
  const shift = createShiftHandlers({ db: terminal.db, terminalId: terminal.config.terminalId, counter: core.counter, payments: core.payments, now: opts.clock });
  const service = createService({ ...createHandlers(core, hub, log), ...installer.handlers, ...scannerHandlers, ...manager, ...shift }, hub, log);
  const scanners = opts.scanners;
  const disconnect = scanners ? await connectScanners(scanners, terminal.db, hub, log) : () => {};
  // Once enrolled at an HQ (souq hq enrol), the till ships its event log in the background; an
  // unreachable HQ only delays it. A notification HQ holds for a payment in doubt wakes the engine.
  const replicator = startReplicator({ dataDir: terminal.dataDir, db: terminal.db, sealer: opts.secrets?.sealer ?? null, kick: () => terminal.engine.kick(), log });
  return {
    terminal,
    service,
    display,
    async close() {
      await replicator.stop();
      disconnect();
      await scanners?.close();
      await terminal.close();
    },
  };
}

export { createService, createEventHub, type ApiService } from './service.ts';
export { createHandlers } from './handlers.ts';
