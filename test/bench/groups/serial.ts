// Serial scanner figures: how fast the framer eats bytes, how long a scan takes from the wire to a
// classified event on a real pseudo-terminal, and how soon a replugged scanner is back.
import type { BenchGroup } from '../group.ts';
import { Framer } from '../../../native/serial/framing.ts';
import { SerialScanner } from '../../../native/serial/scanner.ts';
import { openWriter, ptyDir, startPty, stopAllPtys } from '../../native/support/pty.ts';
import { percentile } from '../stats.ts';

function framerMbPerSecond(): number {
  const scans = ['4006381333931', '281012345678902345', '96385074', ']E04006381333931', '\x00\x00noise\x1b'];
  const chunk = Buffer.from(Array.from({ length: 2000 }, (_, i) => `${scans[i % scans.length]}\r\n`).join(''), 'latin1');
  const f = new Framer({ suffix: 'crlf', aim: true });
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < 500) {
    for (let at = 0; at < chunk.length; at += 64) f.push(chunk.subarray(at, at + 64));
    bytes += chunk.length;
  }
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

export const serialGroup: BenchGroup = {
  name: 'serial',
  summary: 'serial scanner: framer throughput, pty scan latency, reconnection after replug (default settings)',
  async run() {
    const out: Record<string, number> = { serial_framer_mb_s: framerMbPerSecond() };
    const dir = ptyDir();
    let pty = await startPty(dir);
    const scanner = new SerialScanner({ path: pty.a });
    try {
      scanner.start();
      await scanner.whenConnected(10_000);
      const w = await openWriter(pty.b);
      const latencies: number[] = [];
      for (let i = 0; i < 50; i++) {
        const got = new Promise<void>((resolve) => scanner.once('scan', () => resolve()));
        const t0 = performance.now();
        await w.write('281012345678902345\r');
        await got;
        latencies.push(performance.now() - t0);
      }
      out.serial_scan_latency_p50_ms = percentile(latencies, 50);
      out.serial_scan_latency_p95_ms = percentile(latencies, 95);
      await w.close();

      await pty.stop();
      await new Promise((r) => setTimeout(r, 3_000)); // unplugged long enough for the back-off to reach its longest wait
      const back = new Promise<void>((resolve) => scanner.on('status', (e) => e.state === 'connected' && resolve()));
      const t0 = performance.now();
      pty = await startPty(dir);
      await back;
      out.serial_reconnect_ms = performance.now() - t0;
    } finally {
      await scanner.close();
      await stopAllPtys();
    }
    return out;
  },
};
