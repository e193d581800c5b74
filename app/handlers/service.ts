// The contract made callable: validate the input with the call's schema, run its handler, and turn
// every outcome into a CallResult. Both transports wrap exactly this, so they cannot disagree.
import { api, isCallName, type CallName, type CallOutput, type ParsedInput } from '../api/contract.ts';
import { ApiError, type ApiErrorBody, type ApiErrorDetails, type CallResult } from '../api/call.ts';
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
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_DETAILS = 12;

/**
 * The plain facts of a domain error's `details` (UserError's triesLeft, lockedUntil, msLeft, …):
 * strings and finite numbers only. Lists and objects (a DayCloseError's attempts) stay in the
 * core: their words are in the message, and a screen must not learn more than the sentence says.
 */
export function plainDetails(details: unknown): ApiErrorDetails | undefined {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const out: ApiErrorDetails = {};
  let n = 0;
  for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
    if (n >= MAX_DETAILS) break;
    if (!DETAIL_KEY.test(k)) continue;
    if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 200)) {
      out[k] = v;
      n++;
    }
  }
  return n > 0 ? out : undefined;
}

/** Words for a person; a stack never leaves the process (it goes to `log`). */
export function toErrorBody(err: unknown, log: (err: unknown) => void): ApiErrorBody {
  if (err instanceof ApiError) {
    const details = plainDetails(err.details);
    return details ? { code: err.code, message: err.message, details } : { code: err.code, message: err.message };
  }
  const e = err as { code?: unknown; message?: unknown; details?: unknown } | null;
  if (e && typeof e.code === 'string' && DOMAIN_CODE.test(e.code) && typeof e.message === 'string' && e.message) {
    const details = plainDetails(e.details);
    return details ? { code: e.code, message: e.message, details } : { code: e.code, message: e.message };
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
