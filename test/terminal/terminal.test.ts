import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { money } from '../../app/domain/money.ts';
import { readRegistration } from '../../app/sandbox/server.ts';
import { addKeyedLine, createSale, getSale } from '../../app/sales/repository.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { openTerminal, type Terminal } from '../../app/terminal/terminal.ts';
import { tempDir } from '../journal/helpers.ts';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function open(dataDir: string, startEngine = true): Promise<Terminal> {
  const t = await openTerminal({ dataDir, startEngine });
  cleanups.push(() => t.close());
  return t;
}

function sale(t: Terminal, minor: number): string {
  const id = createSale(t.db, { terminalId: t.config.terminalId, now: new Date() });
  addKeyedLine(t.db, id, money(minor), 'Keyed');
  return id;
}

async function mintCode(dataDir: string): Promise<string> {
  const reg = readRegistration(dataPaths(dataDir).sandboxDir)!;
  const res = await fetch(`${reg.url}/sandbox/wallet/codes`, { method: 'POST', body: '{}' });
  return ((await res.json()) as { code: string }).code;
}

async function settled(t: Terminal, id: string, states: string[]) {
  await expect.poll(() => t.payments.get(id).state, { timeout: 20_000, interval: 25 }).toSatisfy((s: string) => states.includes(s));
  return t.payments.get(id);
}

describe('openTerminal', () => {
  it('with no acquirer configured it runs on the embedded sandbox, says so, and takes a payment', async () => {
    const d = tempDir('souq-terminal-');
    cleanups.push(d.cleanup);
    const t = await open(d.dir);
    expect(t.sandbox).toBe(true);
    const saleId = sale(t, 1234);
    const a = t.payments.startWithCode({ saleId, code: await mintCode(d.dir) });
    expect(a.codeMasked).toMatch(/^28\d\d…\d{4}$/);
    const done = await settled(t, a.paymentRequestId, ['succeeded']);
    expect(done.amount).toEqual(money(1234));
    expect(t.payments.forSale(saleId).map((x) => x.paymentRequestId)).toEqual([a.paymentRequestId]);
    expect(t.payments.list({ states: ['succeeded'] })).toHaveLength(1);
    expect(getSale(t.db, saleId).status).toBe('paid');
  });

  it('refuses a scan that is not a payment code, or a wallet Antom does not take, and journals nothing', async () => {
    const d = tempDir('souq-terminal-');
    cleanups.push(d.cleanup);
    const t = await open(d.dir, false);
    const saleId = sale(t, 500);
    expect(() => t.payments.startWithCode({ saleId, code: '4006381333931' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => t.payments.startWithCode({ saleId, code: '134567890123456789' })).toThrow(/WeChat|not/i);
    expect(t.payments.forSale(saleId)).toEqual([]);
  });

  it('a payment cancelled before it was sent is withdrawn and never reaches the acquirer', async () => {
    const d = tempDir('souq-terminal-');
    cleanups.push(d.cleanup);
    const t = await open(d.dir, false);
    const saleId = sale(t, 700);
    const a = t.payments.startWithCode({ saleId, code: '281234567890123456' });
    expect(t.payments.cancel(a.paymentRequestId).state).toBe('cancelled');
    expect(() => t.payments.cancel(a.paymentRequestId)).toThrow(expect.objectContaining({ code: 'ATTEMPT_FINAL' }));
    expect(t.payments.startWithCode({ saleId, code: '289999999999999999' }).state).toBe('created');
  });

  it('a corrupt config.json stops the terminal with words instead of running on the sandbox', async () => {
    const d = tempDir('souq-terminal-');
    cleanups.push(d.cleanup);
    writeFileSync(join(d.dir, 'config.json'), '{"acquier": {}}');
    await expect(openTerminal({ dataDir: d.dir })).rejects.toThrow(/config\.json/);
  });

  it('after close() nothing (timer, socket, sandbox) keeps the process alive', async () => {
    const d = tempDir('souq-terminal-');
    cleanups.push(d.cleanup);
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/terminal/fixtures/open-pay-close.ts', d.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toContain('closed');
    expect(code).toBe(0);
  });
});
