import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../app/store/db.ts';
import { appendEvent } from '../../app/store/events.ts';
import { startSandbox, type SandboxHandle } from '../../app/sandbox/server.ts';
import { parseResponseTime } from '../../app/cli/commands/doctor.ts';
import { lastJson, noStack, souq } from './souq.ts';
import { writeTx } from '../../app/journal/tx.ts';
import { hostileAcquirer, type HostileAcquirer } from '../acquirer/hostile.ts';

const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = pair();
const stranger = pair();

let dir: string;
let sandbox: SandboxHandle | undefined;
let hostile: HostileAcquirer | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'souq-doctor-'));
  const db = openDb(join(dir, 'data', 'souq.sqlite'));
  writeTx(db, () => appendEvent(db, { type: 'terminal.installed' }));
  db.close();
});
afterEach(async () => {
  await hostile?.close();
  hostile = undefined;
  await sandbox?.close();
  sandbox = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function configured(acquirerPublicKey?: string, endpoint?: string): Promise<string> {
  sandbox = await startSandbox({ dir: join(dir, 'acquirer') });
  sandbox.registerClient('SANDBOX_DOCTOR', merchant.publicKey);
  const data = join(dir, 'data');
  writeFileSync(
    join(data, 'config.json'),
    JSON.stringify({
      acquirer: { endpoint: endpoint ?? sandbox.url, clientId: 'SANDBOX_DOCTOR', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirerPublicKey ?? sandbox.acquirerPublicKey, timeoutMs: 2000 },
    }),
  );
  return data;
}

const line = (out: string, check: string) => out.split('\n').find((l) => new RegExp(`^\\w+\\s+${check}\\s`).test(l)) ?? `(no ${check} line)`;

describe('souq doctor', () => {
  it('a healthy terminal on the embedded sandbox passes every check with a signed round trip', async () => {
    const run = await souq(join(dir, 'data'), ['doctor']);
    expect(run.code).toBe(0);
    expect(line(run.stdout, 'database')).toMatch(/^ok\s+database\s+integrity ok/);
    expect(line(run.stdout, 'schema')).toMatch(/^ok\s+schema\s+version \d+ \(latest\)/);
    expect(line(run.stdout, 'wal')).toMatch(/^ok/);
    expect(line(run.stdout, 'event log')).toMatch(/^ok\s+event log\s+1 events, chain intact/);
    expect(line(run.stdout, 'acquirer')).toMatch(/^ok\s+acquirer\s+SANDBOX http:\/\/127\.0\.0\.1:\d+: signed round trip .*ORDER_NOT_EXIST/);
    expect(line(run.stdout, 'clock')).toMatch(/^ok/);
  });

  it('a configured acquirer that answers and signs passes', async () => {
    const data = await configured();
    const run = await souq(data, ['doctor', '--json']);
    expect(run.code).toBe(0);
    const checks = (lastJson(run) as { checks: { check: string; level: string; detail: string }[] }).checks;
    expect(checks.find((c) => c.check === 'acquirer')).toMatchObject({ level: 'ok' });
    expect(checks.find((c) => c.check === 'config')!.detail).toContain('SANDBOX_DOCTOR');
  });

  it('the wrong acquirer public key fails with words about that key and exit 3', async () => {
    const data = await configured(stranger.publicKey);
    const run = await souq(data, ['doctor']);
    expect(run.code).toBe(3);
    expect(line(run.stdout, 'acquirer')).toMatch(/^fail\s+acquirer\s+.*does not verify with acquirer\.acquirerPublicKey/);
    expect(noStack(run)).toBe(true);
  });

  it('an acquirer that does not know our key fails naming the client id and key', async () => {
    sandbox = await startSandbox({ dir: join(dir, 'acquirer') });
    const data = join(dir, 'data');
    writeFileSync(join(data, 'config.json'), JSON.stringify({ acquirer: { endpoint: sandbox.url, clientId: 'SANDBOX_NOBODY', merchantPrivateKey: merchant.privateKey, acquirerPublicKey: sandbox.acquirerPublicKey } }));
    const run = await souq(data, ['doctor']);
    expect(run.code).toBe(3);
    expect(line(run.stdout, 'acquirer')).toMatch(/refused our request: (KEY_NOT_FOUND|CLIENT_INVALID|INVALID_SIGNATURE)\. Check acquirer\.clientId/);
  });

  it('an acquirer that says an id that cannot exist was paid fails the check, signature or not', async () => {
    const data = await configured();
    hostile = await hostileAcquirer({
      upstream: sandbox!.url,
      forward: () => false,
      answer: (x) => ({ result: { resultStatus: 'S', resultCode: 'SUCCESS' }, paymentStatus: 'SUCCESS', paymentRequestId: x.request.paymentRequestId, paymentId: 'ANYTHING', paymentAmount: { currency: 'AED', value: '100' } }),
    });
    const cfg = JSON.parse(readFileSync(join(data, 'config.json'), 'utf8')) as { acquirer: Record<string, unknown> };
    writeFileSync(join(data, 'config.json'), JSON.stringify({ ...cfg, acquirer: { ...cfg.acquirer, endpoint: hostile.url, acquirerPublicKey: hostile.acquirerPublicKey } }));
    const run = await souq(data, ['doctor']);
    expect(run.code).toBe(3);
    expect(line(run.stdout, 'acquirer')).toMatch(/^fail\s+acquirer\s+.*cannot exist was PAID: its answers cannot be trusted/);
  });

  it('an unreachable acquirer fails with exit 4', async () => {
    // A SANDBOX_ client id is an Antom sandbox account, so the line says SANDBOX as the app does.
    const data = await configured(undefined, 'http://127.0.0.1:9');
    const run = await souq(data, ['doctor']);
    expect(run.code).toBe(4);
    expect(line(run.stdout, 'acquirer')).toMatch(/^fail\s+acquirer\s+SANDBOX http:\/\/127\.0\.0\.1:9: cannot connect/);
  });

  it('a tampered event log fails with exit 6 naming the event', async () => {
    const db = openDb(join(dir, 'data', 'souq.sqlite'));
    writeTx(db, () => appendEvent(db, { type: 'sale.paid', data: { totalMinor: 100 } }));
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET data = '{\"totalMinor\":1}' WHERE seq = 2").run();
    db.close();
    const run = await souq(join(dir, 'data'), ['doctor']);
    expect(run.code).toBe(6);
    expect(line(run.stdout, 'event log')).toMatch(/^fail\s+event log\s+broken at event 2: event 2 was altered/);
  });

  it('a corrupt config fails the config check and skips the acquirer', async () => {
    writeFileSync(join(dir, 'data', 'config.json'), '{"terminalId": 5}');
    const run = await souq(join(dir, 'data'), ['doctor']);
    expect(run.code).toBe(3);
    expect(line(run.stdout, 'config')).toMatch(/^fail\s+config\s+.*terminalId/);
    expect(line(run.stdout, 'acquirer')).toMatch(/^warn\s+acquirer\s+not tested/);
  });
});

describe('reading the acquirer response-time', () => {
  it('takes epoch milliseconds or ISO-8601 with an offset', () => {
    expect(parseResponseTime('1764064800000')).toBe(1764064800000);
    expect(parseResponseTime('2025-11-25T18:00:00+08:00')).toBe(Date.parse('2025-11-25T10:00:00Z'));
    expect(parseResponseTime('soon')).toBeUndefined();
    expect(parseResponseTime(null)).toBeUndefined();
  });
});
