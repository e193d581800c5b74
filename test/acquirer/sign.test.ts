import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { contentToSign, signatureHeader, verifyResponse, verifyRequest, SignatureError } from '../../app/acquirer/antom/sign.ts';

// Antom's published signature vector, kept in the repository so a fresh clone tests on its own.
const vector = JSON.parse(readFileSync(new URL('../fixtures/antom-signature.json', import.meta.url), 'utf8')) as Record<string, string>;
const v = (k: string): string => {
  const value = vector[k];
  if (value === undefined) throw new Error(`vector lacks ${k}`);
  return value;
};

describe('Antom signature', () => {
  it('builds exactly the text Antom signs from path, client id, time and body', () => {
    expect(contentToSign(v('requestPath'), v('clientId'), v('requestTime'), v('requestBody'))).toBe(v('contentToSign'));
  });

  it('signs the test vector request to exactly its published signature header', () => {
    const header = signatureHeader(v('requestPath'), v('clientId'), v('requestTime'), v('requestBody'), v('merchantPrivateKey'));
    expect(header).toBe(v('requestSignatureHeader'));
  });

  it('accepts the test vector response signed by the acquirer', () => {
    expect(verifyResponse(v('requestPath'), v('clientId'), v('responseTime'), v('responseBody'), v('responseSignatureHeader'), v('acquirerPublicKey'))).toBe(true);
  });

  it('rejects a response whose body was changed by one character', () => {
    const tampered = v('responseBody').replace('"15050"', '"15051"');
    expect(tampered).not.toBe(v('responseBody'));
    expect(verifyResponse(v('requestPath'), v('clientId'), v('responseTime'), tampered, v('responseSignatureHeader'), v('acquirerPublicKey'))).toBe(false);
  });

  it('rejects a response with another response time, path, or signed by the wrong key', () => {
    const args = [v('requestPath'), v('clientId'), v('responseTime'), v('responseBody'), v('responseSignatureHeader'), v('acquirerPublicKey')] as const;
    expect(verifyResponse(args[0], args[1], '1764072000413', args[3], args[4], args[5])).toBe(false);
    expect(verifyResponse('/ams/api/v1/payments/pay', args[1], args[2], args[3], args[4], args[5])).toBe(false);
    expect(verifyResponse(...args.slice(0, 5) as [string, string, string, string, string], v('merchantPublicKey'))).toBe(false);
  });

  it('treats a missing or garbled signature header as unverified, not as an error', () => {
    const [p, c, t, b, , k] = [v('requestPath'), v('clientId'), v('responseTime'), v('responseBody'), '', v('acquirerPublicKey')];
    expect(verifyResponse(p, c, t, b, undefined, k)).toBe(false);
    expect(verifyResponse(p, c, t, b, '', k)).toBe(false);
    expect(verifyResponse(p, c, t, b, 'algorithm=RSA256,keyVersion=1,signature=%%%', k)).toBe(false);
    expect(verifyResponse(p, c, t, b, 'algorithm=RSA256,keyVersion=1,signature=AAAA', k)).toBe(false);
    expect(verifyResponse(p, c, t, b, v('responseSignatureHeader').replace('RSA256', 'HMAC'), k)).toBe(false);
  });

  it('verifies a request it signed with a freshly made RSA-2048 key pair', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const header = signatureHeader('/ams/api/v1/payments/cancel', 'C1', '1', '{"a":"é"}', privateKey, 2);
    expect(header).toMatch(/^algorithm=RSA256,keyVersion=2,signature=[A-Za-z0-9%]+$/);
    expect(verifyRequest('/ams/api/v1/payments/cancel', 'C1', '1', '{"a":"é"}', header, publicKey)).toBe(true);
    expect(verifyRequest('/ams/api/v1/payments/cancel', 'C1', '1', '{"a":"e"}', header, publicKey)).toBe(false);
  });

  it('says the merchant key is unreadable without printing the key', () => {
    const bad = '-----BEGIN PRIVATE KEY-----\nNOTAKEYsecretmaterial\n-----END PRIVATE KEY-----\n';
    let caught: unknown;
    try {
      signatureHeader('/p', 'c', '1', '{}', bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SignatureError);
    expect((caught as Error).message).not.toContain('secretmaterial');
  });
});
