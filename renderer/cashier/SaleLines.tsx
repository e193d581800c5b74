import { useCashier, useT } from './context.ts';
import { lineName, money } from '../i18n/i18n.ts';
import { paymentBlocked } from '../state/cashier.ts';

export function SaleLines() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const setQuantity = useCashier((s) => s.setQuantity);
  const removeLine = useCashier((s) => s.removeLine);
  // The core refuses a change while a payment of the sale may still move money: offer none.
  const blocked = useCashier(paymentBlocked);
  const editable = sale?.status === 'open' && sale.paid.minor === 0 && !blocked;
  return (
    <section className="sale" aria-label={t('lines')} data-testid="sale-lines">
      <ol className="lines">
        {sale?.lines.length ? (
          sale.lines.map((l) => (
            <li key={l.id} className="line" data-testid="sale-line">
              <span className="line-name">{l.kind === 'product' ? <bdi>{l.name}</bdi> : lineName(l, lang)}</span>
              <span className="line-qty">
                {editable ? (
                  <button type="button" className="btn small" aria-label={t('decrease')} disabled={l.quantity <= 1} onClick={() => void setQuantity(l.id, l.quantity - 1)}>
                    −
                  </button>
                ) : null}
                <bdi>{l.quantity}</bdi>
                {editable ? (
                  <button type="button" className="btn small" aria-label={t('increase')} onClick={() => void setQuantity(l.id, l.quantity + 1)}>
                    +
                  </button>
                ) : null}
              </span>
              <bdi className="line-total">{money(l.total, lang)}</bdi>
              {editable ? (
                <button type="button" className="btn small danger" aria-label={`${t('remove')} ${lineName(l, lang)}`} onClick={() => void removeLine(l.id)}>
                  <span aria-hidden="true">✕</span>
                </button>
              ) : null}
            </li>
          ))
        ) : (
          <li className="empty">{t('noLines')}</li>
        )}
      </ol>
      <div className="totals">
        <div className="total-row">
          <span>{t('total')}</span>
          <bdi className="total" data-testid="sale-total" data-minor={sale?.total.minor ?? 0}>
            {money(sale?.total ?? { minor: 0, currency: 'AED' }, lang)}
          </bdi>
        </div>
        <div className="vat">{t('vatIncluded', { vat: money(sale?.vat ?? { minor: 0, currency: 'AED' }, lang) })}</div>
        {sale && sale.paid.minor > 0 ? (
          <div className="paid-row">
            <span>{t('paid')}</span> <bdi>{money(sale.paid, lang)}</bdi> · <span>{t('due')}</span> <bdi data-testid="sale-due">{money(sale.due, lang)}</bdi>
          </div>
        ) : null}
      </div>
    </section>
  );
}
