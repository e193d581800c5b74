// Serial scanners: the computer's ports, one scanner's settings, a live monitor (connection state,
// raw bytes as hex and text, each framed scan with its classification and why) and a test scan.
import { useEffect, useState, type ReactNode } from 'react';
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
import { errorWords, wordsForCode } from '../i18n/errors.ts';
import type { Lang } from '../i18n/i18n.ts';
import type { ScanRejection } from '../../app/domain/classify.ts';
import { installerText } from '../i18n/installer.ts';
import { useInstallerT, useLang } from './context.ts';
import { fillLtr } from './fill.tsx';
import { countText } from '../i18n/counted.ts';

const MONITOR_LINES = 200;

function MonitorLine({ ev }: { ev: ScannerMonitorEvent }) {
  const t = useInstallerT();
  const lang = useLang();
  const id = <bdi dir="ltr">{ev.scannerId}</bdi>;
  switch (ev.kind) {
    case 'status':
      return (
        <>
          {id}: {t(`state_${ev.state}`)} (<bdi dir="ltr">{ev.path}</bdi>)
        </>
      );
    case 'raw':
      return (
        <>
          {id}: {countText(lang, 'bytes', ev.length)}
          {'  '}
          <bdi dir="ltr">{ev.hex}</bdi>
          {'  '}
          <bdi dir="ltr">"{ev.text}"</bdi>
        </>
      );
    case 'scan': {
      const c = ev.classification;
      return (
        <>
          {id}: {t('monitorScan')} <bdi dir="ltr">"{ev.text}"</bdi> {lang === 'ar' ? '←' : '→'} {t(`kind_${c.kind}`)}
          {' — '}
          {c.kind === 'unknown' ? unknownWhy(c, lang) : <bdi dir="ltr">{c.kind === 'wallet' ? c.family : c.symbology}</bdi>}
          {ev.unreadableBytes ? ` ${countText(lang, 'unreadableBytes', ev.unreadableBytes)}` : ''}
        </>
      );
    }
    case 'error':
      return (
        <>
          {id}: {errorWords(lang, ev.code, ev.message)}
        </>
      );
    default:
      return null;
  }
}

/** Why a scan was not recognised: the classifier's English sentence, or in Arabic the words for its rejection code. */
function unknownWhy(c: { reason: string; rejection: ScanRejection }, lang: Lang): string {
  if (lang === 'en') return c.reason;
  return wordsForCode(`SCAN_${c.rejection}`, lang) || installerText(lang, 'unknownWhy');
}

