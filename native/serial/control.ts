// The serial service seen through the API contract's ScannerControl port: what the Electron main
// process (or any host that may touch hardware) hands to the handlers for the installer screen and
// the cashier's serial scans.
import { discoverPorts, type DiscoveryOptions } from '../ports/discovery.ts';
import { ScannerService } from './service.ts';
import type { ScannerEvent, SerialScanner } from './scanner.ts';
import { ScannerError, type ScannerSettings } from './settings.ts';
import { maskCode } from './classification.ts';
import type { ScannerControl, ScannerMonitorEvent, ScannerTestView, ScannerView } from '../../app/api/scanner.ts';
import type { ScanClassification } from '../../app/api/views.ts';
import { assertNever } from '../../app/domain/never.ts';

type ScanEvent = Extract<ScannerEvent, { type: 'scan' }>;

function classificationView(ev: ScanEvent): ScanClassification {
  const c = ev.classification;
  switch (c.kind) {
    case 'wallet':
      return { kind: 'wallet', family: c.family, codeMasked: maskCode(c.code) };
    case 'product':
      return { kind: 'product', symbology: c.symbology, code: c.code };
    case 'unknown':
      return { kind: 'unknown', reason: c.reason, rejection: c.rejection };
    default:
      return assertNever(c, 'scan kind');
  }
}

function testView(ev: ScanEvent): ScannerTestView {
  const view: ScannerTestView = { scannerId: ev.scannerId, text: ev.display, classification: classificationView(ev), unreadableBytes: ev.unreadableBytes };
  if (ev.symbology) view.symbology = ev.symbology;
  return view;
}

export function createScannerControl(opts: { service?: ScannerService; discovery?: DiscoveryOptions } = {}): ScannerControl {
  const service = opts.service ?? new ScannerService();
  const monitored = new Set<string>();

  const known = (id: string) => {
    const scanner = service.get(id);
    if (!scanner) throw new ScannerError('SCANNER_UNKNOWN', `No scanner named ${id} is configured`);
    return scanner;
  };
  const view = (id: string): ScannerView => {
    const s = known(id);
    return { id: s.id, state: s.status, settings: s.settings };
  };

  return {
    async list() {
      const found = await discoverPorts(opts.discovery);
      const scanners = service.list().map((s) => ({ id: s.id, state: s.status, settings: s.settings }));
      return found.warning ? { ports: found.ports, warning: found.warning, scanners } : { ports: found.ports, scanners };
    },

    async configure(settings: ScannerSettings) {
      const scanner = service.get(settings.id) ? await service.configure(settings.id, settings) : service.add(settings);
      // Answer with how the port opened, not the instant before it: "saved: disconnected" for a
      // scanner that connects a moment later sends the installer looking for a fault that is not there.
      await openedOrFailed(scanner, OPEN_WAIT_MS);
      return view(settings.id);
    },

    async remove(id) {
      known(id);
      monitored.delete(id);
      await service.remove(id);
    },

    monitor(id, on) {
      known(id);
      if (on) monitored.add(id);
      else monitored.delete(id);
    },

    async testScan(id, timeoutMs) {
      known(id);
      return new Promise<ScannerTestView>((resolve, reject) => {
        // Stray bytes dropped while the installer waits are part of what the test shows.
        let droppedBytes = 0;
        const onEvent = (ev: ScannerEvent) => {
          if (ev.scannerId !== id) return;
          if (ev.type === 'error' && ev.code === 'SCAN_INCOMPLETE' && ev.cause === 'silence') droppedBytes += ev.droppedBytes ?? 0;
          if (ev.type !== 'scan') return;
          done();
          const view = testView(ev);
          resolve(droppedBytes > 0 ? { ...view, droppedBytes } : view);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new ScannerError(
              'SCAN_TIMEOUT',
              `No scan arrived from ${id} within ${Math.round(timeoutMs / 1000)} s: check that the scanner is connected, then its baud rate and suffix (the live monitor shows its bytes)`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          service.off('event', onEvent);
        };
        service.on('event', onEvent);
      });
    },

    onMonitorEvent(cb) {
      const listener = (ev: ScannerEvent) => {
        const out = monitorEvent(ev, monitored);
        if (out) cb(out);
      };
      service.on('event', listener);
      return () => service.off('event', listener);
    },

    onScan(cb) {
      // Only clean frames go to the cashier: noise is the installer's business (monitor, errors).
      const listener = (ev: ScannerEvent) => {
        if (ev.type === 'scan' && ev.unreadableBytes === 0 && ev.text.length > 0) cb({ scannerId: ev.scannerId, text: ev.text });
      };
      service.on('event', listener);
      return () => service.off('event', listener);
    },

    close: () => service.close(),
  };
}

/** How long a save waits for the port to open or fail before answering with the state as it is. */
const OPEN_WAIT_MS = 3_000;

function openedOrFailed(scanner: SerialScanner, timeoutMs: number): Promise<void> {
  if (scanner.status === 'connected') return Promise.resolve();
  return new Promise((resolve) => {
    const onEvent = (ev: ScannerEvent) => {
      if (ev.type === 'error' || (ev.type === 'status' && ev.state === 'connected')) done();
    };
    const timer = setTimeout(() => done(), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      scanner.off('event', onEvent);
      resolve();
    };
    scanner.on('event', onEvent);
  });
}

function monitorEvent(ev: ScannerEvent, monitored: Set<string>): ScannerMonitorEvent | null {
  switch (ev.type) {
    case 'raw':
      return monitored.has(ev.scannerId) ? { kind: 'raw', scannerId: ev.scannerId, at: ev.at, length: ev.length, hex: ev.hex, text: ev.text } : null;
    case 'scan':
      return { kind: 'scan', at: ev.at, ...testView(ev) };
    case 'status':
      return { kind: 'status', scannerId: ev.scannerId, at: ev.at, state: ev.state, path: ev.path };
    case 'error':
      return { kind: 'error', scannerId: ev.scannerId, at: ev.at, code: ev.code, message: ev.message };
    default:
      return assertNever(ev, 'scanner event');
  }
}
