#!/usr/bin/env node
// Builds the customer display's own Chinese font: Noto Sans SC (SIL OFL 1.1, from
// @fontsource/noto-sans-sc) cut down to the characters the app shows, so Chinese renders on a till
// with no CJK system font. Run it after changing any Chinese words, and commit what it writes:
//     node scripts/subset-cjk-font.mjs
// Writes renderer/fonts/souq-sc-{cjk,latin}-{400,700}.woff2 and renderer/fonts/souq-sc.txt (the
// characters covered). test/renderer/cjk-font.test.ts fails when a Chinese string uses a character
// missing from the subset.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font');

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FONTSOURCE = join(REPO, 'node_modules/@fontsource/noto-sans-sc/files');
const OUT = join(REPO, 'renderer/fonts');
/** Where the app keeps words it shows: every screen, and the domain's words in three languages. */
const SOURCES = ['renderer', 'app/domain'];
/** CJK ideographs, CJK punctuation, full-width forms (，：（）). */
export const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/gu;
/**
 * Printable ASCII (digits, AED, the English beneath each Chinese line) and the signs the display
 * puts beside amounts (¥24.25, ×2; Noto's ≈ sits in another slice, the system font draws it): the customer display reads in one typeface throughout.
 */
export const LATIN = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}×·…–—‘’“”¥\u00a0`;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fonts') yield* files(p);
    } else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

export function cjkCharacters() {
  const chars = new Set();
  for (const src of SOURCES) for (const f of files(join(REPO, src))) for (const m of readFileSync(f, 'utf8').matchAll(CJK)) chars.add(m[0]);
  return [...chars].sort();
}

async function main() {
  const cjk = cjkCharacters().join('');
  mkdirSync(OUT, { recursive: true });
  const sizes = [];
  for (const weight of [400, 700]) {
    for (const [part, file, text] of [
      ['cjk', `noto-sans-sc-chinese-simplified-${weight}-normal.woff2`, cjk],
      ['latin', `noto-sans-sc-latin-${weight}-normal.woff2`, LATIN],
    ]) {
      const out = join(OUT, `souq-sc-${part}-${weight}.woff2`);
      const font = await subsetFont(readFileSync(join(FONTSOURCE, file)), text, { targetFormat: 'woff2' });
      writeFileSync(out, font);
      sizes.push(`${relative(REPO, out)} ${font.length} bytes`);
    }
  }
  writeFileSync(join(OUT, 'souq-sc.txt'), `${cjk}\n`);
  console.log(`${cjk.length} Chinese characters:\n${sizes.join('\n')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
