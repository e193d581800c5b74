// A slice of the wedge bench corpus replayed in real headless Chromium: a regression in the
// detector fails the suite here, before anyone runs the bench.
import { describe, expect, it } from 'vitest';
import { SMALL_CORPUS, generateCorpus } from '../../bench/wedge/corpus.ts';
import { replayInChromium, score } from '../../bench/wedge/replay.ts';

describe('keyboard-wedge scanning in Chromium', () => {
  it('recognises at least 99.9 % of scans, never takes typing for a scan, and leaks nothing into the focused field', async () => {
    const corpus = generateCorpus(424242, SMALL_CORPUS);
    const { wedge } = await replayInChromium(corpus, ['wedge']);
    const s = score(corpus, wedge);
    expect(s.scans).toBeGreaterThan(400);
    expect(s.recall, `first misses: ${JSON.stringify(s.misses.slice(0, 5))}`).toBeGreaterThanOrEqual(0.999);
    expect(s.falsePositives).toBe(0);
    expect(s.wrongScans).toBe(0);
    // Every scan stream's field stays empty and every typing stream's field holds exactly what was typed.
    expect(s.leaks).toBe(0);
  }, 600_000);
});
