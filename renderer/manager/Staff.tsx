// First run and people. A fresh terminal (nobody at all) opens the setup here: the first manager's
// name and PIN twice; then the Staff section, where a manager adds cashiers, managers and installers,
// changes a PIN, disables (never deletes: sales keep their cashier) and unlocks. Every change is in
// the event log under the manager who made it (app/users).
import { useCallback, useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { ManagerSessionView, StaffView } from '../../app/api/manager.ts';
import { dateTime } from '../i18n/i18n.ts';
import { saidOf, SaidText, useWords, type Said } from './words.tsx';

const ROLES = ['cashier', 'manager', 'installer'] as const;
type Role = (typeof ROLES)[number];

export function Setup({ transport, onDone }: { transport: Transport; onDone: (s: ManagerSessionView) => void }) {
  const { t, lang } = useWords();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<Said | null>(null);
  return (
    <form
      data-testid="setup"
      className="manager-setup"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (pin !== repeat) {
          setError({ text: t('pinsDiffer') });
          setRepeat('');
          return;
        }
        transport.call('manager.setup', { name, pin, pinRepeat: repeat }).then(onDone, (err: unknown) => {
          setPin('');
          setRepeat('');
          setError(saidOf(err, lang));
        });
      }}
    >
      <h1>{t('setupTitle')}</h1>
      <p>{t('setupIntro')}</p>
      <label>
        {t('setupName')} <input data-testid="setup-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" maxLength={40} />
      </label>
      <label>
        {t('setupPin')} <input data-testid="setup-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="new-password" />
      </label>
      <label>
        {t('setupPinRepeat')} <input data-testid="setup-pin-repeat" type="password" inputMode="numeric" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
      </label>
      <p className="manager-hint">{t('pinRule')}</p>
      <button type="submit" data-testid="setup-create">
        {t('setupCreate')}
      </button>
      {error && (
        <p role="alert" data-testid="setup-error" data-code={error.code ?? undefined}>
          <SaidText said={error} lang={lang} />
        </p>
      )}
    </form>
  );
}

function PinChange({ transport, session, person, onDone }: { transport: Transport; session: string; person: StaffView; onDone: (said: Said | null) => void }) {
  const { t, lang } = useWords();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<Said | null>(null);
  return (
    <div className="manager-row" data-testid="staff-pin-form">
      <label>
        {t('newPin')} <input data-testid="staff-new-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} size={8} autoComplete="new-password" />
      </label>
      <label>
        {t('setupPinRepeat')} <input data-testid="staff-new-pin-repeat" type="password" inputMode="numeric" value={repeat} onChange={(e) => setRepeat(e.target.value)} size={8} autoComplete="new-password" />
      </label>
      <button
        type="button"
        data-testid="staff-pin-save"
        onClick={() => {
          if (pin !== repeat) {
            setError({ text: t('pinsDiffer') });
            return;
          }
          transport.call('manager.setStaffPin', { session, user: person.id, pin, pinRepeat: repeat }).then(
            () => onDone({ text: t('pinChanged', { name: person.name }) }),
            (err: unknown) => setError(saidOf(err, lang)),
          );
        }}
      >
        {t('save')}
      </button>
      <button type="button" onClick={() => onDone(null)}>
        {t('zConfirmNo')}
      </button>
      {error && (
        <p role="alert" data-testid="staff-pin-error">
          <SaidText said={error} lang={lang} />
        </p>
      )}
    </div>
  );
}

