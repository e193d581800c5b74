// What the users tests share.
import { expect } from 'vitest';
import { UserError } from '../../app/users/users.ts';

/** The UserError a call is refused with (the test fails if it is not refused, or refused otherwise). */
export async function rejection(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a rejection');
}
