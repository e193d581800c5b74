// The till: kiosk mode, silent receipt printing and which display the customer window goes on.
// The displays are listed when the shell can tell (the Electron app); a browser cannot, and the
// panel says so. Saved into config.json by the core; the shell reads them when the till restarts.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { tillSettingsSchema, type DisplayView, type InstallerSettingsView, type TillSettings } from '../../app/api/installer.ts';
import { errorText, isExpired } from './errors.ts';
import { useInstallerT, useLang } from './context.ts';

/** Without a list (browser host) the first few display numbers are offered, as the Electron app counts them. */
const GUESSED_DISPLAYS = 4;

type Choice = TillSettings['customerDisplay'];

const choiceValue = (c: Choice): string => String(c);
const choiceOf = (v: string): Choice => (v === 'auto' || v === 'none' ? v : Number(v));

export function TillPanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [displays, setDisplays] = useState<DisplayView[] | null>(null);
  const [form, setForm] = useState<TillSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const loaded = (s: InstallerSettingsView) => {
    setDisplays(s.displays);
    setForm(s.till);
  };
  useEffect(() => {
    transport.call('installer.settings', { session }).then(loaded, (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) })));
  }, [transport, session, onExpired]);
  if (!form) return <p>{message?.text ?? t('loading')}</p>;

  // Humans count displays from 1; the setting holds the index the shell uses (from 0).
  const indices = displays ? displays.map((d) => d.index) : Array.from({ length: GUESSED_DISPLAYS }, (_, i) => i);
  if (typeof form.customerDisplay === 'number' && !indices.includes(form.customerDisplay)) indices.push(form.customerDisplay);
  const label = (index: number): string => {
    const n = index + 1;
    if (!displays) return t('till_display_number', { n });
    const d = displays.find((x) => x.index === index);
    if (!d) return t('till_display_absent', { n });
    return t(d.primary ? 'till_display_main' : 'till_display_n', { n, width: d.width, height: d.height });
  };

  return (
    <form
      className="panel"
      data-testid="till-panel"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = tillSettingsSchema.safeParse(form);
        if (!checked.success) return;
        setMessage(null);
        setBusy(true);
        transport
          .call('installer.saveTill', { session, till: checked.data })
          .then(
            (s) => {
              loaded(s);
              setMessage({ ok: true, text: s.restartNeeded ? t('tillSavedRestart') : t('saved') });
            },
            (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) })),
          )
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('tillTitle')}</h2>
      <label className="check">
        <input type="checkbox" data-testid="till-kiosk" checked={form.kiosk} onChange={(e) => setForm({ ...form, kiosk: e.target.checked })} />
        {t('till_kiosk')}
      </label>
      <label className="check">
        <input type="checkbox" data-testid="till-silent-print" checked={form.silentPrint} onChange={(e) => setForm({ ...form, silentPrint: e.target.checked })} />
        {t('till_silentPrint')}
      </label>
      <label>
        {t('till_customerDisplay')}
        <select data-testid="till-customer-display" value={choiceValue(form.customerDisplay)} onChange={(e) => setForm({ ...form, customerDisplay: choiceOf(e.target.value) })}>
          <option value="auto">{t('till_display_auto')}</option>
          <option value="none">{t('till_display_none')}</option>
          {indices.map((i) => (
            <option key={i} value={String(i)}>
              {label(i)}
            </option>
          ))}
        </select>
      </label>
      {displays ? (
        <div data-testid="till-displays">
          <strong>{t('till_displays')}</strong>
          <ul>
            {displays.map((d) => (
              <li key={d.index}>
                {label(d.index)}: <bdi>{d.label}</bdi>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p data-testid="till-displays-unknown">
          {t('till_displays_unknown')}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy} data-testid="till-save">
        {t('tillSave')}
      </button>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'till-saved' : 'till-error'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
