// `souq sandbox` and `souq wallet …` as a person or a script runs them: real child processes.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AntomLink } from '../../app/acquirer/antom/client.ts';
import { inquiryBody } from '../../app/acquirer/antom/requests.ts';
import { ensureSandbox, type EmbeddedSandbox } from '../../app/sandbox/embedded.ts';
import { answered, codePay, orderPay, requestId, seedSandboxKeys } from './helpers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const souq = join(root, 'bin/souq.js');

const dirs: string[] = [];
const children: ChildProcess[] = [];
const sandboxes: EmbeddedSandbox[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of sandboxes.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'souq-cli-'));
  dirs.push(d);
  seedSandboxKeys(d);
  return d;
}

// Each case starts `souq` child processes (tsx start-up), slow on a loaded machine.
const SLOW = 180_000;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [souq, ...args], { cwd: root, env: { ...process.env, SOUQ_DEBUG: '' } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const linkFor = (s: EmbeddedSandbox) =>
  new AntomLink({ endpoint: s.endpoint, clientId: s.clientId, merchantPrivateKey: s.merchantPrivateKey, acquirerPublicKey: s.acquirerPublicKey, sandbox: true });

describe('souq wallet and souq sandbox', () => {
  it('"souq wallet code" with no sandbox running prints a fresh code that a later payment accepts', async () => {
    const dir = dataDir();
    const out = await run(['--data-dir', dir, 'wallet', 'code']);
    expect(out.code).toBe(0);
    const code = out.stdout.trim();
    expect(code).toMatch(/^28\d{22}$/);
    expect(out.stderr).toContain('single use');
    // The CLI's own sandbox has stopped; this process starts one on the same ledger.
    const s = await ensureSandbox(dir);
    sandboxes.push(s);
    expect(answered(await linkFor(s).send('pay', codePay(code, 1250))).code).toBe('SUCCESS');
  }, SLOW);

  it('three "souq wallet code" started together on a new data folder agree on one set of keys and one ledger', async () => {
    const d = mkdtempSync(join(tmpdir(), 'souq-cli-'));
    dirs.push(d); // not seeded: the three race to make the keys and the ledger
    const outs = await Promise.all([1, 2, 3].map(() => run(['--data-dir', d, 'wallet', 'code'])));
    expect(outs.map((o) => o.code)).toEqual([0, 0, 0]);
    const codes = outs.map((o) => o.stdout.trim());
    // A process that exited 0 with nothing printed (the loop emptied mid-fetch) once passed as success.
    for (const code of codes) expect(code).toMatch(/^28\d{22}$/);
    expect(new Set(codes).size).toBe(3);
    const s = await ensureSandbox(d);
    sandboxes.push(s);
    for (const code of codes) expect(answered(await linkFor(s).send('pay', codePay(code, 100))).code).toBe('SUCCESS');
  }, SLOW);

  it('"souq wallet pay" pays the QR a payment showed, and inquiry then says SUCCESS', async () => {
    const dir = dataDir();
    const s = await ensureSandbox(dir);
    sandboxes.push(s);
    const id = requestId();
    const created = answered(await linkFor(s).send('pay', orderPay(2550, id)));
    const codeValue = (created.body.orderCodeForm as { codeDetails: { codeValue: string }[] }).codeDetails[0]!.codeValue;
    const out = await run(['--data-dir', dir, 'wallet', 'pay', codeValue]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('Paid AED 25.50 to Souq Demo Boutique');
    expect(out.code).toBe(0);
    expect(answered(await linkFor(s).send('inquiry', inquiryBody(id))).body.paymentStatus).toBe('SUCCESS');
    const again = await run(['--data-dir', dir, 'wallet', 'pay', codeValue]);
    expect([again.code, again.stderr.trim()]).toEqual([1, 'souq: This order is already paid.']);
  }, SLOW);

  it('wrong input gets words and a usage exit code, never a stack trace', async () => {
    const dir = dataDir();
    const bad = await run(['--data-dir', dir, 'sandbox', '--fault', 'drop=5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fault: Fault drop is a probability between 0 and 1');
    const port = await run(['--data-dir', dir, 'sandbox', '--port', 'eighty']);
    expect(port.code).toBe(2);
    const notCode = await run(['--data-dir', dir, 'wallet', 'pay', 'hello there']);
    expect(notCode.code).toBe(2);
    expect(notCode.stderr).toContain('is not a sandbox order code');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const taken = await run(['--data-dir', dir, 'sandbox', '--port', String((busy.address() as AddressInfo).port)]);
    await new Promise<void>((r) => busy.close(() => r()));
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('is already in use');
    for (const r of [bad, port, notCode, taken]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, SLOW);

  it('"souq sandbox" runs in the foreground, other commands use it, and Ctrl-C stops it cleanly', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, [souq, '--data-dir', dir, 'sandbox', '--latency-ms', '5', '--fault', 'seed=3'], { cwd: root });
    children.push(child);
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const url = await new Promise<string>((ok, fail) => {
      const t = setInterval(() => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) {
          clearInterval(t);
          ok(m[1]!);
        }
        if (child.exitCode !== null) {
          clearInterval(t);
          fail(new Error(`souq sandbox exited: ${stdout}`));
        }
      }, 100);
    });
    expect(stdout).toContain('latency=5');
    const reg = JSON.parse(readFileSync(join(dir, 'sandbox', 'sandbox.json'), 'utf8')) as { url: string; pid: number };
    expect(reg).toMatchObject({ url, pid: child.pid });

    const minted = await run(['--data-dir', dir, 'wallet', 'code', '--json']);
    expect(minted.code).toBe(0);
    const { code } = JSON.parse(minted.stdout.trim().split('\n').at(-1)!) as { code: string };
    // Minted by the foreground sandbox: the embedded one would have registered itself instead.
    expect(JSON.parse(readFileSync(join(dir, 'sandbox', 'sandbox.json'), 'utf8')).pid).toBe(child.pid);
    const s = await ensureSandbox(dir);
    sandboxes.push(s);
    expect(s.started).toBe(false);
    expect(s.endpoint).toBe(url);
    expect(answered(await linkFor(s).send('pay', codePay(code, 700))).code).toBe('SUCCESS');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Sandbox acquirer stopped.');
    expect(existsSync(join(dir, 'sandbox', 'sandbox.json'))).toBe(false);
  }, SLOW);
});
