#!/usr/bin/env node
// `npm start`: builds what is missing, then opens the real Electron app where its binary is
// installed. Where it is not (and cannot be fetched), says why in one line and serves the same UI
// to a browser through `souq serve` instead.
//   node scripts/start.js [--build-only] [--browser] [souq serve options, e.g. --port 8080]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--build-only' && a !== '--browser');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function buildRenderer() {
  const index = join(ROOT, 'dist-renderer', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'app', 'api')), newestMtime(join(ROOT, 'app', 'domain')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('Building the cashier UI…');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function networkAllows() {
  try {
    await fetch('https://github.com/electron/electron/releases', { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

async function tryInstallElectronOnce() {
  const marker = join(ROOT, 'dist-electron', '.electron-install-tried');
  if (existsSync(marker)) return 'an earlier attempt to download it failed (delete dist-electron/.electron-install-tried to retry)';
  writeFileSync(marker, new Date().toISOString());
  if (!(await networkAllows())) return 'there is no network to download it';
  console.log('Downloading the Electron binary (once)…');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', timeout: 300_000 });
  if (r.status !== 0) return 'its download failed';
  return null;
}

function run(cmd, argv) {
  const child = spawn(cmd, argv, { stdio: 'inherit', cwd: ROOT });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

await buildRenderer();
// The Electron main process and the CLI run compiled JavaScript: rebuilt here when a source changed.
await buildIfStale();
if (buildOnly) process.exit(0);

let binary = forceBrowser ? null : electronBinary();
let why = forceBrowser ? 'you asked for the browser (--browser)' : null;
if (!binary && !forceBrowser) {
  why = await tryInstallElectronOnce();
  binary = electronBinary();
  if (!binary) why = `the Electron binary is not installed and ${why ?? 'it did not appear after the download'}`;
}
if (binary) {
  run(binary, [ROOT, ...passThrough]);
} else {
  console.log(`Not opening the Electron app: ${why}; serving the same UI to your browser instead (open the Cashier URL below).`);
  run(process.execPath, [join(ROOT, 'bin', 'souq.js'), 'serve', ...passThrough]);
}
