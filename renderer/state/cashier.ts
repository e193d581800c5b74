// The cashier window's state. The sale and its attempts live in the core; this store only mirrors
// them (re-read after every change or event) plus what is local to the screen: the keypad text,
// what the screen waits for, the language, and the last message.
import { createStore } from 'zustand/vanilla';
import { blocksNewAttempt } from '../../app/domain/attempt.ts';
import { MoneyError, parseAmount } from '../../app/domain/money.ts';
import type { AttemptView, SaleView, TerminalStatus } from '../../app/api/contract.ts';
import type { Money } from '../../app/domain/money.ts';
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
  /** "Discard this sale?" is asked (New sale on a sale with lines). */
  confirmingDiscard: boolean;
  /** Cash below the due: "Take AED X now and AED Y by another tender?" is asked. */
  partQuestion: { tenderedMinor: number; restMinor: number } | null;
  /** The recall list is open (the parked sales, oldest first). */
  parked: SaleView[] | null;
  /** The keypad keys the amount of the next payment instead of a line (always so once part is paid). */
  partMode: boolean;
  /** The cashier asked to show the order QR on this screen even though a customer display is on. */
  qrHere: boolean;
  /** The change of the cash just taken: shown large until the next sale. */
  lastChange: Money | null;
  busy: boolean;
}

export interface CardSlip {
  approvalCode?: string;
  last4?: string;
}

export interface CashierActions {
  start(): Promise<() => void>;
  refresh(): Promise<void>;
  newSale(): Promise<void>;
  confirmDiscard(): Promise<void>;
  dismissDiscard(): void;
  park(): Promise<void>;
  openRecall(): Promise<void>;
  closeRecall(): void;
  recall(saleId: string): Promise<void>;
  togglePartMode(): void;
  setQrHere(on: boolean): void;
  confirmPart(): Promise<void>;
  dismissPart(): void;
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
  card(slip?: CardSlip, amountMinor?: number): Promise<void>;
  setLang(lang: Lang): void;
  dismissNotice(): void;
}

export type CashierStore = ReturnType<typeof createCashierStore>;

const LANG_KEY = 'souq.lang';

/** The counter with nothing typed, asked or parked: how the screen opens and how each new sale starts. */
const NOTHING_IN_HAND: Pick<
  CashierState,
  'keypad' | 'notice' | 'confirmingCancel' | 'confirmingDiscard' | 'partQuestion' | 'parked' | 'partMode' | 'qrHere' | 'lastChange'
> = {
  keypad: '',
  notice: null,
  confirmingCancel: false,
  confirmingDiscard: false,
  partQuestion: null,
  parked: null,
  partMode: false,
  qrHere: false,
  lastChange: null,
};

export function latestAttempt(s: Pick<CashierState, 'attempts'>): AttemptView | null {
  return s.attempts[0] ?? null;
}

/** True while the money of an attempt on this sale might still move: no new attempt may start. */
export function paymentBlocked(s: Pick<CashierState, 'attempts'>): boolean {
  return s.attempts.some((a) => blocksNewAttempt(a.state));
}

/** The keypad keys a payment amount, not a line: the cashier chose so, or money was taken and lines are frozen. */
export function keypadForPayment(s: Pick<CashierState, 'sale' | 'partMode'>): boolean {
  return !!s.sale && s.sale.status === 'open' && (s.partMode || s.sale.paid.minor > 0);
}

/**
 * What the next wallet or card payment is for: the amount keyed for it when it is less than the
 * due, otherwise everything still due (undefined: the core takes the due).
 */
