// `souq serve` (spawned, the real browser host) on a data folder whose acquirer key the Electron
// app sealed: the host starts instead of exiting, says why wallet payments cannot start, refuses
// them with ACQUIRER_KEY_UNAVAILABLE, and lets the installer load the keys again over HTTP; after a
// restart the same folder pays through the real (sandbox) acquirer over loopback.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealConfig } from '../../app/settings/config.ts';
import { StoredTerminalConfig } from '../../app/settings/schema.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { startSandbox } from '../../app/sandbox/server.ts';
import { openDb } from '../../app/store/db.ts';
import { addUser } from '../../app/users/users.ts';
import { serve, type Served } from '../e2e/support.ts';
import { testKeystore } from '../settings/support/keystore.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

async function call(host: Served, name: string, input: unknown): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }> {
  const res = await fetch(`${host.base}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-souq-token': host.token }, body: JSON.stringify(input) });
  return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
}

async function started(data: string, renderer: string): Promise<Served> {
  const host = await serve(data, renderer);
  cleanups.push(() => host.stop());
  return host;
}

describe('souq serve on a folder whose key the app sealed', () => {
  it('starts without the acquirer and says why, refuses wallet payments, and after the installer loads the keys again a restart pays', async () => {
    const root = mkdtempSync(join(tmpdir(), 'souq-serve-sealed-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const acq = await startSandbox({ dir: join(root, 'acquirer') });
    cleanups.push(() => acq.close());
    acq.registerClient('SANDBOX_SERVE', merchant.publicKey);
    const data = join(root, 'data');
    const renderer = join(root, 'renderer');
    mkdirSync(data);
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Souq</title>');
    const acquirer = { endpoint: acq.url, clientId: 'SANDBOX_SERVE', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acq.acquirerPublicKey };
    writeFileSync(dataPaths(data).config, JSON.stringify(sealConfig(StoredTerminalConfig.parse({ acquirer }), testKeystore())), { mode: 0o600 });
    const db = openDb(dataPaths(data).db);
    await addUser(db, { name: 'Mona', role: 'manager', pin: '2468' });
    db.close();

    const first = await started(data, renderer);
    expect(first.output()).toMatch(/No wallet payments: .*sealed/);
    expect(await call(first, 'terminal.status', {})).toMatchObject({ ok: true, value: { acquirerUnavailable: { code: 'ACQUIRER_KEY_UNAVAILABLE' } } });
    const sale = (await call(first, 'sale.open', {})).value as { id: string };
    await call(first, 'sale.addKeyed', { saleId: sale.id, amountMinor: 700 });
    expect(await call(first, 'payment.showQr', { saleId: sale.id })).toMatchObject({ ok: false, error: { code: 'ACQUIRER_KEY_UNAVAILABLE' } });
    expect(await call(first, 'tender.cash', { saleId: sale.id, tenderedMinor: 1000 })).toMatchObject({ ok: true, value: { status: 'paid' } });
    expect(acq.ledger()).toEqual([]);

    const session = ((await call(first, 'installer.signIn', { name: 'Mona', pin: '2468' })).value as { session: string }).session;
    expect(await call(first, 'installer.settings', { session })).toMatchObject({ ok: true, value: { keyUnavailable: 'CONFIG_SEALED' } });
    const saved = await call(first, 'installer.saveAcquirer', { session, acquirer: { ...acquirer, keyVersion: 1 } });
    expect(saved).toMatchObject({ ok: true, value: { keyUnavailable: null, restartNeeded: true } });
    // The browser host has no keystore: the key is kept in the 0600 file, as the panel warns.
    expect(statSync(dataPaths(data).config).mode & 0o777).toBe(0o600);
    await first.stop();

    const second = await started(data, renderer);
    expect(second.output()).not.toMatch(/No wallet payments/);
    expect(await call(second, 'terminal.status', {})).toMatchObject({ ok: true, value: { acquirerUnavailable: null } });
    const session2 = ((await call(second, 'installer.signIn', { name: 'Mona', pin: '2468' })).value as { session: string }).session;
    expect(await call(second, 'installer.testPayment', { session: session2, code: acq.mintCode().code })).toMatchObject({ ok: true, value: { state: 'succeeded' } });
  }, 120_000);
});
