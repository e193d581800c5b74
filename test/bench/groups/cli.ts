// Bench group `cli`: how long `souq` takes to start, beside a bare Node start in the same run, so a
// loaded machine slows both alike. A scanner monitor started by a script must be listening before
// the first scan; target cli_start_ms ≤ 3 × node_start_ms.
//
// node_start_ms  median wall time of `node -e 0`
// cli_start_ms   median wall time of `node bin/souq.js help` (the compiled CLI, build current)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchGroup } from '../group.ts';
import { median } from '../stats.ts';

const SOUQ = fileURLToPath(new URL('../../../bin/souq.js', import.meta.url));
const RUNS = 21;

function wallMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

export const cliGroup: BenchGroup = {
  name: 'cli',
  summary: `souq start-up vs a bare node start, median of ${RUNS} runs each, interleaved (target ≤ 3×)`,
  async run() {
    wallMs([SOUQ, 'help']); // compiles first if a source changed: that is not start-up
    const node: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(wallMs(['-e', '0']));
      cli.push(wallMs([SOUQ, 'help']));
    }
    return { node_start_ms: Math.round(median(node)), cli_start_ms: Math.round(median(cli)) };
  },
};
