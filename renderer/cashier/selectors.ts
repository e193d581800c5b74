import { paymentBlocked } from '../state/cashier.ts';
import { useCashier } from './context.ts';

export { paymentBlocked };
export const useCashierBlocked = () => useCashier((s) => paymentBlocked(s));
export const useLatestAttempt = () => useCashier((s) => s.attempts[0] ?? null);
