// Keyboard-wedge accuracy: a seeded corpus of keystroke streams (scanner bursts 2–80 ms a key,
// people typing, both at once, Arabic layout, Chinese IME) replayed in real headless Chromium on a
// virtual clock, against our detector and onscan.js side by side.
// wedge_recall / onscan_recall: % of scans reported exactly; *_false_positives: scans reported
// while only a person typed.
import type { BenchGroup } from '../group.ts';
import { FULL_CORPUS, generateCorpus } from '../wedge/corpus.ts';
import { replayInChromium, score } from '../wedge/replay.ts';

export const WEDGE_BENCH_SEED = 20261125;

export const wedgeGroup: BenchGroup = {
  name: 'wedge',
  summary: 'keyboard-wedge scans recognised (%) and typing taken as a scan, ours vs onscan.js, in Chromium',
  async run() {
    const corpus = generateCorpus(WEDGE_BENCH_SEED, FULL_CORPUS);
    const results = await replayInChromium(corpus, ['wedge', 'onscan']);
    const ours = score(corpus, results.wedge);
    const theirs = score(corpus, results.onscan);
    const pct = (x: number): number => Math.round(x * 100_000) / 1000;
    return {
      wedge_recall: pct(ours.recall),
      wedge_false_positives: ours.falsePositives,
      onscan_recall: pct(theirs.recall),
      onscan_false_positives: theirs.falsePositives,
      wedge_corpus_scans: ours.scans,
      wedge_corpus_human_streams: corpus.filter((s) => s.scans.length === 0).length,
      wedge_wrong_scans: ours.wrongScans,
      onscan_wrong_scans: theirs.wrongScans,
      wedge_leaked_streams: ours.leaks,
    };
  },
};
