// Real pseudo-terminal pairs made by socat: what a USB serial scanner looks like to the OS, minus
// the cable. Every pair started here is ended by stopAllPtys() (call it in afterEach).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export interface PtyPair {
  /** The end the scanner service opens. */
  a: string;
  /** The end a test writes to, as the scanner would. */
  b: string;
  /** Ends socat: both ends vanish, as when a USB scanner is unplugged. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const dirs: string[] = [];
const writers = new Set<SerialPort>();

export function ptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'souq-pty-'));
  dirs.push(dir);
  return dir;
}

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts socat linking `<dir>/<name>a` and `<dir>/<name>b`; resolves when both links exist. */
export async function startPty(dir: string, name = 'scanner'): Promise<PtyPair> {
  const a = join(dir, `${name}-a`);
  const b = join(dir, `${name}-b`);
  const child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  await until(() => existsSync(a) && existsSync(b), `socat links ${a} and ${b}`);
  return {
    a,
    b,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      // socat removes its links when it ends on SIGTERM; wait so a restart cannot race the removal
      await until(() => !existsSync(a) && !existsSync(b), 'socat links to go');
    },
  };
}

export async function stopAllPtys(): Promise<void> {
  await Promise.all([...writers].map((p) => new Promise<void>((res) => (p.isOpen ? p.close(() => res()) : res()))));
  writers.clear();
  await Promise.all(
    [...running].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Opens the scanner's end of a pair and writes bytes to it the way a scanner would. */
export async function openWriter(path: string): Promise<{ write(bytes: string | Uint8Array): Promise<void>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  writers.add(port);
  port.on('error', () => {}); // the pair may be ended under it on purpose
  return {
    write: (bytes) =>
      new Promise<void>((res, rej) => {
        port.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes), (e) => (e ? rej(e) : port.drain((d) => (d ? rej(d) : res()))));
      }),
    close: () => new Promise<void>((res) => (port.isOpen ? port.close(() => res()) : res())),
  };
}

export { until };
