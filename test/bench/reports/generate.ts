// Builds the benchmark database for takings: 3 years × 2,000 sales a day on one terminal, with
// Dubai shop hours, a realistic tender mix (wallets by pspName, cash, card), failed attempts, a few
// unresolved ones, wallet and drawer refunds. Generated once into the OS temp folder and reused
// while the schema and this generator stay the same (the file name carries their hash).
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMigrations, openDb, type Db } from '../../../app/store/db.ts';
import { businessDayBounds } from '../../../app/domain/time.ts';
import { vatIncludedMinor } from '../../../app/domain/sale.ts';
import { seededRandom } from '../../../app/domain/random.ts';
import { writeTx } from '../../../app/journal/tx.ts';

const GENERATOR_VERSION = 2;

export interface GenerateOptions {
  days: number;
  perDay: number;
  /** The last business day of the data. */
  lastDay: string;
  seed: number;
}

export const DEFAULT_GENERATION: GenerateOptions = { days: 3 * 365, perDay: 2000, lastDay: '2025-12-31', seed: 20251231 };

// A seeded PRNG, so every machine builds the same database.
const prng = seededRandom;

function pick<T>(rand: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return weighted.at(-1)![0];
}

// Dubai mall hours 10:00–24:00, evenings busiest.
const HOURS: readonly (readonly [number, number])[] = [
  [10, 3], [11, 4], [12, 6], [13, 7], [14, 6], [15, 6], [16, 7], [17, 8], [18, 10], [19, 11], [20, 11], [21, 10], [22, 7], [23, 4],
];
const PSPS: readonly (readonly [string, number])[] = [
  ['ALIPAY_CN', 60], ['ALIPAY_HK', 14], ['KAKAOPAY', 6], ['GCASH', 5], ['TRUEMONEY', 5], ['TNG', 5], ['DANA', 5],
];
const TENDER_MIX: readonly (readonly ['wallet' | 'cash' | 'card' | 'split', number])[] = [['wallet', 55], ['cash', 27], ['card', 15], ['split', 3]];
const CASHIERS = ['u-cash01', 'u-cash02', 'u-cash03', 'u-cash04', 'u-cash05', 'u-cash06'];

export function benchDbPath(opts: GenerateOptions = DEFAULT_GENERATION): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.name).update(m.sql);
  h.update(JSON.stringify({ GENERATOR_VERSION, ...opts }));
  return join(tmpdir(), `souq-bench-reports-${h.digest('hex').slice(0, 12)}.sqlite`);
}

/** The backfill block of migration 004, replayed after a bulk load. */
function takingsBackfillSql(): string {
  const m = listMigrations().find((x) => x.name === '004_takings_cells.sql');
  const block = m && /-- backfill:begin[^\n]*\n([\s\S]*?)-- backfill:end/.exec(m.sql);
  if (!block) throw new Error('migration 004 has no backfill block');
  return block[1]!;
}

