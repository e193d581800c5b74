// Scans typed into real headless Chromium on the real clock, with the jitter a busy till adds: a
// key-up delivered late, a stall of tens of ms inside the burst. Each must arrive whole — the
// cashier saw "23 digits … Scan again" for a 24-digit code when one late keystroke at the start
// was judged typing. And a person typing digits at human speed still gets every digit in the field.
import { describe, expect, it } from 'vitest';
import { replayRealClock, scannerStream, scoreRealClock, type RealClockStream } from '../../bench/wedge/realclock.ts';
import { humanStream, rng } from '../../bench/wedge/corpus.ts';

const scan = (id: number, label: string, o: Parameters<typeof scannerStream>[0]): RealClockStream => ({
  id,
  kind: 'scan',
  label,
  code: o.code,
  paceMs: o.paceMs,
  text: o.layout === 'ime' ? null : '',
  events: scannerStream(o),
});

describe('keyboard-wedge scans on the real clock in Chromium', () => {
  it('a scan with a late key-up or a stall inside arrives whole, and typing at human speed stays typing', async () => {
    const r = rng(909);
    const digits = humanStream(r, 'human-digits');
    const amount = humanStream(r, 'human-amount');
    const streams: RealClockStream[] = [
      // A stall right after the first key holds up its key-up and the next key: the 24-digit code
      // that came out as 23 digits.
      scan(0, '24 digits, first key-up late', { code: '281234567890123456789012', layout: 'us', paceMs: 6, suffix: 'Enter', holds: { 0: 20 }, stalls: { 0: 25 } }),
      // A 60 ms stall after the fourth key of a fast scanner.
      scan(1, 'stall after the 4th key', { code: '620123456789012345678', layout: 'us', paceMs: 5, suffix: 'Tab', stalls: { 3: 60 } }),
      scan(2, 'Arabic layout, two stalls, no suffix', { code: '6291041500213', layout: 'arabic', paceMs: 20, suffix: null, stalls: { 0: 50, 8: 40 } }),
      scan(3, 'IME, late first key-up and a stall', { code: '2888123456789012345', layout: 'ime', paceMs: 12, suffix: 'Enter', holds: { 0: 25 }, stalls: { 0: 30, 6: 45 } }),
      scan(4, 'slow scanner with a 60 ms stall', { code: '96385074', layout: 'us', paceMs: 75, suffix: 'Enter', stalls: { 4: 60 } }),
      scan(5, 'letters with Shift, stalled', { code: 'SKU-4711-AB-xy', layout: 'us', paceMs: 15, suffix: 'Enter', stalls: { 0: 20, 2: 55 }, holds: { 0: 24 } }),
      { id: 6, kind: 'human', label: 'digits keyed by hand', events: digits.events, text: digits.text },
      { id: 7, kind: 'human', label: 'an amount keyed by hand', events: amount.events, text: amount.text },
    ];
    const results = await replayRealClock(streams);
    const s = scoreRealClock(streams, results);
    const byId = new Map(results.map((x) => [x.id, x]));
    for (const stream of streams.filter((x) => x.kind === 'scan')) {
      expect(byId.get(stream.id)!.scans, `${stream.label}: keys as the page saw them ${byId.get(stream.id)!.seen}`).toEqual([stream.code]);
      // Nothing of the scan reached the focused field.
      if (stream.text !== null) expect(byId.get(stream.id)!.value, stream.label).toBe('');
    }
    expect(s.falseStarts, JSON.stringify(s.misses.filter((m) => m.id >= 6))).toBe(0);
  }, 180_000);
});
