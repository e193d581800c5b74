// Store details: name, address, TRN (15 digits, checked as it is typed), terminal id, MCC. Checked
// here with the contract's own schema, and again by the core, which refuses and saves nothing.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { storeSettingsSchema, type InstallerSettingsView, type StoreSettings } from '../../app/api/installer.ts';
import { errorText, isExpired } from './errors.ts';
import { useInstallerT, useLang } from './context.ts';

const FIELDS: { key: keyof StoreSettings; hint?: 'hint_trn' | 'hint_mcc' }[] = [
  { key: 'storeName' },
  { key: 'address' },
  { key: 'trn', hint: 'hint_trn' },
  { key: 'terminalId' },
  { key: 'mcc', hint: 'hint_mcc' },
];

export function StorePanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const t = useInstallerT();
  const lang = useLang();
  const [settings, setSettings] = useState<InstallerSettingsView | null>(null);
  const [form, setForm] = useState<StoreSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    transport.call('installer.settings', { session }).then(
      (s) => {
        setSettings(s);
        setForm(s.store);
      },
      (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) })),
    );
  }, [transport, session, onExpired]);
  if (!form) return <p>{message?.text ?? t('loading')}</p>;
  const checked = storeSettingsSchema.safeParse(form);
  const problems = new Map<string, string>();
  if (!checked.success) {
    for (const i of checked.error.issues) {
      const field = String(i.path[0]) as keyof StoreSettings;
      // English keeps the schema's own words; Arabic says the same rule per field.
      problems.set(field, lang === 'en' ? i.message : t(`problem_${field}`));
    }
  }
  return (
    <form
      className="panel"
      data-testid="store-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (!checked.success) return;
        setMessage(null);
        transport.call('installer.saveStore', { session, store: checked.data }).then(
          (s) => {
            setSettings(s);
            setForm(s.store);
            setMessage({ ok: true, text: s.restartNeeded ? t('savedRestart') : t('saved') });
          },
          (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err, lang) })),
        );
      }}
    >
      <h2>{t('storeTitle')}</h2>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {t(`field_${f.key}`)}
          {f.hint && <small>{t(f.hint)}</small>}
          <input data-testid={`store-${f.key}`} value={form[f.key]} aria-invalid={problems.has(f.key)} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          {problems.has(f.key) && (
            <span className="field-error" data-testid={`store-${f.key}-error`}>
              {problems.get(f.key)}
            </span>
          )}
        </label>
      ))}
      <button className="btn primary" type="submit" disabled={!checked.success} data-testid="store-save">
        {t('storeSave')}
      </button>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'store-saved' : 'store-error'}>
          {message.text}
        </p>
      )}
      {settings && (
        <dl data-testid="store-current">
          <dt>{t('savedStore')}</dt>
          <dd>
            <bdi>{settings.store.storeName}</bdi>
          </dd>
          <dt>{t('trn')}</dt>
          <dd>
            <bdi>{settings.store.trn}</bdi>
          </dd>
          <dt>{t('terminal')}</dt>
          <dd>
            <bdi>{settings.store.terminalId}</bdi>
          </dd>
          <dt>{t('mcc')}</dt>
          <dd>
            <bdi>{settings.store.mcc}</bdi>
          </dd>
        </dl>
      )}
    </form>
  );
}
