// The questions around a sale: discard it, take cash as a part payment, recall a parked one.
import { useCashier, useT } from './context.ts';
import { dateTime, lineName, money } from '../i18n/i18n.ts';

export function DiscardDialog() {
  const t = useT();
  const open = useCashier((s) => s.confirmingDiscard);
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const yes = useCashier((s) => s.confirmDiscard);
  const no = useCashier((s) => s.dismissDiscard);
  const park = useCashier((s) => s.park);
  if (!open || !sale) return null;
  const items = sale.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="discard-title" data-testid="discard-confirm">
        <h2 id="discard-title">{t('discardTitle')}</h2>
        <p>{t('discardBody', { n: items, total: money(sale.total, lang) })}</p>
        <div className="dialog-actions">
          <button type="button" className="btn" autoFocus onClick={no}>
            {t('discardNo')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              no();
              void park();
            }}
          >
            {t('parkSale')}
          </button>
          <button type="button" className="btn danger" data-testid="confirm-discard" onClick={() => void yes()}>
            {t('discardYes')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function PartDialog() {
  const t = useT();
  const q = useCashier((s) => s.partQuestion);
  const lang = useCashier((s) => s.lang);
  const yes = useCashier((s) => s.confirmPart);
  const no = useCashier((s) => s.dismissPart);
  if (!q) return null;
  const now = money({ minor: q.tenderedMinor, currency: 'AED' }, lang);
  const rest = money({ minor: q.restMinor, currency: 'AED' }, lang);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="part-title" data-testid="part-question">
        <h2 id="part-title">{t('partTitle', { now, rest })}</h2>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={no}>
            {t('partNo')}
          </button>
          <button type="button" className="btn primary" data-testid="confirm-part" autoFocus onClick={() => void yes()}>
            {t('partYes', { now })}
          </button>
        </div>
      </div>
    </div>
  );
}

export function RecallDialog() {
  const t = useT();
  const parked = useCashier((s) => s.parked);
  const lang = useCashier((s) => s.lang);
  const recall = useCashier((s) => s.recall);
  const close = useCashier((s) => s.closeRecall);
  if (!parked) return null;
  return (
    <div className="dialog-backdrop">
      <div className="dialog recall" role="dialog" aria-modal="true" aria-labelledby="recall-title" data-testid="recall-list">
        <h2 id="recall-title">{t('parkedTitle')}</h2>
        {parked.length === 0 ? <p>{t('parkedNone')}</p> : null}
        <ul className="parked-list">
          {parked.map((s) => {
            const first = s.lines[0];
            return (
              <li key={s.id}>
                <button type="button" className="btn parked" data-testid="parked-sale" data-sale-id={s.id} onClick={() => void recall(s.id)}>
                  <bdi className="parked-time">{dateTime(s.parkedAt ?? s.createdAt, lang)}</bdi>
                  <span className="parked-first">
                    {first ? first.kind === 'product' ? <bdi>{first.name}</bdi> : lineName(first, lang) : ''}
                    {s.lines.length > 1 ? ` +${s.lines.length - 1}` : ''}
                  </span>
                  <bdi className="parked-total">{money(s.total, lang)}</bdi>
                </button>
              </li>
            );
          })}
        </ul>
        <div className="dialog-actions">
          <button type="button" className="btn" autoFocus onClick={close}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
