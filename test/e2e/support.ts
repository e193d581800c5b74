// Real parts for the end-to-end tests: the renderer built by Vite, a real `souq serve` child
// process on a temp data folder (with its embedded sandbox acquirer), and headless Chromium.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { readRegistration } from '../../app/sandbox/server.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { testRandom } from '../support/seed.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(REPO, 'test-artifacts');
const run = promisify(execFile);

/** Builds the renderer once per test file into a temp folder (the repo's dist-renderer is left alone). */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'souq-renderer-'));
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would give React's development build: test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(REPO, 'vite.renderer.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Served {
  base: string;
  token: string;
  cashierUrl: string;
  customerUrl: string;
  output(): string;
  /** SIGKILL: a crash, not a shutdown. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function serve(dataDir: string, rendererDir: string, env: Record<string, string> = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/souq.js'), '--data-dir', dataDir, 'serve', '--renderer', rendererDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const urls = await new Promise<{ cashier: string; customer: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`souq serve did not start in time:\n${out}`)), 30_000);
    const check = () => {
      const c = /Cashier:\s+(\S+)/.exec(out);
      const d = /Customer display:\s+(\S+)/.exec(out);
      if (c && d) {
        clearTimeout(timer);
        ok({ cashier: c[1]!, customer: d[1]! });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`souq serve exited (${code}):\n${out}`));
    });
  });
  const u = new URL(urls.cashier);
  return {
    base: u.origin,
    token: u.searchParams.get('token')!,
    cashierUrl: urls.cashier,
    customerUrl: urls.customer,
    output: () => out,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export function tempDataDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'souq-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sandboxUrl(dataDir: string): string {
  const reg = readRegistration(dataPaths(dataDir).sandboxDir);
  if (!reg) throw new Error('the embedded sandbox did not register');
  return reg.url;
}

export async function sandboxPost(dataDir: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandboxUrl(dataDir)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function mintCode(dataDir: string): Promise<string> {
  return String((await sandboxPost(dataDir, '/sandbox/wallet/codes', {})).code);
}

export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // Playwright gives every launch a fresh temporary --user-data-dir of its own (and refuses one
  // passed in args), so each test starts from an empty profile.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export async function decodeQr(png: Buffer): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'souq-qr-'));
  const file = join(dir, 'qr.png');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, png);
  try {
    const { stdout } = await run('zbarimg', ['--raw', '-q', file]);
    return stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Types `text` + Enter the way a keyboard-wedge scanner does: one key every 5–8 ms, ending with
 * Enter. Key-downs only, as some scanners send: with key-ups, a CPU-starved page (this shared
 * machine) stretches a 1 ms press past the detector's dwell limit and it rightly calls the key a
 * person's. The keys are dispatched from inside the page in a single task, each stamped with the
 * time a scanner would have sent it, because on this shared 2-core machine page.keyboard (a round
 * trip per key) or even back-to-back CDP key events arrive 50–400 ms apart when the browser stalls:
 * slower than a person types, so they cannot stand in for a scanner. The detector sees the same
 * KeyboardEvent fields (key, code, timeStamp) it sees from a real scanner.
 */
export async function scanBurst(page: Page, text: string): Promise<void> {
  const random = testRandom('scanner keystroke gaps');
  const gaps = [...text].map(() => 5 + random() * 3);
  await page.evaluate(({ chars, gaps }: { chars: string; gaps: number[] }) => {
    const target = document.activeElement ?? document.body;
    // Each keystroke carries the time a scanner would have sent it (5–8 ms apart), as the wedge
    // bench does: on a loaded machine the page can be descheduled mid-burst, and a real scanner's
    // keystrokes would still carry their own times. The detector judges by event.timeStamp.
    let at = performance.now();
    const fire = (type: 'keydown' | 'keyup', key: string, code: string, keyCode: number) => {
      const e = new KeyboardEvent(type, { key, code, bubbles: true, cancelable: true, composed: true });
      for (const p of ['keyCode', 'which'] as const) Object.defineProperty(e, p, { value: keyCode });
      Object.defineProperty(e, 'timeStamp', { value: at });
      target.dispatchEvent(e);
    };
    [...chars].forEach((ch, i) => {
      const code = /\d/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`;
      fire('keydown', ch, code, ch.toUpperCase().charCodeAt(0));
      at += gaps[i]!;
    });
    fire('keydown', 'Enter', 'Enter', 13);
  }, { chars: text, gaps });
}

/**
 * The cashier has pressed "scan customer code"; the scanner reads a fresh sandbox code. Should a
 * scan still be misread (rejected, or declined as INVALID_PAYMENT_CODE), a cashier would scan
 * again: we do too, at most 3 times. Resolves once the payment is past `sent` (or, with
 * untilFinal, in a final state).
 */
export async function scanCustomerCode(page: Page, dataDir: string, opts: { untilFinal?: boolean } = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('wallet-listening').waitFor({ timeout: 30_000 });
    await scanBurst(page, await mintCode(dataDir));
    // A misread code may first come back unknown (a magic amount) and only fail on inquiry.
    const settled = opts.untilFinal
      ? page.locator(['succeeded', 'failed', 'cancelled', 'expired', 'needs_attention'].map((st) => `[data-testid="payment-state"][data-state="${st}"]`).join(', ') + ', [data-testid="notice"]').first()
      : page.locator('[data-testid="payment-state"]:not([data-state="created"]):not([data-state="sent"]), [data-testid="notice"]').first();
    try {
      await settled.waitFor({ timeout: 90_000 });
    } catch (err) {
      const seen = await page.locator('[data-testid="cashier"]').textContent().catch(() => '');
      throw new Error(`the scanned payment did not settle; the screen showed: ${seen}\n${(err as Error).message}`);
    }
    if (attempt === 3) return;
    if ((await page.getByTestId('notice').count()) > 0) {
      await page.getByTestId('notice').getByRole('button').click();
      continue;
    }
    const state = page.getByTestId('payment-state');
    if ((await state.getAttribute('data-state')) === 'failed' && /INVALID_(PAYMENT_)?CODE/.test((await state.textContent()) ?? '')) {
      await page.getByTestId('payment-retry').click();
      continue;
    }
    return;
  }
}

export interface E2eSuite {
  /** The renderer built once for the file. */
  rendererDir: string;
  chromium: Awaited<ReturnType<typeof launchChromium>>;
  /** Run after each test, last registered first (hosts, pages, data folders). */
  cleanups: (() => Promise<void> | void)[];
}

/**
 * The hooks every end-to-end file needs: one renderer build and one Chromium for the file, and
 * each test's cleanups undone after it. Call once at the top level of a test file.
 */
export function e2eSuite(opts: { afterEachTest?: () => Promise<void> | void } = {}): E2eSuite {
  const suite = { rendererDir: '', chromium: undefined, cleanups: [] } as unknown as E2eSuite;
  beforeAll(async () => {
    suite.rendererDir = await buildRenderer();
    suite.chromium = await launchChromium();
  });
  afterAll(async () => {
    await suite.chromium?.close();
    if (suite.rendererDir) rmSync(suite.rendererDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const c of suite.cleanups.splice(0).reverse()) await c();
    await opts.afterEachTest?.();
  });
  return suite;
}
