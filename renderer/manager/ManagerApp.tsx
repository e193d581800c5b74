// The manager screens (#/manager): sign in with a manager PIN, then the takings of a day or a range
// with the hourly chart (printable: the browser's print dialog saves it as PDF; or as CSV), the
// payments needing attention (Attention.tsx), refunds and voids (Refunds.tsx) and the day close
// with the acquirer check and the Z reports (DayClose.tsx). English or Arabic (right to left).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Transport } from '../api/transport.ts';
import { CallError } from '../api/transport.ts';
import type { ManagerSessionView, TakingsView } from '../../app/api/manager.ts';
import { businessDay } from '../../app/domain/time.ts';
import { dirOf, type Lang } from '../i18n/i18n.ts';
import { managerText } from '../i18n/manager.ts';
import { Attention } from './Attention.tsx';
import { DayClose } from './DayClose.tsx';
import { Refunds } from './Refunds.tsx';
import { Setup, Staff } from './Staff.tsx';
import { Transactions } from './Transactions.tsx';
import { Catalogue } from './Catalogue.tsx';
import { HeaderContext } from './ReportHeader.tsx';
import { PeriodPicker, Takings, type Period } from './Takings.tsx';
import { LangContext, saidOf, SaidText, useWords, type Said } from './words.tsx';
import './manager.css';

function LanguageToggle({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <button type="button" className="manager-no-print" data-testid="manager-language" lang={lang === 'en' ? 'ar' : 'en'} onClick={() => setLang(lang === 'en' ? 'ar' : 'en')}>
      {managerText(lang, 'language')}
    </button>
  );
}

function SignIn({ transport, onSignedIn }: { transport: Transport; onSignedIn: (s: ManagerSessionView) => void }) {
  const { t, lang } = useWords();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<Said | null>(null);
  return (
    <form
      data-testid="manager-signin"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        transport.call('manager.signIn', { name, pin }).then(onSignedIn, (err: unknown) => {
          setPin('');
          setError(saidOf(err, lang));
        });
      }}
    >
      <h1>{t('manager')}</h1>
      <label>
        {t('name')} <input data-testid="manager-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" />
      </label>
      <label>
        {t('pin')} <input data-testid="manager-pin" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="current-password" />
      </label>
      <button type="submit" data-testid="manager-signin-submit">
        {t('signIn')}
      </button>
      {error && (
        <p role="alert" data-testid="manager-error" data-code={error.code ?? undefined}>
          <SaidText said={error} lang={lang} />
        </p>
      )}
    </form>
  );
}