export function dayList(opts: GenerateOptions): string[] {
  const last = Date.parse(`${opts.lastDay}T00:00:00Z`);
  return Array.from({ length: opts.days }, (_, i) => new Date(last - (opts.days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Returns the path of a ready database, generating it first if the cache has none. */
export function ensureBenchDb(opts: GenerateOptions = DEFAULT_GENERATION, log: (s: string) => void = (s) => process.stderr.write(s)): string {
  const file = benchDbPath(opts);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const db = openDb(partial);
  // A throw-away file: durability buys nothing here, and index builds after the load are faster
  // than keeping secondary indexes up to date row by row.
  db.pragma('synchronous = OFF');
  db.pragma('journal_mode = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  // The takings triggers (004) keep per-day cells row by row; for a bulk load, the migration's own
  // backfill computes the same cells once at the end (the property test holds the two equal).
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'takings\\_%' ESCAPE '\\'").all() as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);
  const started = performance.now();
  fill(db, opts, log);
  log(`  building ${indexes.length} indexes and the takings cells…\n`);
  for (const ix of indexes) db.exec(ix.sql);
  db.exec('DELETE FROM takings_cells');
  db.exec(takingsBackfillSql());
  for (const tr of triggers) db.exec(tr.sql);
  db.exec('ANALYZE');
  db.close();
  renameSync(partial, file);
  log(`  generated ${file} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return file;
}

function fill(db: Db, opts: GenerateOptions, log: (s: string) => void): void {
  const rand = prng(opts.seed);
  const now = new Date().toISOString();
  const insUser = db.prepare("INSERT INTO users (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, 'cashier', 'scrypt:16384:8:1:00', '00', ?)");
  writeTx(db, () => CASHIERS.forEach((id, i) => insUser.run(id, `Cashier ${i + 1}`, now)));

  const insSale = db.prepare(
    `INSERT INTO sales (id, terminal_id, status, currency, total_minor, vat_minor, cashier_id, invoice_no, created_at, completed_at, business_day)
     VALUES (?, 'T01', ?, 'AED', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insAttempt = db.prepare(
    `INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, code_masked, request_path, request_body, result_status, result_code,
       payment_id, payment_time, psp_name, customer_id, created_at, sent_at, updated_at, try_count)
     VALUES (?, ?, ?, ?, 'AED', ?, ?, '/ams/api/v1/payments/pay', '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insTender = db.prepare(
    'INSERT INTO tenders (sale_id, kind, amount_minor, tendered_minor, change_minor, attempt_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insRefund = db.prepare(
    `INSERT INTO refunds (id, attempt_id, amount_minor, currency, reason, state, request_path, request_body, result_code, refund_id, refund_time, actor, created_at, sent_at, updated_at, try_count)
     VALUES (?, ?, ?, 'AED', 'customer returned goods', ?, '/ams/api/v1/payments/refund', '{}', ?, ?, ?, 'u-mgr01', ?, ?, ?, 1)`,
  );
  const insManual = db.prepare(
    "INSERT INTO manual_refunds (id, sale_id, kind, amount_minor, currency, reason, actor, created_at, business_day) VALUES (?, ?, ?, ?, 'AED', 'returned', 'u-mgr01', ?, ?)",
  );

  const days = dayList(opts);
  let invoice = 0;
  let attemptSeq = 0;
  const t0 = performance.now();
  const isLastWeek = (i: number) => i >= days.length - 7;
  const dayBatch = (day: string, dayIndex: number) => writeTx(db, () => {
    const dayStart = businessDayBounds(day).start.getTime();
    const times = Array.from({ length: opts.perDay }, () => dayStart + pick(rand, HOURS) * 3_600_000 + Math.floor(rand() * 3_600_000)).sort((a, b) => a - b);
    for (let i = 0; i < opts.perDay; i++) {
      const created = times[i]!;
      const createdAt = new Date(created).toISOString();
      const completedAt = new Date(created + 30_000 + Math.floor(rand() * 120_000)).toISOString();
      const id = `s-${day}-${String(i).padStart(4, '0')}`;
      // Mostly AED 20–600, a long tail of luxury buys up to AED 12,000 (tourists, Dubai Mall).
      const total = rand() < 0.93 ? 2_000 + Math.floor(rand() * 58_000) : 60_000 + Math.floor(rand() * 1_140_000);
      const vat = vatIncludedMinor(total);
      const cashier = CASHIERS[Math.floor(rand() * CASHIERS.length)]!;
      const roll = rand();
      const status = roll < 0.975 ? 'paid' : roll < 0.997 ? 'voided' : 'open';
      const paid = status === 'paid';
      // The last week keeps a few attempts unresolved, as a close that has not happened yet would.
      insSale.run(id, status, total, vat, cashier, paid ? ++invoice : null, createdAt, paid ? completedAt : null, day);
      const attempt = (amount: number, state: string, psp: string | null) => {
        const aid = `a-${day}-${String(++attemptSeq).padStart(8, '0')}`;
        const ok = state === 'succeeded';
        const code = `28${String(Math.floor(rand() * 1e4)).padStart(4, '0')}`;
        insAttempt.run(
          aid, id, rand() < 0.7 ? 'PaymentCode' : 'OrderCode', amount, state, `${code.slice(0, 4)}…${String(Math.floor(rand() * 1e4)).padStart(4, '0')}`,
          ok ? 'S' : state === 'failed' ? 'F' : null, ok ? 'SUCCESS' : state === 'failed' ? 'USER_BALANCE_NOT_ENOUGH' : null,
          ok ? `pay-${aid}` : null, ok ? completedAt : null, psp, ok ? '1380****0000' : null, createdAt, createdAt, completedAt,
        );
        return aid;
      };
      if (!paid) {
        if (status === 'open' && isLastWeek(dayIndex) && rand() < 0.5) attempt(total, pick(rand, [['unknown', 2], ['needs_attention', 1]]), null);
        continue;
      }
      const mix = pick(rand, TENDER_MIX);
      if (mix === 'wallet' || mix === 'split') {
        const psp = pick(rand, PSPS);
        const walletAmount = mix === 'split' ? Math.floor(total / 2) : total;
        if (rand() < 0.06) attempt(walletAmount, pick(rand, [['failed', 3], ['expired', 1], ['cancelled', 1]]), null);
        const aid = attempt(walletAmount, 'succeeded', psp);
        insTender.run(id, 'wallet', walletAmount, null, null, aid, completedAt);
        if (mix === 'split') {
          const cash = total - walletAmount;
          insTender.run(id, 'cash', cash, Math.ceil(cash / 5_000) * 5_000, Math.ceil(cash / 5_000) * 5_000 - cash, null, completedAt);
        }
        if (rand() < 0.015) {
          const amount = rand() < 0.5 ? walletAmount : 1 + Math.floor(rand() * (walletAmount - 1));
          const at = new Date(created + 3_600_000 * (1 + Math.floor(rand() * 48))).toISOString();
          const state = isLastWeek(dayIndex) && rand() < 0.1 ? 'refund_unknown' : 'refunded';
          const rid = `r-${aid}`;
          insRefund.run(rid, aid, amount, state, state === 'refunded' ? 'SUCCESS' : null, state === 'refunded' ? `rf-${rid}` : null, state === 'refunded' ? at : null, at, at, at);
        }
      } else if (mix === 'cash') {
        const tendered = Math.ceil(total / 5_000) * 5_000;
        insTender.run(id, 'cash', total, tendered, tendered - total, null, completedAt);
        if (rand() < 0.005) insManual.run(`m-${id}`, id, 'cash', total, completedAt, day);
      } else {
        insTender.run(id, 'card', total, null, null, null, completedAt);
      }
    }
  });
  for (let i = 0; i < days.length; i++) {
    dayBatch(days[i]!, i);
    if ((i + 1) % 73 === 0 || i === days.length - 1) {
      const s = (performance.now() - t0) / 1000;
      log(`  reports bench data: ${i + 1}/${days.length} days (${(((i + 1) * opts.perDay) / 1e6).toFixed(2)} M sales) in ${s.toFixed(0)} s\n`);
    }
  }
}
