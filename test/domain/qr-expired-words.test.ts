import { describe, expect, it } from 'vitest';
import { attemptStateMessage } from '../../app/domain/result-words.ts';

describe('words for an expired payment', () => {
  it('an order QR that ran out says so and offers a new QR; a scanned code that outlived its window still asks for a fresh code', () => {
    expect(attemptStateMessage('expired', 'ORDER_CODE_EXPIRED').words.en.what).toMatch(/QR code expired before the customer paid/);
    expect(attemptStateMessage('expired', 'ORDER_CODE_EXPIRED').words.en.todo).toMatch(/new QR/);
    expect(attemptStateMessage('expired', 'ORDER_IS_CLOSED').words['zh-CN'].what).toContain('二维码已过期');
    expect(attemptStateMessage('expired', 'CODE_WINDOW_PASSED').words.en.todo).toMatch(/refresh the payment code/);
  });
});
