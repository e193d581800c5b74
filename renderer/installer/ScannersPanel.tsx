// Serial scanners: the computer's ports, one scanner's settings, a live monitor (connection state,
// raw bytes as hex and text, each framed scan with its classification and why) and a test scan.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import {
  FLOW_CONTROLS,
  PARITIES,
  STANDARD_BAUD_RATES,
  SUFFIXES,
  type ScannerListView,
  type ScannerMonitorEvent,
  type ScannerSettingsInput,
  type ScannerTestView,
} from '../../app/api/scanner.ts';
import { errorText } from './errors.ts';

const MONITOR_LINES = 200;

function describe(ev: ScannerMonitorEvent): { cls: string; text: string } {
  switch (ev.kind) {
    case 'status':
      return { cls: 'status', text: `${ev.scannerId}: ${ev.state} (${ev.path})` };
    case 'raw':
      return { cls: 'raw', text: `${ev.scannerId}: ${ev.length} bytes  ${ev.hex}  "${ev.text}"` };
    case 'scan': {
      const c = ev.classification;
      const why = c.kind === 'unknown' ? ` — ${c.reason}` : c.kind === 'wallet' ? ` — ${c.family}` : ` — ${c.symbology}`;
      return { cls: `scan-${c.kind}`, text: `${ev.scannerId}: scan "${ev.text}" → ${c.kind}${why}${ev.unreadableBytes ? ` (${ev.unreadableBytes} unreadable bytes: check baud/parity)` : ''}` };
    }
    case 'error':
      return { cls: 'error', text: `${ev.scannerId}: ${ev.message}` };
    default:
      return { cls: '', text: '' };
  }
}

const DEFAULTS: Required<Pick<ScannerSettingsInput, 'path' | 'baudRate' | 'dataBits' | 'parity' | 'stopBits' | 'flowControl' | 'suffix' | 'prefix' | 'stripSuffix'>> = {
  path: '',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'none',
  suffix: 'cr',
  prefix: '',
  stripSuffix: '',
};

