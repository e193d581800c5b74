// Takings on a shop's three years of sales (≈2.2 M): one day and one month from the covering
// indexes, against the naive way (load the day's rows into JS and add them up) in the same run.
import { openDb, type Db } from '../../../app/store/db.ts';
import { takingsForDay, takingsForRange } from '../../../app/reports/takings.ts';
import type { BenchGroup } from '../group.ts';
import { median } from '../stats.ts';
import { DEFAULT_GENERATION, dayList, ensureBenchDb } from '../reports/generate.ts';

function timed(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** The way a report is written without thinking: every row of the day into JS, summed there. */
function naiveDayTakings(db: Db, day: string): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT s.id, s.status, s.total_minor, s.vat_minor, s.cashier_id, s.completed_at, t.kind, t.amount_minor AS tender_minor, a.psp_name
       FROM sales s LEFT JOIN tenders t ON t.sale_id = s.id LEFT JOIN attempts a ON a.id = t.attempt_id
       WHERE s.business_day = ?`,
    )
    .all(day) as { id: string; status: string; total_minor: number; vat_minor: number; cashier_id: string; completed_at: string | null; kind: string | null; tender_minor: number | null; psp_name: string | null }[];
  const out: Record<string, number> = {};
  const seen = new Set<string>();
  const add = (k: string, v: number) => (out[k] = (out[k] ?? 0) + v);
  for (const r of rows) {
    if (r.status !== 'paid') continue;
    if (r.kind) add(`tender:${r.kind}:${r.psp_name ?? ''}`, r.tender_minor ?? 0);
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    add('gross', r.total_minor);
    add('vat', r.vat_minor);
    add(`cashier:${r.cashier_id}`, r.total_minor);
    add(`hour:${(Number(r.completed_at!.slice(11, 13)) + 4) % 24}`, r.total_minor);
  }
  return out;
}

export const reportsGroup: BenchGroup = {
  name: 'reports',
  summary: 'takings on 3 years × 2,000 sales a day (targets: day < 50 ms, month < 300 ms)',
  async run() {
    const file = ensureBenchDb();
    const db = openDb(file, { readonly: true });
    try {
      const days = dayList(DEFAULT_GENERATION);
      // Twenty days spread over the three years, and six whole months, so one warm page does not flatter.
      const sample = Array.from({ length: 20 }, (_, i) => days[Math.floor(((i + 0.5) * days.length) / 20)]!);
      const months = ['2023-03', '2023-11', '2024-06', '2024-12', '2025-05', '2025-12'];
      const lastOf = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
      takingsForDay(db, sample[0]!); // prepares the statements once, as the app does
      naiveDayTakings(db, sample[0]!);
      const day = sample.map((d) => timed(() => takingsForDay(db, d)));
      const naive = sample.map((d) => timed(() => naiveDayTakings(db, d)));
      const month = months.map((m) => timed(() => takingsForRange(db, `${m}-01`, lastOf(m))));
      // Same figures both ways, or the comparison is meaningless.
      const check = takingsForDay(db, sample[5]!);
      const n = naiveDayTakings(db, sample[5]!);
      if (n.gross !== check.sales.gross.minor || n.vat !== check.vat.collected.minor) {
        throw new Error(`naive and indexed takings disagree on ${sample[5]}: ${n.gross} vs ${check.sales.gross.minor}`);
      }
      const sales = (db.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n;
      process.stderr.write(`  reports: ${sales.toLocaleString('en')} sales in ${file}\n`);
      return {
        takings_day_ms: median(day),
        takings_month_ms: median(month),
        takings_day_naive_ms: median(naive),
      };
    } finally {
      db.close();
    }
  },
};
