import { useState } from 'react';
import { useCashier, useT } from './context.ts';
import { AdjustLineDialog } from './AdjustLine.tsx';
import { lineAdjustmentWords } from '../receipt/lineWords.ts';
import { lineName, money } from '../i18n/i18n.ts';
import { paymentBlocked } from '../state/cashier.ts';
import { walletBrand } from '../../app/domain/wallets.ts';
import type { TenderView } from '../../app/api/contract.ts';
import type { MessageKey } from '../i18n/en.ts';

const TENDER_WORDS = { cash: 'tenderCash', card: 'tenderCard', wallet: 'wallet' } as const satisfies Record<TenderView['kind'], MessageKey>;

/** Park and Recall: always at hand above the lines, whatever panel is open on the right (New sale is on the status bar). */
function SaleBar() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const busy = useCashier((s) => s.busy);
  const blocked = useCashier(paymentBlocked);
  const park = useCashier((s) => s.park);
  const openRecall = useCashier((s) => s.openRecall);
  const canPark = !!sale && sale.status === 'open' && sale.lines.length > 0 && sale.tenders.length === 0 && !blocked;
  return (
    <div className="sale-bar">
      <button type="button" className="btn" data-testid="park-sale" disabled={busy || !canPark} onClick={() => void park()}>
        <span aria-hidden="true">‖</span> {t('parkSale')}
      </button>
      <button type="button" className="btn" data-testid="recall-sale" disabled={busy || blocked || (!!sale && sale.tenders.length > 0 && sale.status === 'open')} onClick={() => void openRecall()}>
        <span aria-hidden="true">↩</span> {t('recallSale')}
      </button>
    </div>
  );
}

export function SaleLines() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const setQuantity = useCashier((s) => s.setQuantity);
  const removeLine = useCashier((s) => s.removeLine);
  // The core refuses a change while a payment of the sale may still move money: offer none.
  const blocked = useCashier(paymentBlocked);
  const editable = sale?.status === 'open' && sale.paid.minor === 0 && !blocked;
  const [adjusting, setAdjusting] = useState<number | null>(null);
  const adjustLine = sale?.lines.find((l) => l.id === adjusting) ?? null;
  return (
    <section className="sale" aria-label={t('lines')} data-testid="sale-lines">
      <SaleBar />
      <ol className="lines">
        {sale?.lines.length ? (
          sale.lines.map((l) => (
            <li key={l.id} className="line" data-testid="sale-line">
              <span className="line-name">
                {l.kind === 'product' ? <bdi>{l.name}</bdi> : lineName(l, lang)}
                {lineAdjustmentWords(l, lang) ? (
                  <small className="line-note" data-testid="line-note">
                    {lineAdjustmentWords(l, lang)}
                  </small>
                ) : null}
              </span>
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
                <button type="button" className="btn small" data-testid="line-adjust" aria-label={`${t('lineAdjust')} ${lineName(l, lang)}`} onClick={() => setAdjusting(l.id)}>
                  <span aria-hidden="true">%</span>
                </button>
              ) : null}
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
        {sale && sale.tenders.length > 0 ? (
          <ul className="paid-by" data-testid="sale-tenders">
            {sale.tenders.map((tn) => (
              <li key={tn.id} data-kind={tn.kind}>
                <span>
                  {t('paidBy')} · {tn.kind === 'wallet' ? <bdi>{walletBrand(tn.wallet?.pspName) ?? t('wallet')}</bdi> : t(TENDER_WORDS[tn.kind])}
                </span>
                <bdi>{money(tn.amount, lang)}</bdi>
              </li>
            ))}
          </ul>
        ) : null}
        {sale && sale.status === 'open' && sale.total.minor > 0 ? (
          <div className="due-row">
            <span>{t('stillDue')}</span>
            <bdi data-testid="sale-due" data-minor={sale.due.minor}>
              {money(sale.due, lang)}
            </bdi>
          </div>
        ) : null}
      </div>
      {adjustLine && editable ? <AdjustLineDialog line={adjustLine} onClose={() => setAdjusting(null)} /> : null}
    </section>
  );
}
