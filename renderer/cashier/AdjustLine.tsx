// A line's discount (percent or amount) or a new price. Above the installer's limit the dialog asks
// for a manager's name and PIN, and the core checks them; within it the cashier goes ahead alone.
import { useState } from 'react';
import type { SaleLineView } from '../../app/api/contract.ts';
import { MoneyError, parseAmount } from '../../app/domain/money.ts';
import { discountMinor, lineTotalMinor, reductionBasisPoints, type LineDiscount } from '../../app/domain/sale.ts';
import { CallError } from '../api/transport.ts';
import { useCashier, useCashierStore, useT, useTransport } from './context.ts';
import { lineName, money } from '../i18n/i18n.ts';
import { errorWords } from '../i18n/errors.ts';

type Mode = 'percent' | 'amount' | 'price';

/** "12.5" → 1250 hundredths of a percent; null when it is not a percentage with at most two decimals. */
function percentHundredths(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return v > 0 && v <= 10_000 ? v : null;
}

export function AdjustLineDialog({ line, onClose }: { line: SaleLineView; onClose: () => void }) {
  const t = useT();
  const lang = useCashier((s) => s.lang);
  const sale = useCashier((s) => s.sale);
  const limit = useCashier((s) => s.status?.discountLimitBasisPoints ?? 1_000);
  const transport = useTransport();
  const store = useCashierStore();
  const [mode, setMode] = useState<Mode>('percent');
  const [value, setValue] = useState('');
  const [manager, setManager] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!sale) return null;
  const listUnit = line.listUnitPrice?.minor ?? line.unitPrice.minor;
  const listTotal = lineTotalMinor({ unitPriceMinor: listUnit, quantity: line.quantity });

  // What the line becomes, computed as the core does, so the screen knows when to ask for a manager.
  let unit = line.unitPrice.minor;
  let discount: LineDiscount | null = line.discount ? { kind: line.discount.kind, value: line.discount.value } : null;
  let valid = false;
  try {
    if (mode === 'percent') {
      const p = percentHundredths(value);
      if (p !== null) {
        discount = { kind: 'percent', value: p };
        valid = true;
      }
    } else if (value.trim() !== '') {
      const m = parseAmount(value, 'AED').minor;
      if (mode === 'amount' && m > 0) {
        discount = { kind: 'amount', value: m };
        valid = true;
      }
      if (mode === 'price' && m >= 0) {
        unit = m;
        valid = true;
      }
    }
  } catch (err) {
    if (!(err instanceof MoneyError)) throw err;
  }
  const gross = lineTotalMinor({ unitPriceMinor: unit, quantity: line.quantity });
  const net = gross - discountMinor(gross, discount);
  const needsManager = valid && reductionBasisPoints(listTotal, net) > limit;

  const apply = async (input: { priceMinor?: number; discount?: LineDiscount | null }) => {
    setBusy(true);
    try {
      const next = await transport.call('sale.adjustLine', {
        saleId: sale.id,
        lineId: line.id,
        ...input,
        ...(needsManager || (input.discount === null && manager) ? { manager: { name: manager.trim(), pin } } : {}),
      });
      store.setState({ sale: next, notice: null });
      onClose();
    } catch (err) {
      const e = err instanceof CallError ? err : null;
      setError(errorWords(lang, e?.code ?? 'INTERNAL', e?.message ?? String(err)));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    if (!valid) return setError(errorWords(lang, 'INVALID_DISCOUNT', 'Enter a discount above zero, or a price.'));
    if (needsManager && (!manager.trim() || !/^\d{4,8}$/.test(pin))) return setError(t('adjustNeedsManager'));
    void apply(mode === 'price' ? { priceMinor: unit } : { discount });
  };
  const modes: [Mode, string][] = [
    ['percent', t('adjustPercent')],
    ['amount', t('adjustAmount')],
    ['price', t('adjustPrice')],
  ];
  return (
    <div className="dialog-backdrop">
      <div className="dialog adjust" role="dialog" aria-modal="true" aria-labelledby="adjust-title" data-testid="adjust-dialog">
        <h2 id="adjust-title">
          {t('adjustTitle')}: {line.kind === 'product' ? <bdi>{line.name}</bdi> : lineName(line, lang)}
        </h2>
        <p>
          {t('adjustListed')} <bdi>{money({ minor: listTotal, currency: 'AED' }, lang)}</bdi>
        </p>
        <div className="adjust-modes" role="radiogroup">
          {modes.map(([m, label]) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} className={`btn${mode === m ? ' primary' : ''}`} data-testid={`adjust-mode-${m}`} onClick={() => setMode(m)}>
              {label}
            </button>
          ))}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label>
            {mode === 'percent' ? t('adjustPercentValue') : mode === 'amount' ? t('adjustAmountValue') : t('adjustPriceValue')}
            <input className="amount-input" data-testid="adjust-value" inputMode="decimal" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
          {valid ? (
            <p className="adjust-preview" data-testid="adjust-preview">
              {t('adjustNew')} <bdi>{money({ minor: net, currency: 'AED' }, lang)}</bdi>
            </p>
          ) : null}
          {needsManager ? (
            <fieldset className="adjust-manager" data-testid="adjust-manager">
              <legend>{t('adjustNeedsManager')}</legend>
              <label>
                {t('adjustManagerName')}
                <input data-testid="adjust-manager-name" autoComplete="off" value={manager} onChange={(e) => setManager(e.target.value)} />
              </label>
              <label>
                {t('adjustManagerPin')}
                <input data-testid="adjust-manager-pin" type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value)} />
              </label>
            </fieldset>
          ) : null}
          {error ? (
            <p className="error" role="alert" data-testid="adjust-error">
              {error}
            </p>
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('back')}
            </button>
            {line.discount || line.listUnitPrice ? (
              <button
                type="button"
                className="btn"
                data-testid="adjust-clear"
                disabled={busy}
                onClick={() => void apply({ discount: null, ...(line.listUnitPrice ? { priceMinor: line.listUnitPrice.minor } : {}) })}
              >
                {t('adjustClear')}
              </button>
            ) : null}
            <button type="submit" className="btn primary" data-testid="adjust-confirm" disabled={busy}>
              {t('adjustConfirm')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
