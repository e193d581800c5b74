// A wallet payment the terminal gave up on (needs_attention), made with the journal's own
// transition functions: journalled, sent (and, with `charge`, really charged by the sandbox), then
// escalated the way the sync engine does when the refund undoing it is refused.
import { expect } from 'vitest';
import { money } from '../../app/domain/money.ts';
import { requireAttempt, transitionAttempt } from '../../app/journal/attempts.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import type { Terminal } from '../../app/terminal/terminal.ts';

export async function stuckPayment(
  t: Terminal,
  input: { minor: number; code: string; charge: boolean; now?: () => Date },
): Promise<{ saleId: string; attemptId: string }> {
  const now = input.now ?? (() => new Date());
  const saleId = createSale(t.db, { terminalId: t.config.terminalId, now: now() });
  addKeyedLine(t.db, saleId, money(input.minor), 'Keyed', now());
  const a = t.payments.startWithCode({ saleId, code: input.code });
  const row = requireAttempt(t.db, a.paymentRequestId);
  transitionAttempt(t.db, 'send', {
    id: row.id,
    from: 'created',
    now: now(),
    patch: { sent_at: now().toISOString() },
    increment: ['try_count'],
    journal: { operation: 'pay', path: row.request_path, body: row.request_body, idempotencyKey: row.id },
  });
  if (input.charge) {
    const reply = await t.link.send('pay', row.request_body);
    expect(reply.kind === 'answered' && reply.result.resultStatus).toBe('S');
  }
  transitionAttempt(t.db, 'escalate', {
    id: row.id,
    from: 'sent',
    now: now(),
    patch: { next_try_at: null, last_error: 'The refund undoing this payment was refused (REFUND_WINDOW_EXCEED): settle it in the acquirer portal' },
  });
  return { saleId, attemptId: row.id };
}
