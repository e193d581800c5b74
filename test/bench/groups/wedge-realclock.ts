// Keyboard-wedge scans on the real clock: seeded scanner bursts (US layout, Arabic layout, IME;
// 2–80 ms a key with occasional 20–60 ms stalls; Enter, Tab or no suffix) and people typing at
// human speed, sent to real headless Chromium as real key events, each stamped with the time it
// was sent and delivered as late and bunched as this machine manages, against our detector on the
// page's own clock and timers (see test/bench/wedge/realclock.ts).
// wedge_realclock_recall: % of scans reported exactly (target ≥ 99.5); wedge_realclock_false_starts:
// human-speed streams in which a scan was reported or the typing did not reach the field whole (0).
import type { BenchGroup } from '../group.ts';
import { firstDifference, generateRealClockStreams, replayRealClock, scoreRealClock } from '../wedge/realclock.ts';

export const WEDGE_REALCLOCK_SEED = 20261202;
const SIZE = { scans: 240, human: 120 };

export const wedgeRealClockGroup: BenchGroup = {
  name: 'wedge-realclock',
  summary: 'keyboard-wedge scans recognised (%) and human typing taken for a scan, real key events on the real clock in Chromium',
  async run() {
    const streams = generateRealClockStreams(WEDGE_REALCLOCK_SEED, SIZE);
    const s = scoreRealClock(streams, await replayRealClock(streams, 2));
    for (const m of s.misses.slice(0, 5)) {
      const got = m.got.map((g) => `${g.length} characters (first off at ${firstDifference(m.expected, g)})`).join(', ') || 'nothing';
      console.error(`wedge-realclock miss: ${m.label} ${m.paceMs ?? ''} ms a key, ${m.expected.length} characters sent, got ${got}; the field holds ${m.value.length}; keys as seen: ${m.seen}`);
    }
    return {
      wedge_realclock_recall: Math.round(s.recall * 100_000) / 1000,
      wedge_realclock_false_starts: s.falseStarts,
      wedge_realclock_scans: s.scans,
      wedge_realclock_human_streams: s.humanStreams,
      wedge_realclock_wrong_scans: s.wrongScans,
    };
  },
};
