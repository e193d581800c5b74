// Several serial scanners at once, each with its own settings, as one stream of events. The
// Electron main process and the browser host wire this stream to the UI; it stays free of both.
import { EventEmitter } from 'node:events';
import { SerialScanner, type ScannerEvent, type ScannerStatus } from './scanner.ts';
import { ScannerError, type ScannerSettings } from './settings.ts';

export interface ScannerSummary {
  id: string;
  status: ScannerStatus;
  settings: ScannerSettings;
}

export class ScannerService extends EventEmitter<{ event: [ScannerEvent] }> {
  private readonly scanners = new Map<string, SerialScanner>();

  constructor() {
    super();
    // Every window, the monitor and each pending test scan listen at once; ten is not a leak here.
    this.setMaxListeners(100);
  }

  /** Validates the settings, opens the port and starts reporting; throws ScannerError on bad settings or a second scanner on the same port. */
  add(settings: unknown): SerialScanner {
    const scanner = new SerialScanner(settings);
    if (this.scanners.has(scanner.id)) throw new ScannerError('SCANNER_DUPLICATE', `A scanner named ${scanner.id} is already configured: remove it first or give this one another id`);
    this.refuseSharedPort(scanner);
    this.scanners.set(scanner.id, scanner);
    scanner.on('event', (ev) => this.emit('event', ev));
    return scanner.start();
  }

  /** Replaces a scanner's settings (closing and reopening its port). */
  async configure(id: string, settings: unknown): Promise<SerialScanner> {
    const old = this.scanners.get(id);
    if (!old) throw new ScannerError('SCANNER_UNKNOWN', `No scanner named ${id} is configured`);
    // Validate before closing, so a typo leaves the working scanner running.
    const next = new SerialScanner(typeof settings === 'object' && settings !== null ? { ...settings, id } : settings);
    this.refuseSharedPort(next, id);
    await this.remove(id);
    return this.add(next.settings);
  }

  async remove(id: string): Promise<void> {
    const scanner = this.scanners.get(id);
    if (!scanner) return;
    this.scanners.delete(id);
    await scanner.close();
    scanner.removeAllListeners();
  }

  private refuseSharedPort(scanner: SerialScanner, replacing?: string): void {
    for (const other of this.scanners.values()) {
      if (other.id !== replacing && other.settings.path === scanner.settings.path) {
        throw new ScannerError('SCANNER_DUPLICATE', `Port ${scanner.settings.path} is already used by scanner ${other.id}: one port serves one scanner`);
      }
    }
  }

  get(id: string): SerialScanner | undefined {
    return this.scanners.get(id);
  }

  list(): ScannerSummary[] {
    return [...this.scanners.values()].map((s) => ({ id: s.id, status: s.status, settings: s.settings }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.scanners.keys()].map((id) => this.remove(id)));
  }
}
