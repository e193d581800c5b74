// The cashier's shift on this till: who is signed in, whether a sale may start without anyone
// signed in (only while the shop has no cashiers), signing in with a PIN and ending the shift.
import { z } from 'zod';
import { call } from './call.ts';
import { Empty } from './common.ts';
import type { ShiftView } from '../users/users.ts';

export type { ShiftView };

export interface ShiftStatusView {
  /** Who is signed in at this till, or null. */
  shift: ShiftView | null;
  /** True once the shop has a cashier: a new sale then needs someone signed in. */
  signInRequired: boolean;
}

export const shiftApi = {
  'shift.current': call<ShiftStatusView>()(Empty),
  /** Any person (cashier, manager, installer) may work the till; lockout words come back as the error. */
  'shift.start': call<ShiftView>()(
    z.object({ name: z.string().trim().min(1, 'give your name').max(40), pin: z.string().min(1, 'give your PIN').max(32) }).strict(),
  ),
  /** Refused while a payment on the sale at the counter may still move money. */
  'shift.end': call<{ ok: true }>()(Empty),
} as const;

export type ShiftCallName = keyof typeof shiftApi;
