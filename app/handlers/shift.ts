// Cashier shifts on the terminal core. The product rule: a shop with no cashier (a fresh terminal,
// the quick start) sells without anyone signed in; once a cashier exists, a new sale needs an open
// shift, and the sale carries that person's id so takings add up by cashier. The rule sits under
// the contract (sale.open's port asks app/users' cashierForNewSale, as `souq pay` does), so no
// screen or script can bypass it.
import type { Db } from '../store/db.ts';
import { ApiError } from '../api/call.ts';
import { shiftApi, type ShiftCallName } from '../api/shift.ts';
import type { CallDef } from '../api/call.ts';
import type { z } from 'zod';
import { blocksNewAttempt } from '../domain/attempt.ts';
import { currentShift, endShift, findUser, shiftRequired, signIn, startShift } from '../users/users.ts';
import type { CounterPort, PaymentsPort } from './ports.ts';

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
