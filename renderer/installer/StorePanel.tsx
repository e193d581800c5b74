// Store details: name, address, TRN (15 digits, checked as it is typed), terminal id, MCC. Checked
// here with the contract's own schema, and again by the core, which refuses and saves nothing.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { storeSettingsSchema, type InstallerSettingsView, type StoreSettings } from '../../app/api/installer.ts';
import { errorText, isExpired } from './errors.ts';

const FIELDS: { key: keyof StoreSettings; label: string; hint?: string }[] = [
  { key: 'storeName', label: 'Store name' },
  { key: 'address', label: 'Address' },
  { key: 'trn', label: 'TRN (UAE Tax Registration Number)', hint: '15 digits, as on the VAT certificate' },
  { key: 'terminalId', label: 'Terminal id' },
  { key: 'mcc', label: 'MCC (merchant category code)', hint: '4 digits' },
];

export function StorePanel({ transport, session, onExpired }: { transport: Transport; session: string; onExpired: () => void }) {
  const [settings, setSettings] = useState<InstallerSettingsView | null>(null);
  const [form, setForm] = useState<StoreSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    transport.call('installer.settings', { session }).then(
      (s) => {
        setSettings(s);
        setForm(s.store);
      },
      (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err) })),
    );
  }, [transport, session, onExpired]);
  if (!form) return <p>{message?.text ?? 'Loading…'}</p>;
  const checked = storeSettingsSchema.safeParse(form);
  const problems = new Map<string, string>();
  if (!checked.success) for (const i of checked.error.issues) problems.set(String(i.path[0]), i.message);
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
            setMessage({ ok: true, text: s.restartNeeded ? 'Saved. The receipts use the new details after the terminal restarts.' : 'Saved.' });
          },
          (err: unknown) => (isExpired(err) ? onExpired() : setMessage({ ok: false, text: errorText(err) })),
        );
      }}
    >
      <h2>Store</h2>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {f.label}
          {f.hint && <small>{f.hint}</small>}
          <input data-testid={`store-${f.key}`} value={form[f.key]} aria-invalid={problems.has(f.key)} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          {problems.has(f.key) && (
            <span className="field-error" data-testid={`store-${f.key}-error`}>
              {problems.get(f.key)}
            </span>
          )}
        </label>
      ))}
      <button className="btn primary" type="submit" disabled={!checked.success} data-testid="store-save">
        Save store details
      </button>
      {message && (
        <p className={message.ok ? 'installer-ok' : 'installer-error'} role="status" data-testid={message.ok ? 'store-saved' : 'store-error'}>
          {message.text}
        </p>
      )}
      {settings && (
        <dl data-testid="store-current">
          <dt>Saved store</dt>
          <dd>{settings.store.storeName}</dd>
          <dt>TRN</dt>
          <dd>{settings.store.trn}</dd>
          <dt>Terminal</dt>
          <dd>{settings.store.terminalId}</dd>
          <dt>MCC</dt>
          <dd>{settings.store.mcc}</dd>
        </dl>
      )}
    </form>
  );
}
