// The Electron transport of the API contract. Written against the few members of ipcMain /
// ipcRenderer it uses, so the tests can drive it with an EventEmitter pair; main.ts passes the
// real objects. Every call checks who sent it before the contract validates what was sent.
import type { ApiEvent } from '../app/api/events.ts';
import type { CallResult } from '../app/api/call.ts';
import type { ApiService } from '../app/handlers/service.ts';

export const CALL_CHANNEL = 'souq:call';
export const EVENT_CHANNEL = 'souq:event';
export const SUBSCRIBE_CHANNEL = 'souq:subscribe';

export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

export interface WebContentsLike {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
  print?(options: { silent: boolean; printBackground: boolean }, callback: (success: boolean, reason: string) => void): void;
}

export interface IpcEventLike {
  sender: WebContentsLike;
  senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown> | unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

/** Only the top frame of our own app:// origin may call: never an iframe, never a remote page. */
export function isTrustedSender(frame: FrameLike | null, origin = 'app://souq'): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === origin;
  } catch {
    return false;
  }
}

export interface IpcOptions {
  origin?: string;
  /** Print silently to the default printer (installer setting); else the print dialog. */
  silentPrint?: boolean;
}

export function registerApiIpc(ipcMain: IpcMainLike, service: ApiService, opts: IpcOptions = {}): () => void {
  const subscribers = new Map<number, WebContentsLike>();
  const unsubscribe = service.subscribe((event: ApiEvent) => {
    for (const [id, wc] of subscribers) {
      if (wc.isDestroyed()) subscribers.delete(id);
      else wc.send(EVENT_CHANNEL, event);
    }
  });

  ipcMain.handle(CALL_CHANNEL, async (event, name, input): Promise<CallResult> => {
    if (!isTrustedSender(event.senderFrame, opts.origin)) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This window may not use the terminal.' } };
    }
    // Printing belongs to the shell: the core validates the input (and that the sale exists) first.
    if (name === 'receipt.print') {
      // A receipt printer set up on the Printer tab takes the receipt (the core queues it first);
      // only without one does the shell print the page.
      const direct = await service.call('receipt.print', input);
      if (!direct.ok || (direct.value as { printed: boolean }).printed) return direct;
      const checked = await service.call('receipt.get', input);
      if (!checked.ok) return checked;
      const wc = event.sender;
      if (!wc.print) return { ok: true, value: { printed: false } };
      const printed = await new Promise<boolean>((done) => wc.print!({ silent: opts.silentPrint ?? false, printBackground: true }, (ok) => done(ok)));
      return { ok: true, value: { printed } };
    }
    return service.call(name, input);
  });

  ipcMain.on(SUBSCRIBE_CHANNEL, (event) => {
    if (!isTrustedSender(event.senderFrame, opts.origin)) return;
    const wc = event.sender;
    if (subscribers.has(wc.id)) return;
    subscribers.set(wc.id, wc);
    wc.once('destroyed', () => subscribers.delete(wc.id));
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeAllListeners(SUBSCRIBE_CHANNEL);
    subscribers.clear();
  };
}
