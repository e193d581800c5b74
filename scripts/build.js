#!/usr/bin/env node
// Compiles the TypeScript that runs outside the browser, so no command pays for transpiling at
// start (tsx stays a tool for tests and the bench):
//   dist/cli.js                the `souq` command (bin/souq.js runs it)
//   dist-electron/main.js      the Electron main process, the terminal core inside it
//   dist-electron/preload.cjs  the sandboxed preload: one CommonJS file, electron its only import
// Native modules (better-sqlite3, serialport) and electron stay outside the bundles: they load
// their own binaries. Everything else is bundled, so start-up reads one file instead of hundreds.
//
//   node scripts/build.js             build
//   node scripts/build.js --if-stale  build only when a source is newer than the last build
//   node scripts/build.js --check     exit 1 (saying why) when the build is stale, build nothing
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_INFO, ROOT, staleReason } from './build-state.js';

const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', '@napi-rs/canvas', 'electron', 'bufferutil', 'utf-8-validate'];
// The CLI also bundles serialport's JavaScript (a dozen small packages read one by one otherwise):
// only the package that loads the binary stays out.
const CLI_EXTERNAL = ['better-sqlite3', '@serialport/bindings-cpp', '@napi-rs/canvas', 'electron', 'bufferutil', 'utf-8-validate'];

// Bundled CommonJS packages (ws, qrcode) call require() for Node's own modules; an ES module
// bundle has no require unless it makes one.
const REQUIRE_SHIM = "import { createRequire as __souqCreateRequire } from 'node:module';\nconst require = __souqCreateRequire(import.meta.url);";

/**
 * Sources find files beside themselves through import.meta.url (the store's SQL migrations, the
 * repository root from `souq serve`). Inside a bundle that URL is the bundle's; this puts back each
 * source file's own URL, relative to wherever the bundle is, so a moved checkout still works.
 * @param {string} outdir
 */
function keepSourceUrls(outdir, format = 'esm') {
  const bundleUrl = format === 'cjs' ? "require('node:url').pathToFileURL(__filename)" : 'import.meta.url';
  return {
    name: 'keep-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = relative(outdir, args.path).split(sep).join('/');
        const contents = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, ${bundleUrl}).href`);
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}

/** Writes a file whole or not at all: tests start CLIs while another process may be building. */
function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * @param {{ quiet?: boolean }} [opts]
 */
export async function build(opts = {}) {
  const root = ROOT;
  const startedAt = Date.now();
  let esbuild;
  try {
    ({ build: esbuild } = await import('esbuild'));
  } catch {
    throw new Error('esbuild is not installed (a dev dependency): install with `npm ci`, not `npm ci --omit=dev`, to build Souq.');
  }
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: NATIVE,
    write: false,
    metafile: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
    // Start-up time is mostly parsing: whitespace and syntax go, names stay (stacks, error.name).
    minifyWhitespace: true,
    minifySyntax: true,
  };
  const results = await Promise.all([
    // CommonJS: Node loads the native packages' CommonJS from it directly, where an ES module
    // would first have each one scanned for its export names.
    esbuild({
      ...common,
      entryPoints: [join(root, 'app', 'cli', 'main.ts')],
      outfile: join(root, 'dist', 'cli.cjs'),
      format: 'cjs',
      external: CLI_EXTERNAL,
      plugins: [keepSourceUrls(join(root, 'dist'), 'cjs')],
    }),
    esbuild({
      ...common,
      entryPoints: [join(root, 'electron', 'main.ts')],
      outfile: join(root, 'dist-electron', 'main.js'),
      format: 'esm',
      banner: { js: REQUIRE_SHIM },
      plugins: [keepSourceUrls(join(root, 'dist-electron'))],
    }),
    esbuild({
      ...common,
      entryPoints: [join(root, 'electron', 'preload.ts')],
      outfile: join(root, 'dist-electron', 'preload.cjs'),
      format: 'cjs',
      external: ['electron'],
    }),
  ]);
  // bin/souq.js's compiled-code caches belong to the bundle being replaced.
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const f of readdirSync(join(root, 'dist')).filter((n) => /^cli-.*\.cache$/.test(n))) rmSync(join(root, 'dist', f), { force: true });
  const inputs = new Set(['package.json', 'package-lock.json', 'scripts/build.js', 'scripts/build-state.js']);
  const outputs = [];
  for (const r of results) {
    // Packages are covered by the lockfile; sources are what people edit.
    for (const input of Object.keys(r.metafile.inputs)) if (!input.startsWith('..') && !input.includes('node_modules/')) inputs.add(input);
    for (const f of r.outputFiles) {
      writeAtomically(f.path, f.contents);
      outputs.push(relative(root, f.path).split(sep).join('/'));
    }
  }
  // Written last: until it is, the build counts as not done. An input edited while esbuild ran is
  // recorded as never seen, so the next start compiles again.
  const mtimes = {};
  for (const input of [...inputs].sort()) {
    const mtime = statSync(join(root, input)).mtimeMs;
    mtimes[input] = mtime >= startedAt && mtime <= Date.now() ? -1 : mtime;
  }
  const info = { inputs: mtimes, outputs };
  writeAtomically(join(root, 'dist', 'build-info.json'), `${JSON.stringify(info, null, 1)}\n`);
  if (!opts.quiet) console.log(`Built ${outputs.filter((o) => !o.endsWith('.map')).join(', ')} in ${Date.now() - startedAt} ms`);
}

/**
 * Builds when the build is missing or older than its sources; says why on stderr when it does.
 * @param {{ quiet?: boolean }} [opts]
 * @returns {Promise<boolean>} whether it built
 */
export async function buildIfStale(opts = {}) {
  const why = staleReason(BUILD_INFO);
  if (why === null) return false;
  if (!opts.quiet) console.error(`Compiling the CLI and app core (${why})…`);
  await build({ quiet: true });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    const why = staleReason(BUILD_INFO);
    if (why) console.error(`The build is stale: ${why}. Run: node scripts/build.js`);
    process.exit(why ? 1 : 0);
  } else if (args.includes('--if-stale')) {
    await buildIfStale();
  } else {
    await build();
  }
}
