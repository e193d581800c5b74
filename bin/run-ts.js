#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader: a development tool for the benchmark and the
// child processes tests start from TypeScript fixtures. The `souq` command itself runs compiled
// JavaScript (bin/souq.js).
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
