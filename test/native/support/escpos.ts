// A small ESC/POS reader for the tests: what a printer would make of the bytes the terminal sent.
// It knows the commands the terminal uses (Epson TM command reference) and fails on anything else,
// so a stray or malformed byte in a receipt is a test failure, not a silent pass.
export type EscPosCommand =
  | { type: 'init' }
  | { type: 'text'; text: string }
  | { type: 'newline' }
  | { type: 'setting'; name: string; value: number }
  | { type: 'raster'; widthDots: number; heightDots: number; mode: number; blackDots: number }
  | { type: 'qr'; value: string }
  | { type: 'qr-setting'; fn: number; value: number }
  | { type: 'qr-print' }
  | { type: 'barcode'; symbology: number; value: string }
  | { type: 'cut'; mode: number }
  | { type: 'drawer-kick'; pin: number; onMs: number; offMs: number }
  | { type: 'feed'; lines: number }
  | { type: 'status-request'; n: number };

export class EscPosError extends Error {}

export interface ParseResult {
  commands: EscPosCommand[];
  /** Bytes at the end that begin a command not complete yet (a stream still arriving). */
  consumed: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

const ESC_ONE_ARG: Record<number, string> = { 0x74: 'codepage', 0x4d: 'font', 0x45: 'bold', 0x61: 'align', 0x2d: 'underline', 0x33: 'line-spacing', 0x21: 'print-mode', 0x47: 'double-strike', 0x52: 'charset', 0x56: 'rotate', 0x7b: 'upside-down', 0x4a: 'feed-dots' };
const GS_ONE_ARG: Record<number, string> = { 0x21: 'size', 0x68: 'barcode-height', 0x77: 'barcode-width', 0x48: 'barcode-text', 0x66: 'barcode-font', 0x42: 'invert', 0x61: 'auto-status' };

/** Parses as much of `b` as forms whole commands; throws on a byte no command starts with. */
export function parseEscPos(b: Uint8Array, opts: { partial?: boolean } = {}): ParseResult {
  const out: EscPosCommand[] = [];
  let i = 0;
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const need = (n: number) => i + n <= b.length;
  const incomplete = () => {
    if (opts.partial) return true;
    throw new EscPosError(`the stream ends inside a command at byte ${i} (0x${b[i]!.toString(16)})`);
  };
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x0a || c === 0x0d) {
      flush();
      if (c === 0x0a) out.push({ type: 'newline' });
      i++;
      continue;
    }
    if (c >= 0x20 && c !== 0x7f) {
      text += String.fromCharCode(c);
      i++;
      continue;
    }
    flush();
    const start = i;
    if (c === ESC) {
      if (!need(2)) { if (incomplete()) break; }
      const k = b[i + 1]!;
      if (k === 0x40) { out.push({ type: 'init' }); i += 2; continue; }
      if (k === 0x70) {
        if (!need(5)) { if (incomplete()) break; }
        out.push({ type: 'drawer-kick', pin: b[i + 2]! % 48 === 0 ? 2 : 5, onMs: b[i + 3]! * 2, offMs: b[i + 4]! * 2 });
        i += 5;
        continue;
      }
      if (k === 0x64) { if (!need(3)) { if (incomplete()) break; } out.push({ type: 'feed', lines: b[i + 2]! }); i += 3; continue; }
      if (k === 0x32) { out.push({ type: 'setting', name: 'line-spacing-default', value: 0 }); i += 2; continue; }
      const name = ESC_ONE_ARG[k];
      if (name) { if (!need(3)) { if (incomplete()) break; } out.push({ type: 'setting', name, value: b[i + 2]! }); i += 3; continue; }
      throw new EscPosError(`unknown command ESC 0x${k.toString(16)} at byte ${start}`);
    }
    if (c === FS) {
      if (!need(2)) { if (incomplete()) break; }
      const k = b[i + 1]!;
      if (k === 0x2e || k === 0x26) { out.push({ type: 'setting', name: k === 0x2e ? 'kanji-off' : 'kanji-on', value: 0 }); i += 2; continue; }
      throw new EscPosError(`unknown command FS 0x${k.toString(16)} at byte ${start}`);
    }
    if (c === DLE) {
      if (!need(3)) { if (incomplete()) break; }
      if (b[i + 1] === 0x04) { out.push({ type: 'status-request', n: b[i + 2]! }); i += 3; continue; }
      throw new EscPosError(`unknown command DLE 0x${b[i + 1]!.toString(16)} at byte ${start}`);
    }
    if (c === GS) {
      if (!need(2)) { if (incomplete()) break; }
      const k = b[i + 1]!;
      if (k === 0x76) {
        // GS v 0 m xL xH yL yH d1…dk: k = (xL + xH·256) bytes a row × (yL + yH·256) rows
        if (!need(8)) { if (incomplete()) break; }
        if (b[i + 2] !== 0x30) throw new EscPosError(`GS v must be followed by "0" at byte ${start}`);
        const wBytes = b[i + 4]! + b[i + 5]! * 256;
        const h = b[i + 6]! + b[i + 7]! * 256;
        if (!need(8 + wBytes * h)) { if (incomplete()) break; }
        let black = 0;
        for (let j = i + 8; j < i + 8 + wBytes * h; j++) for (let v = b[j]!; v; v &= v - 1) black++;
        out.push({ type: 'raster', widthDots: wBytes * 8, heightDots: h, mode: b[i + 3]!, blackDots: black });
        i += 8 + wBytes * h;
        continue;
      }
      if (k === 0x28) {
        // GS ( k pL pH cn fn [params]: pL + pH·256 bytes after pH
        if (!need(5)) { if (incomplete()) break; }
        if (b[i + 2] !== 0x6b) throw new EscPosError(`unknown command GS ( 0x${b[i + 2]!.toString(16)} at byte ${start}`);
        const len = b[i + 3]! + b[i + 4]! * 256;
        if (!need(5 + len)) { if (incomplete()) break; }
        const fn = b[i + 6]!;
        const body = b.subarray(i + 7, i + 5 + len);
        if (fn === 0x50) out.push({ type: 'qr', value: Buffer.from(body.subarray(1)).toString('latin1') });
        else if (fn === 0x51) out.push({ type: 'qr-print' });
        else out.push({ type: 'qr-setting', fn, value: body.at(-1) ?? 0 });
        i += 5 + len;
        continue;
      }
      if (k === 0x6b) {
        if (!need(3)) { if (incomplete()) break; }
        const m = b[i + 2]!;
        if (m <= 6) {
          const end = b.indexOf(0, i + 3);
          if (end < 0) { if (incomplete()) break; }
          out.push({ type: 'barcode', symbology: m, value: Buffer.from(b.subarray(i + 3, end)).toString('latin1') });
          i = end + 1;
        } else {
          if (!need(4)) { if (incomplete()) break; }
          const n = b[i + 3]!;
          if (!need(4 + n)) { if (incomplete()) break; }
          out.push({ type: 'barcode', symbology: m, value: Buffer.from(b.subarray(i + 4, i + 4 + n)).toString('latin1') });
          i += 4 + n;
        }
        continue;
      }
      if (k === 0x56) {
        if (!need(3)) { if (incomplete()) break; }
        const m = b[i + 2]!;
        const extra = [0x41, 0x42, 0x61, 0x62, 0x67, 0x68].includes(m) ? 1 : 0;
        if (!need(3 + extra)) { if (incomplete()) break; }
        out.push({ type: 'cut', mode: m });
        i += 3 + extra;
        continue;
      }
      const name = GS_ONE_ARG[k];
      if (name) { if (!need(3)) { if (incomplete()) break; } out.push({ type: 'setting', name, value: b[i + 2]! }); i += 3; continue; }
      throw new EscPosError(`unknown command GS 0x${k.toString(16)} at byte ${start}`);
    }
    throw new EscPosError(`byte 0x${c.toString(16)} at ${i} starts no ESC/POS command`);
  }
  flush();
  return { commands: out, consumed: i };
}

/** The printed text, newline by newline (what a person would read off the paper, images left out). */
export function printedText(commands: EscPosCommand[]): string {
  return commands.map((c) => (c.type === 'text' ? c.text : c.type === 'newline' ? '\n' : '')).join('');
}
