import { useState } from 'react';
import { MoneyError, parseAmount } from '../../app/domain/money.ts';
import { useCashier, useT } from './context.ts';
import { money } from '../i18n/i18n.ts';
import { errorWords } from '../i18n/errors.ts';

export function CashPanel() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const cash = useCashier((s) => s.cash);
  const openPanel = useCashier((s) => s.openPanel);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!sale) return null;
  const submit = () => {
    try {
      const m = parseAmount(text || '0', 'AED');
      if (m.minor < sale.due.minor) return setError(t('cashTooLittle'));
      setError(null);
      void cash(m.minor);
    } catch (err) {
      setError(err instanceof MoneyError ? errorWords(lang, err.code, err.message) : errorWords(lang, 'INVALID_AMOUNT', String(err)));
    }
  };
  let change: string | null = null;
  try {
    const m = parseAmount(text, 'AED');
    if (m.minor >= sale.due.minor) change = money({ minor: m.minor - sale.due.minor, currency: 'AED' }, lang);
  } catch {
    change = null;
  }
  return (
    <section className="tender-panel" data-testid="cash-panel">
      <h2>{t('tenderCash')}</h2>
      <p>
        {t('due')}: <bdi>{money(sale.due, lang)}</bdi>
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label>
          {t('cashTendered')}
          <input className="amount-input" data-testid="cash-tendered" inputMode="decimal" autoFocus value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        {change ? (
          <p className="change" data-testid="cash-change">
            {t('cashChange', { change })}
          </p>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
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
  if (!sale) return null;
  return (
    <section className="tender-panel" data-testid="card-panel">
      <h2>{t('tenderCard')}</h2>
      <p className="payment-amount">
        <bdi>{money(sale.due, lang)}</bdi>
      </p>
      <div className="payment-actions">
        <button type="button" className="btn" onClick={() => openPanel('sale')}>
          {t('back')}
        </button>
        <button type="button" className="btn primary" data-testid="card-confirm" onClick={() => void card()}>
          {t('cardConfirm')}
        </button>
      </div>
    </section>
  );
}
