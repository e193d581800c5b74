// Fault injection for the sandbox acquirer, from a spec such as
// `latency=50,timeout=0.2,5xx=0.05,drop=0.1,u-then-success=0.1,unsigned=0.05,seed=7`.
// Probabilities are drawn from a seeded generator so a failing crash-test run can be replayed.

export interface FaultSpec {
  /** Milliseconds added before every acquirer call is processed. */
  latencyMs?: number;
  /** Commit, then hold the reply until the client has given up. */
  timeout: number;
  /** HTTP 503 before anything is committed. */
  http5xx: number;
  /** Commit, then destroy the socket without a reply. */
  drop: number;
  /** A pay that would succeed commits the payment but answers U PAYMENT_IN_PROCESS. */
  uThenSuccess: number;
  /** Reply without the signature headers. */
  unsigned: number;
  seed?: number;
}

export class FaultSpecError extends Error {
  readonly code = 'FAULT_SPEC_INVALID';
}

export const NO_FAULTS: FaultSpec = { timeout: 0, http5xx: 0, drop: 0, uThenSuccess: 0, unsigned: 0 };

const PROBABILITY_KEYS: Record<string, keyof Omit<FaultSpec, 'latencyMs' | 'seed'>> = {
  timeout: 'timeout',
  '5xx': 'http5xx',
  drop: 'drop',
  'u-then-success': 'uThenSuccess',
  unsigned: 'unsigned',
};

export function parseFaultSpec(spec: string): FaultSpec {
  const out: FaultSpec = { ...NO_FAULTS };
  for (const raw of spec.split(',')) {
    const piece = raw.trim();
    if (!piece) continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) throw new FaultSpecError(`Fault "${piece}" needs a value, e.g. drop=0.1`);
    const key = piece.slice(0, eq).trim();
    const value = piece.slice(eq + 1).trim();
    if (!/^\d+(\.\d+)?$/.test(value)) throw new FaultSpecError(`Fault ${key} needs a number, got "${value}"`);
    const n = Number(value);
    if (key === 'latency') {
      if (!Number.isInteger(n) || n > 600_000) throw new FaultSpecError(`latency is whole milliseconds (0–600000), got "${value}"`);
      out.latencyMs = n;
    } else if (key === 'seed') {
      if (!Number.isInteger(n)) throw new FaultSpecError(`seed is a whole number, got "${value}"`);
      out.seed = n;
    } else if (key in PROBABILITY_KEYS) {
      if (n > 1) throw new FaultSpecError(`Fault ${key} is a probability between 0 and 1, got "${value}"`);
      out[PROBABILITY_KEYS[key]!] = n;
    } else {
      throw new FaultSpecError(`Unknown fault "${key}". Known: latency, timeout, 5xx, drop, u-then-success, unsigned, seed`);
    }
  }
  return out;
}

export function formatFaultSpec(f: FaultSpec, latencyMs: number): string {
  const parts = [`latency=${latencyMs}`];
  for (const [name, key] of Object.entries(PROBABILITY_KEYS)) if (f[key] > 0) parts.push(`${name}=${f[key]}`);
  if (f.seed !== undefined) parts.push(`seed=${f.seed}`);
  return parts.join(',');
}

export { seededRandom } from '../domain/random.ts';
