// Beside the takings: how the period compares with the same weekday(s) last week and with the
// period just before, the best-selling products, and refunds and voids per cashier.
import { useEffect, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import type { InsightsView } from '../../app/api/manager.ts';
import type { Money } from '../../app/domain/money.ts';
import { money } from '../i18n/i18n.ts';
import { useWords } from './words.tsx';

/** "+12 %" / "−30 %" / "—" when there is nothing to compare with. */
function change(now: Money, then: Money): string {
  if (then.minor === 0) return '—';
  const pct = Math.round(((now.minor - then.minor) * 100) / then.minor);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %`;
}

export function Insights({ transport, session, from, to, version }: { transport: Transport; session: string; from: string; to: string; version: unknown }) {
  const { t, lang } = useWords();
  const [i, setI] = useState<InsightsView | null>(null);
  useEffect(() => {
    let live = true;
    transport.call('report.insights', { session, from, to }).then(
      (r) => live && setI(r),
      () => live && setI(null),
    );
    return () => {
      live = false;
    };
  }, [transport, session, from, to, version]);
  if (!i) return null;
  const row = (key: 'lastWeek' | 'previous', label: string) => {
    const p = i[key];
    return (
      <tr data-testid={`insights-${key}`} data-gross={p.gross.minor}>
        <th>
          {label} <bdi className="manager-hint">{p.from === p.to ? p.from : `${p.from} – ${p.to}`}</bdi>
        </th>
        <td>
          <bdi>{money(p.gross, lang)}</bdi>
        </td>
        <td>
          <bdi>{money(p.net, lang)}</bdi>
        </td>
        <td>
          <bdi dir="ltr">{change(i.current.gross, p.gross)}</bdi>
        </td>
      </tr>
    );
  };
  return (
    <div data-testid="takings-insights" className="manager-insights">
      <table>
        <caption>{t('compare')}</caption>
        <thead>
          <tr>
            <th />
            <th>{t('gross')}</th>
            <th>{t('net')}</th>
            <th>{t('grossChange')}</th>
          </tr>
        </thead>
        <tbody>
          {row('lastWeek', t('lastWeek'))}
          {row('previous', t('previousPeriod'))}
        </tbody>
      </table>
      <table data-testid="insights-top">
        <caption>{t('topProducts')}</caption>
        <tbody>
          {i.topProducts.length === 0 && (
            <tr>
              <td>{t('noCashier')}</td>
            </tr>
          )}
          {i.topProducts.map((p) => (
            <tr key={`${p.ean ?? ''}|${p.name}`} data-testid="insights-product">
              <th>
                <bdi>{p.name}</bdi>
              </th>
              <td>× {p.quantity}</td>
              <td>
                <bdi>{money(p.total, lang)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {i.byCashier.length > 0 && (
        <table data-testid="insights-cashiers">
          <caption>{t('refundsVoidsByCashier')}</caption>
          <thead>
            <tr>
              <th>{t('cashier')}</th>
              <th>{t('voidsCol')}</th>
              <th>{t('refunds')}</th>
            </tr>
          </thead>
          <tbody>
            {i.byCashier.map((c) => (
              <tr key={c.cashierId ?? ''} data-testid="insights-cashier" data-voids={c.voids} data-refunds={c.refunds}>
                <th>
                  <bdi>{c.cashierId === null ? t('nobodySignedIn') : c.name}</bdi>
                </th>
                <td>{c.voids}</td>
                <td>
                  {c.refunds} · <bdi>{money(c.refunded, lang)}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
