// The sync engine speaks the acquirer port only: a second acquirer is one new adapter, and the
// engine works with it unchanged. Shown with an acquirer written here (not Antom, no HTTP at all).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AcquirerPort, Answer, PayOutcome } from '../../app/acquirer/port.ts';
import { createAttempt, getAttemptRow } from '../../app/journal/attempts.ts';
import { journalRowsFor } from '../../app/journal/tx.ts';
import { SyncEngine } from '../../app/sync/engine.ts';
import { defaultConfig, freshDb, saleOwing, CODE } from '../journal/helpers.ts';

const SYNC = resolve(dirname(fileURLToPath(import.meta.url)), '../../app/sync');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const wire = { outcome: 'S', resultCode: 'OK', reached: true } as const;

/** Another acquirer: pays everything at once, its ids its own. */
function otherAcquirer(seen: string[]): AcquirerPort {
  const answer = <O>(outcome: O): Promise<Answer<O>> => Promise.resolve({ outcome, wire });
  return {
    sandbox: true,
    pathFor: (op) => `/other-acquirer/${op}`,
    inquiryBody: (id) => JSON.stringify({ ask: id }),
    cancelBody: (id) => JSON.stringify({ undo: id }),
    preparePay(body, asked) {
      return () => this.pay(body, asked);
    },
    pay(body, asked) {
      seen.push(`pay ${asked.paymentRequestId} ${asked.amount.currency} ${asked.amount.minor}`);
      return answer<PayOutcome>({ kind: 'succeed', paymentId: `OTHER-${asked.paymentRequestId}`, paymentTime: null, pspName: 'OTHER_WALLET', customerId: null });
    },
    inquire: () => answer({ kind: 'processing', code: 'WAIT', message: 'wait' }),
    cancel: () => answer({ kind: 'cancel_confirmed', code: 'OK', message: 'ok' }),
    refund: () => answer({ kind: 'refunded', refundId: 'OTHER-R', refundTime: null }),
    probe: () => Promise.resolve(wire),
  };
}

describe('the acquirer port', () => {
  it('no module of the sync engine imports an acquirer adapter', () => {
    for (const f of readdirSync(SYNC).filter((n) => n.endsWith('.ts'))) {
      expect(readFileSync(join(SYNC, f), 'utf8'), f).not.toMatch(/acquirer\/antom\//);
    }
  });

  it('the engine pays through another acquirer unchanged: journalled on its paths, paid with its ids', async () => {
    const { db, cleanup: drop } = freshDb();
    const config = defaultConfig();
    const seen: string[] = [];
    const acquirer = otherAcquirer(seen);
    const engine = new SyncEngine({ db, acquirer, config });
    cleanup = async () => {
      await engine.close();
      drop();
    };
    engine.start();
    const saleId = saleOwing(db, 4200);
    const row = engine.submitAttempt(() => createAttempt(db, { saleId, scenario: 'PaymentCode', code: CODE, now: new Date(), config, payPath: acquirer.pathFor('pay') }));
    await vi.waitFor(() => expect(getAttemptRow(db, row.id)!.state).toBe('succeeded'), { timeout: 5_000 });
    expect(getAttemptRow(db, row.id)).toMatchObject({ payment_id: `OTHER-${row.id}`, psp_name: 'OTHER_WALLET' });
    expect(seen).toEqual([`pay ${row.id} AED 4200`]);
    expect(journalRowsFor(db, 'attempt', row.id)).toMatchObject([{ operation: 'pay', path: '/other-acquirer/pay', outcome: 'S', result_code: 'OK' }]);
  });
});
