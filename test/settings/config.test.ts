import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importConfig, loadConfig, maskedConfig } from '../../app/settings/config.ts';
import { caught } from './support/caught.ts';

function rsaPair(bits = 2048) {
  return generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
const merchant = rsaPair();
const acquirer = rsaPair();

function fullConfig() {
  return {
    acquirer: {
      endpoint: 'https://open-sea-global.alipay.com',
      clientId: 'SANDBOX_5YBZ1R2YB2AE05021',
      merchantPrivateKey: merchant.privateKey,
      acquirerPublicKey: acquirer.publicKey,
    },
    merchant: { referenceMerchantId: 'M-42', merchantName: 'Oud & Amber', merchantMCC: '5977' },
    store: { referenceStoreId: 'DXB-07', storeName: 'Oud & Amber Dubai Mall', storeMCC: '5977', trn: '100234567800003' },
    terminalId: 'T07',
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, body: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
  return f;
}

describe('loading the configuration', () => {
  it('a data folder without config.json runs on defaults against the embedded sandbox', () => {
    const c = loadConfig(join(dir, 'data'));
    expect(c.acquirer).toBeUndefined();
    expect(c.terminalId).toBe('T01');
    expect(c.payment.codeWindowSeconds).toBe(60);
  });

  it('a config.json that is not JSON is refused with the file named, not a stack', () => {
    mkdirSync(join(dir, 'data'));
    write('data/config.json', '{ "terminalId": "T01", ');
    const e = caught(() => loadConfig(join(dir, 'data')));
    expect(e.code).toBe('CONFIG_NOT_JSON');
    expect(e.message).toContain(join(dir, 'data', 'config.json'));
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('a config.json with a bad field names the field and the file', () => {
    mkdirSync(join(dir, 'data'));
    const bad = fullConfig();
    bad.acquirer.endpoint = 'not a url';
    write('data/config.json', bad);
    const e = caught(() => loadConfig(join(dir, 'data')));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('acquirer.endpoint');
    expect(e.message).toContain('config.json');
  });

  it('a field with the wrong shape says what it should look like, not a regular expression', () => {
    const bad = { ...fullConfig(), terminalId: 'till 7', merchant: { ...fullConfig().merchant, merchantMCC: '597' } };
    const e = caught(() => importConfig(join(dir, 'data'), write('bad.json', bad)));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('terminalId: must be 1–32 letters, digits, _ or -');
    expect(e.message).toContain('merchant.merchantMCC: an MCC is 4 digits');
    expect(e.message).not.toMatch(/pattern|\/\^/);
  });

  it('a missing required acquirer field is reported as missing', () => {
    mkdirSync(join(dir, 'data'));
    const bad = fullConfig() as { acquirer: Record<string, unknown> };
    delete bad.acquirer.clientId;
    write('data/config.json', bad);
    expect(caught(() => loadConfig(join(dir, 'data'))).message).toMatch(/acquirer\.clientId: missing/);
  });

  it('a misspelt section is refused instead of silently running on the sandbox', () => {
    mkdirSync(join(dir, 'data'));
    const { acquirer: a, ...rest } = fullConfig();
    write('data/config.json', { ...rest, acquier: a });
    const e = caught(() => loadConfig(join(dir, 'data')));
    expect(e.message).toContain('acquier');
  });

  it('a private key that is not a readable key is refused naming the field', () => {
    mkdirSync(join(dir, 'data'));
    const bad = fullConfig();
    bad.acquirer.merchantPrivateKey = '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n';
    write('data/config.json', bad);
    expect(caught(() => loadConfig(join(dir, 'data'))).message).toContain('acquirer.merchantPrivateKey');
  });

  it('a 1024-bit key is refused: Antom needs RSA-2048', () => {
    mkdirSync(join(dir, 'data'));
    const bad = fullConfig();
    bad.acquirer.merchantPrivateKey = rsaPair(1024).privateKey;
    write('data/config.json', bad);
    expect(caught(() => loadConfig(join(dir, 'data'))).message).toMatch(/merchantPrivateKey.*RSA-1024/);
  });
});

describe('importing a configuration', () => {
  it('writes config.json readable by its owner only, with defaults filled in', () => {
    const data = join(dir, 'data');
    const c = importConfig(data, write('in.json', fullConfig()));
    expect(c.acquirer?.clientId).toBe('SANDBOX_5YBZ1R2YB2AE05021');
    const file = join(data, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(data)).toEqual(c);
    expect(loadConfig(data).payment.inquiryMaxTries).toBe(15);
    expect(readdirSync(data)).toEqual(['config.json']); // no temp file left behind
  });

  it('a bad file leaves the previous configuration exactly as it was', () => {
    const data = join(dir, 'data');
    importConfig(data, write('good.json', fullConfig()));
    const before = readFileSync(join(data, 'config.json'), 'utf8');
    const bad = fullConfig();
    bad.terminalId = 'T 07 with spaces';
    const e = caught(() => importConfig(data, write('bad.json', bad)));
    expect(e.message).toContain('terminalId');
    expect(e.message).toContain('bad.json');
    caught(() => importConfig(data, write('notjson.json', 'acquirer: yes')));
    caught(() => importConfig(data, join(dir, 'absent.json')));
    expect(readFileSync(join(data, 'config.json'), 'utf8')).toBe(before);
    expect(readdirSync(data)).toEqual(['config.json']);
  });

  it('a failed write keeps the old file and says the configuration is unchanged', () => {
    const data = join(dir, 'data');
    importConfig(data, write('good.json', fullConfig()));
    const before = readFileSync(join(data, 'config.json'), 'utf8');
    // A non-empty folder standing where config.json must go makes the final rename fail (this
    // works as root too, unlike a read-only folder).
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'config.json', 'inside'), { recursive: true });
    const e = caught(() => importConfig(blocked, write('other.json', { ...fullConfig(), terminalId: 'T08' })));
    expect(e.code).toBe('CONFIG_WRITE_FAILED');
    expect(e.message).toContain('previous configuration is unchanged');
    expect(readdirSync(blocked)).toEqual(['config.json']); // the temp file was removed
    expect(readdirSync(join(blocked, 'config.json'))).toEqual(['inside']);
    expect(readFileSync(join(data, 'config.json'), 'utf8')).toBe(before);
  });
});

describe('showing the configuration', () => {
  it('never shows a key, only its kind, size and fingerprint', () => {
    const data = join(dir, 'data');
    const c = importConfig(data, write('in.json', fullConfig()));
    const shown = JSON.stringify(maskedConfig(c));
    expect(shown).toContain('(RSA private key, 2048-bit, set)');
    expect(shown).toMatch(/RSA public key, 2048-bit, SHA256:([0-9a-f]{2}:){31}[0-9a-f]{2}/);
    expect(shown).not.toContain('BEGIN');
    const body = merchant.privateKey.split('\n')[1]!;
    expect(shown).not.toContain(body.slice(0, 20));
  });

  it('says SANDBOX when no acquirer is configured', () => {
    expect(JSON.stringify(maskedConfig(loadConfig(dir)))).toContain('SANDBOX');
  });
});
