// The chain owner's page: sign in with the admin token, then today's (or a range's) takings for the
// whole chain — by store, till, hour, tender and wallet — the stores side by side, and the fleet:
// which till is behind, silent, holding payments in doubt, or whose log was tampered with.
import { useCallback, useEffect, useState } from 'react';
import { formatMoney, money } from '../../app/domain/money.ts';
import type { TerminalHealth } from '../../app/api/hq.ts';
import { dubaiToday, HqHttpError, hqGet, loadDashboard, type Dashboard } from './api.ts';
import { HourChart, StoresChart, TenderChart, tenderLabel } from './Charts.tsx';
import { word, type Lang, type WordKey } from './words.ts';

const TOKEN_KEY = 'souq-hq-token';
const LANG_KEY = 'souq-hq-lang';
const REFRESH_MS = 15_000;
/** A till silent for longer than this is flagged: it sells without HQ seeing it. */
const SILENT_MS = 15 * 60_000;

function store(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function aed(fils: number, lang: Lang): string {
  return formatMoney(money(fils, 'AED'), lang === 'ar' ? 'ar-AE' : 'en-AE');
}

function ago(iso: string | null, now: number, lang: Lang): string {
  if (!iso) return word(lang, 'never');
  const ms = now - Date.parse(iso);
  if (ms < 60_000) return word(lang, 'justNow');
  if (ms < 3_600_000) return word(lang, 'minutesAgo', { n: Math.floor(ms / 60_000) });
  if (ms < 86_400_000) return word(lang, 'hoursAgo', { n: Math.floor(ms / 3_600_000) });
  return word(lang, 'daysAgo', { n: Math.floor(ms / 86_400_000) });
}

function SignIn({ lang, onLang, onToken, error }: { lang: Lang; onLang: () => void; onToken: (t: string) => void; error: string | null }) {
  const [value, setValue] = useState('');
  return (
    <main className="hq-signin">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <h1>{word(lang, 'signInTitle')}</h1>
        <p>{word(lang, 'signInHelp')}</p>
        <label>
          {word(lang, 'token')}
          <input data-testid="hq-token" type="password" autoComplete="off" dir="ltr" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
        </label>
        {error && (
          <p role="alert" className="hq-error" data-testid="hq-signin-error">
            {error}
          </p>
        )}
        <div className="hq-row">
          <button type="submit" data-testid="hq-signin">
            {word(lang, 'signIn')}
          </button>
          <button type="button" className="hq-link" onClick={onLang} data-testid="hq-lang">
            {word(lang, 'other')}
          </button>
        </div>
      </form>
    </main>
  );
}

function Kpi({ label, value, testid, minor }: { label: string; value: string; testid: string; minor?: number }) {
  return (
    <div className="hq-kpi" data-testid={testid} data-minor={minor}>
      <span>{label}</span>
      <strong>
        <bdi>{value}</bdi>
      </strong>
    </div>
  );
}

function FleetTable({ fleet, lang, now }: { fleet: TerminalHealth[]; lang: Lang; now: number }) {
  if (fleet.length === 0) return <p>{word(lang, 'noTills')}</p>;
  const h = (k: WordKey) => <th>{word(lang, k)}</th>;
  return (
    <table className="hq-table hq-fleet" data-testid="hq-fleet">
      <thead>
        <tr>
          {h('store')}
          {h('terminal')}
          {h('lastContact')}
          {h('lag')}
          {h('journal')}
          {h('unknown')}
          {h('attention')}
          <th aria-label="status" />
        </tr>
      </thead>
      <tbody>
        {fleet.map((t) => {
          const silent = !t.lastContactAt || now - Date.parse(t.lastContactAt) > SILENT_MS;
          const state = t.tampered ? 'tampered' : t.lagEvents > 0 || silent ? 'behind' : t.unknownPayments + t.attentionPayments > 0 ? 'attention' : 'ok';
          return (
            <tr key={`${t.storeId}/${t.terminalId}`} data-state={state} data-testid={`hq-fleet-${t.storeId}-${t.terminalId}`}>
              <td>{t.storeId}</td>
              <td>{t.terminalId}</td>
              <td className={silent ? 'hq-warn' : undefined}>{ago(t.lastContactAt, now, lang)}</td>
              <td className={t.lagEvents > 0 ? 'hq-warn' : undefined}>{t.lagEvents > 0 ? word(lang, 'events', { n: t.lagEvents }) : word(lang, 'upToDate')}</td>
              <td>{t.journalQueue}</td>
              <td className={t.unknownPayments > 0 ? 'hq-warn' : undefined}>{t.unknownPayments}</td>
              <td className={t.attentionPayments > 0 ? 'hq-bad' : undefined}>{t.attentionPayments}</td>
              <td>
                {t.tampered ? (
                  <span className="hq-badge hq-badge-bad" title={t.tamperedReason ?? ''}>
                    {word(lang, 'tampered')}
                  </span>
                ) : (
                  <span className={`hq-badge ${state === 'ok' ? 'hq-badge-ok' : 'hq-badge-warn'}`}>{state === 'ok' ? word(lang, 'ok') : silent ? word(lang, 'behindSince', { ago: ago(t.lastContactAt, now, lang) }) : word(lang, 'lag')}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function StoresTable({ data, lang }: { data: Dashboard; lang: Lang }) {
  const h = (k: WordKey) => <th>{word(lang, k)}</th>;
  return (
    <table className="hq-table" data-testid="hq-stores">
      <thead>
        <tr>
          {h('store')}
          {h('terminal')}
          {h('sales')}
          {h('gross')}
          {h('refunds')}
          {h('net')}
        </tr>
      </thead>
      <tbody>
        {data.takings.stores.flatMap((s) => [
          <tr key={s.storeId} className="hq-store-row" data-testid={`hq-store-${s.storeId}`} data-net={s.net}>
            <td>{s.storeId}</td>
            <td />
            <td>{s.sales}</td>
            <td><bdi>{aed(s.gross, lang)}</bdi></td>
            <td><bdi>{aed(s.refunds, lang)}</bdi></td>
            <td><bdi>{aed(s.net, lang)}</bdi></td>
          </tr>,
          ...s.terminals.map((t) => (
            <tr key={`${s.storeId}/${t.terminalId}`}>
              <td />
              <td>{t.terminalId}</td>
              <td>{t.sales}</td>
              <td><bdi>{aed(t.gross, lang)}</bdi></td>
              <td><bdi>{aed(t.refunds, lang)}</bdi></td>
              <td><bdi>{aed(t.net, lang)}</bdi></td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}

export function HqApp() {
  const [lang, setLang] = useState<Lang>(() => (store()?.getItem(LANG_KEY) === 'ar' ? 'ar' : 'en'));
  const [token, setToken] = useState<string | null>(() => store()?.getItem(TOKEN_KEY) ?? null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [mode, setMode] = useState<'today' | 'range'>('today');
  const [from, setFrom] = useState(dubaiToday());
  const [to, setTo] = useState(dubaiToday());
  const [storeId, setStoreId] = useState('');
  const [data, setData] = useState<Dashboard | null>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = word(lang, 'title');
    store()?.setItem(LANG_KEY, lang);
  }, [lang]);
  const toggleLang = () => setLang((l) => (l === 'en' ? 'ar' : 'en'));

  const signIn = async (t: string) => {
    try {
      await hqGet(t, '/v1/admin/check');
      store()?.setItem(TOKEN_KEY, t);
      setSignInError(null);
      setToken(t);
    } catch (err) {
      setSignInError(err instanceof HqHttpError && err.status === 401 ? word(lang, 'wrongToken') : word(lang, 'unreachable', { time: '—' }));
    }
  };
  const signOut = () => {
    store()?.removeItem(TOKEN_KEY);
    setToken(null);
    setData(null);
  };

  const period = mode === 'today' ? { from: dubaiToday(), to: dubaiToday() } : { from, to };
  const refresh = useCallback(async () => {
    if (!token) return;
    try {
      const d = await loadDashboard(token, period.from, period.to, storeId);
      setData(d);
      setLoadedAt(Date.now());
      setFailed(false);
    } catch (err) {
      if (err instanceof HqHttpError && err.status === 401) signOut();
      else setFailed(true);
    }
  }, [token, period.from, period.to, storeId]);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  if (!token) return <SignIn lang={lang} onLang={toggleLang} onToken={(t) => void signIn(t)} error={signInError} />;

  const now = Date.now();
  const total = data?.takings.total;
  const stores = [...new Set((data?.fleet ?? []).map((t) => t.storeId))];
  const behind = (data?.fleet ?? []).filter((t) => t.tampered || t.lagEvents > 0 || !t.lastContactAt || now - Date.parse(t.lastContactAt) > SILENT_MS).length;
  return (
    <div className="hq-app" data-testid="hq-dashboard">
      <header className="hq-header">
        <h1>{word(lang, 'title')}</h1>
        <div className="hq-controls">
          <div className="hq-seg" role="group">
            <button type="button" aria-pressed={mode === 'today'} onClick={() => setMode('today')} data-testid="hq-today">
              {word(lang, 'today')}
            </button>
            <button type="button" aria-pressed={mode === 'range'} onClick={() => setMode('range')} data-testid="hq-range">
              {word(lang, 'range')}
            </button>
          </div>
          {mode === 'range' && (
            <>
              <label>
                {word(lang, 'from')} <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid="hq-from" />
              </label>
              <label>
                {word(lang, 'to')} <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="hq-to" />
              </label>
            </>
          )}
          <select value={storeId} onChange={(e) => setStoreId(e.target.value)} aria-label={word(lang, 'store')} data-testid="hq-store-filter">
            <option value="">{word(lang, 'allStores')}</option>
            {stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button type="button" className="hq-link" onClick={toggleLang} data-testid="hq-lang">
            {word(lang, 'other')}
          </button>
          <button type="button" className="hq-link" onClick={signOut}>
            {word(lang, 'signOut')}
          </button>
        </div>
      </header>
      {failed && (
        <p role="alert" className="hq-error">
          {word(lang, 'unreachable', { time: loadedAt ? new Date(loadedAt).toLocaleTimeString(lang === 'ar' ? 'ar-AE-u-nu-latn' : 'en-AE', { timeZone: 'Asia/Dubai' }) : '—' })}
        </p>
      )}
      {data && total && (
        <>
          <section className="hq-kpis" aria-label={word(lang, 'chain')}>
            <Kpi label={word(lang, 'gross')} value={aed(total.gross, lang)} testid="hq-total-gross" minor={total.gross} />
            <Kpi label={word(lang, 'refunds')} value={aed(total.refunds, lang)} testid="hq-total-refunds" minor={total.refunds} />
            <Kpi label={word(lang, 'net')} value={aed(total.net, lang)} testid="hq-total-net" minor={total.net} />
            <Kpi label={word(lang, 'sales')} value={String(total.sales)} testid="hq-total-sales" />
            <Kpi label={word(lang, 'fleet')} value={`${data.fleet.length - behind}/${data.fleet.length} ${word(lang, 'ok')}`} testid="hq-fleet-ok" />
          </section>
          <section className="hq-grid">
            <figure className="hq-card">
              <figcaption>{word(lang, 'byHour')}</figcaption>
              <div className="hq-chart">
                <HourChart breakdown={data.breakdown} lang={lang} />
              </div>
            </figure>
            <figure className="hq-card">
              <figcaption>{word(lang, 'byTender')}</figcaption>
              <div className="hq-chart" style={{ height: Math.max(170, 60 + 30 * data.breakdown.byTender.length) }}>
                <TenderChart breakdown={data.breakdown} lang={lang} />
              </div>
              <table className="hq-sr">
                <tbody>
                  {data.breakdown.byTender.map((t) => (
                    <tr key={`${t.tender}:${t.wallet}`}>
                      <th>{tenderLabel(t, lang)}</th>
                      <td>{aed(t.amount, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
            <figure className="hq-card">
              <figcaption>{word(lang, 'storesSideBySide')}</figcaption>
              <div className="hq-chart">
                <StoresChart stores={data.takings.stores} lang={lang} />
              </div>
            </figure>
          </section>
          <section className="hq-card">
            <h2>{word(lang, 'fleet')}</h2>
            <FleetTable fleet={data.fleet} lang={lang} now={now} />
          </section>
          <section className="hq-card">
            <h2>{word(lang, 'storesTable')}</h2>
            <StoresTable data={data} lang={lang} />
          </section>
        </>
      )}
    </div>
  );
}
