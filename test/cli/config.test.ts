import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastJson, noStack, souq } from './souq.ts';

const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = pair();
const acquirer = pair();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-cli-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  acquirer: { endpoint: 'https://open-sea-global.alipay.com', clientId: 'SANDBOX_2YBZ1R2YB2AE05021', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirer.publicKey },
  merchant: { referenceMerchantId: 'M-77', merchantName: 'Gold Souk Watches', merchantMCC: '5944' },
  store: { referenceStoreId: 'DXB-MALL-2', storeName: 'Gold Souk Watches Dubai Mall', storeMCC: '5944' },
  terminalId: 'T02',
};

describe('souq config', () => {
  it('import then show: the installer sees the acquirer but never a key', async () => {
    const data = join(dir, 'data');
    const file = join(dir, 'acquirer.json');
    writeFileSync(file, JSON.stringify(config));
    const imported = await souq(data, ['config', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('SANDBOX_2YBZ1R2YB2AE05021');
    expect(statSync(join(data, 'config.json')).mode & 0o777).toBe(0o600);

    const shown = await souq(data, ['config', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('(RSA private key, 2048-bit, set)');
    expect(shown.stdout).toContain('Gold Souk Watches');
    expect(shown.stdout).not.toContain('BEGIN');

    const json = await souq(data, ['config', 'show', '--json']);
    const j = lastJson(json) as { acquirer: { clientId: string; merchantPrivateKey: string }; terminalId: string };
    expect(j.acquirer.clientId).toBe('SANDBOX_2YBZ1R2YB2AE05021');
    expect(j.acquirer.merchantPrivateKey).toBe('(RSA private key, 2048-bit, set)');
    expect(j.terminalId).toBe('T02');
    expect(json.stdout).not.toContain(merchant.privateKey.split('\n')[2]!);
  });

  it('a broken file is refused with exit 3, words naming the field, and the old config kept', async () => {
    const data = join(dir, 'data');
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(config));
    expect((await souq(data, ['config', 'import', good])).code).toBe(0);
    const before = readFileSync(join(data, 'config.json'), 'utf8');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...config, merchant: { ...config.merchant, merchantMCC: '59441' } }));
    const run = await souq(data, ['config', 'import', bad]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('merchant.merchantMCC');
    expect(run.stderr).toContain('bad.json');
    expect(noStack(run)).toBe(true);
    expect(readFileSync(join(data, 'config.json'), 'utf8')).toBe(before);
  });

  it('a corrupt config.json in the data folder stops every command with exit 3 and the file named', async () => {
    const data = join(dir, 'data');
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(config));
    await souq(data, ['config', 'import', good]);
    writeFileSync(join(data, 'config.json'), '{"terminalId": "T02",,}');
    const run = await souq(data, ['config', 'show']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(join(data, 'config.json'));
    expect(run.stderr).toContain('not valid JSON');
    expect(noStack(run)).toBe(true);
  });

  it('with no config the terminal says it runs on the SANDBOX', async () => {
    const run = await souq(join(dir, 'fresh'), ['config', 'show']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/mode\s+SANDBOX/);
  });

  it("with Antom's own sandbox credentials pay and journal say SANDBOX for Antom's sandbox, not for the embedded one", async () => {
    const data = join(dir, 'data');
    const file = join(dir, 'acquirer.json');
    // Port 9 (discard) on loopback: nothing listens, so the pay stays in the journal as not final.
    writeFileSync(file, JSON.stringify({ ...config, acquirer: { ...config.acquirer, endpoint: 'http://127.0.0.1:9' } }));
    expect((await souq(data, ['config', 'import', file])).code).toBe(0);
    const pay = await souq(data, ['pay', '--amount', '1', '--code', '281012345678901234', '--wait', '1']);
    expect(pay.stdout.split('\n')[0]).toBe('SANDBOX — no real money moves (Antom sandbox, client id SANDBOX_2YBZ1R2YB2AE05021).');
    const journal = await souq(data, ['journal']);
    expect(journal.code).toBe(0);
    expect(journal.stdout.split('\n')[0]).toBe('SANDBOX — no real money moves (Antom sandbox, client id SANDBOX_2YBZ1R2YB2AE05021).');
  });

  it('a wrong command line is a usage error (exit 2), not a crash', async () => {
    const run = await souq(dir, ['config', 'import']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: souq config import <file.json>');
  });

  it.each([
    ['file:///etc/passwd', /acquirer\.endpoint.*https:\/\/.*file: is not an acquirer/s],
    ['javascript:alert(1)', /acquirer\.endpoint.*javascript: is not an acquirer/s],
    ['http://open-sea-global.alipay.com', /acquirer\.endpoint.*must be https:\/\/.*only to this machine/s],
    ['http://127.0.0.1.example.com:8080', /acquirer\.endpoint.*must be https:\/\//s],
    ['ftp://open-sea-global.alipay.com', /acquirer\.endpoint.*ftp: is not an acquirer/s],
  ])('an acquirer endpoint %s is refused with words and exit 3, changing nothing', async (endpoint, words) => {
    const data = join(dir, 'data');
    const file = join(dir, 'acquirer.json');
    writeFileSync(file, JSON.stringify({ ...config, acquirer: { ...config.acquirer, endpoint } }));
    const run = await souq(data, ['config', 'import', file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(words);
    expect(noStack(run)).toBe(true);
    expect(() => statSync(join(data, 'config.json'))).toThrow();
  });

  it.each(['https://open-sea-global.alipay.com', 'http://127.0.0.1:40123', 'http://localhost:8080', 'http://[::1]:9000'])('an acquirer endpoint %s (https, or http to this machine) is accepted', async (endpoint) => {
    const data = join(dir, 'data');
    const file = join(dir, 'acquirer.json');
    writeFileSync(file, JSON.stringify({ ...config, acquirer: { ...config.acquirer, endpoint } }));
    expect((await souq(data, ['config', 'import', file])).code).toBe(0);
  });
});
