// One call opens the terminal and puts the contract on top of it: what `souq serve` and the
// Electron main process both use.
import { openTerminal, type OpenTerminalOptions, type Terminal } from '../terminal/terminal.ts';
import { createHandlers } from './handlers.ts';
import { createEventHub, createService, type ApiService } from './service.ts';
import { corePortsFromTerminal } from './terminal-core.ts';

export interface ApiCore {
  terminal: Terminal;
  service: ApiService;
  close(): Promise<void>;
}

export async function openApi(opts: OpenTerminalOptions & { log?: (err: unknown) => void }): Promise<ApiCore> {
  const terminal = await openTerminal(opts);
  const log = opts.log ?? ((e: unknown) => console.error(e));
  const hub = createEventHub(log);
  const service = createService(createHandlers(corePortsFromTerminal(terminal, opts.clock), hub, log), hub, log);
  return { terminal, service, close: () => terminal.close() };
}

export { createService, createEventHub, type ApiService } from './service.ts';
export { createHandlers } from './handlers.ts';
