// The receipt printer and the cash drawer: the connection (ports and USB printers found, or
// HOST:PORT typed for a network printer), paper width, language and code page, how the drawer
// opens; a test print and a drawer test on the settings as they are on screen (before saving),
// the printer's live state, and receipts that could not print with a Reprint button.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { DRAWER_VIAS, PRINTER_CODEPAGES, PRINTER_FLOW_CONTROLS, PRINTER_LANGUAGES, printerSettingsSchema, type PrintJobView, type PrinterListView, type PrinterSettings, type PrinterStatusView } from '../../app/api/printer.ts';
import { errorText, isExpired } from './errors.ts';
import { useInstallerT, useLang } from './context.ts';

const STATUS_EVERY_MS = 3000;
const BAUD_RATES = [9600, 19200, 38400, 57600, 115200];

export function PrinterPanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [list, setList] = useState<PrinterListView | null>(null);
  const [form, setForm] = useState<PrinterSettings | null>(null);
  const [status, setStatus] = useState<PrinterStatusView | null>(null);
  const [queue, setQueue] = useState<PrintJobView[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) }));
  const refresh = () =>
    transport.call('printer.list', { session }).then((l) => {
      setList(l);
      setForm((f) => f ?? l.settings);
    }, fail);
  const poll = () => {
    transport.call('printer.status', {}).then(setStatus, () => setStatus(null));
    transport.call('printer.queue', {}).then(setQueue, () => {});
  };

  useEffect(() => {
    void refresh();
    poll();
    const timer = setInterval(poll, STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [transport, session]);

  if (!form) return <p>{message?.text ?? t('loading')}</p>;
  const checked = printerSettingsSchema.safeParse(form);
  const problem = checked.success ? null : checked.error.issues[0]?.message ?? null;
  const run = (what: Promise<unknown>, ok: string) => {
    setMessage(null);
    setBusy(true);
    what.then(() => setMessage({ ok: true, text: ok }), fail).finally(() => {
      setBusy(false);
      poll();
    });
  };
  const printer = checked.success ? checked.data : null;

  return (
    <form
      className="panel"
      data-testid="printer-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (!printer) return;
        run(
          transport.call('printer.save', { session, printer }).then((l) => {
            setList(l);
            setForm(l.settings);
          }),
          t('printer_saved'),
        );
      }}
    >
      <h2>{t('printerTitle')}</h2>
      <div className="row printer-status-row">
        <span>{t('printer_status')}:</span>
        <strong className={`printer-state printer-state-${status?.state ?? 'unknown'}`} data-testid="printer-status" data-state={status?.state ?? ''}>
          {status ? t(`printer_state_${status.state}`) : t('loading')}
        </strong>
        {status && status.state !== 'ready' && status.state !== 'not_configured' && lang === 'en' ? <span>{status.message}</span> : null}
      </div>

      <fieldset className="printer-found">
        <legend>{t('printer_found')}</legend>
        {list && list.ports.length === 0 ? <p>{t('printer_none_found')}</p> : null}
        <ul data-testid="printer-ports">
          {list?.ports.map((p) => (
            <li key={p.path} className="row">
              <bdi dir="ltr">{p.path}</bdi> <span>{p.friendlyName}</span>
              <button type="button" className="btn" onClick={() => setForm({ ...form, device: p.stablePath ?? p.path })}>
                {t('printer_use')}
              </button>
            </li>
          ))}
        </ul>
        {list?.warning && lang === 'en' ? <p className="installer-warning">{list.warning}</p> : null}
        <button type="button" className="btn" data-testid="printer-find" onClick={() => void refresh()}>
          {t('printer_find')}
        </button>
      </fieldset>

      <label>
        {t('printer_device')}
        <input data-testid="printer-device" dir="ltr" value={form.device} placeholder="/dev/usb/lp0 · /dev/ttyUSB0 · 192.168.1.50:9100" onChange={(e) => setForm({ ...form, device: e.target.value })} />
      </label>
      <div className="printer-grid">
        <label>
          {t('printer_width')}
          <select data-testid="printer-width" value={form.paperWidth} onChange={(e) => setForm({ ...form, paperWidth: e.target.value === '58' ? 58 : 80 })}>
            <option value="80">{t('printer_width_80')}</option>
            <option value="58">{t('printer_width_58')}</option>
          </select>
        </label>
        <label>
          {t('printer_language')}
          <select data-testid="printer-language" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as PrinterSettings['language'] })}>
            {PRINTER_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l === 'esc-pos' ? 'ESC/POS' : l === 'star-prnt' ? 'StarPRNT' : 'Star Line'}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('printer_codepage')}
          <select data-testid="printer-codepage" value={form.codepage} onChange={(e) => setForm({ ...form, codepage: e.target.value as PrinterSettings['codepage'] })}>
            {PRINTER_CODEPAGES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('printer_baud')}
          <select data-testid="printer-baud" value={form.baudRate} onChange={(e) => setForm({ ...form, baudRate: Number(e.target.value) })}>
            {BAUD_RATES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('printer_flow')}
          <select data-testid="printer-flow" value={form.flowControl} onChange={(e) => setForm({ ...form, flowControl: e.target.value as PrinterSettings['flowControl'] })}>
            {PRINTER_FLOW_CONTROLS.map((f) => (
              <option key={f} value={f}>
                {f === 'none' ? t('printer_flow_none') : f === 'rtscts' ? 'RTS/CTS' : 'XON/XOFF'}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('printer_drawer')}
          <select data-testid="printer-drawer" value={form.drawer} onChange={(e) => setForm({ ...form, drawer: e.target.value as PrinterSettings['drawer'] })}>
            {DRAWER_VIAS.map((d) => (
              <option key={d} value={d}>
                {t(`printer_drawer_${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('printer_drawer_pin')}
          <select data-testid="printer-drawer-pin" value={form.drawerPin} onChange={(e) => setForm({ ...form, drawerPin: e.target.value === '5' ? 5 : 2 })}>
            <option value="2">2</option>
            <option value="5">5</option>
          </select>
        </label>
        {form.drawer === 'serial' ? (
          <label>
            {t('printer_drawer_device')}
            <input data-testid="printer-drawer-device" dir="ltr" value={form.drawerDevice} placeholder="/dev/ttyUSB1" onChange={(e) => setForm({ ...form, drawerDevice: e.target.value })} />
          </label>
        ) : null}
      </div>
      <label className="check">
        <input type="checkbox" data-testid="printer-auto-print" checked={form.autoPrint} onChange={(e) => setForm({ ...form, autoPrint: e.target.checked })} />
        {t('printer_autoPrint')}
      </label>
      <p>{t('printer_images_note')}</p>
      {problem && form.device ? <p className="field-error">{problem}</p> : null}

      <div className="row">
        <button className="btn primary" type="submit" disabled={busy || !printer} data-testid="printer-save">
          {t('printer_save')}
        </button>
        <button type="button" className="btn" disabled={busy || !printer || !form.device} data-testid="printer-test" onClick={() => printer && run(transport.call('printer.testPrint', { session, printer }), t('printer_test_done'))}>
          {t('printer_test')}
        </button>
        <button type="button" className="btn" disabled={busy || !printer || form.drawer === 'none'} data-testid="printer-drawer-test" onClick={() => printer && run(transport.call('printer.drawerTest', { session, printer }), t('printer_drawer_opened'))}>
          {t('printer_drawer_test')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role={message.ok ? 'status' : 'alert'} data-testid="printer-message">
          {message.text}
        </p>
      )}

      <h3>{t('printer_queue')}</h3>
      {queue.length === 0 ? (
        <p data-testid="printer-queue-empty">{t('printer_queue_empty')}</p>
      ) : (
        <ul data-testid="printer-queue">
          {queue.map((j) => (
            <li key={j.id} className="row">
              <span>{t('printer_invoice', { n: j.invoiceNo ?? '—' })}</span>
              {j.lastError && lang === 'en' ? <span className="field-error">{j.lastError}</span> : null}
              <button type="button" className="btn" disabled={busy} onClick={() => run(transport.call('printer.reprint', { jobId: j.id }), t('saved'))}>
                {t('printer_reprint')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
