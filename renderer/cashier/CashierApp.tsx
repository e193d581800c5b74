import { useEffect, useRef } from 'react';
import { CashierContext, useCashier, useT, useTransport } from './context.ts';
import type { CashierStore, Panel } from '../state/cashier.ts';
import type { Transport } from '../api/transport.ts';
import { StatusBar } from './StatusBar.tsx';
import { SaleLines } from './SaleLines.tsx';
import { Keypad } from './Keypad.tsx';
import { CatalogueSearch } from './CatalogueSearch.tsx';
import { Tenders } from './Tenders.tsx';
import { CancelDialog, ListeningPanel, PaymentPanel } from './PaymentPanel.tsx';
import { CardPanel, CashPanel } from './TenderPanels.tsx';
import { SandboxPanel } from './SandboxPanel.tsx';
import { ReceiptDocument, useReceipt } from '../receipt/Receipt.tsx';
import { dirOf } from '../i18n/i18n.ts';
import { errorWords } from '../i18n/errors.ts';
import { attachWedge, imeWarningFor, watchIme } from '../scanning/index.ts';
import { isShiftPinField, ShiftGate } from './Shift.tsx';
import { DiscardDialog, PartDialog, RecallDialog } from './SaleDialogs.tsx';
import { money } from '../i18n/i18n.ts';

function Notice() {
  const t = useT();
  const notice = useCashier((s) => s.notice);
  const lang = useCashier((s) => s.lang);
  const dismiss = useCashier((s) => s.dismissNotice);
  if (!notice) return null;
  // The core's words are English: an Arabic screen says them by code (a notice without one is a fault of ours).
  const text = errorWords(lang, notice.code ?? (lang === 'en' ? null : 'INTERNAL'), notice.text);
  return (
    <div className={`notice notice-${notice.kind}`} role="alert" data-testid="notice" data-code={notice.code ?? ''}>
      <span aria-hidden="true">{notice.kind === 'error' ? '⚠' : 'ℹ'}</span> <strong>{notice.kind === 'error' ? t('errorTitle') : ''}</strong> {text}
      <button type="button" className="btn small" onClick={dismiss} aria-label="✕">
        ✕
      </button>
    </div>
  );
}

function ReceiptPanel() {
  const t = useT();
  const transport = useTransport();
  const sale = useCashier((s) => s.sale);
  const lang = useCashier((s) => s.lang);
  const newSale = useCashier((s) => s.newSale);
  const change = useCashier((s) => s.lastChange);
  const receipt = useReceipt(transport, sale?.id ?? null, sale);
  if (!receipt) return <p>{t('loading')}</p>;
  return (
    <section className="receipt-panel">
      {change ? (
        <p className="change-large no-print" data-testid="receipt-change">
          {t('changeLarge')}: <bdi>{money(change, lang)}</bdi>
        </p>
      ) : null}
      <ReceiptDocument receipt={receipt} lang={lang} />
      <div className="payment-actions no-print">
        <button
          type="button"
          className="btn"
          data-testid="receipt-print"
          onClick={() => {
            transport.call('receipt.print', { saleId: receipt.sale.id }).then(
              (r) => r.printed || window.print(),
              () => window.print(),
            );
          }}
        >
          {t('receiptPrint')}
        </button>
        <button type="button" className="btn primary" onClick={() => void newSale()}>
          {t('newSale')}
        </button>
      </div>
    </section>
  );
}

function Work() {
  const panel = useCashier((s) => s.panel);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The button that opened this panel is gone, so focus fell back to the page: put it in the new
    // panel, so a keyboard-only cashier's next Tab reaches its buttons. A field keeps its focus, and
    // the panel itself is no button: a scanner's Enter cannot press anything here.
    const el = document.activeElement;
    if (panel !== 'sale' && (!el || el === document.body)) ref.current?.focus();
  }, [panel]);
  if (panel === 'sale') return <WorkPanel panel={panel} />;
  return (
    <div ref={ref} tabIndex={-1} className="work-panel" data-panel={panel} style={{ outline: 'none' }}>
      <WorkPanel panel={panel} />
    </div>
  );
}

function WorkPanel({ panel }: { panel: Panel }) {
  const attempt = useCashier((s) => s.attempts[0] ?? null);
  switch (panel) {
    case 'sale':
      return (
        <>
          <CatalogueSearch />
          <Keypad />
          <Tenders />
        </>
      );
    case 'wallet_code':
      return <ListeningPanel />;
    case 'payment':
      return attempt ? <PaymentPanel attempt={attempt} /> : <Tenders />;
    case 'cash':
      return <CashPanel />;
    case 'card':
      return <CardPanel />;
    case 'receipt':
      return <ReceiptPanel />;
    default:
      return null;
  }
}

