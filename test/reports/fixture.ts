// Builds a shop's day through the real sales repository (H3) and writes the acquirer-side rows
// (attempts, refunds) the way the journal stores them, so reports read exactly what the till
// writes. Each test gets a fresh SQLite file in its own temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDb, type Db } from '../../app/store/db.ts';
import { money } from '../../app/domain/money.ts';
import type { AttemptState, RefundState } from '../../app/domain/attempt.ts';
import { addKeyedLine, applyWalletPayment, createSale, recordCardTender, recordCashTender, voidSale } from '../../app/sales/repository.ts';
import { writeTx } from '../../app/journal/tx.ts';

export interface TempDb {
  dir: string;
  file: string;
  db: Db;
  cleanup(): void;
}

export function tempDb(prefix = 'souq-reports-'): TempDb {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'souq.sqlite');
  const db = openDb(file);
  return {
    dir,
    file,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An attempt as the journal writes it: inserted `sent` with no answer yet, then moved to its state
 * (with pspName on success) by a later UPDATE, so the takings triggers see the same writes.
 */
export function insertAttempt(
  db: Db,
  a: { saleId: string; amountMinor: number; state: AttemptState; psp?: string | null; at: Date; code?: string },
): string {
  const id = `pr-${randomUUID()}`;
  const ok = a.state === 'succeeded';
  const code = a.code ?? '281234567890123456';
  db.prepare(
    `INSERT INTO attempts (id, sale_id, scenario, amount_minor, currency, state, code_masked, request_path, request_body, created_at, sent_at, updated_at, try_count)
     VALUES (?, ?, 'PaymentCode', ?, 'AED', 'sent', ?, '/ams/sandbox/api/v1/payments/pay', ?, ?, ?, ?, 1)`,
  ).run(id, a.saleId, a.amountMinor, `${code.slice(0, 4)}…${code.slice(-4)}`, JSON.stringify({ paymentRequestId: id, paymentMethodId: code }), a.at.toISOString(), a.at.toISOString(), a.at.toISOString());
  if (a.state !== 'sent') {
    db.prepare('UPDATE attempts SET state = ?, result_status = ?, result_code = ?, payment_id = ?, payment_time = ?, psp_name = ?, updated_at = ? WHERE id = ?').run(
      a.state, ok ? 'S' : null, ok ? 'SUCCESS' : null, ok ? `pay-${id}` : null, ok ? a.at.toISOString() : null, ok ? (a.psp ?? null) : null, a.at.toISOString(), id,
    );
  }
  return id;
}

/** A wallet payment the acquirer confirmed: the attempt row, then the tender, as the journal does. */
export function walletPay(db: Db, saleId: string, amountMinor: number, psp: string, at: Date): string {
  return writeTx(db, () => {
    const id = insertAttempt(db, { saleId, amountMinor, state: 'succeeded', psp, at });
    applyWalletPayment(db, saleId, id, money(amountMinor), at);
    return id;
  });
}

/** A refund as the journal writes it: created, then moved to its state once the acquirer answered. */
export function insertRefund(db: Db, r: { attemptId: string; amountMinor: number; state: RefundState; at: Date; purpose?: 'refund' | 'reversal' }): string {
  const id = `rf-${randomUUID()}`;
  db.prepare(
    `INSERT INTO refunds (id, attempt_id, amount_minor, currency, purpose, state, request_path, request_body, created_at, updated_at)
     VALUES (?, ?, ?, 'AED', ?, 'created', '/ams/sandbox/api/v1/payments/refund', '{}', ?, ?)`,
  ).run(id, r.attemptId, r.amountMinor, r.purpose ?? 'refund', r.at.toISOString(), r.at.toISOString());
  if (r.state !== 'created') db.prepare('UPDATE refunds SET state = ?, updated_at = ? WHERE id = ?').run(r.state, r.at.toISOString(), id);
  return id;
}

export type Tendering = 'cash' | 'card' | 'wallet' | 'split' | 'open' | 'void';

export function ringUp(db: Db, s: { totalMinor: number; at: Date; cashierId?: string | null; tender: Tendering; psp?: string; terminalId?: string }): { saleId: string; walletAttempt?: string } {
  const saleId = createSale(db, { terminalId: s.terminalId ?? 'T01', cashierId: s.cashierId ?? null, now: s.at });
  addKeyedLine(db, saleId, money(s.totalMinor), 'Item', s.at);
  const paidAt = new Date(s.at.getTime() + 30_000);
  switch (s.tender) {
    case 'cash':
      recordCashTender(db, saleId, money(s.totalMinor), paidAt);
      return { saleId };
    case 'card':
      recordCardTender(db, saleId, undefined, paidAt);
      return { saleId };
    case 'wallet':
      return { saleId, walletAttempt: walletPay(db, saleId, s.totalMinor, s.psp ?? 'ALIPAY_CN', paidAt) };
    case 'split': {
      const half = Math.floor(s.totalMinor / 2);
      if (half > 0) recordCashTender(db, saleId, money(half), paidAt, { partial: true });
      return { saleId, walletAttempt: walletPay(db, saleId, s.totalMinor - half, s.psp ?? 'ALIPAY_CN', paidAt) };
    }
    case 'open':
      return { saleId };
    case 'void':
      voidSale(db, saleId, { now: paidAt, reason: 'customer left' });
      return { saleId };
    default:
      throw new Error(`unknown tendering ${String(s.tender)}`);
  }
}
