// Arabic and Chinese as pictures: receipt printers have neither Arabic shaping nor a CJK font, so
// those lines are drawn here with Skia (@napi-rs/canvas) from the fonts the app ships (Noto Sans
// Arabic, Noto Sans SC) and sent as raster images the width of the paper's printable area.
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Align } from '../../app/printing/layout.ts';

// Resolved by path, not `new URL(…, import.meta.url)`: a DOM's URL class (jsdom) may stand in for Node's.
// In the packaged app the fonts sit unpacked beside the asar archive (electron-builder.yml): Skia
// reads files from disk and cannot see inside the archive.
const FONT_DIR = (pkg: string) => `${join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/@fontsource', pkg, 'files').replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked')}/`;
const ARABIC = 'SouqArabic';
const CHINESE = 'SouqChinese';
// Skia falls back glyph by glyph along this list: Arabic first (shaping), then CJK and Latin.
const FAMILIES = `${ARABIC}, ${CHINESE}`;

let fontsReady = false;

/** Registers the shipped fonts once (Skia reads woff2 itself: nothing is converted). */
export function loadPrinterFonts(): void {
  if (fontsReady) return;
  const ar = FONT_DIR('noto-sans-arabic');
  const sc = FONT_DIR('noto-sans-sc');
  const files: [string, string][] = [
    [`${ar}noto-sans-arabic-arabic-400-normal.woff2`, ARABIC],
    [`${ar}noto-sans-arabic-arabic-700-normal.woff2`, ARABIC],
    [`${sc}noto-sans-sc-chinese-simplified-400-normal.woff2`, CHINESE],
    [`${sc}noto-sans-sc-latin-400-normal.woff2`, CHINESE],
  ];
  for (const [file, family] of files) {
    if (!GlobalFonts.registerFromPath(file, family)) throw new Error(`The printer font ${file} could not be loaded: reinstall the app.`);
  }
  fontsReady = true;
}

export interface Raster {
  width: number;
  height: number;
  /** RGBA, as ImageData holds it: what the encoder dithers to one bit a dot. */
  data: Uint8ClampedArray;
}

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const CJK = /[\u3000-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** Words (or single CJK characters, which wrap anywhere) cut into lines no wider than `max` dots. */
function wrapToWidth(ctx: SKRSContext2D, text: string, max: number): string[] {
  const tokens = text.split(/(\s+)/).flatMap((t) => (CJK.test(t) ? [...t] : [t])).filter((t) => t !== '');
  const lines: string[] = [];
  let line = '';
  for (const t of tokens) {
    const next = line + t;
    if (line && ctx.measureText(next.trimEnd()).width > max) {
      lines.push(line.trim());
      line = t.trim() ? t : '';
    } else line = next;
  }
  if (line.trim()) lines.push(line.trim());
  return lines.length ? lines : [''];
}

/**
 * One line of text (wrapped when longer than the paper) as black on white, `dots` wide (384 on
 * 58 mm paper, 576 on 80 mm), its height a multiple of 8 as the printer's raster bands want.
 */
export function rasterText(text: string, opts: { dots: number; align: Align; big?: boolean }): Raster {
  loadPrinterFonts();
  const px = opts.big ? 36 : 26;
  const lineHeight = Math.ceil(px * 1.5);
  const measure = createCanvas(8, 8).getContext('2d');
  measure.font = `${px}px ${FAMILIES}`;
  const margin = 4;
  const lines = wrapToWidth(measure, text, opts.dots - 2 * margin);
  const height = Math.ceil((lines.length * lineHeight + 4) / 8) * 8;
  const canvas = createCanvas(opts.dots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, opts.dots, height);
  ctx.fillStyle = '#000';
  ctx.font = `${px}px ${FAMILIES}`;
  ctx.textBaseline = 'alphabetic';
  lines.forEach((l, i) => {
    ctx.direction = RTL.test(l) ? 'rtl' : 'ltr';
    const x = opts.align === 'center' ? opts.dots / 2 : opts.align === 'right' ? opts.dots - margin : margin;
    ctx.textAlign = opts.align;
    ctx.fillText(l, x, i * lineHeight + px * 1.15);
  });
  const img = ctx.getImageData(0, 0, opts.dots, height);
  return { width: img.width, height: img.height, data: img.data };
}

/** For the installer and the tests: the raster as a PNG a person can look at. */
export function rasterPng(text: string, opts: { dots: number; align: Align; big?: boolean }): Buffer {
  const r = rasterText(text, opts);
  const canvas = createCanvas(r.width, r.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(r.width, r.height);
  img.data.set(r.data);
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/png');
}
