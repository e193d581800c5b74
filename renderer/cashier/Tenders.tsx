import { useCashierBlocked } from './selectors.ts';
import { useCashier, useT } from './context.ts';
import { nextPaymentMinor } from '../state/cashier.ts';
import { money } from '../i18n/i18n.ts';

export function Tenders() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const blocked = useCashierBlocked();
  const waitForCode = useCashier((s) => s.waitForCode);
  const showQr = useCashier((s) => s.showQr);
  const openPanel = useCashier((s) => s.openPanel);
  const busy = useCashier((s) => s.busy);
  const partMode = useCashier((s) => s.partMode);
  const togglePartMode = useCashier((s) => s.togglePartMode);
  const part = useCashier(nextPaymentMinor);
  // Started without the acquirer's key: an Alipay button that can only be refused wastes the
  // customer's time at the counter, so it is off and the hint says what can be taken instead.
  const noWallet = useCashier((s) => s.status?.acquirerUnavailable?.code ?? null);
  const nothing = !sale || sale.status !== 'open' || sale.due.minor <= 0;
  const disabled = nothing || blocked || busy;
  const paying = sale ? { minor: part ?? sale.due.minor, currency: sale.due.currency } : null;
  return (
    <section className="tenders" aria-label={t('tenders')}>
      {paying && !nothing ? (
        <p className="paying" data-testid="paying-now" data-minor={paying.minor}>
          {t('payingNow', { amount: money(paying, lang) })}
        </p>
      ) : null}
      <button type="button" className="btn tender wallet" data-testid="tender-wallet-scan" disabled={disabled || noWallet !== null} onClick={waitForCode}>
        <span aria-hidden="true">▥</span> {t('tenderWalletScan')}
      </button>
      <button type="button" className="btn tender wallet" data-testid="tender-wallet-qr" disabled={disabled || noWallet !== null} onClick={() => void showQr()}>
        <span aria-hidden="true">▦</span> {t('tenderWalletQr')}
      </button>
      <button type="button" className="btn tender" data-testid="tender-cash" disabled={disabled} onClick={() => openPanel('cash')}>
        <span aria-hidden="true">¤</span> {t('tenderCash')}
      </button>
      <button type="button" className="btn tender" data-testid="tender-card" disabled={disabled} onClick={() => openPanel('card')}>
        <span aria-hidden="true">▭</span> {t('tenderCard')}
      </button>
      {!nothing && sale && sale.paid.minor === 0 ? (
        <button type="button" className="btn part-toggle" data-testid="tender-part" aria-pressed={partMode} disabled={disabled} onClick={togglePartMode}>
          {partMode ? t('payPartOff') : t('payPart')}
        </button>
      ) : null}
      {blocked ? <p className="hint">{t('tenderBlocked')}</p> : nothing && sale?.status === 'open' ? <p className="hint">{t('nothingDue')}</p> : null}
      {noWallet ? (
        <p className="hint" data-testid="wallet-unavailable-hint">
          <span aria-hidden="true">⚠</span> {t(noWallet === 'JOURNAL_FILE_REPLACED' ? 'walletStoppedJournal' : 'walletUnavailable')}
        </p>
      ) : null}
    </section>
  );
}
