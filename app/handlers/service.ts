// The contract made callable: validate the input with the call's schema, run its handler, and turn
// every outcome into a CallResult. Both transports wrap exactly this, so they cannot disagree.
import { api, isCallName, type CallName, type CallOutput, type ParsedInput } from '../api/contract.ts';
import { ApiError, type CallResult } from '../api/call.ts';
import type { ApiEvent } from '../api/events.ts';

export type Handlers = { [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N> };

export interface ApiService {
  call(name: unknown, input: unknown): Promise<CallResult>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export interface EventHub {
  emit(event: ApiEvent): void;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export function createEventHub(onListenerError: (err: unknown) => void = () => {}): EventHub {
  const listeners = new Set<(event: ApiEvent) => void>();
  return {
    emit(event) {
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch (err) {
          // One broken screen connection must not stop the others hearing about a payment.
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const DOMAIN_CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

/** Words for a person; a stack never leaves the process (it goes to `log`). */
export function toErrorBody(err: unknown, log: (err: unknown) => void): { code: string; message: string } {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && DOMAIN_CODE.test(e.code) && typeof e.message === 'string' && e.message) {
    return { code: e.code, message: e.message };
  }
  log(err);
  return { code: 'INTERNAL', message: 'Something went wrong inside the terminal. Nothing more was sent; the details are in the log.' };
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function createService(handlers: Handlers, hub: EventHub, log: (err: unknown) => void = (e) => console.error(e)): ApiService {
  return {
    async call(name, input) {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'UNKNOWN_CALL', message: `There is no call named ${JSON.stringify(String(name)).slice(0, 80)}.` } };
      }
      const parsed = api[name].input.safeParse(input);
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid input for ${name}: ${describeIssues(parsed.error.issues)}. Nothing was changed.` } };
      }
      try {
        const handler = handlers[name] as (i: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (err) {
        return { ok: false, error: toErrorBody(err, log) };
      }
    },
    subscribe: (listener) => hub.subscribe(listener),
  };
}
