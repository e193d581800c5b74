// Tests spawn `souq` (bin/souq.js), which runs the compiled CLI. Someone who edited app/ and runs
// `npx vitest run …` straight away must test their edit, not the last build: compile once here,
// before any test starts, instead of in every child that would find the build stale.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.js', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Compiling the CLI and app core failed (see above): the tests would run an old build.');
}
