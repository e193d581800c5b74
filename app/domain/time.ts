// The only place that knows the shop's business day (Asia/Dubai) and the acquirer's cancel
// cut-off clock (UTC+8). Everything else stores and compares UTC instants.

const DUBAI_OFFSET_MS = 4 * 3600_000; // UTC+4, no daylight saving
const ACQUIRER_OFFSET_MS = 8 * 3600_000; // Antom's cancel window is counted in UTC+8

/** `YYYY-MM-DD` of the Dubai calendar day containing `instant`. */
export function businessDay(instant: Date): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new Error(`Not a point in time: ${String(instant)}`);
  return new Date(instant.getTime() + DUBAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** UTC instants bounding a Dubai business day: [start, end). */
export function businessDayBounds(day: string): { start: Date; end: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a date (YYYY-MM-DD): ${day}`);
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  // V8 rolls impossible days over ("2026-02-30" → 1 March); only a date that round-trips is real.
  if (Number.isNaN(midnightUtc) || new Date(midnightUtc).toISOString().slice(0, 10) !== day) throw new Error(`Not a date (YYYY-MM-DD): ${day}`);
  const start = new Date(midnightUtc - DUBAI_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

/**
 * Last instant at which a payment created at `createdAt` can still be cancelled: 00:15 (UTC+8)
 * on the next UTC+8 day, unless configured otherwise (ACQUIRER.md marks it assumed).
 */
export function cancelCutoff(createdAt: Date, cutoffMinutesAfterMidnight = 15): Date {
  const local = new Date(createdAt.getTime() + ACQUIRER_OFFSET_MS);
  const nextMidnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return new Date(nextMidnightLocal - ACQUIRER_OFFSET_MS + cutoffMinutesAfterMidnight * 60_000);
}

/** ISO-8601 with the Dubai offset, as Antom's `storeTerminalRequestTime` expects. */
export function dubaiIso(instant: Date): string {
  const local = new Date(instant.getTime() + DUBAI_OFFSET_MS).toISOString().slice(0, 19);
  return `${local}+04:00`;
}
