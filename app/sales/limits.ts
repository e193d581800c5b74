// The installer's limit on what a cashier may take off a line without a manager (a discount, a
// price override, or both), kept in the terminal's database beside the other till state.
import type { Db } from '../store/db.ts';
import { appendEvent } from '../store/events.ts';
import { SaleError } from '../domain/sale.ts';
import { writeTx } from '../journal/tx.ts';

const KEY = 'till.discountLimitBasisPoints';
/** 10 %: a cashier's everyday goodwill; anything deeper is a manager's call. */
export const DEFAULT_DISCOUNT_LIMIT_BASIS_POINTS = 1_000;

export function discountLimit(db: Db): number {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_DISCOUNT_LIMIT_BASIS_POINTS;
  const v = Number(JSON.parse(row.value));
  return Number.isSafeInteger(v) && v >= 0 && v <= 10_000 ? v : DEFAULT_DISCOUNT_LIMIT_BASIS_POINTS;
}

/** Sets the limit (hundredths of a percent, 0–10000); logged with who set it and what it was. */
export function setDiscountLimit(db: Db, basisPoints: number, actor: string | null, now: Date = new Date()): number {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new SaleError('INVALID_DISCOUNT', 'The limit is a percentage from 0 to 100, with at most two decimals.');
  }
  writeTx(db, () => {
    const before = discountLimit(db);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(basisPoints));
    appendEvent(db, { type: 'till.discount_limit', subject: 'till', actor, at: now, data: { from: before, to: basisPoints } });
  });
  return basisPoints;
}
