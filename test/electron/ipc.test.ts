// The Electron transport over a fake ipcMain/ipcRenderer pair (an EventEmitter: Electron itself
// cannot run here), in front of the real API service on a real terminal in a temp folder.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApi, type ApiCore } from '../../app/handlers/index.ts';
import { createBridge, type IpcRendererLike } from '../../electron/bridge.ts';
import { isTrustedSender, registerApiIpc, type FrameLike, type IpcEventLike, type IpcMainLike, type WebContentsLike } from '../../electron/ipc.ts';
import type { ApiEvent } from '../../app/api/events.ts';
import type { SaleView } from '../../app/api/views.ts';

/** ipcMain and one renderer's ipcRenderer, joined the way Electron joins them. */
function fakeIpc(frame: FrameLike) {
  const handlers = new Map<string, (e: IpcEventLike, ...a: unknown[]) => unknown>();
  const mainBus = new EventEmitter();
  const rendererBus = new EventEmitter();
  const webContents: WebContentsLike & { destroy(): void } = Object.assign(new EventEmitter(), {
    id: 1,
    destroyed: false,
    send: (channel: string, payload: unknown) => void rendererBus.emit(channel, {}, payload),
    isDestroyed() {
      return (this as unknown as { destroyed: boolean }).destroyed;
    },
    destroy() {
      (this as unknown as { destroyed: boolean }).destroyed = true;
      (this as unknown as EventEmitter).emit('destroyed');
    },
  });
  const event = (): IpcEventLike => ({ sender: webContents, senderFrame: frame });
  const ipcMain: IpcMainLike = {
    handle: (ch, fn) => void handlers.set(ch, fn),
    on: (ch, fn) => mainBus.on(ch, fn),
    removeHandler: (ch) => void handlers.delete(ch),
    removeAllListeners: (ch) => mainBus.removeAllListeners(ch),
  };
  const ipcRenderer: IpcRendererLike = {
    // Electron serialises arguments with the structured clone algorithm: so do we.
    invoke: async (ch, ...args) => structuredClone(await handlers.get(ch)!(event(), ...structuredClone(args))),
    send: (ch, ...args) => void mainBus.emit(ch, event(), ...args),
    on: (ch, fn) => rendererBus.on(ch, fn),
    removeListener: (ch, fn) => rendererBus.removeListener(ch, fn),
  };
  return { ipcMain, ipcRenderer, webContents };
}

const appFrame: FrameLike = { url: 'app://souq/index.html#/cashier', parent: null };

describe('Electron IPC transport', () => {
  let dir: string;
  let core: ApiCore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'souq-ipc-'));
    core = await openApi({ dataDir: dir, startEngine: false, log: () => {} });
  });
  afterEach(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a call from the app window reaches the core and its events come back', async () => {
    const { ipcMain, ipcRenderer } = fakeIpc(appFrame);
    const stop = registerApiIpc(ipcMain, core.service);
    const souq = createBridge(ipcRenderer);
    const seen: ApiEvent[] = [];
    souq.subscribe((e) => seen.push(e));
    const opened = await souq.call('sale.open', {});
    expect(opened.ok).toBe(true);
    const sale = (opened as { ok: true; value: SaleView }).value;
    const added = await souq.call('sale.addKeyed', { saleId: sale.id, amountMinor: 1250 });
    expect(added).toMatchObject({ ok: true, value: { total: { minor: 1250, currency: 'AED' } } });
    expect(seen.some((e) => e.type === 'sale' && e.sale.total.minor === 1250)).toBe(true);
    stop();
  });

  it('an invalid call is refused with INVALID_INPUT and changes nothing', async () => {
    const { ipcMain, ipcRenderer } = fakeIpc(appFrame);
    registerApiIpc(ipcMain, core.service);
    const souq = createBridge(ipcRenderer);
    const sale = ((await souq.call('sale.open', {})) as { ok: true; value: SaleView }).value;
    const bad = await souq.call('sale.addKeyed', { saleId: sale.id, amountMinor: 12.5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const after = await souq.call('sale.get', { saleId: sale.id });
    expect(after).toMatchObject({ ok: true, value: { lines: [], total: { minor: 0 } } });
    expect(await souq.call('no.such.call', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('a call from a page that is not ours (remote origin or an iframe) is refused and changes nothing', async () => {
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://souq/index.html', parent: { url: 'app://souq/index.html', parent: null } },
      { url: 'file:///etc/passwd', parent: null },
    ]) {
      const { ipcMain, ipcRenderer } = fakeIpc(frame);
      const stop = registerApiIpc(ipcMain, core.service);
      const res = await createBridge(ipcRenderer).call('sale.open', {});
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      stop();
    }
    const counter = await core.service.call('sale.current', {});
    expect(counter).toMatchObject({ ok: true, value: { sale: null } });
  });

  it('a closed window stops receiving events', async () => {
    const { ipcMain, ipcRenderer, webContents } = fakeIpc(appFrame);
    registerApiIpc(ipcMain, core.service);
    const souq = createBridge(ipcRenderer);
    const seen: ApiEvent[] = [];
    souq.subscribe((e) => seen.push(e));
    webContents.destroy();
    await core.service.call('sale.open', {});
    expect(seen).toEqual([]);
  });

  it('the bridge exposes exactly call and subscribe', () => {
    const { ipcRenderer } = fakeIpc(appFrame);
    expect(Object.keys(createBridge(ipcRenderer)).sort()).toEqual(['call', 'subscribe']);
    expect(isTrustedSender(null)).toBe(false);
  });
});
