// Whether the compiled CLI and Electron main process (scripts/build.js) are older than their
// sources. Kept apart from build.js and free of dependencies: bin/souq.js asks this on every start,
// so it must cost a few stat calls, not an esbuild load.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_INFO = join(ROOT, 'dist', 'build-info.json');

/**
 * Why the build must run again, in words, or null when it is current. A build is current when its
 * record exists, every output it lists exists, and every input it read (sources, the lockfile, the
 * build script itself) still has the modification time it had then: an edit, a checkout or a
 * removal changes that; a clock that is off does not make it rebuild forever.
 * @param {string} [infoFile]
 * @returns {string | null}
 */
export function staleReason(infoFile = BUILD_INFO) {
  let info;
  try {
    info = JSON.parse(readFileSync(infoFile, 'utf8'));
  } catch {
    return 'it has not been built yet';
  }
  const root = join(dirname(infoFile), '..');
  if (!Array.isArray(info.outputs) || typeof info.inputs !== 'object' || info.inputs === null) return 'its build record is unreadable';
  for (const out of info.outputs) {
    try {
      statSync(join(root, out));
    } catch {
      return `${out} is missing`;
    }
  }
  for (const [input, mtime] of Object.entries(info.inputs)) {
    let now;
    try {
      now = statSync(join(root, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (now !== mtime) return `${input} changed`;
  }
  return null;
}
