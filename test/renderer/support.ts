// The renderer's tests talk to the real core: a terminal on a temp folder (engine stopped, so an
// attempt stays where the test puts it) behind the same bridge shape Electron's preload exposes.
import { mkdtempSync, rmSync } from 'node:fs';
import { configure } from '@testing-library/dom';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { ipcTransport, type Transport } from '../../renderer/api/transport.ts';
import type { AttemptView } from '../../app/api/views.ts';
import { createCashierStore, type CashierStore } from '../../renderer/state/cashier.ts';

// The screens under test wait on the real core (scrypt for a PIN, fsync'd SQLite writes): on a busy
// 2-core CI machine that outlasts waitFor's 1 s default, and a correct screen failed its test.
configure({ asyncUtilTimeout: 10_000 });

export async function realTransport(): Promise<{ transport: Transport; core: ApiCore; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'souq-renderer-'));
  const core = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
  const transport = ipcTransport({ call: (n, i) => core.service.call(n, i), subscribe: (l) => core.service.subscribe(l) });
  return {
    transport,
    core,
    async close() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RealCore = Pick<Awaited<ReturnType<typeof realTransport>>, 'transport' | 'core'>;

/**
 * A fresh real core for each test of the file, and the screen unmounted before that core closes (a
 * screen left mounted would call a closed core). Read `transport` and `core` inside a test.
 */
export function realCoreEachTest(): RealCore {
  let env: Awaited<ReturnType<typeof realTransport>> | null = null;
  const current = () => {
    if (!env) throw new Error('The real core exists only while a test runs');
    return env;
  };
  beforeEach(async () => {
    env = await realTransport();
  });
  afterEach(async () => {
    cleanup();
    await env?.close();
    env = null;
  });
  return {
    get transport() {
      return current().transport;
    },
    get core() {
      return current().core;
    },
  };
}

/**
 * A started cashier store on the test's real core (from realCoreEachTest), stopped before the core
 * closes (vitest runs afterEach hooks last-registered first). Returns a reader of its current state.
 */
export function cashierStoreEachTest(env: RealCore): () => ReturnType<CashierStore['getState']> {
  let store: CashierStore | null = null;
  let stop = () => {};
  beforeEach(async () => {
    store = createCashierStore(env.transport);
    stop = await store.getState().start();
  });
  afterEach(() => {
    stop();
    store = null;
  });
  return () => {
    if (!store) throw new Error('The cashier store exists only while a test runs');
    return store.getState();
  };
}

/** Types a value into the field with this test id, as a person's typing ends up (one change event). */
export const typeInto = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });

/** A valid EAN-13 put in the catalogue the way an import would. */
export function addProduct(core: ApiCore, ean: string, name: string, priceMinor: number): void {
  core.terminal.db.prepare('INSERT INTO catalogue (ean, name, price_minor, currency) VALUES (?, ?, ?, ?)').run(ean, name, priceMinor, 'AED');
}

/** localStorage for a screen under test: what a screen remembers (the language), kept in memory. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

/** A payment as the core shows it, for screens fed a view directly: a fresh scanned-code payment unless overridden. */
export function attemptView(over: Partial<AttemptView> = {}): AttemptView {
  const now = new Date().toISOString();
  return {
    paymentRequestId: 'p1',
    saleId: 's1',
    scenario: 'PaymentCode',
    state: 'created',
    amount: { minor: 1250, currency: 'AED' },
    codeMasked: null,
    validUntil: null,
    resultCode: null,
    resultMessage: null,
    paymentId: null,
    paymentTime: null,
    pspName: null,
    customerId: null,
    orderCode: null,
    orderExpiresAt: null,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}
