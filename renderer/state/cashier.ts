// The cashier window's state. The sale and its attempts live in the core; this store only mirrors
// them (re-read after every change or event) plus what is local to the screen: the keypad text,
// what the screen waits for, the language, and the last message.
import { createStore } from 'zustand/vanilla';
import { blocksNewAttempt } from '../../app/domain/attempt.ts';
import { MoneyError, parseAmount } from '../../app/domain/money.ts';
import type { AttemptView, SaleView, TerminalStatus } from '../../app/api/contract.ts';
import { CallError, type Transport, type TransportEvent } from '../api/transport.ts';
import type { Lang } from '../i18n/i18n.ts';
import { mergeReread, upsertAttempt } from './attempts.ts';

export type Panel = 'sale' | 'wallet_code' | 'cash' | 'card' | 'payment' | 'receipt';

export interface Notice {
  kind: 'error' | 'info';
  code?: string;
  text: string;
}

export interface CashierState {
  ready: boolean;
  connected: boolean;
  status: TerminalStatus | null;
  sale: SaleView | null;
  /** Attempts of the sale on the counter, newest first. */
  attempts: AttemptView[];
  panel: Panel;
  keypad: string;
  lang: Lang;
  notice: Notice | null;
  confirmingCancel: boolean;
  busy: boolean;
}

export interface CashierActions {
  start(): Promise<() => void>;
  refresh(): Promise<void>;
  newSale(): Promise<void>;
  keypadPress(key: string): void;
  keypadClear(): void;
  keypadBack(): void;
  keypadAdd(): Promise<void>;
  addProduct(ean: string): Promise<void>;
  setQuantity(lineId: number, quantity: number): Promise<void>;
  removeLine(lineId: number): Promise<void>;
  waitForCode(): void;
  showQr(): Promise<void>;
  submitScan(text: string, source: 'wedge' | 'serial'): Promise<void>;
  askCancel(): void;
  dismissCancel(): void;
  confirmCancel(): Promise<void>;
  openPanel(panel: Panel): void;
  cash(tenderedMinor: number): Promise<void>;
  card(): Promise<void>;
  setLang(lang: Lang): void;
  dismissNotice(): void;
}

export type CashierStore = ReturnType<typeof createCashierStore>;

const LANG_KEY = 'souq.lang';

export function latestAttempt(s: Pick<CashierState, 'attempts'>): AttemptView | null {
  return s.attempts[0] ?? null;
}

/** True while the money of an attempt on this sale might still move: no new attempt may start. */
export function paymentBlocked(s: Pick<CashierState, 'attempts'>): boolean {
  return s.attempts.some((a) => blocksNewAttempt(a.state));
}

