// `souq config import <file.json>` and `souq config show [--json]`: the installer's way to set
// the acquirer credentials without a screen. Show never prints a key (maskedConfig).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { flatLines, parseOptions, say, sayJson, table } from '../args.ts';
import { importConfig, maskedConfig, readStoredConfig } from '../../settings/config.ts';
import { dataPaths } from '../../settings/paths.ts';

const importUsage = 'config import <file.json>';
const showUsage = 'config show [--json]';

export const configImport: CliCommand = {
  name: 'config import',
  usage: importUsage,
  summary: 'validate a configuration file and make it the terminal\'s (atomically, mode 0600)',
  async run(ctx) {
    const { positionals } = parseOptions(ctx.argv, {}, importUsage, { min: 1, max: 1 });
    const config = importConfig(ctx.dataDir, resolve(positionals[0]!));
    const target = dataPaths(ctx.dataDir).config;
    say(ctx, `Imported into ${target} (readable by this user only).`);
    say(ctx, config.acquirer ? `Acquirer: ${config.acquirer.endpoint} as ${config.acquirer.clientId}. Run "souq doctor" to test it.` : 'No acquirer section: the terminal uses the embedded SANDBOX acquirer.');
  },
};

export const configShow: CliCommand = {
  name: 'config show',
  usage: showUsage,
  summary: 'print the configuration in force, secrets masked',
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { json: { type: 'boolean', default: false } }, showUsage);
    const file = dataPaths(ctx.dataDir).config;
    const shown = { file: existsSync(file) ? file : `${file} (absent: defaults)`, ...maskedConfig(readStoredConfig(ctx.dataDir)) };
    if (values.json) sayJson(ctx, shown);
    else say(ctx, table(flatLines(shown)));
  },
};
