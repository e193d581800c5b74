import type { CliCommand } from '../command.ts';

// Keep alphabetical; each team adds its own line.
export const commands: CliCommand[] = [];
