import { useCashierBlocked } from './selectors.ts';
import { useCashier, useT } from './context.ts';

export function Tenders() {
  const t = useT();
  const sale = useCashier((s) => s.sale);
  const blocked = useCashierBlocked();
  const waitForCode = useCashier((s) => s.waitForCode);
  const showQr = useCashier((s) => s.showQr);
  const openPanel = useCashier((s) => s.openPanel);
  const busy = useCashier((s) => s.busy);
  // Started without the acquirer's key: an Alipay button that can only be refused wastes the
  // customer's time at the counter, so it is off and the hint says what can be taken instead.
  const noWallet = useCashier((s) => s.status?.acquirerUnavailable?.code ?? null);
  const nothing = !sale || sale.status !== 'open' || sale.due.minor <= 0;
  const disabled = nothing || blocked || busy;
  return (
    <section className="tenders" aria-label={t('tenders')}>
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
      {blocked ? <p className="hint">{t('tenderBlocked')}</p> : nothing && sale?.status === 'open' ? <p className="hint">{t('nothingDue')}</p> : null}
      {noWallet ? (
        <p className="hint" data-testid="wallet-unavailable-hint">
          <span aria-hidden="true">⚠</span> {t(noWallet === 'JOURNAL_FILE_REPLACED' ? 'walletStoppedJournal' : 'walletUnavailable')}
        </p>
      ) : null}
    </section>
  );
}
