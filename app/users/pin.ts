// PINs are stored as scrypt hashes with a salt per user, and compared in constant time. The cost
// parameters travel inside the stored hash so they can be raised later without a migration.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { normaliseDigits } from '../domain/money.ts';

const KEY_LENGTH = 32;
// N=2^14, r=8: ~16 MiB and tens of milliseconds per try; a 4–8 digit PIN's strength is the lockout.
const DEFAULT_COST = { N: 16384, r: 8, p: 1 } as const;

function scrypt(pin: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(pin, salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export class PinFormatError extends Error {
  readonly code = 'PIN_FORMAT';
}

/** Digits only (Arabic-Indic accepted), 4 to 8 of them, and not one anyone would guess first. */
export function normalisePin(pin: string): string {
  const p = normaliseDigits(String(pin)).trim();
  if (!/^\d{4,8}$/.test(p)) throw new PinFormatError('A PIN is 4 to 8 digits.');
  const digits = [...p].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const up = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 1) % 10);
  const down = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 9) % 10);
  if (same || up || down) throw new PinFormatError(`${'•'.repeat(p.length)} is too easy to guess (repeated or consecutive digits): choose another PIN.`);
  return p;
}

export interface StoredPin {
  hash: string;
  salt: string;
}

export async function hashPin(pin: string): Promise<StoredPin> {
  const salt = randomBytes(16);
  const key = await scrypt(normalisePin(pin), salt, DEFAULT_COST);
  const { N, r, p } = DEFAULT_COST;
  return { hash: `scrypt:${N}:${r}:${p}:${key.toString('hex')}`, salt: salt.toString('hex') };
}

export async function verifyPin(pin: string, stored: StoredPin): Promise<boolean> {
  const parts = stored.hash.split(':');
  if (parts.length !== 5 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const expected = Buffer.from(parts[4]!, 'hex');
  // A malformed PIN still costs a full hash, so a wrong format answers no faster than a wrong PIN.
  const candidate = normaliseDigits(String(pin)).trim();
  const key = await scrypt(candidate, Buffer.from(stored.salt, 'hex'), { N, r, p, maxmem: 256 * N * r * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spends the time of one verification, for a name that does not exist. */
export async function burnOneVerification(pin: string): Promise<void> {
  await scrypt(String(pin), Buffer.alloc(16), DEFAULT_COST);
}
