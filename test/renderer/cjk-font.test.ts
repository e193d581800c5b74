// The customer display ships its own Chinese font (renderer/fonts, made by
// scripts/subset-cjk-font.mjs). A Chinese word added anywhere the app keeps words, with a character
// the subset lacks, would show as an empty box on a till without CJK fonts: this test fails first.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const fontverter = require('fontverter') as { convert(buffer: Buffer, to: 'sfnt'): Promise<Buffer> };
// The same sources and character classes as the script.
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/gu;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fonts') yield* sourceFiles(p);
    } else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}

function shownChinese(): Map<string, string> {
  const where = new Map<string, string>();
  for (const dir of ['renderer', 'app/domain']) {
    for (const f of sourceFiles(join(REPO, dir))) {
      for (const m of readFileSync(f, 'utf8').matchAll(CJK)) if (!where.has(m[0])) where.set(m[0], f.slice(REPO.length + 1));
    }
  }
  return where;
}

/** The code points a font maps to a real glyph (cmap format 4 or 12 of the Windows Unicode tables). */
function mappedCodePoints(sfnt: Buffer): Set<number> {
  const numTables = sfnt.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    if (sfnt.toString('latin1', rec, rec + 4) === 'cmap') cmap = sfnt.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error('the font has no cmap table');
  const out = new Set<number>();
  const subtables = sfnt.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const at = cmap + sfnt.readUInt32BE(cmap + 4 + 8 * i + 4);
    const format = sfnt.readUInt16BE(at);
    if (format === 12) {
      const groups = sfnt.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++) {
        const p = at + 16 + 12 * g;
        const [start, end, glyph] = [sfnt.readUInt32BE(p), sfnt.readUInt32BE(p + 4), sfnt.readUInt32BE(p + 8)];
        for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) out.add(c);
      }
    } else if (format === 4) {
      const segs = sfnt.readUInt16BE(at + 6) / 2;
      const ends = at + 14;
      const starts = ends + 2 * segs + 2;
      const deltas = starts + 2 * segs;
      const ranges = deltas + 2 * segs;
      for (let s = 0; s < segs; s++) {
        const end = sfnt.readUInt16BE(ends + 2 * s);
        const start = sfnt.readUInt16BE(starts + 2 * s);
        const delta = sfnt.readInt16BE(deltas + 2 * s);
        const range = sfnt.readUInt16BE(ranges + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (range === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = sfnt.readUInt16BE(ranges + 2 * s + range + 2 * (c - start));
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) out.add(c);
        }
      }
    }
  }
  return out;
}

async function fontCovers(file: string): Promise<Set<number>> {
  return mappedCodePoints(await fontverter.convert(readFileSync(join(REPO, 'renderer/fonts', file)), 'sfnt'));
}

describe('the customer display’s own Chinese font', () => {
  it('has a glyph, in both weights, for every Chinese character the app shows', async () => {
    const chars = shownChinese();
    expect(chars.size).toBeGreaterThan(100);
    for (const file of ['souq-sc-cjk-400.woff2', 'souq-sc-cjk-700.woff2']) {
      const covered = await fontCovers(file);
      const missing = [...chars].filter(([c]) => !covered.has(c.codePointAt(0)!)).map(([c, f]) => `${c} (${f})`);
      expect(missing, `${file} lacks these: run "node scripts/subset-cjk-font.mjs" and commit renderer/fonts`).toEqual([]);
    }
  });

  it('is a subset: a character the app never shows is not in it (the check above can fail)', async () => {
    const covered = await fontCovers('souq-sc-cjk-400.woff2');
    expect(covered.has('龘'.codePointAt(0)!)).toBe(false);
    expect(covered.size).toBeLessThan(1000);
  });

  it('draws the digits and the currency beside the Chinese in the same typeface', async () => {
    const covered = await fontCovers('souq-sc-latin-700.woff2');
    for (const c of '0123456789.,AED¥×') expect(covered.has(c.codePointAt(0)!), c).toBe(true);
  });
});
