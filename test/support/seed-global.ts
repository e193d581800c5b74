// Chooses the run's seed once, before any test file starts, and says it first: every worker
// inherits it through the environment (test/support/seed.ts), so one number replays the run.
import { SEED_ENV, freshSeed, parseSeed } from './seed.ts';

export default function chooseSeed(): void {
  const seed = parseSeed(process.env[SEED_ENV]) ?? freshSeed();
  process.env[SEED_ENV] = String(seed);
  process.stdout.write(`seed: ${seed} (every randomized test draws from it; replay with ${SEED_ENV}=${seed})\n`);
}
