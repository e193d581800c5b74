// Continuous replication once the till is enrolled: the app and `souq serve` run one. It looks for
// new events every couple of seconds and ships them; an unreachable HQ only stretches the wait
// (up to a minute), never blocks selling: every step is asynchronous and reads a few rows at most.
import type { Db } from '../store/db.ts';
import type { SecretSealer } from '../settings/secrets.ts';
import { ChainError, isEnrolled, loadLink } from './link.ts';
import { headSeq, pullNotifications, pushAll } from './push.ts';

export interface ReplicatorOptions {
  dataDir: string;
  db: Db;
  sealer?: SecretSealer | null;
  /** Wakes the journal's engine when a notification brought an inquiry forward. */
  kick?: () => void;
  log?: (err: unknown) => void;
  intervalMs?: number;
}

export interface ReplicatorStatus {
  enrolled: boolean;
  ackSeq: number | null;
  lastError: string | null;
  lastPushAt: string | null;
}

export interface Replicator {
  status(): ReplicatorStatus;
  /** Run a round now (a sale was just paid). */
  nudge(): void;
  stop(): Promise<void>;
}

export function startReplicator(opts: ReplicatorOptions): Replicator {
  const interval = opts.intervalMs ?? 2_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  let lastAck: number | null = null;
  const state: ReplicatorStatus = { enrolled: false, ackSeq: null, lastError: null, lastPushAt: null };
  const notified = new Set<string>();

  async function round(): Promise<void> {
    state.enrolled = isEnrolled(opts.dataDir);
    if (!state.enrolled) return;
    const link = loadLink(opts.dataDir, opts.sealer ?? null);
    if (lastAck === null || headSeq(opts.db) > lastAck) {
      const out = await pushAll(opts.db, link);
      lastAck = out.ackSeq;
      state.ackSeq = out.ackSeq;
      state.lastPushAt = new Date().toISOString();
    }
    const touched = await pullNotifications(opts.db, link, new Date(), notified);
    if (touched.length > 0) opts.kick?.();
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = round()
        .then(() => {
          failures = 0;
          state.lastError = null;
        })
        .catch((err: unknown) => {
          failures++;
          state.lastError = (err as Error).message;
          // Unreachable is the normal life of a till: say it once per outage, not every round.
          if (!(err instanceof ChainError && err.code === 'HQ_UNREACHABLE' && failures > 1)) opts.log?.(err);
        })
        .finally(() => {
          running = null;
          schedule(failures === 0 ? interval : Math.min(60_000, interval * 2 ** Math.min(failures, 5)));
        });
    }, ms);
    timer.unref();
  }
  schedule(0);

  return {
    status: () => ({ ...state }),
    nudge() {
      if (timer && !running) {
        clearTimeout(timer);
        schedule(0);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
