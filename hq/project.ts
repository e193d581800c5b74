// Projects a till's events into the reporting tables and the rollups, inside the ingest
// transaction. Each batch loads the rows its events touch (a handful of queries), applies the events
// in memory in seq order, and writes back what changed, so a batch of 1,000 events costs about ten
// statements, not thousands. What counts where follows the till's own report (app/reports/takings.ts).
import type { Client } from './db.ts';
import type { PushedEvent } from './ingest.ts';

const DUBAI_OFFSET_MS = 4 * 3600_000;

/** Dubai business day and hour of a UTC instant as the till wrote it. */
export function dubaiDayHour(at: string): { day: string; hour: number } {
  const local = new Date(Date.parse(at) + DUBAI_OFFSET_MS);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

interface Sale {
  sale_id: string;
  status: string;
  cashier_id: string | null;
  invoice_no: number | null;
  total_minor: number;
  vat_minor: number;
  created_at: string;
  completed_at: string | null;
  business_day: string | null;
  hour: number | null;
}
interface Tender {
  tender_id: number;
  sale_id: string;
  kind: string;
  wallet: string;
  amount_minor: number;
  attempt_id: string | null;
  created_at: string;
}
interface Attempt {
  attempt_id: string;
  sale_id: string;
  amount_minor: number;
  state: string;
  wallet: string | null;
  result_code: string | null;
  created_at: string;
  updated_at: string;
}
interface Refund {
  refund_id: string;
  kind: string;
  wallet: string;
  attempt_id: string | null;
  sale_id: string | null;
  purpose: string;
  amount_minor: number;
  state: string;
  created_at: string;
  business_day: string;
  hour: number;
}
interface TerminalDay {
  business_day: string;
  sales_n: number;
  gross: number;
  refunds_n: number;
  refunds: number;
}
interface HourCell {
  business_day: string;
  hour: number;
  tender: string;
  wallet: string;
  tenders_n: number;
  amount: number;
  refunds_n: number;
  refunds: number;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);

function parseData(e: PushedEvent): Data {
  try {
    const d = JSON.parse(e.data) as unknown;
    return d && typeof d === 'object' ? (d as Data) : {};
  } catch {
    return {};
  }
}

function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

export async function project(c: Client, storeId: string, terminalId: string, events: PushedEvent[]): Promise<void> {
  const parsed = events.map((e) => ({ e, d: parseData(e) }));
  const saleIds = new Set<string>();
  const attemptIds = new Set<string>();
  const refundIds = new Set<string>();
  // What the batch itself creates cannot be in PostgreSQL yet: most batches need no lookup at all.
  const born = new Set<string>();
  for (const { e } of parsed) {
    if ((e.type === 'sale.created' || e.type === 'attempt.created' || e.type === 'refund.created') && e.subject) born.add(e.subject);
  }
  for (const { e, d } of parsed) {
    if (e.type.startsWith('sale.') && e.subject) saleIds.add(e.subject);
    if (e.type.startsWith('attempt.') && e.subject) attemptIds.add(e.subject);
    if (e.type.startsWith('refund.') && e.type !== 'refund.drawer' && e.subject) refundIds.add(e.subject);
    const a = str(d.attemptId);
    if (a) attemptIds.add(a);
    const s = str(d.saleId);
    if (s && e.type === 'attempt.created') saleIds.add(s);
  }
  for (const set of [saleIds, attemptIds, refundIds]) for (const id of born) set.delete(id);

  const key = [storeId, terminalId];
  const sales = new Map<string, Sale>();
  const tendersBySale = new Map<string, Tender[]>();
  const attempts = new Map<string, Attempt>();
  const refunds = new Map<string, Refund>();
  if (saleIds.size > 0) {
    const ids = [...saleIds];
    const s = await c.query('SELECT * FROM hq_sales WHERE store_id = $1 AND terminal_id = $2 AND sale_id = ANY($3::text[])', [...key, ids]);
    for (const r of s.rows) sales.set(r.sale_id, { ...r, created_at: iso(r.created_at), completed_at: r.completed_at ? iso(r.completed_at) : null });
    const open = ids.filter((id) => sales.get(id)?.status !== 'paid');
    if (open.length > 0) {
      const t = await c.query('SELECT * FROM hq_tenders WHERE store_id = $1 AND terminal_id = $2 AND sale_id = ANY($3::text[])', [...key, open]);
      for (const r of t.rows) {
        const list = tendersBySale.get(r.sale_id) ?? [];
        list.push({ ...r, created_at: iso(r.created_at) });
        tendersBySale.set(r.sale_id, list);
      }
    }
  }
  if (attemptIds.size > 0) {
    const a = await c.query('SELECT * FROM hq_attempts WHERE store_id = $1 AND terminal_id = $2 AND attempt_id = ANY($3::text[])', [...key, [...attemptIds]]);
    for (const r of a.rows) attempts.set(r.attempt_id, { ...r, created_at: iso(r.created_at), updated_at: iso(r.updated_at) });
  }
  if (refundIds.size > 0) {
    const r = await c.query('SELECT * FROM hq_refunds WHERE store_id = $1 AND terminal_id = $2 AND refund_id = ANY($3::text[])', [...key, [...refundIds]]);
    for (const x of r.rows) refunds.set(x.refund_id, { ...x, created_at: iso(x.created_at) });
  }

  const dirtySales = new Set<string>();
  const newTenders: Tender[] = [];
  const dirtyAttempts = new Set<string>();
  const dirtyRefunds = new Set<string>();
  const zReports: Data[] = [];
  const days = new Map<string, TerminalDay>();
  const hours = new Map<string, HourCell>();

  const dayCell = (day: string): TerminalDay => {
    let x = days.get(day);
    if (!x) days.set(day, (x = { business_day: day, sales_n: 0, gross: 0, refunds_n: 0, refunds: 0 }));
    return x;
  };
  const hourCell = (day: string, hour: number, tender: string, wallet: string): HourCell => {
    const k = `${day}|${hour}|${tender}|${wallet}`;
    let x = hours.get(k);
    if (!x) hours.set(k, (x = { business_day: day, hour, tender, wallet, tenders_n: 0, amount: 0, refunds_n: 0, refunds: 0 }));
    return x;
  };
  const saleOf = (id: string, at: string): Sale => {
    let s = sales.get(id);
    // The log starts at seq 1, so a sale is always created before it is touched; this only keeps a
    // malformed event from stopping the till's replication.
    if (!s) sales.set(id, (s = { sale_id: id, status: 'open', cashier_id: null, invoice_no: null, total_minor: 0, vat_minor: 0, created_at: at, completed_at: null, business_day: null, hour: null }));
    dirtySales.add(id);
    return s;
  };
  const refundTakings = (r: Refund, sign: 1 | -1) => {
    const d = dayCell(r.business_day);
    d.refunds_n += sign;
    d.refunds += sign * r.amount_minor;
    const h = hourCell(r.business_day, r.hour, r.kind, r.wallet);
    h.refunds_n += sign;
    h.refunds += sign * r.amount_minor;
  };

  for (const { e, d } of parsed) {
    const subject = e.subject ?? '';
    if (e.type === 'sale.created') {
      const s = saleOf(subject, e.at);
      s.cashier_id = e.actor;
      s.created_at = e.at;
    } else if (e.type === 'sale.paid') {
      const s = saleOf(subject, e.at);
      const { day, hour } = dubaiDayHour(e.at);
      Object.assign(s, { status: 'paid', completed_at: e.at, business_day: day, hour, invoice_no: int(d.invoiceNo), total_minor: int(d.totalMinor), vat_minor: int(d.vatMinor) });
      const cell = dayCell(day);
      cell.sales_n += 1;
      cell.gross += s.total_minor;
      for (const t of tendersBySale.get(s.sale_id) ?? []) {
        const h = hourCell(day, hour, t.kind, t.wallet);
        h.tenders_n += 1;
        h.amount += t.amount_minor;
      }
    } else if (e.type === 'sale.voided') {
      const s = saleOf(subject, e.at);
      s.status = 'voided';
      s.completed_at = e.at;
    } else if (e.type === 'sale.tender') {
      const s = saleOf(subject, e.at);
      dirtySales.delete(subject); // a tender changes no sale column
      const attemptId = str(d.attemptId);
      const kind = str(d.kind) ?? 'cash';
      const t: Tender = {
        tender_id: int(d.tenderId),
        sale_id: s.sale_id,
        kind,
        wallet: kind === 'wallet' ? (attemptId ? (attempts.get(attemptId)?.wallet ?? '') : '') : '',
        amount_minor: int(d.amountMinor),
        attempt_id: attemptId,
        created_at: e.at,
      };
      newTenders.push(t);
      const list = tendersBySale.get(s.sale_id) ?? [];
      list.push(t);
      tendersBySale.set(s.sale_id, list);
      // Money taken after the sale was paid (a late wallet success) counts with the sale's day.
      if (s.status === 'paid' && s.business_day !== null && s.hour !== null) {
        const h = hourCell(s.business_day, s.hour, t.kind, t.wallet);
        h.tenders_n += 1;
        h.amount += t.amount_minor;
      }
    } else if (e.type === 'attempt.created') {
      attempts.set(subject, {
        attempt_id: subject,
        sale_id: str(d.saleId) ?? '',
        amount_minor: int(d.amount),
        state: 'created',
        wallet: null,
        result_code: null,
        created_at: e.at,
        updated_at: e.at,
      });
      dirtyAttempts.add(subject);
    } else if (e.type.startsWith('attempt.')) {
      const a = attempts.get(subject);
      if (a) {
        a.state = str(d.to) ?? a.state;
        a.wallet = str(d.pspName) ?? a.wallet;
        a.result_code = str(d.resultCode) ?? a.result_code;
        a.updated_at = e.at;
        dirtyAttempts.add(subject);
      }
    } else if (e.type === 'refund.created') {
      const attemptId = str(d.attemptId);
      const { day, hour } = dubaiDayHour(e.at);
      refunds.set(subject, {
        refund_id: subject,
        kind: 'wallet',
        wallet: (attemptId ? attempts.get(attemptId)?.wallet : null) ?? '',
        attempt_id: attemptId,
        sale_id: attemptId ? (attempts.get(attemptId)?.sale_id ?? null) : null,
        purpose: str(d.purpose) ?? 'refund',
        amount_minor: int(d.amount),
        state: 'created',
        created_at: e.at,
        business_day: day,
        hour,
      });
      dirtyRefunds.add(subject);
    } else if (e.type === 'refund.drawer') {
      const { day, hour } = dubaiDayHour(e.at);
      const r: Refund = {
        refund_id: subject,
        kind: str(d.kind) ?? 'cash',
        wallet: '',
        attempt_id: null,
        sale_id: str(d.saleId),
        purpose: 'refund',
        amount_minor: int(d.amount),
        state: 'refunded',
        created_at: e.at,
        business_day: day,
        hour,
      };
      refunds.set(subject, r);
      dirtyRefunds.add(subject);
      refundTakings(r, 1);
    } else if (e.type.startsWith('refund.')) {
      const r = refunds.get(subject);
      if (r) {
        const before = r.state;
        r.state = str(d.to) ?? r.state;
        dirtyRefunds.add(subject);
        // A reversal undoes an attempt that never became a tender: not a refund of takings.
        if (r.purpose === 'refund') {
          if (before !== 'refunded' && r.state === 'refunded') refundTakings(r, 1);
          else if (before === 'refunded' && r.state !== 'refunded') refundTakings(r, -1);
        }
      }
    } else if (e.type === 'day.closed') {
      zReports.push({ ...d, closedAt: e.at, actor: e.actor });
    }
  }

  const json = (rows: unknown[]) => JSON.stringify(rows);
  if (dirtySales.size > 0) {
    await c.query(
      `INSERT INTO hq_sales (store_id, terminal_id, sale_id, status, cashier_id, invoice_no, total_minor, vat_minor, created_at, completed_at, business_day, hour)
       SELECT $1, $2, x.sale_id, x.status, x.cashier_id, x.invoice_no, x.total_minor, x.vat_minor, x.created_at, x.completed_at, x.business_day, x.hour
         FROM jsonb_to_recordset($3::jsonb) AS x(sale_id text, status text, cashier_id text, invoice_no integer, total_minor bigint, vat_minor bigint,
              created_at timestamptz, completed_at timestamptz, business_day date, hour smallint)
       ON CONFLICT (store_id, terminal_id, sale_id) DO UPDATE SET status = excluded.status, cashier_id = excluded.cashier_id, invoice_no = excluded.invoice_no,
         total_minor = excluded.total_minor, vat_minor = excluded.vat_minor, completed_at = excluded.completed_at, business_day = excluded.business_day, hour = excluded.hour`,
      [...key, json([...dirtySales].map((id) => sales.get(id)))],
    );
  }
  if (newTenders.length > 0) {
    await c.query(
      `INSERT INTO hq_tenders (store_id, terminal_id, tender_id, sale_id, kind, wallet, amount_minor, attempt_id, created_at)
       SELECT $1, $2, x.tender_id, x.sale_id, x.kind, x.wallet, x.amount_minor, x.attempt_id, x.created_at
         FROM jsonb_to_recordset($3::jsonb) AS x(tender_id bigint, sale_id text, kind text, wallet text, amount_minor bigint, attempt_id text, created_at timestamptz)`,
      [...key, json(newTenders)],
    );
  }
  if (dirtyAttempts.size > 0) {
    await c.query(
      `INSERT INTO hq_attempts (store_id, terminal_id, attempt_id, sale_id, amount_minor, state, wallet, result_code, created_at, updated_at)
       SELECT $1, $2, x.attempt_id, x.sale_id, x.amount_minor, x.state, x.wallet, x.result_code, x.created_at, x.updated_at
         FROM jsonb_to_recordset($3::jsonb) AS x(attempt_id text, sale_id text, amount_minor bigint, state text, wallet text, result_code text, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (store_id, terminal_id, attempt_id) DO UPDATE SET state = excluded.state, wallet = excluded.wallet, result_code = excluded.result_code, updated_at = excluded.updated_at`,
      [...key, json([...dirtyAttempts].map((id) => attempts.get(id)))],
    );
  }
  if (dirtyRefunds.size > 0) {
    await c.query(
      `INSERT INTO hq_refunds (store_id, terminal_id, refund_id, kind, wallet, attempt_id, sale_id, purpose, amount_minor, state, created_at, business_day, hour)
       SELECT $1, $2, x.refund_id, x.kind, x.wallet, x.attempt_id, x.sale_id, x.purpose, x.amount_minor, x.state, x.created_at, x.business_day, x.hour
         FROM jsonb_to_recordset($3::jsonb) AS x(refund_id text, kind text, wallet text, attempt_id text, sale_id text, purpose text, amount_minor bigint,
              state text, created_at timestamptz, business_day date, hour smallint)
       ON CONFLICT (store_id, terminal_id, refund_id) DO UPDATE SET state = excluded.state, wallet = excluded.wallet`,
      [...key, json([...dirtyRefunds].map((id) => refunds.get(id)))],
    );
  }
  if (zReports.length > 0) {
    await c.query(
      `INSERT INTO hq_z_reports (store_id, terminal_id, number, business_day, closed_at, actor, gross_minor, net_minor)
       SELECT $1, $2, x."number", x."businessDay", x."closedAt", x.actor, x."grossMinor", x."netMinor"
         FROM jsonb_to_recordset($3::jsonb) AS x("number" integer, "businessDay" date, "closedAt" timestamptz, actor text, "grossMinor" bigint, "netMinor" bigint)
       ON CONFLICT DO NOTHING`,
      [...key, json(zReports)],
    );
    await c.query(
      `INSERT INTO hq_cash_counts (store_id, terminal_id, z_number, business_day, expected_minor, counted_minor, difference_minor)
       SELECT $1, $2, x."number", x."businessDay", x."expectedCashMinor", x."countedCashMinor", x."differenceMinor"
         FROM jsonb_to_recordset($3::jsonb) AS x("number" integer, "businessDay" date, "expectedCashMinor" bigint, "countedCashMinor" bigint, "differenceMinor" bigint)
       ON CONFLICT DO NOTHING`,
      [...key, json(zReports)],
    );
  }
  // Rollup rows are shared by the tills of a store: always lock them in one order (no deadlock).
  const dayRows = [...days.values()].filter((x) => x.sales_n || x.gross || x.refunds_n || x.refunds).sort((a, b) => a.business_day.localeCompare(b.business_day));
  if (dayRows.length > 0) {
    await c.query(
      `INSERT INTO hq_takings_terminal_day AS t (store_id, business_day, terminal_id, sales_n, gross, refunds_n, refunds)
       SELECT $1, x.business_day, $2, x.sales_n, x.gross, x.refunds_n, x.refunds
         FROM jsonb_to_recordset($3::jsonb) AS x(business_day date, sales_n bigint, gross bigint, refunds_n bigint, refunds bigint)
       ON CONFLICT (store_id, business_day, terminal_id) DO UPDATE SET sales_n = t.sales_n + excluded.sales_n, gross = t.gross + excluded.gross,
         refunds_n = t.refunds_n + excluded.refunds_n, refunds = t.refunds + excluded.refunds`,
      [...key, json(dayRows)],
    );
  }
  const hourRows = [...hours.entries()]
    .filter(([, x]) => x.tenders_n || x.amount || x.refunds_n || x.refunds)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);
  if (hourRows.length > 0) {
    await c.query(
      `INSERT INTO hq_takings_hour AS t (store_id, business_day, hour, tender, wallet, tenders_n, amount, refunds_n, refunds)
       SELECT $1, x.business_day, x.hour, x.tender, x.wallet, x.tenders_n, x.amount, x.refunds_n, x.refunds
         FROM jsonb_to_recordset($2::jsonb) AS x(business_day date, hour smallint, tender text, wallet text, tenders_n bigint, amount bigint, refunds_n bigint, refunds bigint)
       ON CONFLICT (store_id, business_day, hour, tender, wallet) DO UPDATE SET tenders_n = t.tenders_n + excluded.tenders_n, amount = t.amount + excluded.amount,
         refunds_n = t.refunds_n + excluded.refunds_n, refunds = t.refunds + excluded.refunds`,
      [storeId, json(hourRows)],
    );
  }
}
