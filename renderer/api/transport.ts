// How the renderer reaches the core. In Electron the preload script exposes window.souq (IPC); in
// a plain browser the page talks to the loopback host with the token from its URL. Nothing else in
// the renderer knows which one it has.
import { z } from 'zod';
import type { ApiEvent, CallInput, CallName, CallOutput, CallResult } from '../../app/api/contract.ts';
import type { ApiErrorDetails } from '../../app/api/call.ts';

export type TransportEvent = ApiEvent | { type: 'connection'; connected: boolean };

export interface SouqBridge {
  call(name: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    souq?: SouqBridge;
  }
}

export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The facts inside the message (triesLeft, lockedUntil, …), for words in another language. */
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
  }
}

export interface Transport {
  kind: 'ipc' | 'http';
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  subscribe(listener: (event: TransportEvent) => void): () => void;
}

// Every reply is checked before a screen reads it: keys we do not know are dropped, and a reply of
// the wrong shape (a details value that is not plain text or a number) is the host's fault.
const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.string().min(1),
      message: z.string(),
      details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  }),
]);

function unwrap<T>(reply: unknown, status?: number): T {
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) {
    throw new CallError('HOST_BAD_REPLY', status === undefined ? 'The terminal answered with something this screen cannot read.' : `The terminal answered with HTTP ${status}.`);
  }
  const result = parsed.data;
  if (result.ok) return result.value as T;
  throw new CallError(result.error.code, result.error.message, result.error.details);
}

export function ipcTransport(bridge: SouqBridge): Transport {
  return {
    kind: 'ipc',
    async call(name, input) {
      return unwrap(await bridge.call(name, input));
    },
    subscribe(listener) {
      listener({ type: 'connection', connected: true });
      return bridge.subscribe(listener);
    },
  };
}

/** `screen: 'customer'` tells the host a customer display is watching (the cashier then leaves the QR to it). */
export function httpTransport(base: string, token: string, WebSocketImpl: typeof WebSocket = WebSocket, screen?: 'customer'): Transport {
  const listeners = new Set<(event: TransportEvent) => void>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let delay = 250;
  const emit = (e: TransportEvent) => listeners.forEach((l) => l(e));

  const connect = () => {
    const wsUrl = `${base.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}${screen ? `&screen=${screen}` : ''}`;
    const ws = new WebSocketImpl(wsUrl);
    socket = ws;
    ws.onopen = () => {
      delay = 250;
      emit({ type: 'connection', connected: true });
    };
    ws.onmessage = (m) => {
      try {
        const event = JSON.parse(String(m.data)) as TransportEvent;
        if (event && typeof event.type === 'string') emit(event);
      } catch {
        // A frame that is not JSON is not ours: ignore it.
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      emit({ type: 'connection', connected: false });
      if (listeners.size > 0) {
        retry = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 4000);
      }
    };
  };

  return {
    kind: 'http',
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`${base}/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-souq-token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new CallError('HOST_UNREACHABLE', 'The terminal is not answering. Check that "souq serve" is running.');
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new CallError('HOST_BAD_REPLY', `The terminal answered with HTTP ${res.status}.`);
      }
      return unwrap(body, res.status);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket && !retry) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (retry) clearTimeout(retry);
          retry = null;
          const ws = socket;
          socket = null;
          ws?.close();
        }
      };
    },
  };
}

export function pickTransport(win: Window = window): Transport {
  if (win.souq) return ipcTransport(win.souq);
  const token = new URLSearchParams(win.location.search).get('token') ?? '';
  return httpTransport(win.location.origin, token, WebSocket, win.location.hash.startsWith('#/customer') ? 'customer' : undefined);
}
