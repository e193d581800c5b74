// Serial scanners on the terminal core: the installer screen's scanner.* calls (persisted and
// audited), and the wiring that puts the ScannerControl's events on the one event stream — a scan's
// full text as { type: 'scan', source: 'serial' } (the cashier window submits it through scan.submit,
// exactly like a wedge scan), and status/raw/framed/error events as { type: 'scanner' } for the
// installer's live monitor. The hardware comes in as the ScannerControl port; app/ never opens a port.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { writeTx } from '../journal/tx.ts';
import { ApiError } from '../api/call.ts';
import { scannerSettingsSchema, type ScannerControl, type ScannerSettings } from '../api/scanner.ts';
import type { InstallerSessions } from './installer.ts';
import type { EventHub, Handlers } from './service.ts';

type ScannerCallName = 'scanner.list' | 'scanner.configure' | 'scanner.remove' | 'scanner.monitor' | 'scanner.testScan';
export type ScannerHandlers = Pick<Handlers, ScannerCallName>;

const SAVED_KEY = 'installer.scanners';

export function savedScanners(db: Db): ScannerSettings[] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SAVED_KEY) as { value: string } | undefined;
  if (!row) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s) => {
    const r = scannerSettingsSchema.safeParse(s);
    return r.success ? [r.data] : [];
  });
}

function writeSaved(db: Db, list: ScannerSettings[]): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SAVED_KEY, JSON.stringify(list));
}

/**
 * Puts the scanners' events on the hub and opens every saved scanner. A saved scanner whose port is
 * missing now is still added: the service keeps reconnecting and reports its state.
 */
export async function connectScanners(control: ScannerControl, db: Db, hub: EventHub, log: (err: unknown) => void): Promise<() => void> {
  const offScan = control.onScan((scan) => hub.emit({ type: 'scan', text: scan.text, source: 'serial' }));
  const offMonitor = control.onMonitorEvent((event) => hub.emit({ type: 'scanner', event }));
  for (const settings of savedScanners(db)) {
    try {
      await control.configure(settings);
    } catch (err) {
      log(err);
    }
  }
  return () => {
    offScan();
    offMonitor();
  };
}

export function createScannerHandlers(control: ScannerControl | null, db: Db, sessions: InstallerSessions, now: () => Date = () => new Date()): ScannerHandlers {
  const scanners = () => {
    if (!control) throw new ApiError('NOT_AVAILABLE', 'Serial scanners are not available in this window: they are handled by the terminal program on the computer they plug into.');
    return control;
  };
  return {
    'scanner.list': () => scanners().list(),
    'scanner.configure': async (settings) => {
      const actor = sessions.anyOpen('configure a scanner');
      const view = await scanners().configure(settings);
      writeTx(db, () => {
        writeSaved(db, [...savedScanners(db).filter((s) => s.id !== view.id), view.settings]);
        const { id, path, baudRate, dataBits, parity, stopBits, flowControl, suffix, prefix, stripSuffix, aim } = view.settings;
        appendEvent(db, {
          type: 'settings.scanner_configured',
          subject: id,
          actor: actor.id,
          data: { path, baudRate, dataBits, parity, stopBits, flowControl, suffix, prefix, stripSuffix, aim },
          at: now(),
        });
      });
      return view;
    },
    'scanner.remove': async ({ id }) => {
      const actor = sessions.anyOpen('remove a scanner');
      await scanners().remove(id);
      writeTx(db, () => {
        writeSaved(db, savedScanners(db).filter((s) => s.id !== id));
        appendEvent(db, { type: 'settings.scanner_removed', subject: id, actor: actor.id, data: {}, at: now() });
      });
      return { ok: true as const };
    },
    'scanner.monitor': ({ id, on }) => {
      sessions.anyOpen('watch a scanner');
      scanners().monitor(id, on);
      return { ok: true as const };
    },
    'scanner.testScan': ({ id, timeoutMs }) => {
      sessions.anyOpen('run a test scan');
      return scanners().testScan(id, timeoutMs);
    },
  };
}
