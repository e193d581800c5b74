import { call } from './call.ts';
import { Empty } from './common.ts';
import type { DisplaySettings, TerminalStatus } from './views.ts';

export const terminalApi = {
  'terminal.status': call<TerminalStatus>()(Empty),
  'settings.display': call<DisplaySettings>()(Empty),
} as const;
