// A fresh sandbox acquirer in a temp folder and an AntomLink registered with it. Merchant keys are
// made once per test file (RSA key generation is the slow part); every test gets its own ledger.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AntomLink, type AntomLinkOptions } from '../../app/acquirer/antom/client.ts';
import { payBody, type PayInput } from '../../app/acquirer/antom/requests.ts';
import { newKeyPair, type KeyPair } from '../../app/sandbox/keys.ts';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../app/sandbox/server.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { money } from '../../app/domain/money.ts';
import type { AcquirerReply } from '../../app/acquirer/link.ts';

let merchantKeys: KeyPair | undefined;
let acquirerKeyPair: KeyPair | undefined;
export const CLIENT_ID = 'SANDBOX_TEST_CLIENT';

export interface TestSandbox {
  sandbox: SandboxHandle;
  dir: string;
  keys: KeyPair;
  link(opts?: Partial<AntomLinkOptions>): AntomLink;
  close(): Promise<void>;
}

export async function freshSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  merchantKeys ??= newKeyPair();
  const keys = merchantKeys;
  acquirerKeyPair ??= newKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'souq-sandbox-'));
  // The sandbox would make its own; reusing one pair per file keeps the tests quick.
  writeFileSync(join(dir, 'keys.json'), JSON.stringify(acquirerKeyPair), { mode: 0o600 });
  const sandbox = await startSandbox({ dir, register: false, ...opts });
  sandbox.registerClient(CLIENT_ID, keys.publicKey);
  return {
    sandbox,
    dir,
    keys,
    link: (o = {}) =>
      new AntomLink({ endpoint: sandbox.url, clientId: CLIENT_ID, merchantPrivateKey: keys.privateKey, acquirerPublicKey: sandbox.acquirerPublicKey, sandbox: true, ...o }),
    close: async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pre-seeds <dataDir>/sandbox with this file's key pairs, so a data folder's first run skips RSA key generation. */
export function seedSandboxKeys(dataDir: string): void {
  merchantKeys ??= newKeyPair();
  acquirerKeyPair ??= newKeyPair();
  mkdirSync(join(dataDir, 'sandbox'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, 'sandbox', 'keys.json'), JSON.stringify(acquirerKeyPair), { mode: 0o600 });
  writeFileSync(join(dataDir, 'sandbox', 'merchant.json'), JSON.stringify(merchantKeys), { mode: 0o600 });
}

export const config = TerminalConfig.parse({});

let seq = 0;
export function requestId(prefix = 'P'): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${seq}`.toUpperCase();
}

export function codePay(code: string, minor: number, id = requestId(), now = new Date()): string {
  const input: PayInput = { paymentRequestId: id, amount: money(minor), scenario: 'PaymentCode', code, orderDescription: 'Sale test', referenceOrderId: 'S-1', now, config };
  return payBody(input);
}

export function orderPay(minor: number, id = requestId(), now = new Date()): string {
  return payBody({ paymentRequestId: id, amount: money(minor), scenario: 'OrderCode', orderDescription: 'Sale test', referenceOrderId: 'S-2', now, config });
}

/** The reply's result, or throws with why there was none (a test reads better than a union check). */
export function answered(reply: AcquirerReply): { status: string; code: string; body: Record<string, unknown> } {
  if (reply.kind !== 'answered') throw new Error(`expected an answer, got no_answer ${reply.reason}: ${reply.detail}`);
  return { status: reply.result.resultStatus, code: reply.result.resultCode, body: reply.body };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
