// Fills the handlers' ports from an open Terminal (app/terminal) and the sales repository
// (app/sales). The one place that knows how the UI's calls map onto the core's functions.
import type { Terminal } from '../terminal/terminal.ts';
import {
  addKeyedLine,
  adjustLine,
  addProductLine,
  catalogueHas,
  createSale,
  getSale,
  isBlankSale,
  listParkedSales,
  parkSale,
  recallSale,
  recordCardTender,
  recordCashTender,
  removeLine,
  setQuantity,
  voidSale,
} from '../sales/repository.ts';
import { importCatalogueCsv, listCatalogue } from '../sales/catalogue.ts';
import { writeTx } from '../journal/tx.ts';
import { readRegistration } from '../sandbox/server.ts';
import { dataPaths } from '../settings/paths.ts';
import { ApiError } from '../api/call.ts';
import type { LinkStatus, ProductView } from '../api/views.ts';
import type { CorePorts, SandboxWalletPort } from './ports.ts';
import { cashierForNewSale, requireRole, signIn } from '../users/users.ts';
import { discountLimit } from '../sales/limits.ts';

const COUNTER_KEY = 'counter.saleId';

function linkWord(state: { online: boolean; known: boolean }): LinkStatus {
  if (!state.known) return 'unknown';
  return state.online ? 'online' : 'offline';
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  } catch {
    throw new ApiError('SANDBOX_UNREACHABLE', 'The sandbox acquirer is not answering.');
  }
  const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string; error?: { code?: string; message?: string } };
  if (res.status !== 200) {
    const e = json.error ?? json;
    throw new ApiError(e.code ?? `SANDBOX_HTTP_${res.status}`, e.message ?? `The sandbox refused (HTTP ${res.status}).`);
  }
  return json;
}

function sandboxWallet(terminal: Terminal): SandboxWalletPort | null {
  if (!terminal.sandbox || terminal.config.acquirer) return null;
  const url = () => {
    const reg = readRegistration(dataPaths(terminal.dataDir).sandboxDir);
    if (!reg) throw new ApiError('SANDBOX_UNREACHABLE', 'The embedded sandbox acquirer is not running.');
    return reg.url;
  };
  return {
    async mintCode() {
      const r = (await postJson(`${url()}/sandbox/wallet/codes`, {})) as { code: string; expiresAt: string };
      return { code: r.code, expiresAt: r.expiresAt };
    },
    async payQr(codeValue) {
      await postJson(`${url()}/sandbox/wallet/pay`, { codeValue });
    },
  };
}

export function corePortsFromTerminal(terminal: Terminal, now: () => Date = () => new Date()): CorePorts {
  const { db, config, engine, payments } = terminal;
  const readCounter = db.prepare('SELECT value FROM settings WHERE key = ?');
  const writeCounter = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    config,
    sandbox: terminal.sandbox,
    sales: {
      create: (by) => createSale(db, { terminalId: config.terminalId, cashierId: by ?? cashierForNewSale(db, config.terminalId), now: now() }),
      get: (id) => getSale(db, id),
      addKeyed: (id, amount, name) => void addKeyedLine(db, id, amount, name, now()),
      addProduct: (id, ean) => void addProductLine(db, id, ean, 1, now()),
      setQuantity: (id, lineId, q) => void setQuantity(db, id, lineId, q, now()),
      removeLine: (id, lineId) => void removeLine(db, id, lineId, now()),
      cash: (id, tendered, opts) => void recordCashTender(db, id, tendered, now(), opts),
      card: (id, amount, details) => void recordCardTender(db, id, amount, now(), details),
      park: (id) => void parkSale(db, id, now()),
      recall: (id) => void recallSale(db, id, now()),
      parked: () => listParkedSales(db, config.terminalId),
      discard: (id) => void voidSale(db, id, { now: now(), reason: 'Discarded at the till before payment' }),
      isBlank: (id) => isBlankSale(db, id),
      cashierNow: () => cashierForNewSale(db, config.terminalId),
      adjust: (id, lineId, adj, approver) => void adjustLine(db, id, lineId, adj, { limitBasisPoints: discountLimit(db), approver, actor: cashierForNewSale(db, config.terminalId) }, now()),
      discountLimit: () => discountLimit(db),
      async approveAsManager(name, pin) {
        const actor = requireRole(await signIn(db, { name, pin, now: now() }), 'manager', 'approve a discount above the limit');
        return { id: actor.id, name: actor.name };
      },
      search: (query, limit) => listCatalogue(db, { query, limit }).map((r): ProductView => ({ ean: r.ean, name: r.name, price: { minor: r.priceMinor, currency: 'AED' } })),
      isSku: (code) => catalogueHas(db, code),
      importCsv: (csv) => importCatalogueCsv(db, csv, { now: now() }),
    },
    payments: {
      startWithCode: (input) => payments.startWithCode(input),
      showQr: (input) => payments.showQr(input),
      cancel: (id) => payments.cancel(id),
      get: (id) => payments.get(id),
      forSale: (id) => payments.forSale(id),
    },
    engine: {
      onAttempt: (cb) => void engine.on('attempt', cb),
      onLink: (cb) => void engine.on('link', (s) => cb(linkWord(s))),
      onQueue: (cb) => void engine.on('queue', (q) => cb(q.depth)),
      linkStatus: () => linkWord(engine.linkStatus()),
      queueDepth: () => engine.queueDepth(),
    },
    counter: {
      get() {
        const row = readCounter.get(COUNTER_KEY) as { value: string } | undefined;
        if (!row) return null;
        try {
          const v = JSON.parse(row.value) as unknown;
          return typeof v === 'string' ? v : null;
        } catch {
          return null;
        }
      },
      set: (saleId) => void writeTx(db, () => writeCounter.run(COUNTER_KEY, JSON.stringify(saleId))),
    },
    wallet: sandboxWallet(terminal),
    get acquirerUnavailable() {
      const u = terminal.acquirerUnavailable;
      return u && { code: u.code, message: u.message };
    },
    onStatusChange: (cb) => terminal.onJournalFault(() => cb()),
  };
}