function monitorClass(ev: ScannerMonitorEvent): string {
  switch (ev.kind) {
    case 'status':
    case 'raw':
    case 'error':
      return ev.kind;
    case 'scan':
      return `scan-${ev.classification.kind}`;
    default:
      return '';
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
  const t = useInstallerT();
  const lang = useLang();
  const [list, setList] = useState<ScannerListView | null>(null);
  // With an id, saving reconfigures that scanner in place; without, it adds one (its id is its path).
  const [form, setForm] = useState<ScannerSettingsInput & typeof DEFAULTS>(DEFAULTS);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: ReactNode } | null>(null);
  const [lines, setLines] = useState<{ id: number; event: ScannerMonitorEvent }[]>([]);
  const [monitoring, setMonitoring] = useState<string | null>(null);
  const [test, setTest] = useState<ScannerTestView | null>(null);
  const [testing, setTesting] = useState(false);
  const fail = (err: unknown) => setMessage({ ok: false, text: errorText(err, lang) });
  const refresh = () => transport.call('scanner.list', {}).then(setList, fail);

  useEffect(() => {
    void refresh();
    let n = 0;
    return transport.subscribe((e) => {
      if (e.type !== 'scanner') return;
      const line = { id: ++n, event: e.event };
      setLines((old) => [...old.slice(-(MONITOR_LINES - 1)), line]);
      if (e.event.kind === 'status') void refresh();
    });
  }, [transport]);

  // Monitor and test scan act on the scanner chosen (or just saved), else the first: with several
  // scanners each must be testable, not only the first one configured.
  const scannerId = list?.scanners.find((s) => s.id === chosen)?.id ?? list?.scanners[0]?.id ?? null;
  const num = (v: string) => Number(v);

  return (
    <section className="panel" data-testid="scanners-panel">
      <h2>{t('scannersTitle')}</h2>
      <div className="row">
        <button type="button" className="btn" onClick={() => void refresh()} data-testid="ports-refresh">
          {t('findPorts')}
        </button>
        {list?.warning && <span className="installer-warning">{lang === 'en' ? list.warning : t('portsWarning')}</span>}
      </div>
      <ul data-testid="ports">
        {list?.ports.map((p) => (
          <li key={p.path}>
            <button type="button" className="btn small" onClick={() => setForm({ ...form, id: undefined, path: p.stablePath ?? p.path })}>
              {t('usePort')}
            </button>{' '}
            <bdi>{p.friendlyName}</bdi> — <bdi dir="ltr">{p.stablePath ?? p.path}</bdi>
            {p.vendorId ? (
              <>
                {' '}
                (<bdi dir="ltr">{`${p.vendorId}:${p.productId ?? '?'}`}</bdi>)
              </>
            ) : null}
          </li>
        ))}
        {list && list.ports.length === 0 && <li>{t('noPorts')}</li>}
      </ul>
      <ul data-testid="scanners">
        {list?.scanners.map((s) => (
          <li key={s.id} data-testid={`scanner-${s.id}`} data-state={s.state} data-chosen={s.id === scannerId ? 'yes' : 'no'} aria-current={s.id === scannerId ? 'true' : undefined}>
            <bdi dir="ltr">{s.id}</bdi>:{' '}
            {fillLtr(t('scannerLine', { state: t(`state_${s.state}`), suffix: t(`suffix_${s.settings.suffix}`) }), { path: s.settings.path, baud: s.settings.baudRate })}{' '}
            <button
              type="button"
              className="btn small"
              data-testid={`scanner-choose-${s.id}`}
              onClick={() => {
                setChosen(s.id);
                setForm({ ...DEFAULTS, ...s.settings });
                setTest(null);
              }}
            >
              {t('chooseScanner')}
            </button>{' '}
            <button
              type="button"
              className="btn small"
              data-testid={`scanner-remove-${s.id}`}
              onClick={() => {
                setMessage(null);
                transport.call('scanner.remove', { id: s.id }).then(() => {
                  setMessage({ ok: true, text: fillLtr(t('scannerRemoved'), { id: s.id }) });
                  if (monitoring === s.id) setMonitoring(null);
                  void refresh();
                }, fail);
              }}
            >
              {t('removeScanner')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          transport.call('scanner.configure', form).then((v) => {
            setMessage({ ok: true, text: fillLtr(t('scannerSaved', { state: t(`state_${v.state}`) }), { id: v.id }) });
            setChosen(v.id);
            void refresh();
          }, fail);
        }}
      >
        <label>
          {t('portPath')} <input data-testid="scanner-path" dir="ltr" value={form.path} placeholder={t('portPlaceholder')} onChange={(e) => setForm({ ...form, path: e.target.value })} />
        </label>
        <div className="row">
          <label>
            {t('baud')}
            <select data-testid="scanner-baud" value={form.baudRate} onChange={(e) => setForm({ ...form, baudRate: num(e.target.value) })}>
              {STANDARD_BAUD_RATES.map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            {t('dataBits')}
            <select value={form.dataBits} onChange={(e) => setForm({ ...form, dataBits: num(e.target.value) as 5 | 6 | 7 | 8 })}>
              {[8, 7, 6, 5].map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label>
            {t('parity')}
            <select value={form.parity} onChange={(e) => setForm({ ...form, parity: e.target.value as (typeof PARITIES)[number] })}>
              {PARITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`parity_${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('stopBits')}
            <select value={form.stopBits} onChange={(e) => setForm({ ...form, stopBits: num(e.target.value) as 1 | 2 })}>
              <option>1</option>
              <option>2</option>
            </select>
          </label>
          <label>
            {t('flowControl')}
            <select value={form.flowControl} onChange={(e) => setForm({ ...form, flowControl: e.target.value as (typeof FLOW_CONTROLS)[number] })}>
              {FLOW_CONTROLS.map((p) => (
                <option key={p} value={p}>
                  {t(`flow_${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('suffix')}
            <select data-testid="scanner-suffix" value={form.suffix} onChange={(e) => setForm({ ...form, suffix: e.target.value as (typeof SUFFIXES)[number] })}>
              {SUFFIXES.map((p) => (
                <option key={p} value={p}>
                  {t(`suffix_${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('prefixStrip')} <input dir="ltr" value={form.prefix} onChange={(e) => setForm({ ...form, prefix: e.target.value })} />
          </label>
          <label>
            {t('suffixStrip')} <input dir="ltr" value={form.stripSuffix} onChange={(e) => setForm({ ...form, stripSuffix: e.target.value })} />
          </label>
        </div>
        <button className="btn primary" type="submit" disabled={!form.path.trim()} data-testid="scanner-save">
          {t('scannerSave')}
        </button>
      </form>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'scanner-saved' : 'scanner-error'}>
          {message.text}
        </p>
      )}
      {scannerId && (
        <div className="row">
          <span data-testid="scanner-chosen">{fillLtr(t('chosenScanner'), { id: scannerId })}</span>
          <button
            type="button"
            className="btn"
            data-testid="monitor-toggle"
            onClick={() => {
              const on = monitoring !== scannerId;
              transport.call('scanner.monitor', { id: scannerId, on }).then(() => setMonitoring(on ? scannerId : null), fail);
            }}
          >
            {monitoring === scannerId ? t('monitorStop') : t('monitorShow')}
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
            {testing ? t('testScanNow') : t('testScan')}
          </button>
        </div>
      )}
      {test && (
        <p className={test.classification.kind === 'unknown' || test.unreadableBytes ? 'installer-error' : 'installer-ok'} data-testid="test-scan-result" data-kind={test.classification.kind}>
          {fillLtr(t('testRead', { kind: t(`kind_${test.classification.kind}`) }), { text: `“${test.text}”` })}
          {test.classification.kind === 'unknown' ? `: ${unknownWhy(test.classification, lang)}` : ''}
          {test.unreadableBytes ? countText(lang, 'testUnreadable', test.unreadableBytes) : t('testWorks')}
          {test.droppedBytes ? <span data-testid="test-scan-dropped">{countText(lang, 'testDropped', test.droppedBytes)}</span> : null}
        </p>
      )}
      <h3>{t('monitorTitle')}</h3>
      <ul className="monitor" data-testid="monitor" aria-live="polite">
        {lines.map((l) => (
          <li key={l.id} className={monitorClass(l.event)}>
            <MonitorLine ev={l.event} />
          </li>
        ))}
      </ul>
    </section>
  );
}
