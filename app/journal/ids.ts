// Request ids are our idempotency keys (paymentRequestId, refundRequestId): made once, before the
// first send, stored, and never reused for another amount or code. Time-first Crockford base32
// (ULID layout) so they sort by creation in the journal and in the acquirer's portal; the terminal
// id in front keeps two terminals of one merchant from ever colliding.
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  // 16 characters × 5 bits = 80 bits from 10 random bytes.
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export type RequestKind = 'P' | 'R';

/** e.g. T01-P01JDQ3V6ZC8M2W4Y7K9N1B3D5F (≤ 64 chars: the terminal id is at most 32). */
export function newRequestId(terminalId: string, kind: RequestKind, now: Date): string {
  return `${terminalId}-${kind}${encodeTime(now.getTime())}${encodeRandom(randomBytes(10))}`;
}
