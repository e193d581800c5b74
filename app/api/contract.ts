// Every call the UI may make, by name. The transports (Electron IPC, the loopback host) are generic
// over this registry: adding a call is one entry in an area module and, if new, one spread here.
import type { z } from 'zod';
import type { CallDef } from './call.ts';
import { catalogueApi } from './catalogue.ts';
import { paymentApi } from './payment.ts';
import { printerApi } from './printer.ts';
import { receiptApi } from './receipt.ts';
import { saleApi } from './sale.ts';
import { sandboxApi } from './sandbox.ts';
import { scanApi } from './scan.ts';
import { scannerApi } from './scanner.ts';
import { installerApi } from './installer.ts';
import { managerApi } from './manager.ts';
import { shiftApi } from './shift.ts';
import { tenderApi } from './tender.ts';
import { terminalApi } from './terminal.ts';

export const api = {
  ...terminalApi,
  ...catalogueApi,
  ...saleApi,
  ...scanApi,
  ...paymentApi,
  ...tenderApi,
  ...receiptApi,
  ...sandboxApi,
  ...scannerApi,
  ...installerApi,
  ...managerApi,
  ...shiftApi,
  ...printerApi,
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
/** What a caller may pass (defaults not yet applied). */
export type CallInput<N extends CallName> = z.input<Api[N]['input']>;
/** What a handler receives (after the schema parsed it). */
export type ParsedInput<N extends CallName> = z.output<Api[N]['input']>;
export type CallOutput<N extends CallName> = Api[N] extends CallDef<z.ZodType, infer O> ? O : never;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

export type { ApiEvent } from './events.ts';
export type { CallResult, ApiErrorBody, ApiErrorCode } from './call.ts';
export { ApiError } from './call.ts';
export type * from './views.ts';