export function ScannersPanel({ transport }: { transport: Transport }) {
  const [list, setList] = useState<ScannerListView | null>(null);
  const [form, setForm] = useState(DEFAULTS);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [lines, setLines] = useState<{ id: number; cls: string; text: string }[]>([]);
  const [monitoring, setMonitoring] = useState<string | null>(null);
  const [test, setTest] = useState<ScannerTestView | null>(null);
  const [testing, setTesting] = useState(false);
  const fail = (err: unknown) => setMessage({ ok: false, text: errorText(err) });
  const refresh = () => transport.call('scanner.list', {}).then(setList, fail);

  useEffect(() => {
    void refresh();
    let n = 0;
    return transport.subscribe((e) => {
      if (e.type !== 'scanner') return;
      const line = { id: ++n, ...describe(e.event) };
      setLines((old) => [...old.slice(-(MONITOR_LINES - 1)), line]);
      if (e.event.kind === 'status') void refresh();
    });
  }, [transport]);

  const scannerId = list?.scanners[0]?.id ?? null;
  const num = (v: string) => Number(v);

  return (
    <section className="panel" data-testid="scanners-panel">
      <h2>Serial scanners</h2>
      <div className="row">
        <button type="button" className="btn" onClick={() => void refresh()} data-testid="ports-refresh">
          Find ports
        </button>
        {list?.warning && <span className="installer-warning">{list.warning}</span>}
      </div>
      <ul data-testid="ports">
        {list?.ports.map((p) => (
          <li key={p.path}>
            <button type="button" className="btn small" onClick={() => setForm({ ...form, path: p.stablePath ?? p.path })}>
              Use
            </button>{' '}
            {p.friendlyName} — {p.stablePath ?? p.path}
            {p.vendorId ? ` (${p.vendorId}:${p.productId ?? '?'})` : ''}
          </li>
        ))}
        {list && list.ports.length === 0 && <li>No serial ports found. A port path can be typed below.</li>}
      </ul>
      <ul data-testid="scanners">
        {list?.scanners.map((s) => (
          <li key={s.id} data-testid={`scanner-${s.id}`} data-state={s.state}>
            {s.id}: {s.state} — {s.settings.path} {s.settings.baudRate} baud, suffix {s.settings.suffix}
          </li>
        ))}
      </ul>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          transport.call('scanner.configure', form).then((v) => {
            setMessage({ ok: true, text: `Scanner ${v.id} saved: ${v.state}.` });
            void refresh();
          }, fail);
        }}
      >
        <label>
          Port path <input data-testid="scanner-path" value={form.path} placeholder="/dev/ttyUSB0 or COM3" onChange={(e) => setForm({ ...form, path: e.target.value })} />
        </label>
        <div className="row">
          <label>
            Baud
            <select data-testid="scanner-baud" value={form.baudRate} onChange={(e) => setForm({ ...form, baudRate: num(e.target.value) })}>
              {STANDARD_BAUD_RATES.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            Data bits
            <select value={form.dataBits} onChange={(e) => setForm({ ...form, dataBits: num(e.target.value) as 5 | 6 | 7 | 8 })}>
              {[8, 7, 6, 5].map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            Parity
            <select value={form.parity} onChange={(e) => setForm({ ...form, parity: e.target.value as (typeof PARITIES)[number] })}>
              {PARITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Stop bits
            <select value={form.stopBits} onChange={(e) => setForm({ ...form, stopBits: num(e.target.value) as 1 | 2 })}>
              <option>1</option>
              <option>2</option>
            </select>
          </label>
          <label>
            Flow control
            <select value={form.flowControl} onChange={(e) => setForm({ ...form, flowControl: e.target.value as (typeof FLOW_CONTROLS)[number] })}>
              {FLOW_CONTROLS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Suffix
            <select data-testid="scanner-suffix" value={form.suffix} onChange={(e) => setForm({ ...form, suffix: e.target.value as (typeof SUFFIXES)[number] })}>
              {SUFFIXES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Prefix to strip <input value={form.prefix} onChange={(e) => setForm({ ...form, prefix: e.target.value })} />
          </label>
          <label>
            Text before the suffix to strip <input value={form.stripSuffix} onChange={(e) => setForm({ ...form, stripSuffix: e.target.value })} />
          </label>
        </div>
        <button className="btn primary" type="submit" disabled={!form.path.trim()} data-testid="scanner-save">
          Save scanner
        </button>
      </form>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'scanner-saved' : 'scanner-error'}>
          {message.text}
        </p>
      )}
      {scannerId && (
        <div className="row">
          <button
            type="button"
            className="btn"
            data-testid="monitor-toggle"
            onClick={() => {
              const on = monitoring !== scannerId;
              transport.call('scanner.monitor', { id: scannerId, on }).then(() => setMonitoring(on ? scannerId : null), fail);
            }}
          >
            {monitoring === scannerId ? 'Stop raw bytes' : 'Show raw bytes'}
          </button>
          <button
            type="button"
            className="btn primary"
            data-testid="test-scan"
            disabled={testing}
            onClick={() => {
              setTesting(true);
              setTest(null);
              transport.call('scanner.testScan', { id: scannerId, timeoutMs: 30_000 }).then(setTest, fail).finally(() => setTesting(false));
            }}
          >
            {testing ? 'Scan the test barcode now…' : 'Test scan'}
          </button>
        </div>
      )}
      {test && (
        <p className={test.classification.kind === 'unknown' || test.unreadableBytes ? 'installer-error' : 'installer-ok'} data-testid="test-scan-result" data-kind={test.classification.kind}>
          Read “{test.text}” as {test.classification.kind}
          {test.classification.kind === 'unknown' ? `: ${test.classification.reason}` : ''}
          {test.unreadableBytes ? ` — ${test.unreadableBytes} unreadable bytes: check the baud rate and parity.` : ' — the settings work.'}
        </p>
      )}
      <h3>Live monitor</h3>
      <ul className="monitor" data-testid="monitor" aria-live="polite">
        {lines.map((l) => (
          <li key={l.id} className={l.cls}>
            {l.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
