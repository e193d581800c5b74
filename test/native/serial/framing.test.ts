import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Framer, RawView, aimSymbology, type FrameEvent, type FramingOptions } from '../../../native/serial/framing.ts';
import { fcParams } from '../../support/seed.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const frames = (events: FrameEvent[]) => events.filter((e) => e.type === 'frame').map((e) => (e as { text: string }).text);

function feed(opts: Partial<FramingOptions>, ...chunks: (string | Uint8Array)[]): FrameEvent[] {
  const f = new Framer(opts);
  return chunks.flatMap((c) => f.push(typeof c === 'string' ? enc(c) : c));
}

describe('serial framing by suffix', () => {
  it('ends a scan at CR, LF, CRLF or Tab as configured', () => {
    expect(frames(feed({ suffix: 'cr' }, '4006381333931\r'))).toEqual(['4006381333931']);
    expect(frames(feed({ suffix: 'lf' }, '4006381333931\n'))).toEqual(['4006381333931']);
    expect(frames(feed({ suffix: 'crlf' }, '4006381333931\r\n2810123456782345\r\n'))).toEqual(['4006381333931', '2810123456782345']);
    expect(frames(feed({ suffix: 'tab' }, '4006381333931\t96385074\t'))).toEqual(['4006381333931', '96385074']);
  });

  it('does not end a CRLF scan at a lone CR', () => {
    const ev = feed({ suffix: 'crlf' }, '1234\r5678\r\n');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'frame', unreadableBytes: 1 });
  });

  it('puts a scan split into one-byte chunks back together', () => {
    const chunks = [...'2810123456782345\r'];
    expect(frames(feed({ suffix: 'cr' }, ...chunks))).toEqual(['2810123456782345']);
  });

  it('gives the same scans however the bytes are split into reads', () => {
    const scan = fc.stringMatching(/^[0-9A-Z]{1,40}$/);
    fc.assert(
      fc.property(fc.array(scan, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }), (scans, cuts) => {
        const bytes = enc(scans.map((s) => `${s}\r\n`).join(''));
        const f = new Framer({ suffix: 'crlf' });
        const out: FrameEvent[] = [];
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const n = cuts[i % cuts.length]!;
          out.push(...f.push(bytes.subarray(at, at + n)));
          at += n;
        }
        expect(frames(out)).toEqual(scans);
      }),
      fcParams('scans split into reads'),
    );
  });

  it('ignores empty lines and the LF a CRLF scanner leaves behind on a CR setting', () => {
    expect(frames(feed({ suffix: 'cr' }, '\r\r96385074\r\n4006381333931\r\n'))).toEqual(['96385074', '4006381333931']);
  });

  it('strips a configured prefix and suffix text', () => {
    expect(frames(feed({ suffix: 'cr', prefix: 'S1:', stripSuffix: '#' }, 'S1:96385074#\r'))).toEqual(['96385074']);
    // a scan without the prefix is kept whole rather than losing characters
    expect(frames(feed({ suffix: 'cr', prefix: 'S1:' }, '96385074\r'))).toEqual(['96385074']);
  });

  it('parses and strips an AIM symbology identifier when told to', () => {
    const ev = feed({ suffix: 'cr', aim: true }, ']E04006381333931\r]Q1hello\r]X9abc\r');
    expect(ev).toEqual([
      { type: 'frame', text: '4006381333931', aimId: ']E0', symbology: 'EAN-13/UPC-A', unreadableBytes: 0 },
      { type: 'frame', text: 'hello', aimId: ']Q1', symbology: 'QR Code', unreadableBytes: 0 },
      { type: 'frame', text: 'abc', aimId: ']X9', unreadableBytes: 0 },
    ]);
    expect(aimSymbology(']E4')).toBe('EAN-8');
    // with AIM off the identifier stays in the text (the classifier then decides)
    expect(frames(feed({ suffix: 'cr' }, ']E04006381333931\r'))).toEqual([']E04006381333931']);
  });

  it('strips the prefix before the AIM identifier', () => {
    expect(feed({ suffix: 'cr', prefix: '@', aim: true }, '@]E496385074\r')[0]).toMatchObject({ text: '96385074', aimId: ']E4', symbology: 'EAN-8' });
  });
});

