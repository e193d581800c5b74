// Cashier shifts on the terminal core. The product rule: a shop with no cashier (a fresh terminal,
// the quick start) sells without anyone signed in; once a cashier exists, a new sale needs an open
// shift, and the sale carries that person's id so takings add up by cashier. The rule sits under
// the contract (sale.open's port asks cashierForNewSale), so no screen or script can bypass it.
import type { Db } from '../store/db.ts';
import { ApiError } from '../api/call.ts';
import { shiftApi, type ShiftCallName } from '../api/shift.ts';
import type { CallDef } from '../api/call.ts';
import type { z } from 'zod';
import { blocksNewAttempt } from '../domain/attempt.ts';
import { currentShift, endShift, findUser, signIn, startShift } from '../users/users.ts';
import type { CounterPort, PaymentsPort } from './ports.ts';

/** True once the shop has an enabled cashier: from then on, a new sale needs someone signed in. */
export function shiftRequired(db: Db): boolean {
  return db.prepare("SELECT 1 FROM users WHERE role = 'cashier' AND disabled = 0 LIMIT 1").get() !== undefined;
}

/** The id to put on a new sale as its cashier; refuses in words when a shift is needed and none is open. */
export function cashierForNewSale(db: Db, terminalId: string): string | null {
  const shift = currentShift(db, terminalId);
  if (shift) return shift.userId;
  if (shiftRequired(db)) {
    throw new ApiError('SHIFT_REQUIRED', 'No one is signed in at this till: sign in to your shift with your name and PIN before starting a sale.');
  }
  return null;
}

export interface ShiftDeps {
  db: Db;
  terminalId: string;
  /** The sale at the counter and its attempts: a shift may not end while their money may move. */
  counter: Pick<CounterPort, 'get'>;
  payments: Pick<PaymentsPort, 'forSale'>;
  now?: () => Date;
}

type ShiftApi = typeof shiftApi;
type Out<N extends ShiftCallName> = ShiftApi[N] extends CallDef<z.ZodType, infer O> ? O : never;
export type ShiftHandlers = { [N in ShiftCallName]: (input: z.output<ShiftApi[N]['input']>) => Promise<Out<N>> | Out<N> };

export function createShiftHandlers(deps: ShiftDeps): ShiftHandlers {
  const { db, terminalId } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    'shift.current': () => ({ shift: currentShift(db, terminalId), signInRequired: shiftRequired(db) }),
    'shift.start': async ({ name, pin }) => {
      // Any role may work the till (a manager covering a break); signIn's errors carry the lockout words.
      const actor = await signIn(db, { name, pin, now: now() });
      return startShift(db, actor, terminalId, now());
    },
    'shift.end': () => {
      const open = currentShift(db, terminalId);
      if (!open) return { ok: true as const };
      const saleId = deps.counter.get();
      if (saleId && deps.payments.forSale(saleId).some((a) => blocksNewAttempt(a.state))) {
        throw new ApiError(
          'PAYMENT_IN_PROGRESS',
          'A payment on the sale at the counter is still in progress and money may still move: finish or cancel it, then end the shift.',
        );
      }
      // The shift's own person ends it: the till has no other sign-in to attribute it to.
      endShift(db, { id: open.userId, name: open.name, role: findUser(db, open.userId)?.role ?? 'cashier' }, terminalId, now());
      return { ok: true as const };
    },
  };
}
