// The cashier's shift on the screen: a sign-in panel in place of the sale while a new sale needs
// someone signed in (only once the shop has a cashier: a fresh terminal sells as before), and in
// the status bar who is signed in with an "End shift" button. The core enforces the rule as well
// (sale.open refuses with SHIFT_REQUIRED); this only shows it.
import { useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ShiftStatusView } from '../../app/api/shift.ts';
import { blocksNewAttempt } from '../../app/domain/attempt.ts';
import { CallError, type Transport } from '../api/transport.ts';
import type { ApiErrorDetails } from '../../app/api/call.ts';
import { shiftErrorText, shiftText, type ShiftKey } from '../i18n/shift.ts';
import { CashierContext, useCashier, useTransport } from './context.ts';

/** The PIN field: the wedge detector leaves its keystrokes alone (CashierApp passes this as `ignore`). */
export function isShiftPinField(target: EventTarget | null): boolean {
  return !!target && (target as { dataset?: DOMStringMap }).dataset?.testid === 'shift-pin';
}

interface ShiftState {
  status: ShiftStatusView | null;
}

// One per transport, shared by the panel and the status bar (they sit in different parts of the screen).
const stores = new WeakMap<Transport, StoreApi<ShiftState>>();
function shiftStore(transport: Transport): StoreApi<ShiftState> {
  let s = stores.get(transport);
  if (!s) {
    s = createStore<ShiftState>()(() => ({ status: null }));
    stores.set(transport, s);
  }
  return s;
}

function useShift(): { status: ShiftStatusView | null; store: StoreApi<ShiftState>; transport: Transport } {
  const transport = useTransport();
  const store = shiftStore(transport);
  return { status: useStore(store, (s) => s.status), store, transport };
}

function useWords(): (key: ShiftKey, vars?: Record<string, string | number>) => string {
  const lang = useCashier((s) => s.lang);
  return (key, vars) => shiftText(lang, key, vars);
}

type ErrorParts = { code: string | null; message: string | null; details?: ApiErrorDetails };
const errorParts = (err: unknown): ErrorParts =>
  err instanceof CallError ? { code: err.code, message: err.message, details: err.details } : { code: null, message: null };

/** Name and PIN fields as tall as the till's buttons: the 21 px browser default is too small to tap. */
const FIELD = { display: 'block', inlineSize: '100%', minBlockSize: 'var(--target, 48px)', fontSize: '1.25rem', paddingInline: 10, boxSizing: 'border-box' } as const;

function SignInPanel({ onSignedIn, beside = false }: { onSignedIn: () => void; beside?: boolean }) {
  const t = useWords();
  const lang = useCashier((s) => s.lang);
  const { store, transport } = useShift();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorParts | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    transport.call('shift.start', { name, pin }).then(
      (shift) => {
        setBusy(false);
        setPin('');
        setError(null);
        store.setState((s) => ({ status: { signInRequired: s.status?.signInRequired ?? true, shift } }));
        onSignedIn();
      },
      (err: unknown) => {
        setBusy(false);
        setPin('');
        setError(errorParts(err));
      },
    );
  };
  return (
    <section className="shift-signin" data-testid="shift-signin" aria-labelledby="shift-signin-title" style={{ display: 'grid', gap: 12, maxWidth: 440, margin: '24px auto' }}>
      <h2 id="shift-signin-title">{t('signInTitle')}</h2>
      <p>{beside ? t('signInNext') : t('signInHint')}</p>
      <form onSubmit={submit} style={{ display: 'grid', gap: 10 }}>
        <label>
          {t('name')}{' '}
          <input data-testid="shift-name" style={FIELD} autoFocus={!beside} autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required />
        </label>
        <label>
          {t('pin')}{' '}
          <input
            data-testid="shift-pin"
            style={FIELD}
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            maxLength={32}
            required
          />
        </label>
        {/* A touch till has no keyboard: the PIN pad types into the PIN field (digits left to right in Arabic too). */}
        <div role="group" aria-label={t('pin')} data-testid="shift-pin-pad" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 8, direction: 'ltr' }}>
          {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
            <button key={d} type="button" className="btn" data-testid={`shift-pin-key-${d}`} onClick={() => setPin((p) => (p.length < 8 ? p + d : p))}>
              {d}
            </button>
          ))}
          <button type="button" className="btn" data-testid="shift-pin-clear" aria-label={t('pinClear')} onClick={() => setPin('')}>
            C
          </button>
          <button type="button" className="btn" data-testid="shift-pin-key-0" onClick={() => setPin((p) => (p.length < 8 ? `${p}0` : p))}>
            0
          </button>
          <button type="button" className="btn" data-testid="shift-pin-back" aria-label={t('pinBack')} onClick={() => setPin((p) => p.slice(0, -1))}>
            ⌫
          </button>
        </div>
        <button type="submit" className="btn primary" data-testid="shift-signin-submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      {error ? (
        <p className="shift-error" role="alert" data-testid="shift-error" data-code={error.code ?? ''}>
          {shiftErrorText(lang, error.code, error.message, error.details)}
        </p>
      ) : null}
    </section>
  );
}

