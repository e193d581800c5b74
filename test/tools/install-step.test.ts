// A newcomer types `npm start` or `npm test` on a fresh clone and the install step runs by itself;
// after a pull that changed package-lock.json it runs again; otherwise it costs nothing. Proven on
// throwaway project folders whose scripts/install.sh only records that it ran — the real one runs
// `npm ci`, which must never empty an install that other checkouts link to.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENSURE = join(ROOT, 'scripts', 'ensure-install.js');

const lock = (version: string) =>
  JSON.stringify({ name: 'p', lockfileVersion: 3, packages: { '': { name: 'p' }, 'node_modules/left-pad': { version }, 'node_modules/fsevents': { version: '2.3.3', optional: true } } });

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project folder as a fresh clone has it: a lockfile and an install script, no node_modules. */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souq-install-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'package-lock.json'), lock('1.3.0'));
  // What the real install.sh does, minus the network: installs, then stamps.
  writeFileSync(join(dir, 'scripts', 'install.sh'), 'set -e\necho ran >> install-runs\nmkdir -p node_modules\nnode "$ENSURE" --root . --stamp\n');
  return dir;
}

function ensure(dir: string) {
  return spawnSync(process.execPath, [ENSURE, '--root', dir], { cwd: dir, encoding: 'utf8', env: { ...process.env, ENSURE, SOUQ_SKIP_INSTALL_CHECK: '' } });
}

const runs = (dir: string) => (existsSync(join(dir, 'install-runs')) ? readFileSync(join(dir, 'install-runs'), 'utf8').split('\n').filter(Boolean).length : 0);

describe('the install step before npm start / npm test', () => {
  it('runs on a fresh clone, once', () => {
    const dir = freshClone();
    const first = ensure(dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Running the install step first (the dependencies are not installed yet)');
    expect(runs(dir)).toBe(1);
    expect(ensure(dir).stdout).toBe('');
    expect(runs(dir)).toBe(1);
  });

  it('runs again after a pull that changed package-lock.json', () => {
    const dir = freshClone();
    ensure(dir);
    writeFileSync(join(dir, 'package-lock.json'), lock('1.3.1'));
    expect(ensure(dir).stdout).toContain('package-lock.json changed since the last install');
    expect(runs(dir)).toBe(2);
  });

  it('takes an install made before stamps existed when npm recorded the locked versions', () => {
    const dir = freshClone();
    mkdirSync(join(dir, 'node_modules'));
    // npm's own record of what it installed; fsevents is optional and absent on Linux.
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ packages: { 'node_modules/left-pad': { version: '1.3.0' } } }));
    expect(ensure(dir).status).toBe(0);
    expect(runs(dir)).toBe(0);
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ packages: { 'node_modules/left-pad': { version: '1.2.0' } } }));
    ensure(dir);
    expect(runs(dir)).toBe(1);
  });

  it('never reinstalls a node_modules that links to another install, and says so', () => {
    const shared = mkdtempSync(join(tmpdir(), 'souq-shared-modules-'));
    dirs.push(shared);
    const dir = freshClone();
    symlinkSync(shared, join(dir, 'node_modules'));
    const r = ensure(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/node_modules is a link to another install: not reinstalling it here/);
    expect(runs(dir)).toBe(0);
  });

  it('is wired: npm start, npm run serve and npm test check first; the real install step stamps; CI keeps its two steps', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of ['prestart', 'preserve', 'pretest']) expect(pkg.scripts[s], s).toMatch(/^node scripts\/ensure-install\.js/);
    const install = readFileSync(join(ROOT, 'scripts', 'install.sh'), 'utf8');
    expect(install).toMatch(/npm ci[^\n]*\n(?:.*\n)*node scripts\/ensure-install\.js --stamp/);
    expect(install).toMatch(/packages=\([^)]*\bpostgresql\b/);
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\.\/scripts\/install\.sh\nnpm test\n/);
  });
});
