// Demo helpers that play the customer's wallet against the embedded sandbox acquirer. Refused with
// NOT_AVAILABLE on a terminal configured for a real acquirer.
import { z } from 'zod';
import { call } from './call.ts';
import { Empty } from './common.ts';

export const sandboxApi = {
  /** A fresh payment code from the sandbox wallet (the full code: it is a test code, shown once). */
  'sandbox.mintCode': call<{ code: string; expiresAt: string }>()(Empty),
  /** The sandbox wallet pays the order QR shown for this code value. */
  'sandbox.payQr': call<{ ok: true }>()(z.object({ codeValue: z.string().min(1).max(512) }).strict()),
} as const;
