import { useCashier, useT } from './context.ts';
import { keypadForPayment } from '../state/cashier.ts';

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '.'] as const;

/** The digit keys alone: the sale's keypad and the cash panel's share them (touch tills have no keyboard). */
export function KeyGrid({ press, back, backLabel, prefix = 'keypad' }: { press: (k: string) => void; back: () => void; backLabel: string; prefix?: string }) {
  return (
    <div className="keypad-grid">
      {KEYS.map((k) => (
        <button key={k} type="button" className="btn key" data-testid={k === '.' ? `${prefix}-key-dot` : `${prefix}-key-${k}`} onClick={() => press(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="btn key" onClick={back} aria-label={backLabel}>
        <span aria-hidden="true" className="mirror">
          ⌫
        </span>
      </button>
    </div>
  );
}

export function Keypad() {
  const t = useT();
  const keypad = useCashier((s) => s.keypad);
  const press = useCashier((s) => s.keypadPress);
  const clear = useCashier((s) => s.keypadClear);
  const back = useCashier((s) => s.keypadBack);
  const add = useCashier((s) => s.keypadAdd);
  // Once part is paid (or the cashier chose "Pay part…") the keypad keys the next payment's amount.
  const forPayment = useCashier(keypadForPayment);
  return (
    <div className={`keypad${forPayment ? ' for-payment' : ''}`} role="group" aria-label={t('keypadLabel')}>
      {forPayment ? <p className="keypad-purpose">{t('keypadForPayment')}</p> : null}
      <output className="keypad-display" data-testid="keypad-display" aria-live="polite">
        <bdi>{keypad || '0'}</bdi>
      </output>
      <KeyGrid press={press} back={back} backLabel={t('keypadBack')} />
      <div className="keypad-actions">
        <button type="button" className="btn" onClick={clear}>
          {t('keypadClear')}
        </button>
        {forPayment ? null : (
          <button type="button" className="btn primary" data-testid="keypad-add" onClick={() => void add()} disabled={keypad === ''}>
            {t('keypadAdd')}
          </button>
        )}
      </div>
    </div>
  );
}
