// The building block of the contract: one entry = an input schema (checked at the boundary) and an
// output type (a phantom, for the compiler only). The transports never look inside an entry.
import type { z } from 'zod';

export interface CallDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Never set at run time: carries the output type for CallOutput<>. */
  readonly output?: O;
}

export function call<O>() {
  return <I extends z.ZodType>(input: I): CallDef<I, O> => ({ input });
}

/** Stable codes a screen or a script can branch on; the words come with them. */
export type ApiErrorCode =
  | 'INVALID_INPUT' // the call's input did not match its schema: nothing was changed
  | 'UNKNOWN_CALL'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN_SENDER'
  | 'NOT_FOUND'
  | 'NOT_AVAILABLE' // e.g. a sandbox-only call on a live terminal
  | 'INTERNAL'
  | (string & {}); // domain codes pass through (ATTEMPT_IN_PROGRESS, SALE_NOT_OPEN, INVALID_AMOUNT, …)

/** The facts inside an error's sentence (tries left, locked until, an amount in fils), so a screen
 * in another language can say them too. Plain, non-secret values only: never a PIN, key or code. */
export type ApiErrorDetails = Record<string, string | number>;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: ApiErrorDetails;
}

export type CallResult<O = unknown> = { ok: true; value: O } | { ok: false; error: ApiErrorBody };

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetails,
  ) {
    super(message);
  }
}