export function nextPaymentMinor(s: Pick<CashierState, 'sale' | 'partMode' | 'keypad'>): number | undefined {
  if (!s.sale || !keypadForPayment(s) || s.keypad === '') return undefined;
  try {
    const m = parseAmount(s.keypad, 'AED').minor;
    return m > 0 && m < s.sale.due.minor ? m : undefined;
  } catch {
    return undefined;
  }
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
    /** What the screen resets when another sale comes to the counter. */
    const freshSale = (sale: SaleView): Partial<CashierState> => ({
      sale,
      attempts: [],
      panel: sale.status === 'paid' ? 'receipt' : 'sale',
      ...NOTHING_IN_HAND,
    });
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
        case 'display':
          if (s.status) set({ status: { ...s.status, customerDisplay: e.customerDisplay } });
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
      lang: initialLang,
      ...NOTHING_IN_HAND,
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

      async newSale() {
        const { sale } = get();
        // Never lose a cart silently: a sale with lines is discarded only after "Discard this sale?".
        if (sale && sale.status === 'open' && sale.lines.length > 0) {
          if (sale.tenders.length > 0 || paymentBlocked(get())) {
            set({ notice: { kind: 'error', code: 'SALE_LOCKED', text: 'Part of this sale is paid or a payment is under way: take the rest of the payment first.' } });
            return;
          }
          set({ confirmingDiscard: true });
          return;
        }
        await run(async () => {
          const next = await transport.call('sale.open', {});
          set({ ...freshSale(next) });
        });
      },
      confirmDiscard: () =>
        run(async () => {
          const { sale } = get();
          set({ confirmingDiscard: false });
          if (!sale) return;
          const next = await transport.call('sale.discard', { saleId: sale.id });
          set({ ...freshSale(next) });
        }),
      dismissDiscard: () => set({ confirmingDiscard: false }),

      park: () =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          const next = await transport.call('sale.park', { saleId: sale.id });
          set({ ...freshSale(next) });
        }),
      openRecall: () =>
        run(async () => {
          set({ parked: await transport.call('sale.parked', {}) });
        }),
      closeRecall: () => set({ parked: null }),
      recall: (saleId) =>
        run(async () => {
          const sale = await transport.call('sale.recall', { saleId });
          const attempts = await transport.call('payment.forSale', { saleId });
          set({ ...freshSale(sale), attempts });
        }),
      togglePartMode: () => set((s) => ({ partMode: !s.partMode, keypad: '' })),
      setQrHere: (on) => set({ qrHere: on }),

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
          if (!sale || keypad === '' || keypadForPayment(get())) return;
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
          const amountMinor = nextPaymentMinor(get());
          const attempt = await transport.call('payment.showQr', amountMinor === undefined ? { saleId: sale.id } : { saleId: sale.id, amountMinor });
          set((s) => ({ attempts: upsertAttempt(s.attempts, attempt), panel: 'payment', notice: null, keypad: '' }));
        }),

      async submitScan(text, source) {
        const { sale, panel } = get();
        try {
          const amountMinor = panel === 'wallet_code' ? nextPaymentMinor(get()) : undefined;
          const r = await transport.call('scan.submit', { text, source, saleId: sale?.id, awaiting: panel === 'wallet_code' ? 'wallet_code' : 'sale', ...(amountMinor === undefined ? {} : { amountMinor }) });
          switch (r.outcome.action) {
            case 'payment_started':
              set((s) => ({ attempts: upsertAttempt(s.attempts, r.outcome.action === 'payment_started' ? r.outcome.attempt : s.attempts[0]!), panel: 'payment', notice: null, keypad: '' }));
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
        set({ panel, notice: null });
      },
      cash: (tenderedMinor) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          // Less than the due is a part payment only once the cashier says so.
          if (tenderedMinor < sale.due.minor) {
            set({ partQuestion: { tenderedMinor, restMinor: sale.due.minor - tenderedMinor } });
            return;
          }
          const next = await transport.call('tender.cash', { saleId: sale.id, tenderedMinor });
          const change = next.tenders.at(-1)?.change ?? null;
          set({ sale: next, keypad: '', partMode: false, lastChange: change && change.minor > 0 ? change : null, panel: next.status === 'paid' ? 'receipt' : 'sale' });
        }),
      confirmPart: () =>
        run(async () => {
          const { sale, partQuestion } = get();
          set({ partQuestion: null });
          if (!sale || !partQuestion) return;
          const next = await transport.call('tender.cash', { saleId: sale.id, tenderedMinor: partQuestion.tenderedMinor, partial: true });
          set({ sale: next, keypad: '', partMode: false, lastChange: null, panel: next.status === 'paid' ? 'receipt' : 'sale' });
        }),
      dismissPart: () => set({ partQuestion: null }),
      card: (slip = {}, amountMinor) =>
        run(async () => {
          const { sale } = get();
          if (!sale) return;
          const next = await transport.call('tender.card', {
            saleId: sale.id,
            ...(amountMinor !== undefined && amountMinor < sale.due.minor ? { amountMinor } : {}),
            ...(slip.approvalCode ? { approvalCode: slip.approvalCode } : {}),
            ...(slip.last4 ? { last4: slip.last4 } : {}),
          });
          set({ sale: next, keypad: '', partMode: false, lastChange: null, panel: next.status === 'paid' ? 'receipt' : 'sale' });
        }),

      setLang(lang) {
        storage?.setItem(LANG_KEY, lang);
        set({ lang });
      },
      dismissNotice: () => set({ notice: null }),
    };
  });
}
