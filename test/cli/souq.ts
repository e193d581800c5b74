// Runs the real `node bin/souq.js` as a child process, the way installers and scripts do.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SOUQ = fileURLToPath(new URL('../../bin/souq.js', import.meta.url));

export interface SouqRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function souq(dataDir: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<SouqRun> & { child: ChildProcess } {
  const child = spawn(process.execPath, [SOUQ, '--data-dir', dataDir, ...args], {
    env: { ...process.env, SOUQ_DEBUG: '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  else child.stdin!.end();
  const done = new Promise<SouqRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  }) as Promise<SouqRun> & { child: ChildProcess };
  done.child = child;
  return done;
}

/** The last non-empty line of stdout, parsed: the --json contract. */
export function lastJson(run: SouqRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

/** A stack trace never reaches a CLI user. */
export function noStack(run: SouqRun): boolean {
  return !/\n\s+at .+:\d+:\d+/.test(run.stdout + run.stderr);
}