/**
 * Shows its children (the sale) unless a new sale needs someone signed in. A sale already under way
 * (lines on it, or a payment that may still move money) stays on screen after its shift ended, so a
 * customer is never left mid-payment (nor without their receipt): the panel then sits above it,
 * without taking the focus, for whoever carries on. An empty sale is not kept: the panel replaces it.
 */
export function ShiftGate({ children }: { children: ReactNode }) {
  const { status, store, transport } = useShift();
  const cashier = useContext(CashierContext);
  const sale = useCashier((s) => s.sale);
  // Its receipt counts too: the customer may still want it printed.
  const underWay = useCashier(
    (s) => !!s.sale && (s.sale.status === 'paid' || (s.sale.status === 'open' && (s.sale.lines.length > 0 || s.attempts.some((a) => blocksNewAttempt(a.state))))),
  );
  const noticeCode = useCashier((s) => s.notice?.code);
  const dismiss = useCashier((s) => s.dismissNotice);
  const alive = useRef(true);
  const load = useCallback(
    () =>
      transport.call('shift.current', {}).then(
        (s) => alive.current && store.setState({ status: s }),
        () => {},
      ),
    [transport, store],
  );

  useEffect(() => {
    alive.current = true;
    void load();
    // Whatever changed while the link to the core was down (another window signed in or out), a re-read shows it.
    const stop = transport.subscribe((e) => {
      if (e.type === 'connection' && e.connected) void load();
    });
    return () => {
      alive.current = false;
      stop();
    };
  }, [transport, load]);

  const needsSignIn = !!status && status.signInRequired && !status.shift;
  useEffect(() => {
    if (noticeCode !== 'SHIFT_REQUIRED') return;
    // The panel says it already: the core's refusal of a new sale need not stand beside it.
    if (needsSignIn) dismiss();
    // This screen thought someone was signed in (the shift ended in another window): ask again.
    else void load();
  }, [needsSignIn, noticeCode, dismiss, load]);

  if (!needsSignIn) return <>{children}</>;
  const panel = (
    <SignInPanel
      beside={underWay}
      onSignedIn={() => {
        // The new cashier starts on a fresh sale unless one is still open on the counter.
        if (cashier && (!sale || sale.status !== 'open')) void cashier.store.getState().newSale();
      }}
    />
  );
  if (!underWay) return panel;
  return (
    <>
      {panel}
      {children}
    </>
  );
}

/** In the status bar: who is signed in at this till, and "End shift". */
export function ShiftStatus() {
  const t = useWords();
  const lang = useCashier((s) => s.lang);
  const cashier = useContext(CashierContext);
  const { status, store, transport } = useShift();
  const [busy, setBusy] = useState(false);
  if (!status?.shift) return null;
  const end = () => {
    setBusy(true);
    transport.call('shift.end', {}).then(
      () => {
        setBusy(false);
        store.setState((s) => ({ status: s.status ? { ...s.status, shift: null } : s.status }));
      },
      (err: unknown) => {
        setBusy(false);
        const e = errorParts(err);
        cashier?.store.setState({ notice: { kind: 'error', code: e.code ?? undefined, text: shiftErrorText(lang, e.code, e.message, e.details) } });
      },
    );
  };
  return (
    <>
      <span className="shift-cashier" data-testid="shift-cashier" data-user={status.shift.userId}>
        {t('cashier', { name: status.shift.name })}
      </span>
      <button type="button" className="btn" data-testid="shift-end" onClick={end} disabled={busy}>
        {t('endShift')}
      </button>
    </>
  );
}