export function Staff({ transport, session, me, firstRun }: { transport: Transport; session: string; me: string; firstRun: boolean }) {
  const { t, lang } = useWords();
  const [people, setPeople] = useState<StaffView[] | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [said, setSaid] = useState<Said | null>(null);
  const [pinFor, setPinFor] = useState<string | null>(null);
  const load = useCallback(() => {
    transport.call('manager.staff', { session }).then(setPeople, (err: unknown) => setSaid(saidOf(err, lang)));
    // The list does not depend on the language.
  }, [transport, session]);
  useEffect(load, [load]);
  const act = (p: Promise<StaffView>, done: (v: StaffView) => string) =>
    p.then(
      (v) => {
        setSaid({ text: done(v) });
        load();
      },
      (err: unknown) => setSaid(saidOf(err, lang)),
    );
  const add = () => {
    setSaid(null);
    if (pin !== repeat) {
      setSaid({ text: t('pinsDiffer') });
      setRepeat('');
      return;
    }
    act(transport.call('manager.addStaff', { session, name, role, pin, pinRepeat: repeat }), (v) => {
      setName('');
      setPin('');
      setRepeat('');
      return t('staffAdded', { name: v.name, role: t(`role_${v.role}`) });
    });
  };
  const now = Date.now();
  return (
    <section data-testid="manager-staff" className="manager-no-print manager-staff">
      <h2>{t('staff')}</h2>
      {firstRun && <p data-testid="staff-first-run">{t('staffFirstRun')}</p>}
      {people && (
        <table data-testid="staff-list">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('role')}</th>
              <th>{t('staffState')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const locked = p.lockedUntil !== null && Date.parse(p.lockedUntil) > now;
              return (
                <tr key={p.id} data-testid="staff-row" data-name={p.name} data-role={p.role} data-disabled={p.disabled} data-locked={locked}>
                  <th>
                    <bdi>{p.name}</bdi>
                  </th>
                  <td>{t(`role_${p.role}`)}</td>
                  <td>{p.disabled ? t('staffDisabled') : locked ? t('staffLocked', { time: dateTime(p.lockedUntil!, lang) }) : t('staffActive')}</td>
                  <td className="manager-actions">
                    <button type="button" data-testid="staff-pin" onClick={() => setPinFor(pinFor === p.id ? null : p.id)}>
                      {t('changePin')}
                    </button>
                    {locked && (
                      <button type="button" data-testid="staff-unlock" onClick={() => act(transport.call('manager.unlockStaff', { session, user: p.id }), (v) => t('staffUnlocked', { name: v.name }))}>
                        {t('unlock')}
                      </button>
                    )}
                    {/* Disabling oneself could leave the shop without a manager: another manager does it. */}
                    {p.name !== me && <button
                      type="button"
                      data-testid={p.disabled ? 'staff-enable' : 'staff-disable'}
                      onClick={() =>
                        act(transport.call('manager.setStaffDisabled', { session, user: p.id, disabled: !p.disabled }), (v) =>
                          t(v.disabled ? 'staffDisabledNow' : 'staffEnabledNow', { name: v.name }),
                        )
                      }
                    >
                      {p.disabled ? t('enable') : t('disable')}
                    </button>}
                    {pinFor === p.id && (
                      <PinChange
                        transport={transport}
                        session={session}
                        person={p}
                        onDone={(s) => {
                          setPinFor(null);
                          if (s) setSaid(s);
                        }}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <fieldset data-testid="staff-add" className="manager-row">
        <legend>{t('addPerson')}</legend>
        <label>
          {t('name')} <input data-testid="staff-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} size={14} />
        </label>
        <label>
          {t('role')}{' '}
          <select data-testid="staff-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role_${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pin')} <input data-testid="staff-pin-new" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} size={8} autoComplete="new-password" />
        </label>
        <label>
          {t('setupPinRepeat')} <input data-testid="staff-pin-repeat" type="password" inputMode="numeric" value={repeat} onChange={(e) => setRepeat(e.target.value)} size={8} autoComplete="new-password" />
        </label>
        <button type="button" data-testid="staff-add-submit" onClick={add}>
          {t('add')}
        </button>
      </fieldset>
      {said && (
        <p role="status" data-testid="staff-message" data-code={said.code ?? undefined}>
          <SaidText said={said} lang={lang} />
        </p>
      )}
    </section>
  );
}
