// The contract implemented on the terminal core. Inputs arrive already parsed by their schema
// (service.ts); these functions only orchestrate and tell both screens what changed.
import { classifyScan, maskCode } from '../domain/classify.ts';
import { isFinalAttemptState } from '../domain/attempt.ts';
import { money } from '../domain/money.ts';
import { ApiError } from '../api/call.ts';
import type { AttemptView, CounterView, ReceiptView, SaleView, ScanResult, TerminalStatus } from '../api/views.ts';
import type { CorePorts } from './ports.ts';
import { toErrorBody, type EventHub, type Handlers } from './service.ts';
import { assertNever } from '../domain/never.ts';

/** The cashier's calls; the installer's and the scanners' come from installer.ts and scanner.ts. */
export type CoreHandlers = Omit<Handlers, `installer.${string}` | `scanner.${string}` | `manager.${string}` | `report.${string}` | `shift.${string}` | `printer.${string}` | `drawer.${string}`>;

const optionalAed = (minor: number | undefined) => (minor === undefined ? undefined : money(minor, 'AED'));

const newestFirst = (a: AttemptView, b: AttemptView) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

export function createHandlers(core: CorePorts, hub: EventHub, log: (err: unknown) => void = (e) => console.error(e)): CoreHandlers {
  const { sales, payments, engine, counter, config } = core;

  // The engine reports every attempt change; a final one may have changed its sale (a wallet
  // tender applied inside the journal's transaction), so both screens get the sale re-read too.
  engine.onAttempt((attempt) => {
    hub.emit({ type: 'attempt', attempt });
    if (isFinalAttemptState(attempt.state)) {
      try {
        hub.emit({ type: 'sale', sale: sales.get(attempt.saleId) });
      } catch (err) {
        log(err);
      }
    }
  });
  engine.onLink((link) => hub.emit({ type: 'link', link }));
  engine.onQueue((depth) => hub.emit({ type: 'queue', depth }));
  core.onStatusChange?.(() => hub.emit({ type: 'status' }));

  const changed = (saleId: string): SaleView => {
    const sale = sales.get(saleId);
    hub.emit({ type: 'sale', sale });
    return sale;
  };
  /** Puts a sale on the counter: both screens follow it. */
  const toCounter = (saleId: string): SaleView => {
    counter.set(saleId);
    hub.emit({ type: 'counter', saleId });
    return changed(saleId);
  };
  const announce = (attempt: AttemptView): AttemptView => {
    hub.emit({ type: 'attempt', attempt });
    return attempt;
  };
  const store = () => ({ name: config.store.storeName, address: config.store.address, trn: config.store.trn });
  const wallet = () => {
    if (!core.wallet) throw new ApiError('NOT_AVAILABLE', 'The sandbox wallet exists only while the terminal runs against the sandbox acquirer.');
    return core.wallet;
  };

  return {
    'terminal.status': (): TerminalStatus => ({
      terminalId: config.terminalId,
      sandbox: core.sandbox,
      link: engine.linkStatus(),
      queueDepth: engine.queueDepth(),
      store: store(),
      merchantName: config.merchant.merchantName,
      codeWindowSeconds: config.payment.codeWindowSeconds,
      indicativeCnyPerAed: config.payment.indicativeCnyPerAed,
      acquirerUnavailable: core.acquirerUnavailable ?? null,
      customerDisplay: core.display ? core.display.connected() : true,
      discountLimitBasisPoints: sales.discountLimit(),
    }),
    'settings.display': () => ({
      indicativeCnyPerAed: config.payment.indicativeCnyPerAed,
      sandbox: core.sandbox,
      storeName: config.store.storeName,
    }),

    'catalogue.search': ({ query, limit }) => sales.search(query, limit ?? 20),
    'catalogue.import': ({ csv }) => sales.importCsv(csv),

    'sale.open': () => {
      // A sale nobody rang anything up on is reused: pressing New sale twice leaves no empty sales behind.
      const current = counter.get();
      // Reused only for the same person: a shift that ended (or changed hands) still needs its sign-in.
      if (current && sales.isBlank(current) && sales.get(current).cashierId === sales.cashierNow()) return changed(current);
      // Never lose a cart silently (a caller that did not ask "discard?"): a sale with lines and no
      // money taken is parked, to be recalled; anything else stays as it was.
      if (current) {
        const here = sales.get(current);
        if (here.status === 'open' && here.parkedAt === null && here.lines.length > 0 && here.tenders.length === 0 && !here.linesFrozen) sales.park(current);
      }
      return toCounter(sales.create());
    },
    'sale.park': ({ saleId }) => {
      sales.park(saleId);
      changed(saleId);
      return toCounter(sales.create());
    },
    'sale.recall': ({ saleId }) => {
      const current = counter.get();
      if (current && current !== saleId) {
        const here = sales.get(current);
        // What is on the counter is parked in its place, so recalling never loses a cart either.
        if (here.status === 'open' && here.lines.length > 0) sales.park(current);
      }
      sales.recall(saleId);
      return toCounter(saleId);
    },
    'sale.parked': () => sales.parked(),
    'sale.adjustLine': async ({ saleId, lineId, priceMinor, discount, manager }) => {
      const approver = manager ? await sales.approveAsManager(manager.name, manager.pin) : null;
      sales.adjust(saleId, lineId, { price: optionalAed(priceMinor), discount }, approver);
      return changed(saleId);
    },
    'sale.discard': ({ saleId }) => {
      const sale = sales.get(saleId);
      if (sale.status === 'open') {
        if (sale.lines.length > 0 || sale.tenders.length > 0) sales.discard(saleId);
        else if (sales.isBlank(saleId) && counter.get() === saleId) return changed(saleId);
      }
      changed(saleId);
      return toCounter(sales.create());
    },
    'sale.current': (): CounterView => {
      const id = counter.get();
      if (!id) return { sale: null, attempts: [] };
      return { sale: sales.get(id), attempts: payments.forSale(id).sort(newestFirst) };
    },
    'sale.get': ({ saleId }) => sales.get(saleId),
    'sale.addKeyed': ({ saleId, amountMinor, name }) => {
      sales.addKeyed(saleId, money(amountMinor, 'AED'), name);
      return changed(saleId);
    },
    'sale.addProduct': ({ saleId, ean }) => {
      sales.addProduct(saleId, ean);
      return changed(saleId);
    },
    'sale.setQuantity': ({ saleId, lineId, quantity }) => {
      sales.setQuantity(saleId, lineId, quantity);
      return changed(saleId);
    },
    'sale.removeLine': ({ saleId, lineId }) => {
      sales.removeLine(saleId, lineId);
      return changed(saleId);
    },

    'scan.submit': async ({ text, saleId, awaiting, amountMinor }): Promise<ScanResult> => {
      const c = classifyScan(text, { isCatalogueSku: (code) => sales.isSku(code) });
      switch (c.kind) {
        case 'unknown':
          return { classification: { kind: 'unknown', reason: c.reason, rejection: c.rejection }, outcome: { action: 'rejected', code: `SCAN_${c.rejection}`, message: c.reason } };
        case 'wallet': {
          const classification = { kind: 'wallet' as const, family: c.family, codeMasked: maskCode(c.code) };
          const reject = (code: string, message: string): ScanResult => ({ classification, outcome: { action: 'rejected', code, message } });
          if (!c.supported) return reject('WALLET_NOT_SUPPORTED', c.message ?? 'This wallet is not accepted here: ask for Alipay / Alipay+, cash or card.');
          if (awaiting !== 'wallet_code' || !saleId) {
            return reject('NOT_AWAITING_CODE', 'That was a customer payment code. Press "Alipay — scan customer code" first, then scan it again.');
          }
          try {
            const attempt = announce(await payments.startWithCode({ saleId, code: c.code, amount: optionalAed(amountMinor) }));
            return { classification, outcome: { action: 'payment_started', attempt } };
          } catch (err) {
            const e = toErrorBody(err, log);
            return reject(e.code, e.message);
          }
        }
        case 'product': {
          const classification = { kind: 'product' as const, symbology: c.symbology, code: c.code };
          const reject = (code: string, message: string): ScanResult => ({ classification, outcome: { action: 'rejected', code, message } });
          if (awaiting === 'wallet_code') return reject('AWAITING_CODE', 'Waiting for the customer’s payment code: that was a product barcode. Cancel the payment to add items.');
          if (!saleId) return reject('NO_SALE', 'Start a sale first.');
          try {
            sales.addProduct(saleId, c.code);
            return { classification, outcome: { action: 'line_added', sale: changed(saleId) } };
          } catch (err) {
            const e = toErrorBody(err, log);
            return reject(e.code, e.message);
          }
        }
        default:
          return assertNever(c, 'scan classification');
      }
    },

    'payment.startWithCode': async ({ saleId, code, amountMinor }) => announce(await payments.startWithCode({ saleId, code, amount: optionalAed(amountMinor) })),
    'payment.showQr': async ({ saleId, amountMinor }) => announce(await payments.showQr({ saleId, amount: optionalAed(amountMinor) })),
    'payment.cancel': async ({ attemptId }) => announce(await payments.cancel(attemptId)),
    'payment.get': ({ attemptId }) => payments.get(attemptId),
    'payment.forSale': ({ saleId }) => payments.forSale(saleId).sort(newestFirst),

    'tender.cash': ({ saleId, tenderedMinor, partial }) => {
      sales.cash(saleId, money(tenderedMinor, 'AED'), { partial });
      return changed(saleId);
    },
    'tender.card': ({ saleId, amountMinor, approvalCode, last4 }) => {
      sales.card(saleId, optionalAed(amountMinor), { approvalCode, last4 });
      return changed(saleId);
    },

    'receipt.get': ({ saleId }): ReceiptView => {
      const sale = sales.get(saleId);
      return {
        sale,
        attempts: payments.forSale(saleId).sort(newestFirst),
        store: store(),
        merchantName: config.merchant.merchantName,
        terminalId: config.terminalId,
        sandbox: core.sandbox,
        issuedAt: sale.completedAt ?? sale.createdAt,
      };
    },

    // The core has no printer of its own; the Electron transport answers this call itself.
    'receipt.print': () => ({ printed: false }),

    'sandbox.mintCode': () => wallet().mintCode(),
    'sandbox.payQr': async ({ codeValue }) => {
      await wallet().payQr(codeValue);
      return { ok: true as const };
    },
  };
}
