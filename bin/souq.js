#!/usr/bin/env node
// The `souq` command: installers, managers, scripts and the tests all use it. It runs the compiled
// CLI (dist/cli.js, made by scripts/build.js at install); when a source is newer than that build,
// as after an edit or a `git pull`, it compiles first, so nobody runs yesterday's code.
import { staleReason } from '../scripts/build-state.js';

if (staleReason() !== null) {
  const { buildIfStale } = await import('../scripts/build.js');
  await buildIfStale();
}
// Stacks point into the sources, not the bundle, when someone asks for them.
if (process.env.SOUQ_DEBUG) process.setSourceMapsEnabled(true);
await import('../dist/cli.js');
