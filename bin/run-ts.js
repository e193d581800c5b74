#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader, so the CLI, the benchmark and child
// processes in tests all execute the same sources without a build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts.js <file.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 1); // the entry now stands where a script path would
await import(pathToFileURL(resolve(entry)).href);
