// Antom's message signature, both directions (ACQUIRER.md "Signing"): SHA256withRSA (PKCS#1 v1.5)
// over `POST <path>\n<client-id>.<time>.<body>`, Base64, then URL-encoded. PKCS#1 v1.5 is
// deterministic, so the test vector pins the exact header bytes.
import { createSign, createVerify, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export class SignatureError extends Error {
  readonly code = 'SIGNATURE_KEY_INVALID';
}

/** The exact text both sides sign. */
export function contentToSign(path: string, clientId: string, time: string, body: string): string {
  return `POST ${path}\n${clientId}.${time}.${body}`;
}

// Parsing a PEM costs about as much as a signature; a terminal signs with one key all day.
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function privateKey(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) {
    try {
      key = createPrivateKey(pem);
    } catch {
      // The PEM itself is a secret: never echo it.
      throw new SignatureError('The merchant private key is not a readable PEM RSA private key: check the acquirer settings.');
    }
    privateKeys.set(pem, key);
  }
  return key;
}

function publicKey(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    try {
      key = createPublicKey(pem);
    } catch {
      throw new SignatureError('The acquirer public key is not a readable PEM RSA public key: check the acquirer settings.');
    }
    publicKeys.set(pem, key);
  }
  return key;
}

/** The URL-encoded Base64 signature value alone. */
export function signValue(content: string, privateKeyPem: string): string {
  const signer = createSign('RSA-SHA256');
  signer.update(content, 'utf8');
  return encodeURIComponent(signer.sign(privateKey(privateKeyPem), 'base64'));
}

/** The `signature` header value: `algorithm=RSA256,keyVersion=1,signature=<value>`. */
export function signatureHeader(
  path: string,
  clientId: string,
  requestTime: string,
  body: string,
  privateKeyPem: string,
  keyVersion = 1,
): string {
  const value = signValue(contentToSign(path, clientId, requestTime, body), privateKeyPem);
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${value}`;
}

/** Splits `algorithm=RSA256,keyVersion=1,signature=…` into its parts; undefined when malformed. */
export function parseSignatureHeader(header: string | undefined | null): { algorithm: string; keyVersion: string; signature: string } | undefined {
  if (!header) return undefined;
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const signature = parts.get('signature');
  if (!signature) return undefined;
  return { algorithm: parts.get('algorithm') ?? '', keyVersion: parts.get('keyVersion') ?? '', signature };
}

/** Verifies a signature header value over `content`; false for anything malformed, never throws on input. */
export function verifyContent(content: string, header: string | undefined | null, publicKeyPem: string): boolean {
  const parsed = parseSignatureHeader(header);
  if (!parsed || parsed.algorithm !== 'RSA256') return false;
  let raw: string;
  try {
    raw = decodeURIComponent(parsed.signature);
  } catch {
    return false;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return false;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(content, 'utf8');
  try {
    return verifier.verify(publicKey(publicKeyPem), raw, 'base64');
  } catch (err) {
    if (err instanceof SignatureError) throw err;
    return false;
  }
}

/** Checks a response's `signature` header against the acquirer's public key. */
export function verifyResponse(
  path: string,
  clientId: string,
  responseTime: string,
  rawBody: string,
  signatureHeaderValue: string | undefined | null,
  publicKeyPem: string,
): boolean {
  return verifyContent(contentToSign(path, clientId, responseTime, rawBody), signatureHeaderValue, publicKeyPem);
}

/** Checks a request's signature with the merchant's public key (the sandbox acquirer's side). */
export function verifyRequest(
  path: string,
  clientId: string,
  requestTime: string,
  rawBody: string,
  signatureHeaderValue: string | undefined | null,
  publicKeyPem: string,
): boolean {
  return verifyContent(contentToSign(path, clientId, requestTime, rawBody), signatureHeaderValue, publicKeyPem);
}
