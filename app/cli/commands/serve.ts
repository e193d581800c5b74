// `souq serve [--port N]`: the cashier UI and the customer display in a plain browser, over the
// loopback host, with the same API contract Electron uses. Runs until Ctrl-C / SIGTERM.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from '../command.ts';
import { parseOptions, say } from '../args.ts';
import { CliError, EXIT } from '../errors.ts';
import { openApi } from '../../handlers/index.ts';
import { startHost } from '../../host/server.ts';
// The CLI is a composition root like Electron's main: it may hand the core the serial hardware.
import { createScannerControl } from '../../../native/serial/control.ts';
import { createPrinterControl } from '../../../native/printer/control.ts';

const USAGE = 'serve [--port N] [--renderer DIR]';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const serve: CliCommand = {
  name: 'serve',
  usage: USAGE,
  summary: 'Serve the cashier screen and customer display to a browser on this machine (127.0.0.1)',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { port: { type: 'string' }, renderer: { type: 'string' } }, USAGE);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number (0–65535), got "${values.port}"`, EXIT.usage);
    const rendererDir = resolve(values.renderer ?? join(REPO, 'dist-renderer'));
    if (!existsSync(join(rendererDir, 'index.html'))) {
      ctx.stderr.write(`souq: the cashier UI is not built in ${rendererDir}: run "npm run build:renderer" (npm start builds it for you).\n`);
    }
    const log = (err: unknown) => {
      const e = err as { message?: string; stack?: string };
      ctx.stderr.write(`souq serve: ${process.env.SOUQ_DEBUG ? (e.stack ?? String(err)) : (e.message ?? String(err))}\n`);
    };
    const api = await openApi({ dataDir: ctx.dataDir, log, scanners: createScannerControl(), printer: createPrinterControl() });
    let host;
    try {
      host = await startHost({ service: api.service, rendererDir, port, log, customerDisplay: api.display });
    } catch (err) {
      await api.close();
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new CliError(`Port ${port} on 127.0.0.1 is in use: choose another with --port, or 0 for any free port.`, EXIT.usage);
      throw err;
    }
    say(ctx, `Souq POS is serving on ${host.url}${api.terminal.sandbox ? ' (SANDBOX acquirer: no real money moves)' : ''}`);
    // Said before the URLs: whoever started the host must know wallet payments cannot start.
    if (api.terminal.acquirerUnavailable) say(ctx, `No wallet payments: ${api.terminal.acquirerUnavailable.detail} Cash, card, reports and the installer screen work.`);
    // The screens show it too; whoever watches this window must know to restart.
    api.terminal.onJournalFault((fault) => ctx.stderr.write(`souq serve: wallet payments stopped: ${fault.detail} Restart souq serve now.\n`));
    say(ctx, `Cashier:          ${host.cashierUrl}`);
    say(ctx, `Customer display: ${host.customerUrl}`);
    say(ctx, `Manager:          ${host.managerUrl}`);
    say(ctx, `Installer:        ${host.installerUrl}`);
    say(ctx, 'Keep these URLs private: the token in them lets a browser take payments. Stop with Ctrl-C.');
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await api.close();
    return EXIT.ok;
  },
};