describe('serial framing by silence', () => {
  it('ends a scan when the line goes quiet and no suffix is configured', () => {
    const f = new Framer({ suffix: 'none', silenceMs: 30 });
    expect(f.push(enc('9638'))).toEqual([]);
    expect(f.push(enc('5074'))).toEqual([]);
    expect(f.wantsIdle).toBe(true);
    expect(frames(f.idle())).toEqual(['96385074']);
    expect(f.wantsIdle).toBe(false);
    expect(f.idle()).toEqual([]);
  });

  it('drops and reports half a scan left without its suffix after the silence time', () => {
    const f = new Framer({ suffix: 'cr', silenceMs: 100 });
    f.push(enc('#~noise'));
    expect(f.idle()).toEqual([{ type: 'partial', droppedBytes: 7, cause: 'silence' }]);
    expect(frames(f.push(enc('96385074\r')))).toEqual(['96385074']);
  });

  it('waits for the suffix for ever when no silence time is set', () => {
    const f = new Framer({ suffix: 'cr', silenceMs: 0 });
    f.push(enc('9638'));
    expect(f.wantsIdle).toBe(false);
    expect(f.idle()).toEqual([]);
    expect(frames(f.push(enc('5074\r')))).toEqual(['96385074']);
  });
});

describe('serial framing against noise', () => {
  it('cuts an endless line at the limit, reports it once, and recovers at the next suffix', () => {
    const f = new Framer({ suffix: 'cr', maxFrameBytes: 512 });
    const out: FrameEvent[] = [];
    const junk = new Uint8Array(100).fill(0x41);
    for (let i = 0; i < 100; i++) {
      out.push(...f.push(junk));
      expect(f.pendingBytes).toBeLessThanOrEqual(512);
    }
    expect(out).toEqual([{ type: 'overflow', droppedBytes: 513, limit: 512 }]);
    // the tail of the over-long line is not mistaken for a scan
    expect(f.push(enc('AAAA\r96385074\r'))).toEqual([{ type: 'frame', text: '96385074', unreadableBytes: 0 }]);
  });

  it('recovers from an over-long line at silence when framing by silence', () => {
    const f = new Framer({ suffix: 'none', silenceMs: 20, maxFrameBytes: 16 });
    expect(f.push(new Uint8Array(40).fill(0x31))).toEqual([{ type: 'overflow', droppedBytes: 17, limit: 16 }]);
    expect(f.idle()).toEqual([]);
    f.push(enc('96385074'));
    expect(frames(f.idle())).toEqual(['96385074']);
  });

  it('keeps a scan of exactly the limit', () => {
    expect(frames(feed({ suffix: 'crlf', maxFrameBytes: 8 }, '96385074\r\n'))).toEqual(['96385074']);
  });

  it('reports unreadable bytes inside a frame instead of hiding them', () => {
    const ev = feed({ suffix: 'cr' }, new Uint8Array([0x31, 0x00, 0x32, 0xff, 0x80, 0x33, 0x0d]));
    expect(ev).toEqual([{ type: 'frame', text: '1\uFFFD2\uFFFD\uFFFD3', unreadableBytes: 3 }]);
  });

  it('drops NULs around a scan (scanners send them at power-up)', () => {
    expect(feed({ suffix: 'cr' }, new Uint8Array([0, 0, 0x39, 0x36, 0x33, 0x38, 0x35, 0x30, 0x37, 0x34, 0, 0x0d]))).toEqual([
      { type: 'frame', text: '96385074', unreadableBytes: 0 },
    ]);
  });

  it('never throws and never holds more than the limit, whatever bytes arrive', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 }), fc.constantFrom('cr', 'lf', 'crlf', 'tab', 'none' as const), (chunks, suffix) => {
        const f = new Framer({ suffix, maxFrameBytes: 64, silenceMs: 10, aim: true, prefix: '\x02' });
        for (const c of chunks) {
          for (const e of f.push(c)) {
            if (e.type === 'frame') expect(e.text.length).toBeLessThanOrEqual(64);
          }
          expect(f.pendingBytes).toBeLessThanOrEqual(65);
          if (c.length % 3 === 0) f.idle();
        }
        f.close();
        expect(f.pendingBytes).toBe(0);
      }),
      fcParams('random bytes'),
    );
  });

  it('reports a scan cut off by closing the port, but not a stray line ending', () => {
    const f = new Framer({ suffix: 'cr' });
    f.push(enc('28101234'));
    expect(f.close()).toEqual([{ type: 'partial', droppedBytes: 8, cause: 'close' }]);
    f.push(enc('\n'));
    expect(f.close()).toEqual([]);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new Framer({ maxFrameBytes: 0 })).toThrow(/maxFrameBytes/);
  });
});

describe('raw byte view for the live monitor', () => {
  it('shows hex and text with non-printable bytes as dots', () => {
    expect(new RawView().view(new Uint8Array([0x41, 0x00, 0x0d]))).toEqual({ hex: '41 00 0d', text: 'A..' });
  });

  it('never shows more than the first 4 digits of a run, even across reads', () => {
    const v = new RawView();
    const a = v.view(enc('2810'));
    const b = v.view(enc('123456782345\r'));
    expect(a.text + b.text).toBe('2810************.');
    expect(b.hex).toBe('** ** ** ** ** ** ** ** ** ** ** ** 0d');
    expect(v.view(enc('1234')).text).toBe('1234');
  });
});
