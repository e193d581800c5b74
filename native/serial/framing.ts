// Turns the byte stream of a serial barcode scanner into scans. Pure: no timers, no I/O — the
// port owner calls push() for every chunk and idle() when the line has been silent for silenceMs.
//
// A serial scanner sends each barcode as one burst, usually ended by a configurable suffix (CR by
// factory default on most Honeywell/Zebra/Datalogic models) and sometimes preceded by a prefix and
// an AIM symbology identifier ("]E0", ISO/IEC 15424). What arrives in between is not always clean:
// NULs at power-up, bytes mangled by a wrong baud rate, line noise. None of that may crash the
// service or turn into a payment, so every frame reports how many bytes in it were unreadable.

export type Suffix = 'cr' | 'lf' | 'crlf' | 'tab' | 'none';

export const SUFFIX_BYTES: Record<Exclude<Suffix, 'none'>, readonly number[]> = {
  cr: [0x0d],
  lf: [0x0a],
  crlf: [0x0d, 0x0a],
  tab: [0x09],
};

export interface FramingOptions {
  /** The bytes that end a scan; 'none' frames by silence alone. */
  suffix: Suffix;
  /**
   * Silence (ms) that ends a frame when suffix is 'none'. With a suffix, bytes still waiting for
   * their suffix after this much silence are dropped and reported (0 = wait for the suffix forever).
   */
  silenceMs: number;
  /** Text the scanner is programmed to send before each scan; stripped when present. */
  prefix: string;
  /** Text the scanner sends before the suffix (e.g. an ETX or a store code); stripped when present. */
  stripSuffix: string;
  /** The scanner sends an AIM symbology identifier ("]E0") first: parse and strip it. */
  aim: boolean;
  /** Longest scan kept; anything longer is cut and reported so an endless stream cannot grow memory. */
  maxFrameBytes: number;
}

export const DEFAULT_FRAMING: FramingOptions = {
  suffix: 'cr',
  silenceMs: 0,
  prefix: '',
  stripSuffix: '',
  aim: false,
  maxFrameBytes: 512,
};

export type FrameEvent =
  | {
      type: 'frame';
      /** The scan as text; unreadable bytes appear as U+FFFD. */
      text: string;
      /** The AIM identifier the scanner sent (e.g. "]E0"), when aim is on and one was present. */
      aimId?: string;
      /** Symbology named from the AIM identifier, when known. */
      symbology?: string;
      /** Bytes in the frame that are not printable ASCII (noise, NUL, wrong baud rate). */
      unreadableBytes: number;
    }
  | { type: 'overflow'; droppedBytes: number; limit: number }
  | { type: 'partial'; droppedBytes: number; cause: 'silence' | 'close' };

// ISO/IEC 15424 code characters for the symbologies a shop meets; others are reported by id only.
const AIM_SYMBOLOGIES: Record<string, string> = {
  A: 'Code 39',
  C: 'Code 128',
  E: 'EAN/UPC',
  F: 'Codabar',
  G: 'Code 93',
  I: 'Interleaved 2 of 5',
  L: 'PDF417',
  Q: 'QR Code',
  d: 'Data Matrix',
  z: 'Aztec',
  e: 'GS1 DataBar',
};

export function aimSymbology(aimId: string): string | undefined {
  const name = AIM_SYMBOLOGIES[aimId[1] ?? ''];
  if (!name) return undefined;
  // ]E4 is EAN-8; ]E0 covers EAN-13 and UPC-A (which the scanner sends as 13 digits).
  if (aimId === ']E4') return 'EAN-8';
  if (aimId === ']E0') return 'EAN-13/UPC-A';
  return name;
}

function isPrintable(b: number): boolean {
  return b >= 0x20 && b <= 0x7e;
}

// Line-ending and padding bytes a scanner may add around a scan (a CRLF scanner on a CR setting
// leaves an LF at the start of the next scan); they are never part of a barcode.
function isEdgeFiller(b: number): boolean {
  return b === 0x0d || b === 0x0a || b === 0x09 || b === 0x00;
}

export class Framer {
  readonly options: FramingOptions;
  private readonly suffixBytes: readonly number[];
  private readonly buf: Uint8Array;
  private len = 0;
  /** Bytes thrown away since the current over-long frame was cut; -1 when not discarding. */
  private discarding = -1;

  constructor(options: Partial<FramingOptions> = {}) {
    this.options = { ...DEFAULT_FRAMING, ...options };
    if (!Number.isInteger(this.options.maxFrameBytes) || this.options.maxFrameBytes < 1) {
      throw new RangeError('maxFrameBytes must be a positive whole number');
    }
    this.suffixBytes = this.options.suffix === 'none' ? [] : SUFFIX_BYTES[this.options.suffix];
    // Room for the suffix bytes before its last one, so a scan of exactly maxFrameBytes fits.
    this.buf = new Uint8Array(this.options.maxFrameBytes + Math.max(0, this.suffixBytes.length - 1));
  }

  /** Bytes currently held waiting for the end of a scan (never more than maxFrameBytes + a partial suffix). */
  get pendingBytes(): number {
    return this.len;
  }

