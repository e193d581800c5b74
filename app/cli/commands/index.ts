import type { CliCommand } from '../command.ts';
import { configImport, configShow } from './config.ts';
import { verifyLog } from './verify-log.ts';

// Keep alphabetical; each team adds its own line.
export const commands: CliCommand[] = [
  configImport,
  configShow,
  verifyLog,
];
