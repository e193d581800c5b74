// `souq` runs compiled JavaScript (scripts/build.js → dist/cli.js), and recompiles by itself when a
// source is newer than the build. Proven on a copy of the project whose node_modules holds every
// package except tsx: the command a shop PC runs must not need the TypeScript loader.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let copy: string;

function souq(...args: string[]) {
  return spawnSync(process.execPath, [join(copy, 'bin', 'souq.js'), ...args], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'souq-compiled-'));
  for (const part of ['app', 'native', 'electron', 'hq', 'scripts', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  }
  // Every installed package but tsx, linked from the real install.
  const modules = join(copy, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'tsx' && name !== '.bin') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  const built = spawnSync(process.execPath, [join(copy, 'scripts', 'build.js')], { cwd: copy, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('the compiled souq command', () => {
  it('answers help without the TypeScript loader installed', () => {
    const r = souq('help');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('souq — Souq POS terminal command line');
  });

  it('opens a data folder and applies the store migrations from inside the bundle', () => {
    const data = mkdtempSync(join(tmpdir(), 'souq-compiled-data-'));
    try {
      const r = souq('--data-dir', data, 'user', 'add', '--name', 'Aisha', '--role', 'manager', '--pin', '4826');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('runs an edited source at once: a source newer than the build is compiled first', () => {
    const main = join(copy, 'app', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('souq — Souq POS terminal command line', 'souq — edited a moment ago'));
    const r = souq('help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('souq — edited a moment ago');
    expect(r.stderr).toMatch(/Compiling the CLI and app core \(app\/cli\/main\.ts changed\)/);
    // …and only once.
    expect(souq('help').stderr).toBe('');
  });
});