  /** True when a silence timer is worth running: something would happen at idle(). */
  get wantsIdle(): boolean {
    return (this.len > 0 || this.discarding >= 0) && (this.options.suffix === 'none' || this.options.silenceMs > 0);
  }

  push(chunk: Uint8Array): FrameEvent[] {
    const out: FrameEvent[] = [];
    const suffix = this.suffixBytes;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (suffix.length > 0 && b === suffix[suffix.length - 1] && this.endsWithSuffixBody()) {
        this.len -= suffix.length - 1; // the earlier suffix bytes are already in the buffer
        this.endFrame(out);
        continue;
      }
      if (this.discarding >= 0) {
        this.discarding++;
        continue;
      }
      if (this.len === this.buf.length) {
        // Cut here and report now: a stream that never ends must not wait for its end to be seen.
        out.push({ type: 'overflow', droppedBytes: this.len + 1, limit: this.options.maxFrameBytes });
        this.len = 0;
        this.discarding = 0;
        continue;
      }
      this.buf[this.len++] = b;
    }
    return out;
  }

  /** The line has been silent for silenceMs. */
  idle(): FrameEvent[] {
    const out: FrameEvent[] = [];
    if (this.discarding >= 0) {
      this.discarding = -1;
      this.len = 0;
      return out;
    }
    if (this.len === 0) return out;
    if (this.options.suffix === 'none') this.endFrame(out);
    else if (this.options.silenceMs > 0) {
      // A CR LF scanner set to CR leaves its LF behind after every scan: not worth a report.
      if (this.bufferIsFillerOnly()) this.len = 0;
      else out.push(this.dropPartial('silence'));
    }
    return out;
  }

  /** The port closed (unplugged or shut): a scan still waiting for its end is lost, say so. */
  close(): FrameEvent[] {
    this.discarding = -1;
    if (this.len === 0 || this.bufferIsFillerOnly()) {
      this.len = 0;
      return [];
    }
    return [this.dropPartial('close')];
  }

  private dropPartial(cause: 'silence' | 'close'): FrameEvent {
    const droppedBytes = this.len;
    this.len = 0;
    return { type: 'partial', droppedBytes, cause };
  }

  private bufferIsFillerOnly(): boolean {
    for (let i = 0; i < this.len; i++) if (!isEdgeFiller(this.buf[i]!)) return false;
    return true;
  }

  private endsWithSuffixBody(): boolean {
    const s = this.suffixBytes;
    const need = s.length - 1;
    if (need === 0) return true;
    if (this.discarding >= 0) return true; // while discarding, the last suffix byte alone resyncs
    if (this.len < need) return false;
    for (let i = 0; i < need; i++) if (this.buf[this.len - need + i] !== s[i]) return false;
    return true;
  }

  private endFrame(out: FrameEvent[]): void {
    if (this.discarding >= 0) {
      this.discarding = -1;
      this.len = 0;
      return;
    }
    let start = 0;
    let end = this.len;
    while (start < end && isEdgeFiller(this.buf[start]!)) start++;
    while (end > start && isEdgeFiller(this.buf[end - 1]!)) end--;
    this.len = 0;
    if (start === end) return; // a bare suffix or filler: nothing was scanned

    let text = '';
    let unreadableBytes = 0;
    for (let i = start; i < end; i++) {
      const b = this.buf[i]!;
      if (isPrintable(b)) text += String.fromCharCode(b);
      else {
        text += '\uFFFD';
        unreadableBytes++;
      }
    }
    const { prefix, stripSuffix, aim } = this.options;
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length);
    if (stripSuffix && text.endsWith(stripSuffix)) text = text.slice(0, -stripSuffix.length);
    const frame: FrameEvent & { type: 'frame' } = { type: 'frame', text, unreadableBytes };
    if (aim) {
      const m = /^\][A-Za-z][0-9A-Za-z]/.exec(text);
      if (m) {
        frame.aimId = m[0];
        frame.text = text.slice(3);
        const name = aimSymbology(m[0]);
        if (name) frame.symbology = name;
      }
    }
    if (frame.text === '' && unreadableBytes === 0) return; // only a prefix/suffix: nothing scanned
    out.push(frame);
  }
}

/**
 * Hex and text views of raw bytes for a live monitor, safe to put on a screen: in a run of digits
 * only the first 4 are shown and the rest appear as "*" / "**", because the run may be a
 * customer's payment code (never shown in full). The framed scan line shows product codes whole.
 * Keeps the run length across chunks, so a code split over many small reads is masked too.
 */
export class RawView {
  private digitRun = 0;

  view(bytes: Uint8Array): { hex: string; text: string } {
    const hex: string[] = [];
    let text = '';
    for (const b of bytes) {
      const digit = b >= 0x30 && b <= 0x39;
      this.digitRun = digit ? this.digitRun + 1 : 0;
      if (digit && this.digitRun > 4) {
        hex.push('**');
        text += '*';
      } else {
        hex.push(b.toString(16).padStart(2, '0'));
        text += isPrintable(b) ? String.fromCharCode(b) : '.';
      }
    }
    return { hex: hex.join(' '), text };
  }
}
