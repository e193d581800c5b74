// The dashboard's calls to HQ, with the admin token kept for this browser tab only.
import type { Breakdown, ChainRange, TerminalHealth } from '../../app/api/hq.ts';

export class HqHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function hqGet<T>(token: string, path: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new HqHttpError(res.status, body.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export interface Dashboard {
  takings: ChainRange;
  breakdown: Breakdown;
  fleet: TerminalHealth[];
}

export async function loadDashboard(token: string, from: string, to: string, store: string): Promise<Dashboard> {
  const q = new URLSearchParams({ from, to, ...(store ? { store } : {}) });
  const [takings, breakdown, fleet] = await Promise.all([
    hqGet<ChainRange>(token, `/v1/admin/report/range?${q}`),
    hqGet<Breakdown>(token, `/v1/admin/breakdown?${q}`),
    hqGet<{ terminals: TerminalHealth[] }>(token, '/v1/admin/terminals'),
  ]);
  return { takings, breakdown, fleet: fleet.terminals };
}

export function dubaiToday(now = new Date()): string {
  return new Date(now.getTime() + 4 * 3600_000).toISOString().slice(0, 10);
}
