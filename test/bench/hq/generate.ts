// Data for the `hq` bench group. Tills' event logs are made in JS with the till's own hash
// (app/store/events.ts) and the same event shapes a till writes for a cash sale; the 10 M sales for
// the report figures are made inside PostgreSQL with generate_series, never row by row.
import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, rowHash } from '../../../app/store/events.ts';
import type { HqEvent } from '../../../app/chain/client.ts';
import type { Pool } from '../../../hq/db.ts';

/** A till's log of `sales` cash sales from `start`, one every `everyMs`: 4 events a sale. */
export function syntheticLog(terminalId: string, sales: number, start: Date, everyMs: number): HqEvent[] {
  const out: HqEvent[] = [];
  let prev = GENESIS_HASH;
  let seq = 0;
  const push = (at: Date, type: string, subject: string, data: Record<string, unknown>) => {
    const row = { seq: ++seq, at: at.toISOString(), type, subject, actor: null, data: JSON.stringify(data) };
    const hash = rowHash(prev, row);
    out.push({ ...row, prevHash: prev, hash });
    prev = hash;
  };
  for (let i = 0; i < sales; i++) {
    const at = new Date(start.getTime() + i * everyMs);
    const id = randomUUID();
    const amount = 500 + ((i * 7919) % 50_000);
    push(at, 'sale.created', id, { terminalId, currency: 'AED' });
    push(at, 'sale.line_added', id, { lineId: i + 1, kind: 'keyed', amountMinor: amount });
    push(at, 'sale.tender', id, { tenderId: i + 1, kind: 'cash', amountMinor: amount, tenderedMinor: amount, changeMinor: 0 });
    push(at, 'sale.paid', id, { invoiceNo: i + 1, totalMinor: amount, vatMinor: Math.floor((amount * 10 + 105) / 210) });
  }
  return out;
}

export const REPORT_STORES = 300;
export const TILLS_PER_STORE = 3;
export const REPORT_DAYS = 60;
export const REPORT_FIRST_DAY = '2026-10-01';

/**
 * ≥ 10 M paid sales over 60 Dubai days in 300 stores × 3 tills, 1 % of them refunded, then the
 * rollups built from them in bulk — what ingest would have kept, sale by sale.
 */
export async function generateChainSales(pool: Pool, sales: number, log: (s: string) => void): Promise<void> {
  const perDay = Math.ceil(sales / REPORT_DAYS);
  const tills = REPORT_STORES * TILLS_PER_STORE;
  await pool.query(`INSERT INTO hq_stores (store_id) SELECT 'S' || lpad(s::text, 3, '0') FROM generate_series(1, ${REPORT_STORES}) s`);
  await pool.query(
    `INSERT INTO hq_terminals (store_id, terminal_id, credential_hash, last_contact_at)
     SELECT 'S' || lpad(s::text, 3, '0'), 'T0' || t, md5(s::text || t::text) || md5(t::text), now()
       FROM generate_series(1, ${REPORT_STORES}) s, generate_series(1, ${TILLS_PER_STORE}) t`,
  );
  let t = performance.now();
  // The till of sale g is g % 900; its day is g / perDay; its second in the day spreads over 10:00–24:00.
  await pool.query(`
    INSERT INTO hq_sales (store_id, terminal_id, sale_id, status, invoice_no, total_minor, vat_minor, created_at, completed_at, business_day, hour)
    SELECT store_id, terminal_id, 's' || g, 'paid', g / ${tills}, amount, (amount * 10 + 105) / 210, at, at,
           (at AT TIME ZONE 'Asia/Dubai')::date, extract(hour FROM at AT TIME ZONE 'Asia/Dubai')::smallint
      FROM (SELECT g,
                   'S' || lpad((1 + g % ${REPORT_STORES})::text, 3, '0') AS store_id,
                   'T0' || (1 + (g / ${REPORT_STORES}) % ${TILLS_PER_STORE}) AS terminal_id,
                   500 + (g * 7919) % 50000 AS amount,
                   timestamptz '${REPORT_FIRST_DAY} 10:00:00+04' + (g / ${perDay}) * interval '1 day' + ((g * 2654435761) % 50400) * interval '1 second' AS at
              FROM generate_series(0::bigint, ${sales - 1}) g) x`);
  log(`  hq: ${sales.toLocaleString('en')} sales generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  await pool.query(`
    INSERT INTO hq_refunds (store_id, terminal_id, refund_id, kind, wallet, sale_id, purpose, amount_minor, state, created_at, business_day, hour)
    SELECT store_id, terminal_id, 'r' || sale_id, 'cash', '', sale_id, 'refund', total_minor / 2, 'refunded', completed_at + interval '10 minutes',
           ((completed_at + interval '10 minutes') AT TIME ZONE 'Asia/Dubai')::date, extract(hour FROM (completed_at + interval '10 minutes') AT TIME ZONE 'Asia/Dubai')::smallint
      FROM hq_sales WHERE substr(sale_id, 2)::bigint % 100 = 7`);
  await pool.query(`
    INSERT INTO hq_takings_terminal_day (store_id, business_day, terminal_id, sales_n, gross, refunds_n, refunds)
    SELECT store_id, business_day, terminal_id, sum(sales_n), sum(gross), sum(refunds_n), sum(refunds) FROM (
      SELECT store_id, business_day, terminal_id, count(*) AS sales_n, sum(total_minor) AS gross, 0 AS refunds_n, 0 AS refunds FROM hq_sales WHERE status = 'paid' GROUP BY 1, 2, 3
      UNION ALL
      SELECT store_id, business_day, terminal_id, 0, 0, count(*), sum(amount_minor) FROM hq_refunds WHERE state = 'refunded' AND purpose = 'refund' GROUP BY 1, 2, 3
    ) x GROUP BY 1, 2, 3`);
  await pool.query(`
    INSERT INTO hq_takings_hour (store_id, business_day, hour, tender, wallet, tenders_n, amount, refunds_n, refunds)
    SELECT store_id, business_day, hour, 'cash', '', count(*), sum(total_minor), 0, 0 FROM hq_sales WHERE status = 'paid' GROUP BY 1, 2, 3`);
  log(`  hq: refunds and rollups built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  await pool.query('VACUUM ANALYZE');
  log(`  hq: vacuum analyze in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
