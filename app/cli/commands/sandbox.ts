// `souq sandbox [--port N] [--latency-ms N] [--fault SPEC]`: runs the sandbox acquirer in the
// foreground for this data folder and registers it there, so `souq pay`, `souq wallet` and the app
// use it instead of starting their own. Ctrl-C stops it; its ledger and keys stay in <data>/sandbox.
import type { CliCommand, CliContext } from '../command.ts';
import { CliError, EXIT } from '../errors.ts';
import { parseOptions, say } from '../args.ts';
import { dataPaths } from '../../settings/paths.ts';
import { sandboxCredentials, sandboxAnswers } from '../../sandbox/embedded.ts';
import { parseFaultSpec, formatFaultSpec, FaultSpecError } from '../../sandbox/faults.ts';
import { readRegistration, startSandbox } from '../../sandbox/server.ts';

const usage = 'sandbox [--port N] [--latency-ms N] [--fault SPEC]';

function wholeNumber(text: string | undefined, what: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new CliError(`${what} takes a whole number from 0 to ${max}, got "${text}"`, EXIT.usage);
  return Number(text);
}

export const sandbox: CliCommand = {
  name: 'sandbox',
  usage,
  summary: 'run the SANDBOX acquirer (signed Antom API, wallet simulator, faults) for this data folder until Ctrl-C',
  async run(ctx: CliContext) {
    const { values } = parseOptions(ctx.argv, { port: { type: 'string' }, 'latency-ms': { type: 'string' }, fault: { type: 'string' } }, usage);
    const port = wholeNumber(values.port, '--port', 65535);
    const latencyMs = wholeNumber(values['latency-ms'], '--latency-ms', 600_000);
    if (values.fault !== undefined) {
      try {
        parseFaultSpec(values.fault);
      } catch (err) {
        if (err instanceof FaultSpecError) throw new CliError(`--fault: ${err.message}`, EXIT.usage);
        throw err;
      }
    }
    const dir = dataPaths(ctx.dataDir).sandboxDir;
    const running = readRegistration(dir);
    if (running && (await sandboxAnswers(running.url, running.pid))) {
      throw new CliError(`A sandbox acquirer already runs for this data folder at ${running.url} (process ${running.pid}). Stop it first, or use it as it is.`, EXIT.failure);
    }
    const creds = sandboxCredentials(ctx.dataDir);
    let handle;
    try {
      handle = await startSandbox({ dir, port: port ?? 0, latencyMs, fault: values.fault });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new CliError(`Port ${port} is already in use: pick another with --port, or leave it out for a free one.`, EXIT.failure);
      if (code === 'EACCES') throw new CliError(`Not allowed to listen on port ${port}: use a port above 1023.`, EXIT.failure);
      throw err;
    }
    say(ctx, `SANDBOX acquirer listening on ${handle.url} (no real money moves)`);
    say(ctx, `  data:    ${dir}`);
    say(ctx, `  client:  ${creds.clientId} (this data folder's terminal, key registered)`);
    const spec = parseFaultSpec(values.fault ?? '');
    say(ctx, `  faults:  ${formatFaultSpec(spec, spec.latencyMs ?? latencyMs ?? 0)} (change: POST ${handle.url}/sandbox/faults {"spec":"…"})`);
    say(ctx, `  wallet:  souq wallet code · souq wallet pay <codeValue> · ${handle.url}/sandbox/ledger`);
    say(ctx, 'Ctrl-C stops it.');
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await handle.close();
    say(ctx, 'Sandbox acquirer stopped.');
    return EXIT.ok;
  },
};
