// What a manager reads beside the takings: the same figures for the same weekday(s) a week earlier
// and for the period just before, the best-selling products, and refunds and voids per cashier.
import type { Db } from '../store/db.ts';
import { money, type Money } from '../domain/money.ts';
import { takingsForRange } from './takings.ts';

export interface PeriodFigures {
  from: string;
  to: string;
  count: number;
  gross: Money;
  net: Money;
}

export interface Insights {
  current: PeriodFigures;
  /** The same days one week earlier (for a day: the same weekday last week). */
  lastWeek: PeriodFigures;
  /** The period of the same length just before. */
  previous: PeriodFigures;
  topProducts: { ean: string | null; name: string; quantity: number; total: Money }[];
  /** Per cashier who sold: sales voided, and refunds made on their sales (by the day refunded). */
  byCashier: { cashierId: string | null; name: string; voids: number; refunds: number; refunded: Money }[];
}

const DAY_MS = 86_400_000;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function figures(db: Db, from: string, to: string): PeriodFigures {
  const t = takingsForRange(db, from, to);
  return { from, to, count: t.sales.count, gross: t.sales.gross, net: t.net };
}

export function insightsFor(db: Db, from: string, to: string): Insights {
  const current = figures(db, from, to);
  const length = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  const top = db
    .prepare(
      `SELECT l.ean AS ean, l.name AS name, SUM(l.quantity) AS quantity, SUM(l.total_minor) AS total
         FROM sales s CROSS JOIN sale_lines l ON l.sale_id = s.id
        WHERE s.business_day BETWEEN ? AND ? AND s.status = 'paid'
        GROUP BY l.kind, COALESCE(l.ean, l.name) ORDER BY total DESC, quantity DESC LIMIT 10`,
    )
    .all(from, to) as { ean: string | null; name: string; quantity: number; total: number }[];
  const voids = db.prepare(`SELECT COALESCE(cashier_id, '') AS c, COUNT(*) AS n FROM sales WHERE status = 'voided' AND business_day BETWEEN ? AND ? GROUP BY 1`).all(from, to) as { c: string; n: number }[];
  const refunds = db
    .prepare(
      `SELECT COALESCE(s.cashier_id, '') AS c, COUNT(*) AS n, SUM(x.amount) AS amount FROM (
         SELECT sale_id, amount_minor AS amount, business_day AS day FROM manual_refunds
         UNION ALL
         SELECT a.sale_id, r.amount_minor, date(r.created_at, '+4 hours') FROM refunds r JOIN attempts a ON a.id = r.attempt_id
          WHERE r.state = 'refunded' AND r.purpose = 'refund'
       ) x JOIN sales s ON s.id = x.sale_id WHERE x.day BETWEEN ? AND ? GROUP BY 1`,
    )
    .all(from, to) as { c: string; n: number; amount: number }[];
  const names = new Map((db.prepare('SELECT id, name FROM users').all() as { id: string; name: string }[]).map((u) => [u.id, u.name]));
  const ids = [...new Set([...voids.map((v) => v.c), ...refunds.map((r) => r.c)])];
  return {
    current,
    lastWeek: figures(db, shift(from, -7), shift(to, -7)),
    previous: figures(db, shift(from, -length), shift(from, -1)),
    topProducts: top.map((p) => ({ ean: p.ean, name: p.name, quantity: p.quantity, total: money(p.total) })),
    byCashier: ids
      .map((c) => {
        const r = refunds.find((x) => x.c === c);
        return {
          cashierId: c === '' ? null : c,
          name: c === '' ? 'No cashier signed in' : (names.get(c) ?? `Unknown (${c})`),
          voids: voids.find((v) => v.c === c)?.n ?? 0,
          refunds: r?.n ?? 0,
          refunded: money(r?.amount ?? 0),
        };
      })
      .sort((a, b) => b.refunds + b.voids - (a.refunds + a.voids) || a.name.localeCompare(b.name)),
  };
}
