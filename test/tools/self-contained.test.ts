// A newcomer clones the project into an empty folder: nothing beside it. Every path a project file
// names must therefore stay inside the repository, or `npm test` fails on their machine but not ours.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Built output, installs and local data are not the project's files.
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'dist-electron', 'dist-renderer', 'release', 'test-artifacts', '.souq-data']);
const TEXT = new Set(['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json', '.sh', '.yml', '.yaml', '.md', '.html', '.css', '']);

function projectFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...projectFiles(join(dir, e.name)));
    } else if (e.isFile() && TEXT.has(extname(e.name))) {
      out.push(join(dir, e.name));
    }
  }
  return out;
}

const inside = (p: string, root: string): boolean => p === root || p.startsWith(root + sep);

/**
 * The relative paths in `text` (a file at `file` of the repository at `root`) that lead outside it:
 * resolved from the file's own folder (`new URL('../../../x', import.meta.url)`, imports, markdown
 * links), or — when nothing in the repository answers to them — from the repository root
 * (`resolve(repoRoot, '../beside/x.json')`).
 */
export function pathsLeavingRepo(text: string, file: string, root: string): string[] {
  const found: string[] = [];
  const candidates = [
    ...[...text.matchAll(/(['"`])(\.\.?\/[^'"`\s${}]*)\1/g)].map((m) => m[2]!),
    ...[...text.matchAll(/\]\((\.\.?\/[^)\s#]*)[)#]/g)].map((m) => m[1]!),
  ];
  for (const p of candidates) {
    const named = p.split('/').some((s) => s !== '..' && s !== '.' && s !== '');
    // A bare walk up ('../..') is also resolved against a file's own path (resolve(fileURL, '../..')).
    const fromFile = named ? resolve(dirname(file), p) : resolve(file, p);
    if (!inside(fromFile, root)) {
      found.push(p);
      continue;
    }
    // A file beside the repository, joined onto the repository root ('../beside/x.json').
    const aFile = extname(p.split('/').at(-1) ?? '') !== '';
    if (p.startsWith('../') && aFile && !existsSync(fromFile) && !inside(resolve(root, p), root)) found.push(p);
  }
  return found;
}

describe('the repository is self-contained', () => {
  it('finds the ways a file used to reach outside the repository', () => {
    const root = ROOT;
    const file = join(root, 'test/domain/result-words.test.ts');
    expect(pathsLeavingRepo("readFileSync(new URL('../../../beside/ACQUIRER.md', import.meta.url))", file, root)).toEqual(['../../../beside/ACQUIRER.md']);
    expect(pathsLeavingRepo("readFileSync(resolve(repoRoot, '../beside/vectors/antom-signature.json'))", join(root, 'test/acquirer/sign.test.ts'), root)).toEqual([
      '../beside/vectors/antom-signature.json',
    ]);
    expect(pathsLeavingRepo('see [the design](../../DESIGN.md)', join(root, 'docs/cli.md'), root)).toEqual(['../../DESIGN.md']);
    // Ordinary imports and a walk up to the repository root are fine.
    expect(pathsLeavingRepo("import { x } from '../../app/domain/money.ts'; resolve(here, '../..')", file, root)).toEqual([]);
  });

  it('no file of the project names a path outside the repository', () => {
    const offenders: string[] = [];
    // This file quotes the hostile paths above on purpose; the lint tests hand ESLint import lines
    // of files that do not exist (app/domain/x.ts importing '../journal/tx.ts'), and the port test
    // resolves one such line to show what its check catches: text, never read.
    const quotesOnPurpose = (f: string): boolean => f === fileURLToPath(import.meta.url) || relative(ROOT, f).startsWith(`test${sep}lint${sep}`) || relative(ROOT, f) === join('test', 'architecture', 'acquirer-port.test.ts');
    for (const file of projectFiles().filter((f) => !quotesOnPurpose(f))) {
      for (const p of pathsLeavingRepo(readFileSync(file, 'utf8'), file, ROOT)) offenders.push(`${relative(ROOT, file)}: ${p}`);
    }
    expect(offenders).toEqual([]);
  });
});
