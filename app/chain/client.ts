// The till's HTTP client for its HQ. Every failure to get an answer (refused connection, timeout,
// 5xx) is HQ_UNREACHABLE: the till keeps selling and tries again later.
import type { PulledNotification } from '../api/hq.ts';
import { ChainError } from './link.ts';

// The wire shape HQ answers with lives in the contract both sides import.
export type { PulledNotification } from '../api/hq.ts';

export interface HqEvent {
  seq: number;
  at: string;
  type: string;
  subject: string | null;
  actor: string | null;
  data: string;
  prevHash: string;
  hash: string;
}

export interface PushAnswer {
  status: 'ok' | 'gap' | 'tampered';
  ackSeq: number;
  message?: string;
}

const TIMEOUT_MS = 15_000;

export async function hqCall<T>(base: string, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new ChainError('HQ_UNREACHABLE', `HQ at ${base} cannot be reached (${cause}): the till keeps selling and sends its events when HQ answers.`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status >= 500) throw new ChainError('HQ_UNREACHABLE', `HQ at ${base} could not take the request (HTTP ${res.status}): it is tried again later.`);
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ChainError('HQ_REFUSED', `HQ refused: ${e?.message ?? `HTTP ${res.status}`}${e?.code ? ` [${e.code}]` : ''}`);
  }
  return json as T;
}

function terminalPath(storeId: string, terminalId: string, what: string): string {
  return `/v1/stores/${encodeURIComponent(storeId)}/terminals/${encodeURIComponent(terminalId)}/${what}`;
}

export interface LinkAddress {
  hqUrl: string;
  storeId: string;
  terminalId: string;
  credential: string;
}

export const hqClient = {
  enrol: (hqUrl: string, adminToken: string, body: { storeId: string; terminalId: string; clientId: string | null }) =>
    hqCall<{ storeId: string; terminalId: string; credential: string }>(hqUrl, 'POST', '/v1/enrol', adminToken, body),
  cursor: (l: LinkAddress) => hqCall<{ ackSeq: number; tampered: boolean }>(l.hqUrl, 'GET', terminalPath(l.storeId, l.terminalId, 'cursor'), l.credential),
  push: (l: LinkAddress, events: HqEvent[], health: { headSeq: number; journalQueue: number }) =>
    hqCall<PushAnswer>(l.hqUrl, 'POST', terminalPath(l.storeId, l.terminalId, 'events'), l.credential, { events, health }),
  notifications: (l: LinkAddress, paymentRequestIds: string[]) =>
    hqCall<{ notifications: PulledNotification[] }>(l.hqUrl, 'POST', terminalPath(l.storeId, l.terminalId, 'notifications'), l.credential, { paymentRequestIds }),
};