function isTyping(el: Element | null): boolean {
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || (el as HTMLElement).isContentEditable);
}

function Screen({ store }: { store: CashierStore }) {
  const lang = useCashier((s) => s.lang);
  const ready = useCashier((s) => s.ready);
  const t = useT();
  useEffect(() => {
    document.documentElement.lang = lang === 'ar' ? 'ar' : 'en';
    document.documentElement.dir = dirOf(lang);
    document.title = t('appTitle');
  }, [lang, t]);
  useEffect(() => {
    // H6's detector holds every keystroke that could be part of a scan and replays a person's typing,
    // so no digit of a scan reaches the keypad or a focused field.
    const wedge = attachWedge(window, { ignore: isShiftPinField }, (scan) => {
      const ime = imeWarningFor(scan);
      if (ime) store.setState({ notice: { kind: 'info', code: ime.code, text: ime.message } });
      void store.getState().submitScan(scan.text, 'wedge');
    });
    const stopIme = watchIme(window, ({ warning }) => {
      if (warning) store.setState({ notice: { kind: 'info', code: warning.code, text: warning.message } });
    });
    // Physical keys drive the keypad when no text field has focus (keyboard-only use).
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
      // Escape answers a question with its safe choice: keep waiting, keep the sale, change the amount.
      if (s.confirmingCancel || s.confirmingDiscard || s.partQuestion || s.parked) {
        if (e.key === 'Escape') {
          if (s.confirmingCancel) s.dismissCancel();
          else if (s.confirmingDiscard) s.dismissDiscard();
          else if (s.partQuestion) s.dismissPart();
          else s.closeRecall();
        }
        return;
      }
      if (s.panel !== 'sale') {
        if (e.key === 'Escape' && s.panel !== 'payment') s.openPanel('sale');
        return;
      }
      const d = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
      if (d) s.keypadPress(d[1]!);
      else if (e.code === 'Period' || e.code === 'NumpadDecimal') s.keypadPress('.');
      else if (e.key === 'Backspace') s.keypadBack();
      else if ((e.key === 'Enter' || e.code === 'NumpadEnter') && s.keypad && (document.activeElement === document.body || !document.activeElement)) s.keypadAdd();
      else return;
      e.preventDefault();
    };
    // After a tap or click on any button, focus goes where typing an amount works: the panel's
    // amount field if it has one, else the page (the keypad's keys). A button keeping focus would
    // take the next Enter (New sale throwing away the next cart). Keyboard presses (detail 0) keep
    // focus where the keyboard user is.
    const onClick = (e: MouseEvent) => {
      if (e.detail === 0) return;
      const button = (e.target as Element | null)?.closest?.('button');
      if (!button || button.closest('[role="alertdialog"], [role="dialog"]')) return;
      queueMicrotask(() => {
        const active = document.activeElement;
        if (active && active !== document.body && active.tagName !== 'BUTTON') return;
        const field = document.querySelector<HTMLInputElement>('.work [data-testid="cash-received"]');
        if (field) field.focus();
        else (active as HTMLElement | null)?.blur?.();
      });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('click', onClick);
    return () => {
      wedge.detach();
      stopIme();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('click', onClick);
    };
  }, [store]);
  return (
    <div className="cashier" dir={dirOf(lang)} data-ready={ready ? 'yes' : 'no'} data-testid="cashier">
      <StatusBar />
      <Notice />
      <main className="cashier-main">
        <ShiftGate>
          <SaleLines />
          <div className="work">
            <Work />
            <SandboxPanel />
          </div>
        </ShiftGate>
      </main>
      <CancelDialog />
      <DiscardDialog />
      <PartDialog />
      <RecallDialog />
    </div>
  );
}

export function CashierApp({ store, transport }: { store: CashierStore; transport: Transport }) {
  useEffect(() => {
    let stop: (() => void) | null = null;
    let dead = false;
    void store
      .getState()
      .start()
      .then((unsub) => {
        if (dead) unsub();
        else stop = unsub;
      });
    return () => {
      dead = true;
      stop?.();
    };
  }, [store]);
  return (
    <CashierContext.Provider value={{ store, transport }}>
      <Screen store={store} />
    </CashierContext.Provider>
  );
}
