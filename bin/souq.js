#!/usr/bin/env node
// The `souq` command: installers, managers, scripts and the tests all use it. It runs the compiled
// CLI (dist/cli.cjs, made by scripts/build.js at install); when a source is newer than that build,
// as after an edit or a `git pull`, it compiles first, so nobody runs yesterday's code.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { staleReason } from '../scripts/build-state.js';

if (staleReason() !== null) {
  const { buildIfStale } = await import('../scripts/build.js');
  await buildIfStale();
}
// Stacks point into the sources, not the bundle, when someone asks for them.
if (process.env.SOUQ_DEBUG) process.setSourceMapsEnabled(true);

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.cjs');
// V8's compiled code from an earlier start, so a start does not parse the whole bundle again.
// V8 checks a cache only against the source's length: the name carries the bundle's identity.
const { mtimeMs, size } = statSync(bundle);
const cacheFile = join(dirname(bundle), `cli-${Math.round(mtimeMs)}-${size}.cache`);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // first start of this build
}
const source = readFileSync(bundle, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
if (cachedData === undefined || script.cachedDataRejected) {
  try {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    // a read-only install starts a little slower, that is all
  }
}
