// What the preload script exposes as window.souq: exactly call(name, input) and subscribe(cb).
// No ipcRenderer, no channel names, no Node reach the page.
import type { ApiEvent } from '../app/api/events.ts';
import type { CallResult } from '../app/api/call.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, SUBSCRIBE_CHANNEL } from './ipc.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface SouqBridge {
  call(name: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export function createBridge(ipc: IpcRendererLike): SouqBridge {
  let subscribed = false;
  return Object.freeze({
    call: (name: string, input: unknown) => ipc.invoke(CALL_CHANNEL, String(name), input) as Promise<CallResult>,
    subscribe(listener: (event: ApiEvent) => void) {
      // A copy per event, so nothing the page holds is shared with the preload's world.
      const onEvent = (_e: unknown, payload: unknown) => listener(JSON.parse(JSON.stringify(payload)) as ApiEvent);
      ipc.on(EVENT_CHANNEL, onEvent);
      if (!subscribed) {
        subscribed = true;
        ipc.send(SUBSCRIBE_CHANNEL);
      }
      return () => void ipc.removeListener(EVENT_CHANNEL, onEvent);
    },
  });
}
