// Errors from the core arrive as CallError (a stable code and words); only the words are shown.
import { CallError } from '../api/transport.ts';

export function errorText(err: unknown): string {
  if (err instanceof CallError) return err.message;
  return 'The terminal did not answer: check that it is running, then try again.';
}

export function isExpired(err: unknown): boolean {
  return err instanceof CallError && err.code === 'NOT_ALLOWED';
}
