import { useCashier, useT } from './context.ts';
import { ShiftStatus } from './Shift.tsx';
import { PrinterStatus } from './PrinterStatus.tsx';
import { wordsForCode } from '../i18n/errors.ts';
import { paymentBlocked } from '../state/cashier.ts';
import { countText } from '../i18n/counted.ts';

export function StatusBar() {
  const t = useT();
  const status = useCashier((s) => s.status);
  const connected = useCashier((s) => s.connected);
  const lang = useCashier((s) => s.lang);
  const setLang = useCashier((s) => s.setLang);
  const newSale = useCashier((s) => s.newSale);
  // Leaving a sale whose payment may still take the money would hide its outcome from the cashier.
  const blocked = useCashier(paymentBlocked);
  const link = status?.link ?? 'unknown';
  const linkWords = link === 'online' ? t('linkOnline') : link === 'offline' ? t('linkOffline') : t('linkUnknown');
  const icon = link === 'online' ? '●' : link === 'offline' ? '⨯' : '…';
  return (
    <header className="status-bar" role="banner">
      <span className="brand">{t('appTitle')}</span>
      {status?.sandbox ? (
        <span className="sandbox-mark" data-testid="sandbox-mark" title={t('sandboxHint')}>
          {t('sandbox')}
        </span>
      ) : null}
      {status?.acquirerUnavailable ? (
        // Started without the acquirer's key (it does not open on this computer): the cashier must
        // know before offering Alipay that only cash and card can be taken.
        <span className="disconnected acquirer-unavailable" role="status" data-testid="acquirer-unavailable" data-code={status.acquirerUnavailable.code}>
          <span aria-hidden="true">⚠</span> {wordsForCode(status.acquirerUnavailable.code, lang) ?? status.acquirerUnavailable.message}
        </span>
      ) : (
        // No link is tried without the key: "Connecting…" would never end.
        <span className={`link link-${link}`} data-testid="link-status" data-link={link}>
          <span aria-hidden="true">{icon}</span> {linkWords}
        </span>
      )}
      {status && status.queueDepth > 0 ? (
        <span className="queue" data-testid="queue-depth">
          {countText(lang, 'queueWaiting', status.queueDepth)}
        </span>
      ) : null}
      {!connected ? (
        <span className="disconnected" role="alert">
          {t('hostDisconnected')}
        </span>
      ) : null}
      <ShiftStatus />
      <PrinterStatus />
      <span className="spacer" />
      <button type="button" className="btn" onClick={() => void newSale()} data-testid="new-sale" disabled={blocked} title={blocked ? t('newSaleBlocked') : undefined}>
        {t('newSale')}
      </button>
      <button type="button" className="btn" lang={lang === 'en' ? 'ar' : 'en'} onClick={() => setLang(lang === 'en' ? 'ar' : 'en')} data-testid="language-toggle">
        {t('language')}
      </button>
      <a className="btn" href="#/manager" data-testid="open-manager">
        {t('managerScreens')}
      </a>
      <a className="btn" href="#/installer" data-testid="open-installer">
        {t('setup')}
      </a>
    </header>
  );
}
