import { describe, expect, it } from 'vitest';
import { businessDay, businessDayBounds, cancelCutoff, dubaiIso } from '../../app/domain/time.ts';

const at = (iso: string) => new Date(iso);

describe('the business day (Asia/Dubai, UTC+4)', () => {
  it('changes at midnight in Dubai, not at midnight UTC', () => {
    expect(businessDay(at('2026-11-25T19:59:59.999Z'))).toBe('2026-11-25'); // 23:59:59.999 Dubai
    expect(businessDay(at('2026-11-25T20:00:00.000Z'))).toBe('2026-11-26'); // 00:00 Dubai
    expect(businessDay(at('2026-11-25T23:30:00Z'))).toBe('2026-11-26'); // still 25th in UTC
    expect(businessDay(at('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
  });

  it('bounds a day by Dubai midnights, and the bounds agree with businessDay', () => {
    const { start, end } = businessDayBounds('2026-11-26');
    expect(start.toISOString()).toBe('2026-11-25T20:00:00.000Z');
    expect(end.toISOString()).toBe('2026-11-26T20:00:00.000Z');
    expect(businessDay(start)).toBe('2026-11-26');
    expect(businessDay(new Date(end.getTime() - 1))).toBe('2026-11-26');
    expect(businessDay(end)).toBe('2026-11-27');
    expect(businessDayBounds('2028-02-29').start.toISOString()).toBe('2028-02-28T20:00:00.000Z');
  });

  it('refuses days that do not exist and instants that are not times', () => {
    for (const d of ['2026-02-30', '2026-13-01', '2026-1-1', '26-11-25', '']) expect(() => businessDayBounds(d)).toThrow(/Not a date/);
    expect(() => businessDay(new Date('nonsense'))).toThrow(/Not a point in time/);
  });

  it('writes Antom\'s request time with the Dubai offset', () => {
    expect(dubaiIso(at('2026-11-25T20:30:15.123Z'))).toBe('2026-11-26T00:30:15+04:00');
  });
});

describe('the cancel cut-off (00:15 UTC+8 the next day)', () => {
  it('is 16 minutes away for a payment at 23:59 in UTC+8', () => {
    // 23:59 UTC+8 = 15:59 UTC; next UTC+8 midnight = 16:00 UTC; +15 min.
    expect(cancelCutoff(at('2026-11-25T15:59:00Z')).toISOString()).toBe('2026-11-25T16:15:00.000Z');
  });

  it('is the following night for a payment just after midnight UTC+8, even though 00:15 is near', () => {
    expect(cancelCutoff(at('2026-11-25T16:05:00Z')).toISOString()).toBe('2026-11-26T16:15:00.000Z'); // 00:05 UTC+8 on the 26th
    expect(cancelCutoff(at('2026-11-25T16:00:00Z')).toISOString()).toBe('2026-11-26T16:15:00.000Z'); // exactly midnight
  });

  it('is the same instant for every payment of one UTC+8 day, wherever the Dubai day changes', () => {
    // 19:59 and 20:01 UTC are different Dubai days but the same UTC+8 day (03:59 / 04:01 on the 26th).
    expect(cancelCutoff(at('2026-11-25T19:59:00Z'))).toEqual(cancelCutoff(at('2026-11-25T20:01:00Z')));
  });

  it('takes a configured minute after midnight', () => {
    expect(cancelCutoff(at('2026-11-25T15:59:00Z'), 0).toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });
});