export function ManagerApp({ transport }: { transport: Transport }) {
  const [lang, setLang] = useState<Lang>('en');
  const [session, setSession] = useState<ManagerSessionView | null>(null);
  // A fresh terminal (nobody at all) opens the setup instead of a sign-in nobody could pass.
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [firstRun, setFirstRun] = useState(false);
  const [storeName, setStoreName] = useState('');
  useEffect(() => {
    transport.call('settings.display', {}).then(
      (d) => setStoreName(d.storeName),
      () => setStoreName(''),
    );
  }, [transport]);
  // A sale opened from the transaction list, shown in Refunds (seq: open the same one again).
  const [openSale, setOpenSale] = useState<{ invoiceNo: number; seq: number } | null>(null);
  useEffect(() => {
    if (session) return;
    transport.call('manager.setupNeeded', {}).then(
      (r) => setSetupNeeded(r.needed),
      () => setSetupNeeded(false),
    );
  }, [transport, session]);
  const [period, setPeriod] = useState<Period>(() => ({ kind: 'day', date: businessDay(new Date()) }));
  // The X and Z are not for a day: they cover everything since the previous Z.
  const choose = useCallback((p: Period) => setPeriod(p), []);
  const [takings, setTakings] = useState<TakingsView | null>(null);
  const [error, setError] = useState<Said | null>(null);
  // Read at call time: a language switch needs no new figures, so refresh does not depend on it.
  const langNow = useRef(lang);
  langNow.current = lang;
  // Only the latest read is shown: an older one (another day, or before a refund) may answer last.
  const latest = useRef(0);
  const refresh = useCallback(() => {
    if (!session) return;
    const s = session.session;
    const mine = ++latest.current;
    const read = period.kind === 'day' ? transport.call('report.day', { session: s, date: period.date }) : transport.call('report.range', { session: s, from: period.from, to: period.to });
    read.then(
      (t) => {
        if (mine !== latest.current) return;
        setTakings(t);
        setError(null);
      },
      (err: unknown) => {
        if (mine !== latest.current) return;
        if (err instanceof CallError && err.code === 'NOT_ALLOWED') setSession(null);
        setError(saidOf(err, langNow.current));
      },
    );
  }, [session, transport, period]);
  useEffect(refresh, [refresh]);
  // Sales paid at the till, payments settling and refunds leaving the queue move the figures while
  // this screen is open: read them again, once for a burst of events (a sale sends one per line).
  useEffect(() => {
    if (!session) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = transport.subscribe((ev) => {
      if ((ev.type !== 'sale' && ev.type !== 'attempt' && ev.type !== 'queue') || timer) return;
      timer = setTimeout(() => {
        timer = null;
        refresh();
      }, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [session, transport, refresh]);
  return (
    <LangContext.Provider value={lang}>
      <HeaderContext.Provider value={session ? { store: storeName, terminalId: session.terminalId, printedBy: session.actor.name } : null}>
      <main data-testid="manager" className="manager" dir={dirOf(lang)} lang={lang}>
        <header className="manager-no-print">
          {session && (
            <>
              {managerText(lang, 'signedIn', { name: session.actor.name })}{' '}
              <button onClick={() => void transport.call('manager.signOut', { session: session.session }).finally(() => setSession(null))}>{managerText(lang, 'signOut')}</button>{' '}
            </>
          )}
          <LanguageToggle lang={lang} setLang={setLang} />{' '}
          <a href="#/cashier" data-testid="manager-back">
            {managerText(lang, 'backToCashier')}
          </a>
        </header>
        {!session && setupNeeded ? (
          <Setup
            transport={transport}
            onDone={(s) => {
              setFirstRun(true);
              setSetupNeeded(false);
              setSession(s);
            }}
          />
        ) : !session ? (
          <SignIn transport={transport} onSignedIn={setSession} />
        ) : (
          <>
            {/* Right after the setup, the next step is the staff: first on the screen. */}
            {firstRun && <Staff transport={transport} session={session.session} me={session.actor.name} firstRun />}
            {firstRun && <Catalogue transport={transport} session={session.session} />}
            <PeriodPicker period={period} onChange={choose} />
            {error && (
              <p role="alert" data-testid="manager-alert" data-code={error.code ?? undefined}>
                <SaidText said={error} lang={lang} />
              </p>
            )}
            {takings && <Takings takings={takings} transport={transport} session={session.session} />}
            <Attention transport={transport} session={session.session} onChanged={refresh} lang={lang} />
            <Transactions
              transport={transport}
              session={session.session}
              from={period.kind === 'day' ? period.date : period.from}
              to={period.kind === 'day' ? period.date : period.to}
              onOpen={(invoiceNo) => setOpenSale((o) => ({ invoiceNo, seq: (o?.seq ?? 0) + 1 }))}
            />
            <Refunds transport={transport} session={session.session} onChanged={refresh} open={openSale} />
            <DayClose transport={transport} session={session.session} onChanged={refresh} />
            {!firstRun && <Catalogue transport={transport} session={session.session} />}
            {!firstRun && <Staff transport={transport} session={session.session} me={session.actor.name} firstRun={false} />}
          </>
        )}
      </main>
      </HeaderContext.Provider>
    </LangContext.Provider>
  );
}
