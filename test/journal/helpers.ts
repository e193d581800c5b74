// A fresh real SQLite file per test, and a sale that owes a given amount, built with the real
// sales repository.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { money } from '../../app/domain/money.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { openDb, type Db } from '../../app/store/db.ts';

export function tempDir(prefix = 'souq-journal-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freshDb(): { db: Db; dir: string; cleanup(): void } {
  const t = tempDir();
  const db = openDb(join(t.dir, 'souq.sqlite'));
  return {
    db,
    dir: t.dir,
    cleanup: () => {
      if (db.open) db.close();
      t.cleanup();
    },
  };
}

export const defaultConfig = (over: Record<string, unknown> = {}): TerminalConfig => TerminalConfig.parse(over);

export function saleOwing(db: Db, minor: number, now = new Date()): string {
  const id = createSale(db, { terminalId: 'T01', now });
  addKeyedLine(db, id, money(minor), 'Keyed', now);
  return id;
}

export const PAY_PATH = '/ams/sandbox/api/v1/payments/pay';
export const REFUND_PATH = '/ams/sandbox/api/v1/payments/refund';
/** An Alipay+ shaped payment code (digits, 28…, 18 long). */
export const CODE = '281234567890123456';
