// Key pairs the sandbox keeps on disk (mode 0600). Created once, atomically and exclusively, so
// two processes starting on the same folder at the same moment end up with the same keys.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
}

/** Reads `<dir>/<file>` or creates it with `make()`; the first writer wins, everyone reads its keys. */
export function loadOrCreateJson<T>(dir: string, file: string, make: () => T, valid: (x: unknown) => x is T): T {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, file);
  const existing = tryRead(path, valid);
  if (existing) return existing;
  const tmp = join(dir, `.${file}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(tmp, JSON.stringify(make(), null, 2), { mode: 0o600 });
  try {
    linkSync(tmp, path); // fails with EEXIST when another process got there first
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const result = tryRead(path, valid);
  if (!result) throw new Error(`${path} is damaged: delete it to let the sandbox make new keys`);
  return result;
}

function tryRead<T>(path: string, valid: (x: unknown) => x is T): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON: delete it to let the sandbox make new keys`);
  }
  if (!valid(parsed)) throw new Error(`${path} does not hold a key pair: delete it to let the sandbox make new keys`);
  return parsed;
}

export function isKeyPair(x: unknown): x is KeyPair {
  const k = x as Partial<KeyPair> | null;
  return typeof k === 'object' && k !== null && typeof k.privateKey === 'string' && typeof k.publicKey === 'string';
}

/** The acquirer's own key pair: signs every sandbox response. */
export function acquirerKeys(dir: string): KeyPair {
  return loadOrCreateJson(dir, 'keys.json', newKeyPair, isKeyPair);
}
