#!/usr/bin/env node
// Runs before `npm start`, `npm run serve` and `npm test`: when the install step
// (scripts/install.sh) has not run for this package-lock.json — a fresh clone, or a pull that
// changed the lockfile — it runs it, so a newcomer types one command, not three.
// Node built-ins only: on a fresh clone nothing else is installed yet.
//
//   node scripts/ensure-install.js          install when needed
//   node scripts/ensure-install.js --stamp  record that the install step just finished (install.sh calls it)
//   [--root DIR]                            the project folder (default: this script's)
// SOUQ_SKIP_INSTALL_CHECK=1 skips the check (a machine whose installs someone else manages).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const STAMP = join('node_modules', '.install-stamp');

/** @param {string} root */
export function lockHash(root) {
  return createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
}

/**
 * Whether npm's own record of what it installed (node_modules/.package-lock.json) holds every
 * package of the lockfile at its locked version. Packages the lockfile marks optional may be
 * missing: they are for other platforms.
 * @param {string} root
 */
export function installedMatchesLock(root) {
  let lock, installed;
  try {
    lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    installed = JSON.parse(readFileSync(join(root, 'node_modules', '.package-lock.json'), 'utf8')).packages ?? {};
  } catch {
    return false;
  }
  for (const [path, want] of Object.entries(lock)) {
    if (path === '' || want.link) continue;
    const have = installed[path];
    if (!have) {
      if (want.optional) continue;
      return false;
    }
    if (have.version !== want.version) return false;
  }
  // Packages beyond the lockfile are left alone: harmless to what the lockfile asks for.
  return true;
}

/**
 * Why the install step must run, in words, or null when it ran for this lockfile. An install made
 * before stamps existed counts when npm's record of it matches the lockfile.
 * @param {string} root
 * @returns {string | null}
 */
export function installNeeded(root) {
  const want = lockHash(root);
  try {
    if (readFileSync(join(root, STAMP), 'utf8').trim() === want) return null;
  } catch {
    // no stamp: decided below
  }
  try {
    lstatSync(join(root, 'node_modules'));
  } catch {
    return 'the dependencies are not installed yet';
  }
  if (installedMatchesLock(root)) return null;
  return 'package-lock.json changed since the last install';
}

/** @param {string} root */
export function writeStamp(root) {
  writeFileSync(join(root, STAMP), `${lockHash(root)}\n`);
}

/**
 * @param {string} root
 * @returns {number} exit code
 */
export function ensureInstalled(root) {
  if (process.env.SOUQ_SKIP_INSTALL_CHECK) return 0;
  const why = installNeeded(root);
  if (why === null) return 0;
  let linked = false;
  try {
    linked = lstatSync(join(root, 'node_modules')).isSymbolicLink();
  } catch {
    // missing: install below
  }
  if (linked) {
    // `npm ci` would empty the folder the link points to, which other checkouts use too.
    console.error(`souq: ${why}, but node_modules is a link to another install: not reinstalling it here. Run ./scripts/install.sh where that install lives.`);
    return 0;
  }
  console.log(`Running the install step first (${why}): ./scripts/install.sh`);
  const r = spawnSync('bash', [join(root, 'scripts', 'install.sh')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('souq: the install step failed (see above); fix that and run the command again.');
    return r.status ?? 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : join(dirname(fileURLToPath(import.meta.url)), '..');
  if (args.includes('--stamp')) writeStamp(root);
  else process.exitCode = ensureInstalled(root);
}
