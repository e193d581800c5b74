// A terminal wired to the real sandbox acquirer over loopback HTTP, a fresh data folder per test,
// and one clock (ours and the sandbox's) that a test can move forward.
import { vi } from 'vitest';
import { AntomLink } from '../../app/acquirer/antom/client.ts';
import type { AcquirerLink } from '../../app/acquirer/link.ts';
import type { AttemptState, RefundState } from '../../app/domain/attempt.ts';
import { money } from '../../app/domain/money.ts';
import { addKeyedLine, createSale } from '../../app/sales/repository.ts';
import { sandboxCredentials } from '../../app/sandbox/embedded.ts';
import { startSandbox, type SandboxHandle } from '../../app/sandbox/server.ts';
import { dataPaths } from '../../app/settings/paths.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { openTerminal, type AttemptView, type RefundView, type Terminal } from '../../app/terminal/terminal.ts';
import { tempDir } from '../journal/helpers.ts';

export interface Harness {
  dataDir: string;
  terminal: Terminal;
  sandbox: SandboxHandle;
  config: TerminalConfig;
  clock: () => Date;
  /** Moves our clock and the sandbox's forward. */
  advance(ms: number): void;
  /** A sale owing `minor` fils. */
  sale(minor: number): string;
  code(): string;
  stopSandbox(): Promise<void>;
  restartSandbox(): Promise<void>;
  /** Closes the terminal and opens a new one on the same data folder (a restart). */
  reopen(opts?: { startEngine?: boolean }): Promise<Terminal>;
  waitForAttempt(id: string, states: readonly AttemptState[], timeoutMs?: number): Promise<AttemptView>;
  waitForRefund(id: string, states: readonly RefundState[], timeoutMs?: number): Promise<RefundView>;
  ledger(paymentRequestId: string): ReturnType<SandboxHandle['ledger']>[number] | undefined;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fault?: string;
  payment?: Record<string, unknown>;
  timeoutMs?: number;
  startEngine?: boolean;
  sync?: Record<string, unknown>;
  linkProbeMs?: number;
  /** Observe the real link (e.g. count requests in flight); must pass every call through. */
  wrapLink?: (link: AcquirerLink) => AcquirerLink;
  /** Put something between the terminal and the sandbox (a hostile acquirer): the terminal trusts its key. */
  front?: (sandboxUrl: string) => Promise<{ url: string; acquirerPublicKey: string; close(): Promise<void> }>;
}

export async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const t = tempDir('souq-sync-');
  const dataDir = t.dir;
  const creds = sandboxCredentials(dataDir);
  const sandboxDir = dataPaths(dataDir).sandboxDir;
  let sandbox = await startSandbox({ dir: sandboxDir, port: 0, fault: opts.fault, holdMs: 5_000 });
  const port = sandbox.port;
  const front = opts.front ? await opts.front(sandbox.url) : undefined;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const config = TerminalConfig.parse({
    acquirer: {
      endpoint: front?.url ?? sandbox.url,
      clientId: creds.clientId,
      merchantPrivateKey: creds.merchantPrivateKey,
      acquirerPublicKey: front?.acquirerPublicKey ?? creds.acquirerPublicKey,
      timeoutMs: opts.timeoutMs ?? 2_000,
    },
    payment: { inquiryIntervalMs: 200, inquiryMaxTries: 3, ...opts.payment },
    sync: { ...opts.sync },
  });
  const makeLink = () => {
    if (!opts.wrapLink) return undefined;
    const a = config.acquirer!;
    return opts.wrapLink(new AntomLink({ ...a, sandbox: true }));
  };
  const engine = opts.linkProbeMs ? { linkProbeMs: opts.linkProbeMs } : undefined;
  let terminal = await openTerminal({ dataDir, clock, config, startEngine: opts.startEngine, link: makeLink(), engine });
  let sandboxUp = true;

  const h: Harness = {
    dataDir,
    get terminal() {
      return terminal;
    },
    get sandbox() {
      return sandbox;
    },
    config,
    clock,
    advance(ms) {
      offset += ms;
      if (sandboxUp) sandbox.setClockOffset(offset);
      terminal.engine.kick();
    },
    sale(minor) {
      const now = clock();
      const id = createSale(terminal.db, { terminalId: config.terminalId, now });
      addKeyedLine(terminal.db, id, money(minor), 'Keyed', now);
      return id;
    },
    code: () => sandbox.mintCode().code,
    async stopSandbox() {
      sandboxUp = false;
      await sandbox.close();
    },
    async restartSandbox() {
      sandbox = await startSandbox({ dir: sandboxDir, port, holdMs: 5_000 });
      sandbox.setClockOffset(offset);
      sandboxUp = true;
    },
    async reopen(o = {}) {
      await terminal.close();
      terminal = await openTerminal({ dataDir, clock, config, startEngine: o.startEngine, link: makeLink(), engine });
      return terminal;
    },
    async waitForAttempt(id, states, timeoutMs = 20_000) {
      return vi.waitFor(
        () => {
          const a = terminal.payments.get(id);
          if (!states.includes(a.state)) throw new Error(`attempt ${id} is ${a.state} (${a.resultCode ?? ''}), waiting for ${states.join('|')}`);
          return a;
        },
        { timeout: timeoutMs, interval: 25 },
      );
    },
    async waitForRefund(id, states, timeoutMs = 20_000) {
      return vi.waitFor(
        () => {
          const r = terminal.refunds.get(id);
          if (!states.includes(r.state)) throw new Error(`refund ${id} is ${r.state} (${r.resultCode ?? ''}), waiting for ${states.join('|')}`);
          return r;
        },
        { timeout: timeoutMs, interval: 25 },
      );
    },
    ledger: (id) => sandbox.ledger({ paymentRequestId: id })[0],
    async close() {
      await terminal.close();
      await front?.close();
      if (sandboxUp) await sandbox.close();
      t.cleanup();
    },
  };
  return h;
}