export function createCashierStore(transport: Transport, storage: Pick<Storage, 'getItem' | 'setItem'> | null = null) {
  const initialLang: Lang = storage?.getItem(LANG_KEY) === 'ar' ? 'ar' : 'en';

  return createStore<CashierState & CashierActions>()((set, get) => {
    const fail = (err: unknown) => {
      const e = err instanceof CallError || err instanceof MoneyError ? err : null;
      set({ notice: { kind: 'error', code: (e as { code?: string } | null)?.code, text: e?.message ?? 'Something went wrong.' }, busy: false });
    };
    /** Runs a call; shows its error words instead of throwing. */
    const run = async (fn: () => Promise<void>) => {
      set({ busy: true });
      try {
        await fn();
        set({ busy: false });
      } catch (err) {
        fail(err);
      }
    };
    const panelFor = (sale: SaleView | null, attempts: AttemptView[], current: Panel): Panel => {
      const a = attempts[0];
      if (a && (blocksNewAttempt(a.state) || (a.state === 'succeeded' && sale?.status === 'paid'))) return 'payment';
      if (sale?.status === 'paid') return 'receipt';
      return current === 'payment' && !a ? 'sale' : current;
    };
    const onEvent = (e: TransportEvent) => {
      const s = get();
      switch (e.type) {
        case 'connection':
          set({ connected: e.connected });
          // Whatever happened while the link to the core was down, a re-read shows it.
          if (e.connected && s.ready) void get().refresh();
          return;
        case 'attempt':
          if (s.sale && e.attempt.saleId === s.sale.id) set({ attempts: upsertAttempt(s.attempts, e.attempt) });
          return;
        case 'sale':
          if (s.sale && e.sale.id === s.sale.id) set({ sale: e.sale });
          return;
        case 'counter':
          if (e.saleId !== s.sale?.id) void get().refresh();
          return;
        case 'link':
          if (s.status) set({ status: { ...s.status, link: e.link } });
          return;
        case 'queue':
          if (s.status) set({ status: { ...s.status, queueDepth: e.depth } });
          return;
        case 'status':
          void get().refresh();
          return;
        case 'scan':
          void get().submitScan(e.text, 'serial');
          return;
        default:
          return;
      }
    };

    return {
      ready: false,
      connected: false,
      status: null,
      sale: null,
      attempts: [],
      panel: 'sale',
      keypad: '',
      lang: initialLang,
      notice: null,
      confirmingCancel: false,
      busy: false,

      async start() {
        const unsubscribe = transport.subscribe(onEvent);
        await get().refresh();
        if (!get().sale || get().sale?.status !== 'open') {
          // A paid sale stays on the counter (its receipt) until the cashier starts the next one.
          if (!get().sale) await get().newSale();
        }
        set({ ready: true });
        return unsubscribe;
      },

      async refresh() {
        try {
          const [status, counter] = await Promise.all([transport.call('terminal.status', {}), transport.call('sale.current', {})]);
          set((s) => {
            // An event may have overtaken this re-read: keep its newer view of the same sale's attempts.
            const attempts = s.sale?.id === counter.sale?.id ? mergeReread(s.attempts, counter.attempts) : counter.attempts;
            return { status, sale: counter.sale, attempts, panel: panelFor(counter.sale, attempts, s.panel) };
          });
        } catch (err) {
          fail(err);
        }
      },

      newSale: () =>
        run(async () => {
          const sale = await transport.call('sale.open', {});
          set({ sale, attempts: [], panel: 'sale', keypad: '', notice: null, confirmingCancel: false });
        }),

      keypadPress(key) {
        const cur = get().keypad;
        let next = cur;
        if (key === '.') next = cur.includes('.') ? cur : `${cur || '0'}.`;
        else if (/^\d$/.test(key)) {
          const frac = cur.split('.')[1];
          if (frac !== undefined && frac.length >= 2) return; // fils are the smallest unit
          if (cur.replace('.', '').length >= 9) return;
          next = cur === '0' ? key : cur + key;
        } else return;
        set({ keypad: next });
      },
      keypadClear: () => set({ keypad: '' }),
      keypadBack: () => set((s) => ({ keypad: s.keypad.slice(0, -1) })),

      keypadAdd: () =>
        run(async () => {
          const { sale, keypad } = get();
          if (!sale || keypad === '') return;
          const amount = parseAmount(keypad, 'AED');
          if (amount.minor <= 0) return set({ keypad: '' });
          const next = await transport.call('sale.addKeyed', { saleId: sale.id, amountMinor: amount.minor });
          set({ sale: next, keypad: '', notice: null });
        }),

      addProduct: (ean) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          set({ sale: await transport.call('sale.addProduct', { saleId: sale.id, ean }), notice: null });
        }),
      setQuantity: (lineId, quantity) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          set({ sale: await transport.call('sale.setQuantity', { saleId: sale.id, lineId, quantity }) });
        }),
      removeLine: (lineId) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          set({ sale: await transport.call('sale.removeLine', { saleId: sale.id, lineId }) });
        }),

      waitForCode() {
        if (paymentBlocked(get()) || !get().sale || get().sale!.due.minor <= 0) return;
        set({ panel: 'wallet_code', notice: null });
      },
      showQr: () =>
        run(async () => {
          const { sale } = get();
          if (!sale || paymentBlocked(get())) return;
          const attempt = await transport.call('payment.showQr', { saleId: sale.id });
          set((s) => ({ attempts: upsertAttempt(s.attempts, attempt), panel: 'payment', notice: null }));
        }),

      async submitScan(text, source) {
        const { sale, panel } = get();
        try {
          const r = await transport.call('scan.submit', { text, source, saleId: sale?.id, awaiting: panel === 'wallet_code' ? 'wallet_code' : 'sale' });
          switch (r.outcome.action) {
            case 'payment_started':
              set((s) => ({ attempts: upsertAttempt(s.attempts, r.outcome.action === 'payment_started' ? r.outcome.attempt : s.attempts[0]!), panel: 'payment', notice: null }));
              return;
            case 'line_added':
              set({ sale: r.outcome.action === 'line_added' ? r.outcome.sale : get().sale, notice: null });
              return;
            case 'rejected':
              set({ notice: { kind: 'error', code: r.outcome.code, text: r.outcome.message } });
              return;
          }
        } catch (err) {
          fail(err);
        }
      },

      askCancel: () => set({ confirmingCancel: true }),
      dismissCancel: () => set({ confirmingCancel: false }),
      confirmCancel: () =>
        run(async () => {
          const a = latestAttempt(get());
          set({ confirmingCancel: false });
          if (!a) return;
          const next = await transport.call('payment.cancel', { attemptId: a.paymentRequestId });
          set((s) => ({ attempts: upsertAttempt(s.attempts, next) }));
        }),

      openPanel(panel) {
        if ((panel === 'cash' || panel === 'card' || panel === 'wallet_code') && paymentBlocked(get())) return;
        set({ panel, notice: null, keypad: panel === 'cash' ? '' : get().keypad });
      },
      cash: (tenderedMinor) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          const next = await transport.call('tender.cash', { saleId: sale.id, tenderedMinor });
          set({ sale: next, keypad: '', panel: next.status === 'paid' ? 'receipt' : 'sale' });
        }),
      card: () =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          const next = await transport.call('tender.card', { saleId: sale.id });
          set({ sale: next, panel: next.status === 'paid' ? 'receipt' : 'sale' });
        }),

      setLang(lang) {
        storage?.setItem(LANG_KEY, lang);
        set({ lang });
      },
      dismissNotice: () => set({ notice: null }),
    };
  });
}
