// Errors of the journal: a stable code for programs, words for the person at the till or the
// manager's desk. None of them leaves anything half-written: each is thrown inside (or before) the
// transaction it refuses.

export type JournalErrorCode =
  | 'SALE_NOT_FOUND'
  | 'SALE_ALREADY_PAID'
  | 'SALE_NOT_OPEN'
  | 'NOTHING_DUE'
  | 'ATTEMPT_IN_PROGRESS'
  | 'ATTEMPT_NOT_FOUND'
  | 'ATTEMPT_IN_FLIGHT'
  | 'ATTEMPT_FINAL'
  | 'STALE_STATE'
  | 'REFUND_NOT_FOUND'
  | 'REFUND_NOT_ALLOWED'
  | 'REFUND_EXCEEDS_PAID'
  | 'INVALID_INPUT';

export class JournalError extends Error {
  constructor(
    readonly code: JournalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}
