// A stand-in for the OS keystore behind Electron's safeStorage (which cannot run here): a real
// reversible cipher, AES-256-GCM under a key that lives only in this process, like a keystore's.
// Another key is "another computer"; a changed byte fails the tag check, as DPAPI or Keychain fail.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../../../app/settings/secrets.ts';

export interface TestKeystore extends SecretSealer {
  /** How many times a sealed value was opened. */
  opened: number;
}

export function testKeystore(key: Buffer = randomBytes(32), id = 'electron-safeStorage'): TestKeystore {
  const ks: TestKeystore = {
    id,
    opened: 0,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.length < 29) throw new Error('sealed value too short');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      ks.opened++;
      return plain;
    },
  };
  return ks;
}

/** The sealed base64 with one byte of the ciphertext changed: what a damaged or edited file holds. */
export function tamper(sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
  return bytes.toString('base64');
}
