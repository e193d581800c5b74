// The journal's WAL deleted or replaced under a running terminal: the terminal notices (on its
// timer and before each payment), refuses wallet payments with words, and stops working the
// journal, instead of writing payments into a file nobody else sees. Real files, and a real
// `souq serve` process over loopback HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../../app/terminal/terminal.ts';
import { createSale, addKeyedLine } from '../../app/sales/repository.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { money } from '../../app/domain/money.ts';
import { SOUQ } from '../cli/souq.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-journal-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CODE = '281234567890123456';

function saleOf(t: Terminal): string {
  const now = new Date();
  const saleId = createSale(t.db, { terminalId: t.config.terminalId, cashierId: null, now });
  addKeyedLine(t.db, saleId, money(1000, 'AED'), undefined, now);
  return saleId;
}

function refusal(fn: () => unknown): { code?: string; message?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  throw new Error('expected the payment to be refused');
}

describe('the journal’s files replaced under a running terminal', () => {
  it('a deleted WAL is noticed before the next payment: refused with words, nothing journalled, the status says so', async () => {
    // The timer is far off: this is the check made before each payment.
    const t = await openTerminal({ dataDir: dir, startEngine: false, journalCheckMs: 3_600_000 });
    try {
      const saleId = saleOf(t);
      expect(t.acquirerUnavailable).toBeNull();
      unlinkSync(`${dataPaths(dir).db}-wal`);
      const e = refusal(() => t.payments.startWithCode({ saleId, code: CODE }));
      expect(e.code).toBe('JOURNAL_FILE_REPLACED');
      expect(e.message).toMatch(/Wallet payments are stopped.*restart Souq POS/);
      expect(t.payments.forSale(saleId)).toEqual([]);
      expect(t.acquirerUnavailable).toMatchObject({ code: 'JOURNAL_FILE_REPLACED' });
      expect(t.acquirerUnavailable && 'detail' in t.acquirerUnavailable ? t.acquirerUnavailable.detail : '').toContain('souq.sqlite-wal was deleted');
      // The QR tender too.
      expect(refusal(() => t.payments.showQr({ saleId })).code).toBe('JOURNAL_FILE_REPLACED');
    } finally {
      await t.close();
    }
  });

  it('a WAL replaced by a copy of itself (same bytes, another file) is noticed on the timer and the screens are told', async () => {
    const t = await openTerminal({ dataDir: dir, startEngine: false, journalCheckMs: 50 });
    try {
      const faults: string[] = [];
      t.onJournalFault((f) => faults.push(f.code));
      const wal = `${dataPaths(dir).db}-wal`;
      copyFileSync(wal, `${wal}.copy`);
      renameSync(`${wal}.copy`, wal);
      await expect.poll(() => faults, { timeout: 5000 }).toEqual(['JOURNAL_FILE_REPLACED']);
      expect(t.checkJournalFiles()?.detail).toContain('souq.sqlite-wal was replaced');
    } finally {
      await t.close();
    }
  });

  it('a terminal whose files stay in place takes payments as before', async () => {
    const t = await openTerminal({ dataDir: dir, startEngine: false, journalCheckMs: 50 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const view = t.payments.startWithCode({ saleId: saleOf(t), code: CODE });
      expect(view.state).toBe('created');
      expect(t.acquirerUnavailable).toBeNull();
    } finally {
      await t.close();
    }
  });
});

describe('souq serve (a real process) with its WAL deleted', () => {
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    child = null;
  });

  it('stops wallet payments within seconds, says why on its output and in terminal.status, and refuses the next payment', async () => {
    const data = join(dir, 'data');
    child = spawn(process.execPath, [SOUQ, '--data-dir', data, 'serve', '--renderer', join(dir, 'no-renderer')], { env: { ...process.env, SOUQ_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => /Cashier:\s+(\S+)/.test(out), { timeout: 30_000 }).toBe(true);
    const url = new URL(/Cashier:\s+(\S+)/.exec(out)![1]!);
    const token = url.searchParams.get('token')!;
    const call = async (name: string, input: unknown) => {
      const res = await fetch(`${url.origin}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-souq-token': token }, body: JSON.stringify(input) });
      return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
    };
    const sale = await call('sale.open', {});
    const saleId = (sale.value as { id: string }).id;
    await call('sale.addKeyed', { saleId, amountMinor: 1000 });
    expect((await call('terminal.status', {})).value?.acquirerUnavailable).toBeNull();

    unlinkSync(`${dataPaths(data).db}-wal`);
    await expect.poll(async () => ((await call('terminal.status', {})).value?.acquirerUnavailable as { code?: string } | null)?.code, { timeout: 10_000 }).toBe('JOURNAL_FILE_REPLACED');
    expect(out).toContain('wallet payments stopped');
    const refused = await call('payment.startWithCode', { saleId, code: CODE });
    expect(refused).toMatchObject({ ok: false, error: { code: 'JOURNAL_FILE_REPLACED' } });
    // Cash still works: the shop keeps selling while someone restarts the till.
    expect((await call('sale.current', {})).ok).toBe(true);
  }, 60_000);
});
