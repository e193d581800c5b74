import { useRef, useState } from 'react';
import { MoneyError, parseAmount } from '../../app/domain/money.ts';
import { useCashier, useT } from './context.ts';
import { money } from '../i18n/i18n.ts';
import { errorWords } from '../i18n/errors.ts';
import { KeyGrid } from './Keypad.tsx';
import { nextPaymentMinor } from '../state/cashier.ts';

/** AED notes in circulation, in fils. */
const NOTES = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];
const MAX_QUICK_NOTES = 4;

/** The notes a customer is likely to hand over for this due: the next ones above it. */
export function quickNotes(dueMinor: number): number[] {
  return NOTES.filter((n) => n > dueMinor).slice(0, MAX_QUICK_NOTES);
}

/** Keeps what the keypad builds a valid amount: one dot, at most two decimals, at most 9 digits. */
function typed(cur: string, key: string): string {
  if (key === '.') return cur.includes('.') ? cur : `${cur || '0'}.`;
  const frac = cur.split('.')[1];
  if (frac !== undefined && frac.length >= 2) return cur;
  if (cur.replace('.', '').length >= 9) return cur;
  return cur === '0' ? key : cur + key;
}

const plain = (minor: number) => (minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2));

export function CashPanel() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const cash = useCashier((s) => s.cash);
  const openPanel = useCashier((s) => s.openPanel);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  if (!sale) return null;
  const due = sale.due;
  // Back to the amount field after every button, so typing an amount always works.
  const refocus = () => input.current?.focus();
  const set = (next: string) => {
    setText(next);
    setError(null);
    refocus();
  };
  const submit = () => {
    try {
      const m = parseAmount(text || '0', 'AED');
      if (m.minor <= 0) return setError(errorWords(lang, 'INVALID_AMOUNT', 'Enter the cash received.'));
      setError(null);
      // Less than the due: the store asks "take it now and the rest another way?" first.
      void cash(m.minor);
    } catch (err) {
      setError(err instanceof MoneyError ? errorWords(lang, err.code, err.message) : errorWords(lang, 'INVALID_AMOUNT', String(err)));
    }
  };
  let change: string | null = null;
  try {
    const m = parseAmount(text, 'AED');
    if (m.minor >= due.minor) change = money({ minor: m.minor - due.minor, currency: 'AED' }, lang);
  } catch {
    change = null;
  }
  return (
    <section className="tender-panel cash-panel" data-testid="cash-panel">
      <h2>{t('tenderCash')}</h2>
      <p className="cash-due">
        {t('due')}: <bdi>{money(due, lang)}</bdi>
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t('cashTendered')}
          <input
            ref={input}
            className="amount-input"
            data-testid="cash-received"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
        </label>
        <div className="quick-cash">
          <button type="button" className="btn" data-testid="cash-quick-exact" onClick={() => set(plain(due.minor))}>
            {t('cashExact')}
          </button>
          {quickNotes(due.minor).map((n) => (
            <button key={n} type="button" className="btn" data-testid={`cash-quick-${n / 100}`} onClick={() => set(String(n / 100))}>
              <bdi>{money({ minor: n, currency: 'AED' }, lang)}</bdi>
            </button>
          ))}
        </div>
        <div className="change-large" data-testid="cash-change" aria-live="polite" hidden={!change}>
          {change ? t('cashChange', { change }) : ''}
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <KeyGrid prefix="cash-key" press={(k) => set(typed(text, k))} back={() => set(text.slice(0, -1))} backLabel={t('keypadBack')} />
        <div className="payment-actions">
          <button type="button" className="btn" onClick={() => openPanel('sale')}>
            {t('back')}
          </button>
          <button type="submit" className="btn primary" data-testid="cash-confirm">
            {t('cashConfirm')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function CardPanel() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const card = useCashier((s) => s.card);
  const openPanel = useCashier((s) => s.openPanel);
  const part = useCashier(nextPaymentMinor);
  const [approval, setApproval] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!sale) return null;
  const amount = { minor: part ?? sale.due.minor, currency: sale.due.currency };
  const submit = () => {
    const a = approval.trim();
    const l = last4.trim();
    if (l !== '' && !/^\d{4}$/.test(l)) return setError(t('cardLast4Invalid'));
    if (a !== '' && !/^[0-9A-Za-z]{1,12}$/.test(a)) return setError(t('cardApprovalInvalid'));
    setError(null);
    void card({ approvalCode: a || undefined, last4: l || undefined }, part);
  };
  return (
    <section className="tender-panel" data-testid="card-panel">
      <h2>{t('tenderCard')}</h2>
      <p className="payment-amount">
        {t('cardAmount')}: <bdi data-testid="card-amount">{money(amount, lang)}</bdi>
      </p>
      <form
        className="card-slip"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t('cardApproval')}
          <input data-testid="card-approval" autoComplete="off" maxLength={12} value={approval} onChange={(e) => setApproval(e.target.value.toUpperCase())} />
        </label>
        <label>
          {t('cardLast4')}
          <input data-testid="card-last4" inputMode="numeric" autoComplete="off" maxLength={4} value={last4} onChange={(e) => setLast4(e.target.value)} />
        </label>
        {error ? (
          <p className="error" role="alert" data-testid="card-error">
            {error}
          </p>
        ) : null}
        <div className="payment-actions">
          <button type="button" className="btn" onClick={() => openPanel('sale')}>
            {t('back')}
          </button>
          <button type="submit" className="btn primary" data-testid="card-confirm">
            {t('cardConfirm')}
          </button>
        </div>
      </form>
    </section>
  );
}
